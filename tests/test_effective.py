"""Entry into force read from a document's own "hiệu lực" clause, and used by validity.

Made-up sentences for every phrasing class, clauses that must not be read,
a made-up pair of decrees end to end (the replaced one ends on its
successor's entry into force, with the clause as evidence), and a few real
gazette files checked by hand (read from ../shared, nothing copied).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_kg.kg.ingest import build
from cchc_kg.kg.store import GraphStore
from cchc_kg.loaders.effective import effective_of, find_effective
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.validity_facts import ValidityFacts
from cchc_kg.queries.validity_sparql import primitives

CASES = [
    # (text, signing date, basis, date, days)
    ("Điều 9. Hiệu lực thi hành\nThông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2024.",
     "2023-12-20", "stated", "2024-02-15", None),
    ("Điều 4. Quyết định này có hiệu lực từ ngày 01/7/2025.", "2025-06-01", "stated", "2025-07-01", None),
    ("1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026, trừ trường hợp quy định tại khoản 2 Điều này.",
     "2025-06-20", "stated", "2026-01-01", None),
    ("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", "2022-03-04", "signing", "2022-03-04", None),
    ("Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.", "2022-03-04", "signing", "2022-03-04", None),
    ("Điều 2. Chỉ thị này có hiệu lực kể từ ngày ban hành.", "2021-10-10", "signing", "2021-10-10", None),
    ("Nghị quyết này đã được Hội đồng nhân dân tỉnh khóa X thông qua.\nĐiều 5. Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.",
     "2023-12-08", "adoption", "2023-12-08", None),
    ("2. Thông tư này có hiệu lực thi hành sau 45 ngày kể từ ngày ký.", "2024-01-01", "days-after-signing", "2024-02-15", 45),
    ("Điều 12. Hiệu lực thi hành\nNghị định này có hiệu lực\nthi hành từ ngày 01 tháng 3\nnăm 2024.", "2024-01-10", "stated",
     "2024-03-01", None),  # hard-wrapped PDF lines
    ("**Điều 3.** Quyết định này có hiệu lực kể từ ngày ký.", "2020-05-05", "signing", "2020-05-05", None),  # markdown
]


@pytest.mark.parametrize("text,signed,basis,date,days", CASES)
def test_every_phrasing_class(text: str, signed: str, basis: str, date: str, days: int | None) -> None:
    e = find_effective(text, signed=signed, source="x.txt")
    assert e is not None, text
    assert (e.basis, e.date, e.days) == (basis, date, days)
    assert text[e.evidence.start:e.evidence.end] == e.evidence.quote
    assert "hiệu lực" in e.evidence.quote and e.evidence.quote in e.evidence.sentence.replace("\n", "\n")


@pytest.mark.parametrize("text", [
    # transitional provisions: the clause is inside a sentence about something else
    "Hồ sơ đã nộp trước ngày Nghị định này có hiệu lực thi hành từ ngày 01/7/2024 thì tiếp tục giải quyết.",
    "Quyết định số 5/QĐ-UBND hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành.",
    # about another document
    "Thông tư số 12/2024/TT-BNV có hiệu lực từ ngày 01 tháng 7 năm 2024.",
    # tied to another document, no date of its own
    "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày Nghị định số 9/2025/NĐ-CP có hiệu lực.",
    # an impossible date is not a date
    "Điều 3. Quyết định này có hiệu lực từ ngày 31/02/2024.",
])
def test_clauses_that_are_not_the_documents_own_entry_into_force(text: str) -> None:
    assert find_effective(text, signed="2024-01-01") is None


def test_the_first_clause_wins_and_a_signing_clause_without_a_date_has_none() -> None:
    t = "1. Nghị định này có hiệu lực từ ngày 01/3/2024.\n2. Khoản 2 Điều 4 có hiệu lực từ ngày 01/01/2025."
    assert find_effective(t, signed=None).date == "2024-03-01"
    e = find_effective("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", signed=None)
    assert e is not None and e.basis == "signing" and e.date is None


def test_a_consolidated_text_restates_clauses_that_are_not_its_own() -> None:
    t = "Điều 9. Thông tư này có hiệu lực từ ngày 01/7/2025."
    assert effective_of("VBHN", t, signed="2026-05-26") is None
    assert effective_of("TT", t, signed="2025-05-20").date == "2025-07-01"


OLD = """CHÍNH PHỦ
Số: 77/2019/NĐ-CP
Hà Nội, ngày 10 tháng 3 năm 2019
NGHỊ ĐỊNH
Quy định về thử nghiệm một cửa liên thông cấp xã
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc thử nghiệm một cửa liên thông ở cấp xã.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2019.
"""

NEW = """CHÍNH PHỦ
Số: 88/2023/NĐ-CP
Hà Nội, ngày 20 tháng 11 năm 2023
NGHỊ ĐỊNH
Quy định về một cửa liên thông cấp xã
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc thực hiện một cửa liên thông ở cấp xã.
Điều 2. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 15 tháng 01 năm 2024.
2. Nghị định này thay thế Nghị định số 77/2019/NĐ-CP ngày 10 tháng 3 năm 2019 của Chính phủ quy định về thử nghiệm một cửa liên thông cấp xã.
"""


@pytest.fixture()
def pair_store(tmp_path: Path) -> Iterator[GraphStore]:
    files = []
    for name, text in (("old.txt", OLD), ("new.txt", NEW)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        files.append(p)
    st = GraphStore.open(tmp_path / "store", writable=True, create=True)
    build(st, files, read=read_source, extract=extract_source)
    yield st
    st.close()


def _iri(st: GraphStore, part: str) -> str:
    hits = sorted({r["doc"] for r in st.select("PREFIX cchc: <https://w3id.org/cchc/ontology#> SELECT ?doc ?k WHERE { ?doc cchc:docKey ?k }")
            if part in r["k"]})
    assert len(hits) == 1, hits
    return hits[0]


def test_a_replaced_decree_ends_on_its_successors_entry_into_force_with_the_clause_as_evidence(pair_store: GraphStore) -> None:
    st = pair_store
    old, new = _iri(st, "nd/2019/77"), _iri(st, "nd/2023/88")
    vf = ValidityFacts.from_source(EmbeddedBackend(st))
    n = vf.validity(new)
    assert (n["effective"], n["effective_source"]) == ("2024-01-15", "corpus")
    ev = n["effective_evidence"]
    assert ev["source_path"].endswith("new.txt") and ev["basis"] == "stated"
    assert NEW[ev["start"]:ev["end"]] == ev["quote"] and "hiệu lực" in ev["quote"]
    o = vf.validity(old)
    assert o["effective"] == "2019-05-01"
    assert o["end"] == "2024-01-15", "ends when its successor enters into force, not on the signing date (2023-11-20)"
    step = o["successors"][0]
    assert (step["successor"], step["date_source"]) == (new, "successor-effective")
    assert step["date_evidence"]["quote"] == ev["quote"]


def test_the_sparql_primitives_read_the_same_clause(pair_store: GraphStore) -> None:
    st = pair_store
    new = _iri(st, "nd/2023/88")
    via_sparql = primitives(st).document_validity(new)
    via_index = ValidityFacts.from_source(EmbeddedBackend(st)).document_facts(new)
    for k in ("effective", "effective_source", "effective_evidence"):
        assert via_sparql[k] == via_index[k], k


def test_the_catalog_date_wins_over_the_clause() -> None:
    from cchc_kg.queries.validity_sparql import merge_effective

    clause = {"date": "2021-08-01", "basis": "stated", "source_path": "a.txt", "start": 1, "end": 5, "sentence": "s", "quote": "q"}
    f = merge_effective({"effective": "2021-07-15"}, [clause])
    assert (f["effective"], f["effective_source"], f["effective_evidence"]) == ("2021-07-15", "catalog", clause)


# real gazette files, checked by hand against the text: (file, basis, date)
GAZETTE = [
    ("g002.txt", "stated", "2023-02-15"),
    ("g230.txt", "days-after-signing", "2026-07-14"),
    ("g146.txt", "stated", "2022-08-01"),
    ("g068.txt", "signing", None),  # signing: the document's own date
]


@pytest.mark.parametrize("name,basis,date", GAZETTE)
def test_real_gazette_files(corpus_dir: Path, name: str, basis: str, date: str | None) -> None:
    src = read_source(corpus_dir / name)
    ex = extract_source(src)[0]
    e = ex.effective
    assert e is not None
    assert e.basis == basis
    assert e.date == (date or ex.document.date)
    assert src.text[e.evidence.start:e.evidence.end] == e.evidence.quote


def test_consolidated_gazette_texts_get_no_clause_of_their_own(corpus_dir: Path) -> None:
    for name in ("g017.txt", "g128.txt"):
        ex = extract_source(read_source(corpus_dir / name))[0]
        assert ex.document.doc_type == "VBHN" and ex.effective is None
