"""Issue-3 acceptance on the seeds, through the CLI: implements, coverage, agencies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_kg.cli.core import app
from cchc_kg.kg.store import GraphStore

runner = CliRunner()
SEEDS = {
    "000_3e13e4f5f52b4654.txt": "Vĩnh Long",
    "001_cb50b58158a95c60.txt": "Tiền Giang",
    "002_419fadcc389eb636.txt": "Thừa Thiên Huế",
    "003_dad5fdeea82cee8c.txt": "Long Phú",
    "004_1b521d6779d44ea6.txt": "Cần Thơ",
}


def cli(*args: str, code: int | None = 0) -> str:
    res = runner.invoke(app, list(args))
    if code is not None:
        assert res.exit_code == code, f"exit {res.exit_code}: {res.output}"
    return res.stdout


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("plans") / "store"
    cli("build", *(str(seeds_dir / f) for f in SEEDS), "--store", str(st))
    return st


def test_online_payment_target_is_implemented_by_four_plans(store: Path) -> None:
    res = json.loads(cli("implements", "thanh toán trực tuyến", "--store", str(store), "--json"))
    by_id = {r["national_target"]["national_id"]: r for r in res}
    assert "B06" in by_id and "B07" in by_id
    for nid, value in (("B06", 80.0), ("B07", 30.0)):
        r = by_id[nid]
        assert r["national_target"]["value"] == value
        files = {Path(p["document"]["source"]).name for p in r["plans"]}
        assert files == {"000_3e13e4f5f52b4654.txt", "002_419fadcc389eb636.txt", "003_dad5fdeea82cee8c.txt", "004_1b521d6779d44ea6.txt"}
        for p in r["plans"]:
            assert {"source", "symbol", "year", "iri", "type", "issuer"} <= set(p["document"])
            best = p["local_targets"][0]
            assert best["value"] == value and best["year"] == 2025 and best["comparison"] == "equal"
            ev = best["evidence"]
            text = Path(ev["source_path"]).read_text(encoding="utf-8")
            assert text[ev["start"]: ev["end"]] == ev["quote"]


def test_implements_unknown_target_exits_1(store: Path) -> None:
    res = runner.invoke(app, ["implements", "không có chỉ tiêu nào như vậy", "--store", str(store)])
    assert res.exit_code == 1


def test_coverage_matrix(store: Path) -> None:
    cov = json.loads(cli("coverage", "--store", str(store), "--json"))
    assert len(cov["plans"]) == 5 and len(cov["targets"]) >= 30
    b06 = next(t for t in cov["targets"] if t["national_id"] == "B06")
    cells = {Path(p["source"]).name: cov["cells"][b06["iri"]][p["iri"]] for p in cov["plans"]}
    assert cells["001_cb50b58158a95c60.txt"]["status"] == "missing"
    assert cells["004_1b521d6779d44ea6.txt"] == {"status": "adopted", "value": 80.0, "comparison": "equal", "score": 1.0,
                                                 "comparison_label": "bằng"}  # JSON adds labels, never renames keys
    md = cli("coverage", "--store", str(store), "--format", "markdown")
    assert md.startswith("| target |") and "| B06 |" in md
    csv_text = cli("coverage", "--store", str(store), "--format", "csv")
    assert csv_text.splitlines()[0].startswith("national_target,metric,value,year")
    assert "B06" in cli("coverage", "--store", str(store))


def test_every_plan_has_a_standing_body_and_area_leads(store: Path, seeds_dir: Path) -> None:
    for f in SEEDS:
        rows = json.loads(cli("agencies", "--doc", str(seeds_dir / f), "--store", str(store), "--json"))
        standing = {r["agency"]["name"] for r in rows if r["role"] == "standing"}
        assert standing & {"Sở Nội vụ", "Phòng Nội vụ"}, (f, standing)
        leads = {r["area"] for r in rows if r["role"] == "lead" and r["area"]}
        digital = "hien-dai-hoa" if f.startswith("001") else "chinh-phu-so"  # 2016–2020 programme
        assert {"tthc", digital} <= leads, (f, leads)
        for r in rows:
            ev = r["evidence"]
            assert ev["sentence"] and ev["start"] is not None and ev["source_path"]


def test_can_tho_electronic_identity_row_led_by_police(store: Path, seeds_dir: Path) -> None:
    rows = json.loads(
        cli("agencies", "--doc", str(seeds_dir / "004_1b521d6779d44ea6.txt"), "--role", "lead", "--store", str(store), "--json")
    )
    police = [r for r in rows if r["agency"]["name"].startswith("Công an")]
    assert any("định danh" in (r["task"] or "") or "định danh" in r["evidence"]["sentence"] for r in police)


def test_agency_kind_across_jurisdictions(store: Path) -> None:
    res = json.loads(cli("agency", "Sở Nội vụ", "--store", str(store), "--json"))
    jur = {o["agency"]["jurisdiction"] for o in res["organisations"]}
    assert {"tỉnh Vĩnh Long", "thành phố Cần Thơ"} <= jur
    assert len({o["agency"]["iri"] for o in res["organisations"]}) == len(res["organisations"])


def test_targets_command_filters_by_area(store: Path, seeds_dir: Path) -> None:
    all_t = json.loads(cli("targets", str(seeds_dir / "004_1b521d6779d44ea6.txt"), "--store", str(store), "--json"))
    tthc = json.loads(cli("targets", str(seeds_dir / "004_1b521d6779d44ea6.txt"), "--area", "tthc", "--store", str(store), "--json"))
    assert 0 < len(tthc["targets"]) < len(all_t["targets"])
    years = {t["year"] for t in all_t["targets"]}
    assert {2025, 2030} <= years


def test_plan_facts_in_rdf_carry_evidence(store: Path) -> None:
    st = GraphStore.open(store)
    rows = st.select(
        "PREFIX cchc: <https://w3id.org/cchc/ontology#> "
        "SELECT ?kind (COUNT(?n) AS ?all) (COUNT(?s) AS ?with) WHERE { "
        "VALUES ?kind { cchc:Target cchc:Responsibility cchc:Alignment } ?n a ?kind . "
        "OPTIONAL { ?n cchc:sentence ?s0 . BIND(?n AS ?s) } } GROUP BY ?kind"
    )
    by = {r["kind"].rsplit("#", 1)[-1]: r for r in rows}
    for k in ("Responsibility", "Alignment"):
        assert by[k]["all"] > 0 and by[k]["all"] == by[k]["with"], by[k]
    # targets: extracted ones have spans, catalog ones have confidence + source instead
    missing = st.select(
        "PREFIX cchc: <https://w3id.org/cchc/ontology#> SELECT ?n WHERE { ?n a cchc:Target . "
        "FILTER NOT EXISTS { ?n cchc:sentence ?s } FILTER NOT EXISTS { ?n cchc:factSource ?f } }"
    )
    assert missing == []


def test_agencies_as_of_follow_the_2025_restructuring(store: Path, seeds_dir: Path) -> None:
    vinh_long = str(seeds_dir / "000_3e13e4f5f52b4654.txt")
    rows = json.loads(cli("agencies", "--doc", vinh_long, "--as-of", "2026-01-01", "--store", str(store), "--json"))
    tttt = [r for r in rows if r["agency"]["name"] == "Sở Thông tin và Truyền thông" and r["area"] == "chinh-phu-so"]
    assert tttt
    held = tttt[0]["agency_as_of"]
    assert held["changed"] and [h["name"] for h in held["holders"]] == ["Sở Khoa học và Công nghệ"]
    assert held["holders"][0]["jurisdiction"] == "tỉnh Vĩnh Long"
    events = {(e["date"], e["type"]) for e in held["chain"]}
    assert ("2025-03-01", "merger") in events and ("2025-07-01", "province-merger") in events
    assert all(e["confidence"] and e["fact_source"] for e in held["chain"])
    before = json.loads(cli("agencies", "--doc", vinh_long, "--as-of", "2024-01-01", "--store", str(store), "--json"))
    assert not [r for r in before if r["agency"]["name"] == "Sở Thông tin và Truyền thông" and r["agency_as_of"]["changed"]]
    text = cli("agencies", "--doc", vinh_long, "--as-of", "2026-01-01", "--store", str(store))
    assert "ngày 01/01/2026 do Sở Khoa học và Công nghệ [tỉnh Vĩnh Long] đảm nhiệm" in text
    text_en = cli("agencies", "--doc", vinh_long, "--as-of", "2026-01-01", "--store", str(store), "--lang", "en")
    assert "held on 2026-01-01 by: Sở Khoa học và Công nghệ [tỉnh Vĩnh Long]" in text_en
