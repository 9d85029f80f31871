"""House rules checked on the source: who may import whom."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def top(name: str) -> str:
    """The package an absolute import name belongs to: ``cchc_kg.kg.ids`` → ``kg``, ``rdflib.term`` → ``rdflib``."""
    parts = name.split(".")
    return parts[1] if parts[0] == "cchc_kg" and len(parts) > 1 else parts[0]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(top(a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "cchc_kg":
                out.update(a.name for a in node.names)
            else:
                out.add(top(node.module))
    return out


def modules(pkg: str) -> list[Path]:
    return sorted((ROOT / pkg).rglob("*.py"))


RULES = [
    # (package, forbidden top-level imports, exempt file names)
    ("loaders", {"rdflib", "neo4j", "pyoxigraph", "pyshacl", "pyvis", "queries", "viz", "cli", "typer"}, set()),
    ("kg", {"loaders", "queries", "viz", "cli", "typer"}, set()),
    ("queries", {"loaders", "viz", "cli", "typer"}, set()),
    ("viz", {"loaders", "cli", "typer"}, set()),
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
    for pkg in ("kg", "loaders", "queries", "viz"):
        for m in modules(pkg):
            src = m.read_text(encoding="utf-8")
            assert "cchc_kg.cli" not in src and "import typer" not in src, m
    assert not list(ROOT.glob("kg/cli*.py")), "the CLI lives in cchc_kg/cli/ (the roof)"


def test_public_modules_declare_all() -> None:
    missing = []
    for pkg in ("kg", "loaders", "queries", "viz"):
        for m in modules(pkg):
            if m.name == "__init__.py" or m.name.startswith("cli") or m.name.startswith("_"):
                continue
            if "__all__" not in m.read_text(encoding="utf-8"):
                missing.append(str(m.relative_to(ROOT)))
    assert not missing, f"modules without __all__: {missing}"
