"""Nothing lost: a killed or interrupted build leaves the stored graph usable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

N = 16

CLI = [sys.executable, "-c", "from cchc_kg.kg.cli import main; main()"]


def run(*args: str, check_code: int | None = None) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600)
    if check_code is not None:
        assert res.returncode == check_code, res.stderr + res.stdout
    return res


@pytest.fixture()
def many_files(seeds_dir: Path, tmp_path: Path) -> Path:
    """N distinct plan files (seed texts with a numbered marker line)."""
    d = tmp_path / "many"
    d.mkdir()
    # not the Long Phú plan: it is the "old graph" the interrupted build must leave unchanged
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("0*.txt")) if not p.name.startswith("003")]
    for i in range(N):
        (d / f"plan{i:03d}.txt").write_text(texts[i % len(texts)] + f"\n\nBản sao kiểm thử {i}.\n", encoding="utf-8")
    return d


def loaded_sources(store: Path) -> set[str]:
    """Source files stored (copies of one seed share a document identity)."""
    from cchc_kg.kg.store import GraphStore

    return set(GraphStore.open(store).sources())


def start_build(src: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "build", str(src), "--store", str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until_writing(store: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    """Wait until the build holds the write lock and has stored something new."""
    lock = store / "write.lock"
    t0 = time.time()
    while time.time() - t0 < seconds:
        if lock.exists() and lock.read_text().startswith(f"pid {proc.pid}"):
            time.sleep(1.0)  # let it commit a few files
            return
        time.sleep(0.05)
    pytest.fail("the build never started writing")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_build_keeps_the_old_graph(seeds_dir: Path, many_files: Path, tmp_path: Path, sig: int) -> None:
    store = tmp_path / "store"
    first = seeds_dir / "003_dad5fdeea82cee8c.txt"
    run("build", str(first), "--store", str(store), check_code=0)
    before = loaded_sources(store)
    bases_before = run("bases", str(first), "--json", "--store", str(store), check_code=0).stdout

    proc = start_build(many_files, store)
    wait_until_writing(store, proc)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, proc.stderr.read()
        assert "run the same build again" in proc.stderr.read()

    # the old graph still answers, unchanged
    after = loaded_sources(store)
    assert before <= after and len(after) < 1 + N
    assert run("bases", str(first), "--json", "--store", str(store), check_code=0).stdout == bases_before
    assert run("validate", "--store", str(store)).returncode == 0

    # re-running resumes: finished files are skipped, the rest is loaded
    res = run("build", str(many_files), "--store", str(store), "--json", check_code=0)
    summary = json.loads(res.stdout)
    assert summary["loaded"] + summary["unchanged"] == N and summary["unchanged"] == len(after) - 1
    assert len(loaded_sources(store)) == N + 1


def test_concurrent_build_is_refused(many_files: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = start_build(many_files, store)
    try:
        wait_until_writing(store, proc)
        res = run("build", str(many_files), "--store", str(store))
        assert res.returncode == 2
        assert "being written by pid" in res.stderr and str(proc.pid) in res.stderr
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert os.path.isdir(store / "oxigraph")
