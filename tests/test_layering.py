"""House rules checked on the source: who may import whom."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def modules(pkg: str) -> list[Path]:
    return sorted((ROOT / pkg).rglob("*.py"))


RULES = [
    # (package, forbidden top-level imports, exempt file names)
    ("loaders", {"rdflib", "neo4j", "pyoxigraph", "pyshacl", "pyvis", "queries", "viz", "typer", "web"}, set()),
    ("kg", {"loaders", "queries", "viz", "web"}, {"cli.py", "cli_plans.py", "cli_backends.py", "cli_viz.py", "cli_check.py",
                                                  "cli_office.py", "cli_serve.py"}),
    ("queries", {"loaders", "viz", "typer", "web"}, set()),
    ("viz", {"loaders", "typer", "web"}, set()),
    # the web app is a roof beside the CLI: it may read every floor but never the CLI
    ("web", {"typer"}, set()),
]


@pytest.mark.parametrize("pkg,forbidden,exempt", RULES, ids=[r[0] for r in RULES])
def test_layering(pkg: str, forbidden: set[str], exempt: set[str]) -> None:
    bad = {}
    for m in modules(pkg):
        if m.name in exempt:
            continue
        hit = imports(m) & forbidden
        if hit:
            bad[str(m.relative_to(ROOT))] = sorted(hit)
    assert not bad, f"layering violations: {bad}"


def test_library_never_imports_the_cli() -> None:
    for pkg in ("kg", "loaders", "queries", "viz", "web"):
        for m in modules(pkg):
            if m.name.startswith("cli"):
                continue
            src = m.read_text(encoding="utf-8")
            assert "cchc_kg.kg.cli" not in src and "import typer" not in src, m


def test_public_modules_declare_all() -> None:
    missing = []
    for pkg in ("kg", "loaders", "queries", "viz", "web"):
        for m in modules(pkg):
            if m.name == "__init__.py" or m.name.startswith("cli") or m.name.startswith("_"):
                continue
            if "__all__" not in m.read_text(encoding="utf-8"):
                missing.append(str(m.relative_to(ROOT)))
    assert not missing, f"modules without __all__: {missing}"
