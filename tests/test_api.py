"""The Python API (issue 16): every answer's ``to_dict()`` is what the CLI prints with ``--json``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import cchc_kg
from cchc_kg.api import Document
from cchc_kg.cli import app

runner = CliRunner()
LONG_PHU = "003_dad5fdeea82cee8c.txt"
CAN_THO = "004_1b521d6779d44ea6.txt"


def cli_json(*args: str) -> object:
    """The CLI's JSON without what it adds for people (``*_label``, ``handle``; ``show``'s status at a date)."""
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code in (0, 1), res.output
    data = plain(json.loads(res.stdout))
    if args[0] == "show":
        for item in data if isinstance(data, list) else [data]:
            assert "as_of" in item and "in_force_at" in item
            del item["as_of"], item["in_force_at"]
    return data


def plain(x: object) -> object:
    """JSON data without the ``*_label`` and ``handle`` keys the CLI adds (issue 15: keys added, never renamed)."""
    if isinstance(x, list):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items() if not k.endswith("_label") and k != "handle"}
    return x


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("api") / "store"
    summary = cchc_kg.open(st).build([seeds_dir])
    assert (summary.loaded, summary.failed) == (5, 1)  # the folder's README.md is reported, the rest stored
    assert summary.problems[0]["path"].endswith("README.md")
    return st


@pytest.fixture(scope="module", params=["embedded", "networkx"])
def graph(request: pytest.FixtureRequest, store: Path) -> cchc_kg.Graph:
    return cchc_kg.open(store, backend=request.param)


def test_readme_snippet_prints_the_long_phu_lineage(store: Path, seeds_dir: Path) -> None:
    g = cchc_kg.open(store)
    lines = g.bases(str(seeds_dir / LONG_PHU)).lines()
    level, relation, root = lines[0]
    assert (level, relation) == (0, "") and root.symbol and root.source.endswith(LONG_PHU)
    assert {r for _, r, _ in lines[1:]} == {"based_on", "implements"}
    assert {"61/KH-UBND", "17-CTr/HU", "10-NQ/TU"} <= {d.symbol for _, _, d in lines[1:]}
    assert max(level for level, _, _ in lines) == 2  # the district programme implements the province resolution


def test_answers_equal_the_cli_json(graph: cchc_kg.Graph, store: Path, seeds_dir: Path) -> None:
    s = ["--store", str(store), "--backend", graph.backend_name]
    plan = str(seeds_dir / LONG_PHU)
    can_tho = str(seeds_dir / CAN_THO)
    assert graph.bases(plan).to_dict() == cli_json("bases", plan, *s)
    assert graph.bases(plan, depth=1).to_dict() == cli_json("bases", plan, "--depth", "1", *s)
    assert graph.cited_by("45/2020/NĐ-CP").to_dict() == cli_json("cited-by", "45/2020/NĐ-CP", *s)
    assert graph.cited_by("45/2020/NĐ-CP", transitive=True).to_dict() == cli_json("cited-by", "45/2020/NĐ-CP", "-t", *s)
    assert graph.document(plan).to_dict() == cli_json("show", plan, *s)
    assert graph.targets(can_tho).to_dict() == cli_json("targets", can_tho, *s)
    assert graph.implements("thanh toán trực tuyến").to_dict() == cli_json("implements", "thanh toán trực tuyến", *s)
    assert graph.coverage().to_dict() == cli_json("coverage", *s)
    assert graph.agencies(can_tho, role="lead").to_dict() == cli_json("agencies", "--doc", can_tho, "--role", "lead", *s)
    assert [d.to_dict() for d in graph.documents()] == [Document.from_dict(d).to_dict() for d in cli_json("docs", *s)]


def test_validity_answers_equal_the_cli_json(store: Path, seeds_dir: Path) -> None:
    g = cchc_kg.open(store)
    plan = str(seeds_dir / LONG_PHU)
    marked = g.bases(plan, as_of="2026-01-01")
    assert marked.to_dict() == cli_json("bases", plan, "--as-of", "2026-01-01", "--store", str(store))
    assert any("in_force_at" in n for t in marked.trees for n in _nodes(t))
    report = g.check(as_of="2026-01-01")
    assert report.to_dict() == cli_json("check", "--as-of", "2026-01-01", "--store", str(store))
    assert report.findings and all(f["document"] for f in report.findings)


def test_validity_answers_are_the_same_on_networkx(store: Path, seeds_dir: Path) -> None:
    """show's validity, bases --as-of, check and changes: networkx answers as the embedded store (issue 16 item 5)."""
    emb, nxg = cchc_kg.open(store), cchc_kg.open(store, backend="networkx")
    plan = str(seeds_dir / LONG_PHU)
    replaced = "https://w3id.org/cchc/id/doc/nd/2018/61/cp"  # the catalog: replaced by NĐ 118/2025 (V)
    v = nxg.document(replaced).items[0]["validity"]
    assert v == emb.document(replaced).items[0]["validity"]
    assert v["end"] and v["successors"] and v["successors"][0]["relation"] == "replaces" and v["successors"][0]["date"]
    for on in ("2019-01-01", "2026-01-01"):
        marked = nxg.bases(plan, as_of=on)
        assert marked.to_dict() == emb.bases(plan, as_of=on).to_dict()
        assert all("in_force_at" in n for t in marked.trees for n in _nodes(t))  # True/False marks: tests/test_parity.py
    report = nxg.check(as_of="2026-01-01")
    assert report.findings and report.to_dict() == emb.check(as_of="2026-01-01").to_dict()
    assert report.to_dict() == cli_json("check", "--as-of", "2026-01-01", "--store", str(store), "--backend", "networkx")
    assert nxg.changes(from_corpus=False).to_dict() == emb.changes(from_corpus=False).to_dict()
    assert len(emb.changes(from_corpus=False)) > len(emb.changes()) > 0
    # SHACL reads the RDF store whatever the backend
    assert nxg.check([plan], as_of="2026-01-01", shacl=True).to_dict() == emb.check([plan], as_of="2026-01-01", shacl=True).to_dict()


