"""Property-based tests of the symbol and date grammar (hypothesis)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cchc_kg.kg.ids import doc_key, fold, slug
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.docquery import parse_doc_query
from cchc_kg.loaders.symbols import parse_date, parse_symbol

ADMIN_TYPES = ["NĐ", "NQ", "QĐ", "CT", "TT", "KH", "HD"]
NATIONAL_ISSUERS = ["CP", "TTg", "BNV", "BTC", "BTTTT", "VPCP"]
LOCAL_ISSUERS = ["UBND", "HĐND", "SNV", "STP"]
PARTY = [("CTr", "TU"), ("CTr", "HU"), ("NQ", "TW"), ("KL", "TW"), ("NQ", "TU")]

numbers = st.integers(min_value=1, max_value=9999).map(str) | st.tuples(
    st.integers(min_value=1, max_value=300), st.sampled_from("abc")
).map(lambda t: f"{t[0]}{t[1]}")
years = st.integers(min_value=1990, max_value=2030)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(numbers, years, st.sampled_from(ADMIN_TYPES), st.sampled_from(NATIONAL_ISSUERS), st.booleans())
@example("45", 2020, "NĐ", "CP", True)
def test_administrative_symbols_round_trip(number: str, year: int, typ: str, issuer: str, with_year: bool) -> None:
    text = f"{number}/{year}/{typ}-{issuer}" if with_year else f"{number}/{typ}-{issuer}"
    sym = parse_symbol(text)
    assert (sym.number, sym.doc_type, sym.issuer_code) == (number, typ, issuer)
    assert sym.year == (year if with_year else None)
    assert sym.symbol == text
    # noise the real documents carry: markdown emphasis, a space after a slash,
    # lower case — through the same stages as the pipeline (clean → parse)
    noisy = text.replace("/", "/ ", 1).replace(typ, f"**{typ}**", 1)
    assert len(clean(noisy)) == len(noisy)
    assert parse_symbol(clean(noisy)).symbol == text


@settings(max_examples=200, deadline=None)
@given(numbers, st.sampled_from(PARTY))
def test_party_symbols_round_trip(number: str, party: tuple[str, str]) -> None:
    typ, issuer = party
    sym = parse_symbol(f"{number}-{typ}/{issuer}")
    assert (sym.number, sym.issuer_code, sym.year) == (number, issuer, None)
    assert fold(sym.doc_type or "") == fold(typ)


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(["{d}/{m}/{y}", "{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}", "ngày {d} tháng {m} năm {y}", "ngày {d:02d} tháng {m:02d} năm {y}"]))
def test_dates_round_trip(day: dt.date, fmt: str) -> None:
    text = fmt.format(d=day.day, m=day.month, y=day.year)
    assert parse_date(text) == day.isoformat()
    assert parse_date(f"Hà Nội, {text}") == day.isoformat()


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 31), st.integers(1, 12), years)
def test_impossible_dates_are_rejected(d: int, m: int, y: int) -> None:
    try:
        dt.date(y, m, d)
    except ValueError:
        try:
            got = parse_date(f"{d}/{m}/{y}")
        except ValueError:
            return
        raise AssertionError(f"{d}/{m}/{y} parsed as {got}")
    assert parse_date(f"{d}/{m}/{y}") == dt.date(y, m, d).isoformat()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes_the_parsers(text: str) -> None:
    for fn in (parse_symbol, parse_date):
        try:
            fn(text)
        except ValueError:
            pass
    q = parse_doc_query(text)
    assert q.kind in ("iri", "path", "citation")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_fold_and_slug_are_stable(text: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert fold(nfc) == fold(nfd)
    assert fold(fold(text)) == fold(text)
    assert slug(text) == slug(slug(text).replace("-", " ")) or slug(text) == ""
    assert all(c.isascii() for c in slug(text))


@settings(max_examples=200, deadline=None)
@given(numbers, years, st.sampled_from(ADMIN_TYPES), st.sampled_from(LOCAL_ISSUERS), st.sampled_from(["tỉnh Vĩnh Long", "huyện Long Phú", "thành phố Cần Thơ"]))
def test_keys_separate_years_and_jurisdictions(number: str, year: int, typ: str, issuer: str, where: str) -> None:
    k = doc_key(typ, number, issuer, year, jurisdiction=where)
    assert k != doc_key(typ, number, issuer, year + 1, jurisdiction=where)
    assert k != doc_key(typ, number, issuer, year, jurisdiction="tỉnh Khác")
    assert k == doc_key(typ, number, issuer, year, jurisdiction=unicodedata.normalize("NFD", where))
