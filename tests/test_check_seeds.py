"""Integration: ``check`` and agencies over time on the real seed documents (../shared/seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_kg.kg.changes_graph import refresh_changes
from cchc_kg.cli.core import _register_extensions, app
from cchc_kg.kg.ids import agency_iri, doc_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.store import GraphStore
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.orgs_time import agencies_as_of
from cchc_kg.queries.checks import check

TIEN_GIANG = "001_cb50b58158a95c60.txt"
VINH_LONG = "000_3e13e4f5f52b4654.txt"


@pytest.fixture(scope="module")
def store_dir(seeds_dir: Path, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("seeds-store")
    with GraphStore.open(d, writable=True, create=True) as st:
        build(st, sorted(seeds_dir.glob("*.txt")), read=read_source, extract=extract_source)
        refresh_changes(st)
    return d


@pytest.fixture(scope="module")
def backend(store_dir: Path) -> EmbeddedBackend:
    return EmbeddedBackend(GraphStore.open(store_dir))


def _plan(be: EmbeddedBackend, name: str) -> str:
    (iri,) = [d["iri"] for d in be.documents(loaded_only=True) if d["source"].endswith(name) and d["type"] in ("KH", "kh")]
    return iri


def test_tien_giang_plan_cites_replaced_decrees(backend):
    plan = _plan(backend, TIEN_GIANG)
    fs = [f for f in check(backend, [plan], today="2026-01-01", shacl=False) if f["kind"] == "superseded-citation"]
    by_key = {f["cited_key"]: f for f in fs}
    nd16 = by_key["nd/2015/16/cp"]
    assert nd16["current"] == [doc_iri("nd/2021/60/cp")]
    assert [(s["document"], s["date"], s["confidence"]) for s in nd16["chain"]] == [(doc_iri("nd/2021/60/cp"), "2021-08-15", "V")]
    assert "16/2015/NĐ-CP" in nd16["evidence"][0]["quote"]
    # the other out-of-date citations of the 2016–2020 plan
    assert {"qd/2015/09/ttg", "nd/2015/56/cp", "nd/2014/108/cp"} <= set(by_key)
    assert by_key["qd/2015/09/ttg"]["current"] == [doc_iri("nd/2025/118/cp")]
    assert by_key["nd/2014/108/cp"]["current"] == [doc_iri("nd/2025/154/cp")]
    for f in fs:
        assert f["classification"] in ("drafting-error", "ageing", "undetermined")
        assert all(s["fact_source"] for s in f["chain"])


def test_vinh_long_e_government_duties_move_to_science_department(backend):
    plan = _plan(backend, VINH_LONG)
    tttt = agency_iri("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long")
    rs = [r for r in backend.responsibilities(plan) if r["agency"]["iri"] == tttt]
    assert any(r["area"] == "chinh-phu-so" for r in rs)
    rows = agencies_as_of(backend, rs, "2026-01-01", today="2026-11-24")
    for r in rows:
        a = r["agency_as_of"]
        assert [h["iri"] for h in a["holders"]] == [agency_iri("so-khoa-hoc-va-cong-nghe", "tỉnh Vĩnh Long")]
        assert [(e["date"], e["type"]) for e in a["chain"]] == [("2025-03-01", "merger"), ("2025-07-01", "province-merger")]
        assert all(e["confidence"] and e["fact_source"] for e in a["chain"])
    before = agencies_as_of(backend, rs, "2024-01-01")
    assert [h["iri"] for h in before[0]["agency_as_of"]["holders"]] == [tttt]


def test_long_phu_district_ends_and_soc_trang_joins_can_tho(backend):
    from cchc_kg.queries.orgs_time import holder_at

    lp = holder_at(backend, agency_iri("ubnd", "huyện Long Phú"), "2025-07-01")
    assert lp["holders"] == [] and lp["dissolved"] and lp["chain"][0]["type"] == "dissolution"
    st = holder_at(backend, agency_iri("ubnd", "tỉnh Sóc Trăng"), "2026-01-01")
    assert [h["iri"] for h in st["holders"]] == [agency_iri("ubnd", "thành phố Cần Thơ")]


def test_cli_check_exit_codes(store_dir, seeds_dir):
    _register_extensions()
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(seeds_dir / TIEN_GIANG), "--store", str(store_dir), "--as-of", "2026-01-01",
                              "--no-shacl", "--json"])
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout[res.stdout.index("{"):])
    assert any(f.get("cited_key") == "nd/2015/16/cp" for f in out["findings"])
    text = runner.invoke(app, ["check", str(seeds_dir / TIEN_GIANG), "--store", str(store_dir), "--as-of", "2026-01-01", "--no-shacl"])
    assert text.exit_code == 1 and "16/2015/NĐ-CP → 60/2021/NĐ-CP (thay thế, 15/08/2021, V)" in text.stdout
    en = runner.invoke(app, ["check", str(seeds_dir / TIEN_GIANG), "--store", str(store_dir), "--as-of", "2026-01-01",
                             "--no-shacl", "--lang", "en"])
    assert en.exit_code == 1 and "16/2015/NĐ-CP → 60/2021/NĐ-CP (replaces, 2021-08-15, V)" in en.stdout
    clean = runner.invoke(app, ["check", doc_iri("nd/2021/60/cp"), "--store", str(store_dir), "--no-shacl"])
    assert clean.exit_code == 0, clean.output
    bad = runner.invoke(app, ["check", "--store", str(store_dir), "--as-of", "yesterday"])
    assert bad.exit_code == 2