def test_agency_and_changes_answers_equal_the_cli_json(store: Path) -> None:
    g = cchc_kg.open(store)
    duties = g.agency("Sở Nội vụ", as_of="2026-01-01")
    assert duties.organisations and duties.to_dict() == cli_json("agency", "Sở Nội vụ", "--as-of", "2026-01-01", "--store", str(store))
    changes = g.changes(from_corpus=False, relation="replaces")
    assert changes.facts and all(f.relation == "replaces" for f in changes.facts)
    assert changes.to_dict() == cli_json("changes", "--all", "--relation", "replaces", "--store", str(store))
    with pytest.raises(cchc_kg.InputError, match="--relation"):
        g.changes(relation="bogus")


def _nodes(tree: dict) -> list[dict]:
    return [tree, *(n for c in tree["bases"] for n in _nodes(c))]


def test_results_are_frozen_and_to_dict_is_a_copy(store: Path, seeds_dir: Path) -> None:
    answer = cchc_kg.open(store).cited_by("45/2020/NĐ-CP")
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.data = []  # type: ignore[misc]
    d = answer.to_dict()
    d.clear()
    assert answer.to_dict() and len(answer) == len(answer.documents) > 0


def test_errors_are_one_tree(store: Path) -> None:
    g = cchc_kg.open(store)
    with pytest.raises(cchc_kg.DocumentNotFound):
        g.bases("https://w3id.org/cchc/id/doc/khong-co")
    with pytest.raises(cchc_kg.InputError, match="not a date"):
        g.bases("45/2020/NĐ-CP", as_of="2026-13-01")
    with pytest.raises(cchc_kg.InputError, match="no such file"):
        g.build(["/nonexistent/khong-co"])
    with pytest.raises(cchc_kg.InputError):
        cchc_kg.open(store, backend="sqlite")
    with pytest.raises(cchc_kg.StoreError):
        cchc_kg.open(store.parent / "missing").documents()
    for exc in (cchc_kg.DocumentNotFound, cchc_kg.InputError, cchc_kg.StoreError, cchc_kg.NoIdentityError):
        assert issubclass(exc, cchc_kg.CchcError)


def test_extract_keeps_spans(seeds_dir: Path) -> None:
    text = (seeds_dir / LONG_PHU).read_text(encoding="utf-8")
    exs = cchc_kg.extract(text, path="long-phu.txt")
    assert exs and exs[0].document.symbol
    refs = [r for ex in exs for r in ex.references]
    assert refs
    for r in refs:
        s, e = r.evidence.span()
        assert text[s:e] == r.evidence.quote and r.evidence.quote in r.evidence.sentence
        assert r.evidence.source == "long-phu.txt"
    with pytest.raises(cchc_kg.NoIdentityError):
        cchc_kg.extract("Một đoạn văn không phải văn bản.")


def test_view_networkx_and_validate(store: Path, seeds_dir: Path, tmp_path: Path) -> None:
    g = cchc_kg.open(store)
    view = g.view(focus=str(seeds_dir / LONG_PHU), depth=1)
    out = view.write(tmp_path / "v.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") or "<html" in out.read_text(encoding="utf-8")
    assert len(view.graph.nodes) > 1
    with pytest.raises(cchc_kg.InputError):
        g.view()
    nxg = g.to_networkx()
    assert isinstance(nxg, nx.MultiDiGraph)
    assert any(d.iri in nxg for d in g.documents(loaded=True))
    assert g.validate()["conforms"] is True


def test_in_memory_graph_builds_and_answers(seeds_dir: Path) -> None:
    g = cchc_kg.open(None)
    assert g.documents() == ()
    g.build([seeds_dir / LONG_PHU])
    (doc,) = [d for d in g.documents(loaded=True)]
    assert doc.source.endswith(LONG_PHU)
    assert g.bases(str(seeds_dir / LONG_PHU)).document == doc
