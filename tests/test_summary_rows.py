"""Summary rows written at build time stay equal to a fresh computation after every kind of build.

Made-up documents (no corpus text): a provincial decision based on NQ 76, a
district plan based on the decision, a commune plan based on the district
plan. After the first build, a rebuild of one changed file, a removed file,
a build that died before its rows were rewritten, the stored rows must be
exactly what :func:`summary_row` computes from the store, and the reports
that read them must answer as the per-document path does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cchc_kg.queries.summary as S
import cchc_kg.queries.summary_read as R
from cchc_kg.viz.text import label_json
from cchc_kg.cli import app
from cchc_kg.kg.ingest import build, remove_sources
from cchc_kg.kg.store import GraphStore
from cchc_kg.kg.summary_store import documents_with, iter_rows, mark_pending
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.documents import iter_documents, list_documents
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.lineage import bases, cited_by
from cchc_kg.queries.plans import coverage, implements
from cchc_kg.queries.summary import refresh_summaries, summary_index, summary_row

PROVINCE = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH XANH
Số: 10/QĐ-UBND
Hòa Bình Xanh, ngày 05 tháng 01 năm 2022
QUYẾT ĐỊNH
Ban hành Kế hoạch cải cách hành chính tỉnh Hòa Bình Xanh năm 2022
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2022.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

DISTRICT = """ỦY BAN NHÂN DÂN
HUYỆN SÔNG LAM NHỎ
Số: 20/KH-UBND
Sông Lam Nhỏ, ngày 10 tháng 02 năm 2022
KẾ HOẠCH
Cải cách hành chính huyện Sông Lam Nhỏ năm 2022
Căn cứ Quyết định số 10/QĐ-UBND ngày 05/01/2022 của UBND tỉnh Hòa Bình Xanh ban hành Kế hoạch cải cách hành chính năm 2022;
I. CHỈ TIÊU
1. Đến năm 2025, mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước đạt tối thiểu 90%.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ chủ trì, theo dõi việc triển khai Kế hoạch.
"""

COMMUNE = """ỦY BAN NHÂN DÂN
XÃ BẾN ĐÁ
Số: 30/KH-UBND
Bến Đá, ngày 20 tháng 02 năm 2022
KẾ HOẠCH
Cải cách hành chính xã Bến Đá năm 2022
Căn cứ Kế hoạch số 20/KH-UBND ngày 10/02/2022 của UBND huyện Sông Lam Nhỏ về cải cách hành chính năm 2022;
I. CHỈ TIÊU
1. Đến năm 2025, 80% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.
"""


def _build(st: GraphStore, files: list[Path]) -> None:
    build(st, files, read=read_source, extract=extract_source, summarize=refresh_summaries)


def _assert_rows_fresh(st: GraphStore) -> dict[str, dict]:
    """Stored rows == a fresh computation, for exactly the documents the store describes."""
    assert summary_index(st) is not None, "rows complete after the build"
    be = EmbeddedBackend(st)
    rest, ins, duties, cites = (dict(iter_rows(st, part=p)) for p in ("rest", "in", "duties", "cites"))
    stored = {iri: {**json.loads(text), **json.loads(rest[iri]), "in": json.loads(ins.get(iri, "[]")),
                    "duties": json.loads(duties.get(iri, "[]")), "cites": json.loads(cites.get(iri, "{}"))}
              for iri, text in iter_rows(st)}
    assert set(ins) | set(duties) | set(cites) <= set(stored), "optional parts only of documents with a row"
    assert set(duties) == set(documents_with(st, "duties")) and set(ins) == set(documents_with(st, "in"))
    expected = {i: summary_row(be, i) for i in S._all_documents(st)}
    assert set(stored) == set(expected)
    for iri, row in expected.items():
        assert stored[iri] == json.loads(json.dumps(row, default=str)), iri
    return stored


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(R, "summary_index", lambda store: None)


def _reports(st: GraphStore) -> tuple:
    be = EmbeddedBackend(st)
    root = next(i for i in S._all_documents(st) if "/qd/" in i)
    leaves = [i for i in S._all_documents(st) if "/kh/" in i]
    return (list(iter_documents(be)), list(iter_documents(be, include_uncited_catalog=True)),
            implements(be, "B05"), coverage(be), cited_by(be, root, transitive=True), [bases(be, i) for i in leaves])


def _by_key(rows: dict[str, dict], part: str) -> dict:
    hits = [r for iri, r in rows.items() if part in iri]
    assert len(hits) == 1, (part, sorted(rows))
    return hits[0]


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, list[Path]]:
    src = tmp_path / "src"
    src.mkdir()
    files = []
    for name, text in (("province.txt", PROVINCE), ("district.txt", DISTRICT), ("commune.txt", COMMUNE)):
        p = src / name
        p.write_text(text, encoding="utf-8")
        files.append(p)
    return tmp_path / "store", files


def test_rows_follow_first_build_rebuild_and_removal(corpus: tuple[Path, list[Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    store, files = corpus
    province, district, commune = files
    with GraphStore.open(store, writable=True, create=True) as st:
        _build(st, files)
        rows = _assert_rows_fresh(st)
        d = _by_key(rows, "kh/2022/20/")
        assert d["document"]["origin"] == "loaded"
        assert any("qd/2022/10/" in t for t in d["out"].get("based_on", [])), d["out"]
        qd = _by_key(rows, "qd/2022/10/")
        assert [(rel, "kh/2022/20/" in src) for rel, src in qd["in"]] == [("based_on", True)]
        assert [len(d["cites"][qd["document"]["iri"]]["based_on"])] == [1], "the citation node of the edge"
        assert d["duties"] and all(isinstance(r["agency"], str) for r in d["duties"]), "duties name their agency by IRI"
        fast = _reports(st)
        with monkeypatch.context() as m:
            _slow(m)
            slow = _reports(st)
        assert slow == fast, "reports from rows == reports from per-document look-ups"
        assert json.dumps(slow, default=str) == json.dumps(fast, default=str), "… down to the order of the keys printed"

        # a rebuild of one changed file: the district plan no longer cites the decision
        district.write_text(DISTRICT.replace("Căn cứ Quyết định số 10/QĐ-UBND ngày 05/01/2022 của UBND tỉnh Hòa Bình Xanh "
                                             "ban hành Kế hoạch cải cách hành chính năm 2022;\n", ""), encoding="utf-8")
        _build(st, files)
        rows = _assert_rows_fresh(st)
        assert not _by_key(rows, "kh/2022/20/")["out"].get("based_on"), "the edge left with the changed file"
        assert not _by_key(rows, "qd/2022/10/")["in"], "… and from the cited document's row"

        # a removed file: the commune plan's document is gone, the district plan still there
        assert remove_sources(st, [commune], summarize=refresh_summaries) == [str(commune)]
        rows = _assert_rows_fresh(st)
        assert not [i for i in rows if "kh/2022/30/" in i]
        # the decision's file removed while nothing cites it any more: its row goes too
        remove_sources(st, [province], summarize=refresh_summaries)
        rows = _assert_rows_fresh(st)
        assert not [i for i in rows if "qd/2022/10/" in i]


def test_a_cited_document_whose_file_is_removed_becomes_a_stub_row(corpus: tuple[Path, list[Path]]) -> None:
    store, files = corpus
    with GraphStore.open(store, writable=True, create=True) as st:
        _build(st, files)
        remove_sources(st, [files[0]], summarize=refresh_summaries)
        rows = _assert_rows_fresh(st)
        qd = _by_key(rows, "qd/2022/10/")
        assert qd["document"]["origin"] != "loaded" and not qd["document"]["source"]


def test_a_build_that_died_before_its_rows_leaves_them_unused_until_the_next_build(corpus: tuple[Path, list[Path]]) -> None:
    store, files = corpus
    with GraphStore.open(store, writable=True, create=True) as st:
        _build(st, files)
        some = next(iri for iri, _ in iter_rows(st))
        mark_pending(st, [some])  # as a build does before writing a batch
        assert summary_index(st) is None, "pending rows are never read"
        be = EmbeddedBackend(st)
        assert list(iter_documents(be)) == list_documents(be), "the per-document path answers meanwhile"
        _build(st, files)  # nothing changed: the next build finishes the pending rows
        _assert_rows_fresh(st)


def test_a_store_built_without_rows_gets_them_on_the_next_build(corpus: tuple[Path, list[Path]]) -> None:
    store, files = corpus
    with GraphStore.open(store, writable=True, create=True) as st:
        build(st, files, read=read_source, extract=extract_source)  # no summarize: as older versions did
        assert summary_index(st) is None
        _build(st, files)  # every file unchanged
        _assert_rows_fresh(st)


def test_cli_docs_json_streams_the_same_array(corpus: tuple[Path, list[Path]]) -> None:
    store, files = corpus
    runner = CliRunner()
    res = runner.invoke(app, ["build", *map(str, files), "--store", str(store)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["docs", "--json", "--store", str(store)])
    assert res.exit_code == 0, res.output
    with GraphStore.open(store) as st:
        be = EmbeddedBackend(st)
        expected = list_documents(be)
        assert summary_index(st) is not None
    # the CLI's JSON is the library's rows with the labels of the current language added
    assert json.loads(res.stdout) == json.loads(json.dumps(label_json(expected, "vi"), default=str))
    assert res.stdout == json.dumps(json.loads(res.stdout), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt"])
def test_exports_leave_the_summary_rows_out(fmt: str) -> None:
    import io

    from cchc_kg.kg.summary_store import write_rows

    st = GraphStore.open(None)
    st.replace_graph("urn:g", b"<urn:a> <urn:p> <urn:b> .\n")
    write_rows(st, {"urn:a": ('{"document": {}}', '{"out": {}}')})
    out = io.BytesIO()
    st.export(out, fmt)
    text = out.getvalue().decode("utf-8")
    assert "urn:a" in text and "summary" not in text
