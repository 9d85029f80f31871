"""The wheel installs one import name, ``cchc_kg``, with its data files.

Builds the wheel from this checkout (offline: ``--no-build-isolation`` with the
setuptools of the test venv), installs it without dependencies into a fresh
venv, and compares that venv's site-packages before and after.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OLD_NAMES = ("kg", "loaders", "queries", "viz", "ontology")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, f"{args}\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    return r


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # a copy of the sources: setuptools writes build/ and *.egg-info next to
    # pyproject.toml, and a stale build/ in the checkout would leak into wheels
    src = tmp_path_factory.mktemp("src") / "cchc-kg"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".cchc-kg", ".hypothesis", "results"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", out, src, cwd=src)
    wheels = list(out.glob("cchc_kg-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_holds_one_top_level_name_and_the_data_files(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"cchc_kg"}
    for data in ("cchc_kg/ontology/cchc.ttl", "cchc_kg/ontology/shapes.ttl",
                 "cchc_kg/kg/catalog/national_targets.json", "cchc_kg/kg/__init__.py",
                 "cchc_kg/loaders/pipeline.py", "cchc_kg/queries/backend.py", "cchc_kg/viz/render.py"):
        assert data in names, data
    assert not any(n.startswith("tests/") or n.startswith("bench/") for n in names)


def test_fresh_venv_gains_only_cchc_kg(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    py = venv / "bin" / "python"
    purelib = Path(run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip())
    before = {p.name for p in purelib.iterdir()}
    run(sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    added = {p.name for p in purelib.iterdir()} - before
    assert {a for a in added if not a.endswith(".dist-info")} == {"cchc_kg"}, added
    assert not any((purelib / n).exists() for n in OLD_NAMES)
    # pure modules import from the installed copy (no dependencies installed), the old names do not
    probe = (
        "import cchc_kg, cchc_kg.kg.ids as ids, cchc_kg.ontology as o, importlib.util as u;"
        "print(cchc_kg.__file__); print(o.ONTOLOGY_PATH.is_file());"
        f"print([n for n in {OLD_NAMES!r} if u.find_spec(n)])"
    )
    out = run(py, "-c", probe, cwd=tmp_path).stdout.split("\n")
    assert out[0].startswith(str(purelib)), out
    assert out[1:3] == ["True", "[]"], out


def test_the_test_venv_runs_the_installed_mapping() -> None:
    """In the development install, ``cchc_kg.kg`` is the ``kg/`` folder of this checkout."""
    import cchc_kg.kg

    assert Path(cchc_kg.kg.__file__).resolve() == ROOT / "kg" / "__init__.py"
