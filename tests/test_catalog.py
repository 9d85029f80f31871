"""Integrity of the built-in catalog (documents, targets, restructuring)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cchc_kg.kg import catalog
from cchc_kg.kg.catalog import (
    RELATION_PREDICATES,
    by_key,
    current_version,
    find_by_symbol,
    find_law,
    level_end_date,
    national_documents,
    national_targets,
    province_mergers,
    restructuring_facts,
    sources,
    successor_agency,
    successor_province,
    successors,
    target_by_id,
)
from cchc_kg.kg.ids import doc_key

DATA = Path(catalog.__file__).parent
CONF = {"V", "S", "U"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AREAS = {"the-che", "tthc", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so", "hien-dai-hoa", "chung"}
LEVELS = {"national", "province", "district", "commune", "party-central"}


def _keys() -> set[str]:
    return {d.key for d in national_documents()}


def test_document_keys_unique_and_rows_well_formed() -> None:
    docs = national_documents()
    assert len({d.key for d in docs}) == len(docs)
    assert len({d.id for d in docs}) == len(docs)
    known = set(sources())
    for d in docs:
        assert d.confidence in CONF, d.id
        assert set(d.sources) <= known, d.id
        assert d.level in LEVELS, d.id
        for date in (d.date, d.effective, d.end):
            assert date is None or ISO.match(date), (d.id, date)
        if d.date:
            assert int(d.date[:4]) == d.year, d.id
        if d.end:
            assert d.in_force is False, d.id


def test_every_relation_object_is_a_catalog_row() -> None:
    keys, known = _keys(), set(sources())
    for d in national_documents():
        for rel in d.relations:
            assert set(rel) == {"predicate", "object", "date", "confidence", "sources"}, d.id
            assert rel["predicate"] in RELATION_PREDICATES, d.id
            assert rel["object"] in keys, (d.id, rel["object"])
            assert rel["object"] != d.key
            assert rel["confidence"] in CONF
            assert set(rel["sources"]) <= known
            assert rel["date"] is None or ISO.match(rel["date"])


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (("QĐ", "09", "TTg", 2015), "replaces", ("QĐ", "93", "TTg", 2007)),
        (("NĐ", "61", "CP", 2018), "replaces", ("QĐ", "09", "TTg", 2015)),
        (("NĐ", "107", "CP", 2021), "amends", ("NĐ", "61", "CP", 2018)),
        (("NĐ", "118", "CP", 2025), "replaces", ("NĐ", "61", "CP", 2018)),
        (("NĐ", "118", "CP", 2025), "replaces", ("NĐ", "107", "CP", 2021)),
        (("NĐ", "60", "CP", 2021), "replaces", ("NĐ", "16", "CP", 2015)),
        (("NQ", "76", "CP", 2021), "follows", ("NQ", "30c", "CP", 2011)),
        (("NĐ", "90", "CP", 2020), "replaces", ("NĐ", "56", "CP", 2015)),
        (("NĐ", "29", "CP", 2023), "replaces", ("NĐ", "108", "CP", 2014)),
        (("NĐ", "154", "CP", 2025), "replaces", ("NĐ", "29", "CP", 2023)),
        (("Luật", "65", "QH15", 2025), "replaces", ("Luật", "77", "QH13", 2015)),
        (("Luật", "72", "QH15", 2025), "repeals", ("Luật", "65", "QH15", 2025)),
        (("Luật", "47", "QH14", 2019), "amends", ("Luật", "77", "QH13", 2015)),
        (("Luật", "47", "QH14", 2019), "amends", ("Luật", "76", "QH13", 2015)),
        (("CT", "23", "TTg", 2021), "implements", ("NQ", "76", "CP", 2021)),
        (("QĐ", "225", "TTg", 2016), "implements", ("NQ", "30c", "CP", 2011)),
    ],
)
def test_relation_chains(subject: tuple, predicate: str, obj: tuple) -> None:
    s, o = doc_key(*subject), doc_key(*obj)
    assert (predicate, o) in {(r["predicate"], r["object"]) for r in by_key(s).relations}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("qd/2007/93/ttg", "nd/2025/118/cp"),
        ("nd/2021/107/cp", "nd/2025/118/cp"),
        ("nd/2014/108/cp", "nd/2025/154/cp"),
        ("luat/2015/77/qh13", "luat/2025/72/qh15"),
        ("luat/2015/80/qh13", "luat/2025/64/qh15"),
        ("nq/2021/76/cp", "nq/2021/76/cp"),
    ],
)
def test_current_version(key: str, expected: str) -> None:
    assert current_version(key) == expected


@pytest.mark.parametrize(
    ("name", "date", "symbol"),
    [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19", "77/2015/QH13"),
        ("Luật Tổ chức chính quyền địa phương", "2025-06-16", "72/2025/QH15"),
        ("Luật Tổ chức chính quyền địa phương", "2025-02-19", "65/2025/QH15"),
        ("Luật tổ chức Chính phủ", "2015-06-19", "76/2015/QH13"),
        ("Luật Tổ chức Chính phủ", "2025-02-18", "63/2025/QH15"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức chính phủ và Luật Tổ chức chính quyền địa phương", "2019-11-22", "47/2019/QH14"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương", None, "47/2019/QH14"),
        ("Luật Ban hành văn bản quy phạm pháp luật", "2015-06-22", "80/2015/QH13"),
        ("Luật Ban hành văn bản quy phạm pháp luật", "2025-02-19", "64/2025/QH15"),
        ("Luật Quy hoạch", "2017-11-24", "21/2017/QH14"),
        ("Luật Tổ chức chính quyền địa phương", None, None),  # three laws share the name
        ("Luật Không Có", None, None),
    ],
)
def test_find_law(name: str, date: str | None, symbol: str | None) -> None:
    doc = find_law(name, date)
    assert (doc.symbol if doc else None) == symbol


@pytest.mark.parametrize(
    ("doc_type", "number", "issuer", "years"),
    [("NQ", "76", "CP", [2013, 2021]), ("NĐ", "107", "CP", [2020, 2021]), ("NĐ", "108", "CP", [2014, 2020]),
     ("Luật", "63", None, [2020, 2025]), ("NQ", "18", "TW", [2017])],
)
def test_find_by_symbol_keeps_years_apart(doc_type: str, number: str, issuer: str | None, years: list[int]) -> None:
    assert sorted(d.year for d in find_by_symbol(doc_type, number, issuer)) == years


def test_hd_3759_uses_issuer_bnv() -> None:
    (doc,) = find_by_symbol("HD", "3759", "BNV")
    assert doc.key == "hd/2021/3759/bnv" and doc.confidence == "U"


def test_every_section_a_row_is_catalogued() -> None:
    ids = {d.id for d in national_documents()}
    assert {f"A{i:02d}" for i in range(1, 40)} <= ids


def test_targets_well_formed() -> None:
    keys, known = _keys(), set(sources())
    targets = national_targets()
    assert len({t.id for t in targets}) == len(targets)
    assert {f"B{i:02d}" for i in range(1, 33)} <= {t.id for t in targets}
    for t in targets:
        assert t.area in AREAS, t.id
        assert t.comparator in {">=", ">", "reduce>=", "top"}, t.id
        assert t.confidence in CONF and set(t.sources) <= known, t.id
        assert t.document in keys and t.programme in keys and set(t.related) <= keys, t.id
        assert set(t.levels) <= LEVELS and t.metric and t.metric_en, t.id
        for b in t.breakdown:
            assert set(b["levels"]) <= LEVELS and isinstance(b["value"], (int, float))


@pytest.mark.parametrize(
    ("tid", "area", "value", "year", "comparator", "document"),
    [
        ("B06", "tthc", 80.0, 2025, ">=", "nq/2021/76/cp"),
        ("B15", "tthc", 30.0, 2030, "top", "nq/2021/76/cp"),
        ("B19", "to-chuc-bo-may", 10.0, 2025, "reduce>=", "nq/2017/19/tw"),
        ("B21", "tai-chinh-cong", 20.0, 2025, ">=", "nq/2021/31/qh15"),
        ("B28", "chinh-phu-so", 90.0, 2025, ">=", "qd/2021/942/ttg"),
        ("B29", "chinh-phu-so", 80.0, 2025, ">=", "qd/2020/749/ttg"),
    ],
)
def test_target_rows(tid: str, area: str, value: float, year: int, comparator: str, document: str) -> None:
    t = target_by_id(tid)
    assert (t.area, t.value, t.year, t.comparator, t.document) == (area, value, year, comparator, document)
    assert t.programme == "nq/2021/76/cp"


def test_target_breakdown_by_level() -> None:
    assert [b["value"] for b in target_by_id("B28").breakdown] == [90, 80, 60]


def test_restructuring_keys_exist() -> None:
    keys = _keys()
    raw = json.loads((DATA / "restructuring.json").read_text("utf-8"))
    for m in raw["agency_mergers"]:
        assert m["instrument"] in keys
        for k in ("functions_decree", "guidance"):
            assert m[k] is None or m[k] in keys
    for c in raw["level_changes"] + raw["province_mergers"] + raw["province_status_changes"]:
        assert c["instrument"] is None or c["instrument"] in keys
        assert c.get("commune_instrument") is None or c["commune_instrument"] in keys
    assert set().union(*(m["sources"] for m in raw["province_mergers"])) <= set(sources())


def test_province_merger_counts() -> None:
    mergers = province_mergers()
    facts = restructuring_facts()
    assert len(mergers) == facts["province_summary"]["new_units"] == 23
    members = [x for m in mergers for x in m.members]
    assert len(members) == len(set(members)) == 52
    assert len(mergers) + len(facts["unchanged_provinces"]["provinces"]) == 34


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("tỉnh Bến Tre", None, "tỉnh Vĩnh Long"),
        ("Trà Vinh", "2025-07-01", "tỉnh Vĩnh Long"),
        ("tỉnh Tiền Giang", "2025-07-01", "tỉnh Đồng Tháp"),
        ("tỉnh Hậu Giang", None, "thành phố Cần Thơ"),
        ("tỉnh Hoà Bình", None, "tỉnh Phú Thọ"),  # tone-mark placement variant
        ("tỉnh Thừa Thiên Huế", "2024-12-31", "tỉnh Thừa Thiên Huế"),
        ("tỉnh Thừa Thiên Huế", None, "thành phố Huế"),
        ("tỉnh Nghệ An", None, "tỉnh Nghệ An"),
        ("tỉnh Sóc Trăng", "2025-06-30", "tỉnh Sóc Trăng"),
    ],
)
def test_successor_province(name: str, on: str | None, expected: str) -> None:
    assert successor_province(name, on) == expected


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("Sở Thông tin và Truyền thông", "2025-03-01", "so-khoa-hoc-va-cong-nghe"),
        ("Sở Kế hoạch và Đầu tư", None, "so-tai-chinh"),
        ("Sở Lao động - Thương binh và Xã hội", None, "so-noi-vu"),
        ("Sở Giao thông vận tải", None, "so-xay-dung"),
        ("Sở Tài nguyên và Môi trường", None, "so-nong-nghiep-va-moi-truong"),
        ("Bộ Kế hoạch và Đầu tư", None, "bo-tai-chinh"),
        ("Bộ Thông tin và Truyền thông", "2025-02-28", "bo-thong-tin-va-truyen-thong"),
        ("Sở Tư pháp", None, "so-tu-phap"),
    ],
)
def test_successor_agency(name: str, on: str | None, expected: str) -> None:
    assert successor_agency(name, on) == expected


def test_district_level_end_and_successors() -> None:
    assert level_end_date("district") == "2025-07-01"
    assert successors("luat/2025/65/qh15") == ["luat/2025/72/qh15"]


def test_sources_index_complete() -> None:
    idx = sources()
    assert len(idx) == 92
    assert all(u.startswith("http") for urls in idx.values() for u in urls)
