"""The text → records pipeline on the five seed documents and the gazette corpus."""

import importlib.util

import pytest

from cchc_kg.kg.errors import NoIdentityError
from cchc_kg.loaders.pipeline import extract_source, read_text_file


def _run(seeds_dir, prefix):
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    src = read_text_file(path)
    exs = extract_source(src)
    for ex in exs:
        for r in ex.references:
            ev = r.evidence
            assert src.text[ev.start:ev.end] == ev.quote and ev.quote in ev.sentence
        for x in ex.relations:
            ev = x.evidence
            assert src.text[ev.start:ev.end] == ev.quote and ev.quote in ev.sentence
        ev = ex.document.evidence
        assert ev is not None and src.text[ev.start:ev.end] == ev.quote
    return exs


def _pairs(ex):
    return {(r.target.key, r.relation) for r in ex.references}


def test_long_phu(seeds_dir):
    (ex,) = _run(seeds_dir, "003")
    d = ex.document
    assert (d.doc_type, d.symbol, d.date, d.issuer, d.jurisdiction, d.level) == (
        "KH", "53/KH-UBND", "2022-05-31", "UBND huyện Long Phú", "huyện Long Phú", "district")
    assert d.key == "kh/2022/53/ubnd-huyen-long-phu" and d.place == "Long Phú"
    pairs = _pairs(ex)
    assert ("kh/2022/61/ubnd-tinh-soc-trang", "based_on") in pairs
    assert ("ctr/2022/17/hu-huyen-long-phu", "based_on") in pairs
    assert ("ctr/2022/17/hu-huyen-long-phu", "implements") in pairs
    assert ("kh/2021/130/ubnd-huyen-long-phu", "cites") in pairs  # "của UBND huyện" inherits the district
    based = {r.target.key for r in ex.references if r.relation == "based_on"}
    assert based == {"kh/2022/61/ubnd-tinh-soc-trang", "ctr/2022/17/hu-huyen-long-phu"}
    r61 = next(r for r in ex.references if r.target.key.startswith("kh/2022/61/"))
    assert r61.target.issuer == "UBND tỉnh Sóc Trăng" and r61.target.year == 2022
    assert ("ctr/2022/17/hu-huyen-long-phu", "implements", "nq/2021/10/tu-tinh-soc-trang") in {
        (x.subject.key, x.predicate, x.object.key) for x in ex.relations}
    assert not any(r.target.key.startswith("kh/") and "/53/" in r.target.key for r in ex.references)


def test_can_tho(seeds_dir):
    (ex,) = _run(seeds_dir, "004")
    d = ex.document
    assert (d.symbol, d.date, d.issuer, d.jurisdiction, d.level) == (
        "64/KH-UBND", "2022-03-23", "UBND thành phố Cần Thơ", "thành phố Cần Thơ", "province")
    assert ("ctr/2021/26/tu-thanh-pho-can-tho", "implements") in _pairs(ex)
    assert ("qd/2021/4168/ubnd-thanh-pho-can-tho", "cites") in _pairs(ex)
    # "căn cứ vào chất lượng đầu ra" in the appendix is no legal basis
    assert not any(r.relation == "based_on" for r in ex.references)


def test_vinh_long_decision_and_plan(seeds_dir):
    dec, plan = _run(seeds_dir, "000")
    assert (dec.document.doc_type, dec.document.number, dec.document.issuer) == ("QĐ", None, "UBND tỉnh Vĩnh Long")
    assert "/nn-" in dec.document.key and "/nn-" in plan.document.key
    assert (plan.document.doc_type, plan.document.jurisdiction) == ("KH", "tỉnh Vĩnh Long")
    assert ("luat/2015/77/qh13", "based_on") in _pairs(dec)
    assert ("luat/2019/47/qh14", "based_on") in _pairs(dec)
    assert ("ttr/2021/570/snv-tinh-vinh-long", "proposal") in _pairs(dec)
    assert ("nq/2021/76/cp", "based_on") in _pairs(plan)
    assert ("hd/2021/3759/bnv", "based_on") in _pairs(plan)
    assert ("nd/2020/45/cp", "cites") in _pairs(plan)
    assert [(x.subject.key, x.predicate, x.object.key) for x in dec.relations if x.predicate == "promulgates"] == [
        (dec.document.key, "promulgates", plan.document.key)]


def test_thua_thien_hue_implements(seeds_dir):
    (ex,) = _run(seeds_dir, "002")
    assert ex.document.jurisdiction == "tỉnh Thừa Thiên Huế" and ex.document.doc_type == "CTr"
    impl = [r.target.key for r in ex.references if r.relation == "implements"]
    assert impl == ["nq/2021/76/cp", "nq/2021/12/tu-tinh-thua-thien-hue"]
    pin = next(r for r in ex.references if r.target.key == "nd/2021/60/cp")
    assert pin.pinpoint == "khoản 4 Điều 35"
    assert {("nd/2020/107/cp", "cites"), ("nd/2020/108/cp", "cites")} <= _pairs(ex)


def test_tien_giang_old_programme(seeds_dir):
    (ex,) = _run(seeds_dir, "001")
    assert ex.document.jurisdiction == "tỉnh Tiền Giang"
    pairs = _pairs(ex)
    assert {("nq/2011/30c/cp", "based_on"), ("nq/2013/76/cp", "based_on"), ("qd/2016/225/ttg", "based_on"),
            ("qd/2012/133/ubnd-tinh-tien-giang", "based_on")} <= pairs
    assert {("nd/2015/16/cp", "cites"), ("nd/2014/24/cp", "cites"), ("ttlt/2014/71/btc", "cites")} <= pairs
    rels = {(x.subject.key, x.predicate, x.object.key) for x in ex.relations}
    assert {("nq/2013/76/cp", "amends", "nq/2011/30c/cp"), ("nd/2013/117/cp", "amends", "nd/2005/130/cp")} <= rels


@pytest.mark.skipif(importlib.util.find_spec("cchc_kg.loaders.plans") is None, reason="plans stage not installed")
def test_plan_facts_are_attached(seeds_dir):
    (ex,) = _run(seeds_dir, "003")
    assert ex.targets and not ex.warnings


@pytest.mark.slow
def test_gazette_corpus_runs(corpus_dir):
    files = sorted(corpus_dir.glob("*.txt"))
    assert len(files) >= 400
    identified = numbered = no_identity = 0
    for path in files:
        src = read_text_file(path)
        try:
            exs = extract_source(src)
        except NoIdentityError:
            no_identity += 1
            continue
        identified += 1
        numbered += bool(exs[0].document.number)
        for ex in exs:
            for r in ex.references:
                assert src.text[r.evidence.start:r.evidence.end] == r.evidence.quote
    assert identified >= 390 and numbered >= 375 and identified + no_identity == len(files)
