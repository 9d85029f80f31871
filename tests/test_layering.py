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
    ("viz", {"loaders", "cli", "typer", "web"}, set()),
    # the web app is a roof beside the CLI: it may read every floor but never the CLI
    ("cchc_kg/web", {"cli", "typer"}, set()),
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
    for pkg in ("kg", "loaders", "queries", "viz", "cchc_kg/web"):
        for m in modules(pkg):
            src = m.read_text(encoding="utf-8")
            assert "cchc_kg.cli" not in src and "import typer" not in src, m
    assert not list(ROOT.glob("kg/cli*.py")), "the CLI lives in cchc_kg/cli/ (the roof)"


#: what the CLI may take from the query floor directly: formatting helpers and vocabularies, never a question
CLI_QUERY_NAMES = frozenset({"flatten_tree", "coverage_csv", "coverage_markdown", "_cell_text", "_plan_label",
                             "SEVERITIES", "FINDING_KINDS"})


def cli_query_imports(src: str) -> set[str]:
    """Names a CLI module imports from ``cchc_kg.queries`` (any depth, any place in the module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cchc_kg.queries"):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("cchc_kg.queries"))
    return out


def test_the_cli_asks_its_questions_through_the_api() -> None:
    """Query commands are a few lines over :mod:`cchc_kg.api`: no CLI module opens a backend or calls a query."""
    bad = {}
    for m in modules("cchc_kg/cli"):
        src = m.read_text(encoding="utf-8")
        hit = sorted(cli_query_imports(src) - CLI_QUERY_NAMES)
        hit += [w for w in ("EmbeddedBackend", "NetworkxBackend", "CypherBackend") if w in src]
        if hit:
            bad[m.name] = hit
    assert not bad, f"CLI modules answering questions themselves (use cchc_kg.api.Graph): {bad}"
    # the check fails when a command calls a query itself
    assert cli_query_imports("def f():\n    from cchc_kg.queries.checks import run_check\n") - CLI_QUERY_NAMES == {"run_check"}


def test_public_modules_declare_all() -> None:
    missing = []
    for pkg in ("kg", "loaders", "queries", "viz", "cchc_kg/web"):
        for m in modules(pkg):
            if m.name == "__init__.py" or m.name.startswith("cli") or m.name.startswith("_"):
                continue
            if "__all__" not in m.read_text(encoding="utf-8"):
                missing.append(str(m.relative_to(ROOT)))
    assert not missing, f"modules without __all__: {missing}"


# -- floors: the transitive import graph of the installed package --------------
#: the floor order of issue 16, lowest first; a module may import its own floor
#: or lower ones, never a higher one, and no import loop may exist.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("records/ids", ("cchc_kg.kg", "cchc_kg.kg.errors", "cchc_kg.kg.model", "cchc_kg.kg.ids", "cchc_kg.kg.catalog",
                     "cchc_kg.kg.concepts", "cchc_kg.kg.align", "cchc_kg.kg.relations", "cchc_kg.kg.sanitize",
                     "cchc_kg.kg.outputs", "cchc_kg.ontology")),
    ("text extraction", ("cchc_kg.loaders",)),
    ("RDF mapping", ("cchc_kg.kg.vocab", "cchc_kg.kg.ntriples", "cchc_kg.kg.rdf_nodes", "cchc_kg.kg.build",
                     "cchc_kg.kg.plans_graph", "cchc_kg.kg.catalog_graph", "cchc_kg.kg.changes_graph", "cchc_kg.kg.shacl")),
    ("store", ("cchc_kg.kg.store", "cchc_kg.kg.store_faults", "cchc_kg.kg.summary_store", "cchc_kg.kg.ingest", "cchc_kg.kg.sparql_push", "cchc_kg.kg.sparql_query")),
    ("property graph", ("cchc_kg.kg.pgschema", "cchc_kg.kg.pgmodel", "cchc_kg.kg.cypher", "cchc_kg.kg.neo4j_writer", "cchc_kg.kg.exports")),
    ("queries", ("cchc_kg.queries",)),
    ("views", ("cchc_kg.viz",)),
    ("API", ("cchc_kg", "cchc_kg.api")),
    ("web app", ("cchc_kg.web",)),
    ("CLI", ("cchc_kg.cli",)),
)
#: folder → import name (pyproject package-dir)
PACKAGE_DIRS = {"kg": "cchc_kg.kg", "loaders": "cchc_kg.loaders", "queries": "cchc_kg.queries", "viz": "cchc_kg.viz",
                "ontology": "cchc_kg.ontology", "cchc_kg": "cchc_kg"}


def project_modules(root: Path) -> dict[str, Path]:
    """Import name → file, for every module of the package folders under ``root``."""
    out: dict[str, Path] = {}
    for folder, name in PACKAGE_DIRS.items():
        for p in sorted((root / folder).rglob("*.py")):
            parts = list(p.relative_to(root / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([name, *parts])] = p
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → project modules it imports (at any depth of the file: function-level imports count).

    ``from cchc_kg.kg import align`` counts as importing ``cchc_kg.kg`` and
    ``cchc_kg.kg.align``. Importing a parent package implicitly (Python does
    it for ``import a.b``) is not an edge; ``cchc_kg/__init__.py`` is checked
    on its own floor like any module.
    """
    mods = project_modules(root)
    graph: dict[str, set[str]] = {}
    for mod, path in mods.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for n in names:
                while n and n not in mods:
                    n = n.rpartition(".")[0]
                if n and n != mod:
                    edges.add(n)
        graph[mod] = edges
    return graph


