"""Stable identity keys and IRIs (pure functions, no graph library).

Identity of a document is (type, number, issuer, year) — never the bare
symbol, because ``76/NQ-CP`` was issued in 2013 *and* in 2021.

Key grammar (also the path of the document IRI under ``DOC_BASE``)::

    {type}/{year|unknown}/{number}/{issuer}        numbered documents
    {type}/{year|nd}/nn-{hash8}/{issuer}           documents without a number

``issuer`` is the lower-cased ASCII issuer code for national bodies
(``cp``, ``ttg``, ``qh13``, ``bnv``) and ``code-jurisdiction`` for local
ones (``ubnd-huyen-long-phu``, ``tu-tinh-soc-trang``).

>>> slug("Nghị định")
'nghi-dinh'
>>> doc_key("NĐ", "45", "CP", 2020)
'nd/2020/45/cp'
>>> doc_key("KH", "53", "UBND", 2022, jurisdiction="huyện Long Phú")
'kh/2022/53/ubnd-huyen-long-phu'
>>> doc_iri('nd/2020/45/cp')
'https://w3id.org/cchc/id/doc/nd/2020/45/cp'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "BASE",
    "DOC_BASE",
    "slug",
    "fold",
    "is_local_issuer",
    "issuer_slug",
    "doc_key",
    "unnumbered_key",
    "doc_iri",
    "key_from_iri",
    "agency_iri",
    "unit_iri",
    "source_graph_iri",
    "fact_iri",
]

BASE = "https://w3id.org/cchc/"
DOC_BASE = BASE + "id/doc/"
AGENCY_BASE = BASE + "id/org/"
UNIT_BASE = BASE + "id/unit/"
GRAPH_BASE = BASE + "graph/"
FACT_BASE = BASE + "id/fact/"

# Issuer codes whose documents are issued by a body with one jurisdiction
# only when combined with a place: they need the jurisdiction in the key.
LOCAL_ISSUER_CODES = frozenset(
    {
        "UBND", "HĐND", "HDND", "TU", "HU", "ĐU", "DU", "TH", "QU", "TXU", "BCĐ", "BCD",
        "SNV", "STP", "STC", "SKHĐT", "SKHDT", "STTTT", "SKHCN", "VP", "VPUBND",
        "UBMTTQ", "BTV", "BTG",
    }
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class _FoldTable(dict):
    """Lazy ``str.translate`` table: code point → its base letters, lower-cased."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        out = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        out = out.replace("đ", "d").replace("Đ", "D").lower()
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold Vietnamese text for matching: strip marks, đ→d, lower, one space.

    Tone-placement variants (``ủy``/``uỷ``, ``hòa``/``hoà``) fold equal, and
    so do decomposed (NFD) and composed spellings.

    >>> fold("Ủy ban  nhân dân") == fold("Uỷ ban nhân dân")
    True
    >>> fold("Đồng Tháp")
    'dong thap'
    """
    return " ".join(text.translate(_FOLD).split())


def slug(text: str) -> str:
    """ASCII slug: fold, then runs of non-alphanumerics become ``-``."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def is_local_issuer(code: str | None) -> bool:
    """True when ``code`` names a local body (needs a jurisdiction)."""
    if not code:
        return False
    head = code.split("-")[0].upper()
    return head in LOCAL_ISSUER_CODES or code.upper() in LOCAL_ISSUER_CODES


def issuer_slug(code: str | None, jurisdiction: str | None = None) -> str:
    """Issuer part of a key; local codes get the jurisdiction appended.

    >>> issuer_slug("CP")
    'cp'
    >>> issuer_slug("HU", "huyện Long Phú")
    'hu-huyen-long-phu'
    >>> issuer_slug("UBND")
    'ubnd-unknown'
    >>> issuer_slug("BNV-CCHC")  # công văn style: issuer, then drafting unit
    'bnv'
    """
    if code and "-" in code.strip("-"):
        code = code.strip("-").split("-")[0]
    base = slug(code) if code else "unknown"
    if code and is_local_issuer(code):
        return f"{base}-{slug(jurisdiction) if jurisdiction else 'unknown'}"
    return base or "unknown"


def doc_key(
    doc_type: str | None,
    number: str | None,
    issuer_code: str | None,
    year: int | None,
    *,
    jurisdiction: str | None = None,
) -> str:
    """Key of a numbered document. ``year=None`` gives an ``unknown`` year."""
    t = slug(doc_type) if doc_type else "vb"
    y = str(year) if year else "unknown"
    n = slug(number) if number else "unknown"
    return f"{t}/{y}/{n}/{issuer_slug(issuer_code, jurisdiction)}"


def unnumbered_key(
    doc_type: str | None,
    year: int | None,
    issuer: str | None,
    title: str | None,
    date: str | None = None,
) -> str:
    """Stable key for a document without a number (hash of its identity)."""
    basis = "|".join(fold(x or "") for x in (doc_type, issuer, title, date))
    h = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:8]
    t = slug(doc_type) if doc_type else "vb"
    y = str(year) if year else "nd"
    return f"{t}/{y}/nn-{h}/{slug(issuer) if issuer else 'unknown'}"


def doc_iri(key: str) -> str:
    """IRI of a document key."""
    return DOC_BASE + key


def key_from_iri(iri: str) -> str:
    """Inverse of :func:`doc_iri` (raises ``ValueError`` for other IRIs)."""
    if not iri.startswith(DOC_BASE):
        raise ValueError(f"not a document IRI: {iri}")
    return iri[len(DOC_BASE):]


def agency_iri(kind: str, jurisdiction: str | None) -> str:
    """IRI of an organisation = (kind, jurisdiction).

    >>> agency_iri("so-noi-vu", "tỉnh Vĩnh Long")
    'https://w3id.org/cchc/id/org/so-noi-vu/tinh-vinh-long'
    """
    return f"{AGENCY_BASE}{slug(kind)}/{slug(jurisdiction) if jurisdiction else 'unknown'}"


def unit_iri(name: str) -> str:
    """IRI of an administrative unit (``tỉnh Vĩnh Long`` → .../unit/tinh-vinh-long)."""
    return UNIT_BASE + slug(name)


def source_graph_iri(path: str) -> str:
    """Named graph holding the facts of one source file (keyed by its path)."""
    h = hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]
    return f"{GRAPH_BASE}source/{h}"


def fact_iri(kind: str, *parts: object) -> str:
    """Deterministic IRI for a fact node (citation, target, responsibility …)."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]
    return f"{FACT_BASE}{kind}/{h}"
