"""Very large files are stored from a spill file, with the same triples as the in-memory path (issue 18).

A made-up plan (no corpus text) is built twice: once normally and once with
the spill threshold lowered so its N-Triples go through
:class:`cchc_kg.kg.ntriples.TripleFile` and :meth:`GraphStore.load_graph_file`.
Both stores must hold exactly the same quads, the summary rows must be
written, no spill file may stay behind, and a spilled graph whose load died
(no source hash yet) must be loaded again by the next build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import cchc_kg.kg.ntriples as NT
import cchc_kg.kg.store as store_module
from cchc_kg.kg.ingest import build
from cchc_kg.kg.ntriples import SpilledTriples, TripleFile, TripleList
from cchc_kg.kg.store import GraphStore
from cchc_kg.kg.summary_store import iter_rows
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.summary import refresh_summaries

PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH SÔNG XANH\nSố: 21/KH-UBND\nSông Xanh, ngày 02 tháng 3 năm 2025\nKẾ HOẠCH\n"
    "Cải cách hành chính năm 2025\n"
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ;\n"
    "I. MỤC TIÊU\n"
)
LINE = "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát thủ tục hành chính lĩnh vực {n}; đạt {p}% công khai.\n"


def _plan(n: int) -> str:
    return PLAN + "".join(LINE.format(n=i, p=50 + i % 50) for i in range(n))


def _quads(st: GraphStore) -> set[tuple[str, str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in st._store}


def _build(folder: Path, files: list[Path], **kw: object):
    with GraphStore.open(folder, writable=True, create=True) as st:
        return build(st, files, read=read_source, extract=extract_source, summarize=refresh_summaries, **kw)


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    p = tmp_path / "in" / "plan.txt"
    p.parent.mkdir()
    p.write_text(_plan(300), encoding="utf-8")
    return p


@pytest.mark.parametrize("limit", [1, 500, 10**9])
def test_triple_file_holds_the_triple_lists_lines(tmp_path: Path, limit: int) -> None:
    """Same lines in the same order (duplicates aside) whether it spills often, sometimes or never."""
    triples = [(URIRef(f"urn:s{i % 7}"), URIRef("urn:hash" if i == 3 else f"urn:p{i % 3}"), URIRef(f"urn:o{i % 11}"))
               for i in range(200)]
    ref = TripleList()
    tf = TripleFile(tmp_path, limit=limit, hold=(URIRef("urn:hash"),))
    for t in triples:
        ref.add(t)
        tf.add(t)
    out = tf.finish()
    if limit == 10**9:
        assert isinstance(out, bytes) and not list(tmp_path.iterdir())
        body = out
    else:
        assert isinstance(out, SpilledTriples)
        body = Path(out.path).read_bytes() + out.tail
        out.remove()
        assert not Path(out.path).exists()
    lines = body.decode().splitlines(keepends=True)
    assert lines[-1] == "<urn:s3> <urn:hash> <urn:o3> .\n"  # the held line comes last
    expected = ref.serialize().decode().splitlines(keepends=True)
    assert list(dict.fromkeys(lines)) == [x for x in expected if "urn:hash" not in x] + ["<urn:s3> <urn:hash> <urn:o3> .\n"]


def test_a_spilled_build_stores_the_same_quads(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normal = _build(tmp_path / "normal", [plan])
    monkeypatch.setattr(NT, "SPILL_CHARS", 4096)
    monkeypatch.setattr(store_module, "LOAD_PIECE_BYTES", 777)  # many pieces, lines cut across them
    spilled = _build(tmp_path / "spilled", [plan])
    assert [r.status for r in normal.results] == [r.status for r in spilled.results] == ["loaded"]
    assert spilled.results[0].targets == normal.results[0].targets == 300
    with GraphStore.open(tmp_path / "normal") as a, GraphStore.open(tmp_path / "spilled") as b:
        assert _quads(a) == _quads(b)
        rows = list(iter_rows(b))
        assert rows and rows == list(iter_rows(a))  # the spilled document's summary row is written
    assert not (tmp_path / "spilled" / "spill").exists()  # no spill file stays behind


def test_a_spilled_rebuild_replaces_the_old_graph(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NT, "SPILL_CHARS", 4096)
    _build(tmp_path / "s", [plan])
    plan.write_text(_plan(120), encoding="utf-8")  # changed: fewer targets
    again = _build(tmp_path / "s", [plan])
    assert [r.status for r in again.results] == ["loaded"]
    _build(tmp_path / "ref", [plan])
    with GraphStore.open(tmp_path / "s") as a, GraphStore.open(tmp_path / "ref") as b:
        assert _quads(a) == _quads(b)  # nothing of the longer version is left


def test_a_spilled_load_that_died_is_loaded_again(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The source hash is written last: a graph without it is not taken for a stored, unchanged file."""
    monkeypatch.setattr(NT, "SPILL_CHARS", 4096)
    real = GraphStore.load_graph_file

    def dies_before_the_tail(self: GraphStore, graph_iri: str, path: str | Path, *, tail: bytes = b"", trusted: bool = False) -> None:
        real(self, graph_iri, path, trusted=trusted)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(GraphStore, "load_graph_file", dies_before_the_tail)
    with pytest.raises(OSError):
        _build(tmp_path / "s", [plan])
    monkeypatch.setattr(GraphStore, "load_graph_file", real)
    with GraphStore.open(tmp_path / "s") as st:
        assert st.source_graphs() == {}  # the partial graph has no hash: not a stored source
    again = _build(tmp_path / "s", [plan])
    assert [r.status for r in again.results] == ["loaded"]
    _build(tmp_path / "ref", [plan])
    with GraphStore.open(tmp_path / "s") as a, GraphStore.open(tmp_path / "ref") as b:
        assert _quads(a) == _quads(b)
    assert not (tmp_path / "s" / "spill").exists()


def test_a_document_with_very_many_targets_keeps_them_out_of_its_row(tmp_path: Path, plan: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ROW_TARGETS_MAX its row says ``"targets": null`` and readers answer from the store, the same."""
    import cchc_kg.queries.summary as S
    from cchc_kg.queries.embedded import EmbeddedBackend
    from cchc_kg.queries.summary_read import SummaryLineage, summary_index

    monkeypatch.setattr(S, "ROW_TARGETS_MAX", 10)
    plan.write_text(_plan(40) + "Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.\n",
                    encoding="utf-8")
    _build(tmp_path / "s", [plan])
    with GraphStore.open(tmp_path / "s") as st:
        be = EmbeddedBackend(st)
        ix = summary_index(st)
        assert ix is not None
        big = [i for i, t in ix.rows("rest") if '"targets": null' in t and '"alignments": null' in t]
        # the plan, and NQ 76 (more than 10 national targets); NĐ 45 keeps an ordinary row
        assert len(big) == 2 and not any("/nd/" in i for i in big)
        doc, = [i for i in big if "/kh/" in i]
        rows = SummaryLineage(be, ix)
        assert len(be.targets(doc)) == 41
        assert rows.targets(doc) == be.targets(doc)
        assert rows.targets() == be.targets()
        assert be.alignments(document=doc)  # the made-up plan has a target of the national catalogue
        assert rows.alignments(document=doc) == be.alignments(document=doc)
        assert rows.alignments() == be.alignments()
        assert rows.targets(national=True) == be.targets(national=True)