def floor_of(module: str) -> int:
    """Index in FLOORS of the longest name that is ``module`` or a package holding it."""
    best, best_len = None, -1
    for i, (_, names) in enumerate(FLOORS):
        for n in names:
            if (module == n or module.startswith(n + ".")) and len(n) > best_len:
                best, best_len = i, len(n)
    if best is None:
        raise LookupError(f"{module} has no floor: add it to FLOORS in tests/test_layering.py")
    return best


def layering_problems(graph: dict[str, set[str]]) -> list[str]:
    """Every import loop, and every module that reaches (transitively) a module on a higher floor."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph)
    g.add_edges_from((a, b) for a, bs in graph.items() for b in bs)
    problems = [f"import loop: {' → '.join(sorted(c))}" for c in nx.strongly_connected_components(g) if len(c) > 1]
    for mod in sorted(graph):
        here = floor_of(mod)
        for other in sorted(nx.descendants(g, mod)):
            if floor_of(other) > here:
                path = nx.shortest_path(g, mod, other)
                problems.append(f"{mod} ({FLOORS[here][0]}) reaches {other} ({FLOORS[floor_of(other)][0]}): "
                                + " → ".join(path))
    return problems


def test_every_module_has_a_floor() -> None:
    for mod in project_modules(ROOT):
        floor_of(mod)


def test_no_import_loops_and_no_import_runs_up_a_floor() -> None:
    problems = layering_problems(import_graph(ROOT))
    assert not problems, "\n".join(problems)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_the_layering_check_fails_when_a_rule_is_broken(tmp_path: Path) -> None:
    base = {"kg/__init__.py": "", "kg/model.py": "", "kg/store.py": "from cchc_kg.kg.model import X\n",
            "queries/__init__.py": "", "queries/lineage.py": "from cchc_kg.kg import store\n",
            "loaders/__init__.py": "", "viz/__init__.py": "", "ontology/__init__.py": "",
            "cchc_kg/__init__.py": "", "cchc_kg/cli/__init__.py": "import cchc_kg.queries.lineage\n"}
    _write(tmp_path, base)
    assert layering_problems(import_graph(tmp_path)) == []
    # a records module importing the CLI, even inside a function, runs up from the ground floor to the roof
    _write(tmp_path, {"kg/model.py": "def f():\n    from cchc_kg.cli import main\n"})
    problems = layering_problems(import_graph(tmp_path))
    assert any(p.startswith("cchc_kg.kg.model (records/ids) reaches cchc_kg.cli (CLI)") for p in problems), problems
    # transitively: the store reaches the CLI through the model
    assert any(p.startswith("cchc_kg.kg.store (store) reaches cchc_kg.cli (CLI)") for p in problems), problems
    # an import loop between two modules of one floor
    _write(tmp_path, {"kg/model.py": "from cchc_kg.kg import ids\n", "kg/ids.py": "import cchc_kg.kg.model\n"})
    problems = layering_problems(import_graph(tmp_path))
    assert problems == ["import loop: cchc_kg.kg.ids → cchc_kg.kg.model"], problems
