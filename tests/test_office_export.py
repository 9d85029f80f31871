"""Planner reports and office exports (issue 15, item 5): the files hold the same rows as the JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cchc_kg.kg.concepts import AREA_LABELS, RELATION_LABELS, ROLE_LABELS
from cchc_kg.loaders.deadlines import find_deadline
from cchc_kg.queries.reports import agency_matrix, agency_ranking, matrix_rows, ranking_rows
from cchc_kg.viz.office import (
    agencies_table, atomic_write, cited_by_table, coverage_table, write_csv, write_document_docx, write_xlsx,
)

import docx  # noqa: E402  (the formats extra, installed by scripts/setup)
import openpyxl  # noqa: E402

SEED_FILES = ["000_3e13e4f5f52b4654.txt", "001_cb50b58158a95c60.txt", "002_419fadcc389eb636.txt",
              "003_dad5fdeea82cee8c.txt", "004_1b521d6779d44ea6.txt"]
NQ76 = "https://w3id.org/cchc/id/doc/nq/2021/76/cp"


@pytest.fixture(scope="module")
def store_dir(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from cchc_kg.cli.core import app

    st = tmp_path_factory.mktemp("office") / "store"
    res = CliRunner().invoke(app, ["build", *(str(seeds_dir / f) for f in SEED_FILES), "--store", str(st)])
    assert res.exit_code == 0, res.output
    return st


@pytest.fixture(scope="module")
def backend(store_dir: Path):  # type: ignore[no-untyped-def]
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.embedded import EmbeddedBackend

    return EmbeddedBackend(GraphStore.open(store_dir))


def _json_roundtrip(x):  # type: ignore[no-untyped-def]
    return json.loads(json.dumps(x, ensure_ascii=False))


def _xlsx_rows(path: Path, sheet: str) -> list[list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return [[("" if v is None else v) for v in row] for row in wb[sheet].iter_rows(values_only=True)]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_agencies_xlsx_and_csv_hold_the_json_rows(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.plans import agencies

    rows = _json_roundtrip(agencies(backend))
    assert len(rows) > 100
    docs = {r["document"]: backend.document(r["document"]) for r in rows}
    table = agencies_table(rows, docs)
    x = write_xlsx(tmp_path / "agencies.xlsx", [("Trách nhiệm", table)])
    c = write_csv(tmp_path / "agencies.csv", table)
    got_x, got_c = _xlsx_rows(x, "Trách nhiệm"), _csv_rows(c)
    assert len(got_x) == len(got_c) == len(rows) + 1
    assert got_x[0] == got_c[0] == ["Cơ quan", "Địa bàn", "Vai trò", "Lĩnh vực", "Nhiệm vụ", "Văn bản", "Câu trích", "Vị trí"]
    for r, xr, cr in zip(rows, got_x[1:], got_c[1:]):
        assert xr[0] == cr[0] == r["agency"]["name"]
        assert xr[2] == cr[2] == ROLE_LABELS[r["role"]]
        assert xr[3] == cr[3] == (AREA_LABELS[r["area"]] if r["area"] else "")
        assert cr[6] == " ".join(r["evidence"]["sentence"].split())
        assert cr[7] == f"{r['evidence']['start']}-{r['evidence']['end']}"


def test_coverage_export_names_metrics(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.plans import coverage

    cov = _json_roundtrip(coverage(backend))
    x = write_xlsx(tmp_path / "coverage.xlsx", [("Bao phủ", coverage_table(cov))])
    c = write_csv(tmp_path / "coverage.csv", coverage_table(cov))
    got_x, got_c = _xlsx_rows(x, "Bao phủ"), _csv_rows(c)
    assert len(got_x) == len(got_c) == len(cov["targets"]) + 1
    assert len(got_c[0]) == 5 + len(cov["plans"])
    for t, xr, cr in zip(cov["targets"], got_x[1:], got_c[1:]):
        assert xr[0] == cr[0] == (t["national_id"] or t["iri"])
        assert xr[1] == cr[1] == t["metric"]  # the metric's name, not only its id
        for k, p in enumerate(cov["plans"]):
            cell = cov["cells"][t["iri"]][p["iri"]]
            assert (cr[5 + k] == "") == (cell["status"] == "missing")
    b06 = next(r for r in got_c if r[0] == "B06")
    assert "80 (bằng)" in b06


def test_cited_by_export(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.lineage import cited_by

    rows = _json_roundtrip(cited_by(backend, NQ76))
    assert rows
    got = _xlsx_rows(write_xlsx(tmp_path / "cited.xlsx", [("Được dẫn chiếu", cited_by_table(rows))]), "Được dẫn chiếu")
    got_c = _csv_rows(write_csv(tmp_path / "cited.csv", cited_by_table(rows)))
    assert len(got) == len(got_c) == len(rows) + 1
    for r, xr, cr in zip(rows, got[1:], got_c[1:]):
        assert xr[6] == cr[6] == r["document"]["iri"]
        assert cr[1] == ", ".join(RELATION_LABELS[x] for x in r["relations"])


def test_matrix_and_ranking_sheets(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.plans import agencies

    rows = agencies(backend)
    m = _json_roundtrip(agency_matrix(rows))
    # every chủ trì / phối hợp duty is counted once, in its area's column
    assert sum(v for cells in m["cells"].values() for c in cells.values() for v in c.values()) == \
        sum(1 for r in rows if r["role"] in ("lead", "support"))
    rk = _json_roundtrip(agency_ranking(rows, deadline=find_deadline))
    assert sum(e["tasks"] for e in rk) == len(rows)
    assert [e["tasks"] for e in rk] == sorted((e["tasks"] for e in rk), reverse=True)
    assert any(e["deadlines"] for e in rk)
    x = write_xlsx(tmp_path / "agencies.xlsx", [("Ma trận", matrix_rows(m)), ("Xếp hạng", ranking_rows(rk))])
    got_m, got_r = _xlsx_rows(x, "Ma trận"), _xlsx_rows(x, "Xếp hạng")
    assert len(got_m) == len(m["agencies"]) + 1 and got_m[0][2:] == [a["label"] for a in m["areas"]]
    assert len(got_r) == len(rk) + 1
    for e, xr in zip(rk, got_r[1:]):
        assert (xr[1], xr[3]) == (e["agency"]["name"], e["tasks"])
        assert xr[-1] == "; ".join(d["deadline"] for d in e["deadlines"])


def test_document_page_docx(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.documents import describe
    from cchc_kg.queries.lineage import cited_by

    page = _json_roundtrip(describe(backend, NQ76))
    cited = _json_roundtrip(cited_by(backend, NQ76))
    p = write_document_docx(tmp_path / "nq76.docx", page, cited)
    d = docx.Document(str(p))
    assert d.paragraphs[0].text.startswith("76/NQ-CP")
    ident, rel = d.tables[0], d.tables[1]
    assert ["Số, ký hiệu", "76/NQ-CP"] in [[c.text for c in row.cells] for row in ident.rows]
    assert len(rel.rows) == len(page["relations"]) + 1
    for e, row in zip(page["relations"], rel.rows[1:]):
        assert row.cells[0].text == RELATION_LABELS[e["relation"]]
    bullets = [para.text for para in d.paragraphs if para.style.name == "List Bullet"]
    assert len(bullets) == len(cited)


def test_writes_are_atomic(tmp_path: Path) -> None:
    target = write_csv(tmp_path / "out.csv", [["a"], ["1"]])

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert _csv_rows(target) == [["a"], ["1"]]  # the earlier file is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left


@pytest.mark.parametrize(
    "sentence,kind,text",
    [("Báo cáo về Sở Nội vụ trước ngày 15/12/2023.", "date", "trước ngày 15/12/2023"),
     ("gửi về UBND huyện trước ngày 15 của tháng cuối quý", "date", "trước ngày 15 của tháng cuối quý"),
     ("Hoàn thành trong Quý II/2023", "quarter", "trong Quý II/2023"),
     ("Định kỳ hằng năm báo cáo kết quả", "periodic", "Định kỳ hằng năm"),
     ("Hoàn thành trước năm 2025", "year", "Hoàn thành trước năm 2025"),
     ("Tăng cường kiểm tra công vụ", None, None)],
)
def test_find_deadline(sentence: str, kind: str | None, text: str | None) -> None:
    d = find_deadline(sentence)
    assert (d.kind if d else None, d.text if d else None) == (kind, text)
    if d:
        assert " ".join(sentence.split())[d.start:d.end] == d.text


def test_report_command_writes_the_rows_of_json(store_dir: Path, seeds_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cchc_kg.cli.core import _register_extensions, app

    _register_extensions()
    store = str(store_dir)
    runner = CliRunner()
    plan = str(seeds_dir / "004_1b521d6779d44ea6.txt")
    js = runner.invoke(app, ["agencies", "--doc", plan, "--store", store, "--json"])
    assert js.exit_code == 0, js.output
    rows = json.loads(js.stdout)
    out = tmp_path / "can-tho.xlsx"
    res = runner.invoke(app, ["report", "agencies", "-o", str(out), "--doc", plan, "--store", store])
    assert res.exit_code == 0, res.output
    got = _xlsx_rows(out, "Trách nhiệm")
    assert [r[0] for r in got[1:]] == [r["agency"]["name"] for r in rows]
    assert {"Trách nhiệm", "Ma trận", "Xếp hạng"} == set(openpyxl.load_workbook(out).sheetnames)
    bad = runner.invoke(app, ["report", "coverage", "-o", str(tmp_path / "x.pdf"), "--store", store])
    assert bad.exit_code != 0 and "x.pdf" in bad.output and not (tmp_path / "x.pdf").exists()


def test_planner_words_for_areas_and_agencies(backend) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.queries.plans import agencies, agency

    by_name = agencies(backend, area="Cải cách thủ tục hành chính")
    assert by_name and by_name == agencies(backend, area="tthc") == agencies(backend, area="cai cach thu tuc hanh chinh")
    res = agency(backend, "sở nội vụ cần thơ")
    orgs = {(o["agency"]["name"], o["agency"]["jurisdiction"]) for o in res["organisations"]}
    assert orgs == {("Sở Nội vụ", "thành phố Cần Thơ")}
