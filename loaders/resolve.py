"""Resolve a citation mention to one document identity key — never guess.

The year comes from the symbol (``45/2020/NĐ-CP``) or the date; without
either, an earlier dated mention of the same symbol in the same document,
then a *unique* catalog match, decide it; several candidates (``76/NQ-CP``
is 2013 and 2021) or none leave the reference ``ambiguous`` with a
year-less key. Local issuers (UBND, TU, HU …) take their jurisdiction from
an explicit "của UBND tỉnh Sóc Trăng", else from the citing document —
that context strategy is the ``inherit`` argument (default
:func:`inherit_jurisdiction`).

>>> from cchc_kg.kg.model import DocumentRecord
>>> ctx = ResolutionContext(DocumentRecord("KH", jurisdiction="huyện Long Phú", level="district"), province="tỉnh Sóc Trăng")
>>> m = Mention(0, 9, "CTr", "17", None, "HU", "17-CTr/HU", None)
>>> resolve_mention(m, ctx).key
'ctr/unknown/17/hu-huyen-long-phu'
>>> resolve_mention(Mention(0, 9, "NQ", "76", None, "CP", "76/NQ-CP", None), ctx).status
'ambiguous'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from cchc_kg.kg import catalog
from cchc_kg.kg.ids import doc_key, fold as _fold_full, is_local_issuer as _is_local_issuer_full
from cchc_kg.kg.ids import unnumbered_key as _unnumbered_key_full
from cchc_kg.kg.model import DocumentRecord
from cchc_kg.loaders.symbols import Issuer, unit_level

__all__ = [
    "Mention",
    "Resolution",
    "ResolutionContext",
    "InheritStrategy",
    "inherit_jurisdiction",
    "no_inheritance",
    "resolve_mention",
    "DEFAULT_ISSUER_BY_TYPE",
    "law_key",
]

_unnumbered_key = lru_cache(maxsize=8192)(_unnumbered_key_full)
# pure functions of short strings, called several times per mention
fold = lru_cache(maxsize=65536)(_fold_full)
is_local_issuer = lru_cache(maxsize=4096)(_is_local_issuer_full)
_find_law = lru_cache(maxsize=8192)(catalog.find_law)
doc_key = lru_cache(maxsize=65536)(doc_key)


@lru_cache(maxsize=8192)
def _find_by_symbol(doc_type: str | None, number: str, code: str | None) -> tuple[catalog.CatalogDocument, ...]:
    return tuple(catalog.find_by_symbol(doc_type, number, code))


# issuer code implied by the type when a short form names none
DEFAULT_ISSUER_BY_TYPE = {"NĐ": "CP"}


@dataclass(frozen=True, slots=True)
class Mention:
    """One citation as found in text (offsets index ``SourceText.text``)."""

    start: int
    end: int
    doc_type: str | None
    number: str | None
    year: int | None
    issuer_code: str | None
    symbol: str | None
    date: str | None
    issuer: Issuer | None = None  # explicit "của …"
    law_name: str | None = None
    pinpoint: str | None = None
    form: str = "symbol"  # symbol | bare | short | law
    amended_laws: tuple[tuple[str, int, int], ...] = ()  # (name, start, end) for "Luật sửa đổi … của Luật X"


@dataclass(frozen=True, slots=True)
class ResolutionContext:
    """What the citing document tells about unnamed local issuers."""

    citing: DocumentRecord
    province: str | None = None  # "tỉnh Sóc Trăng" for a district document
    district: str | None = None
    known_years: dict[tuple[str, str, str], frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved target with its status."""

    target: DocumentRecord
    status: str  # resolved | ambiguous | unresolved
    candidates: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.target.key


InheritStrategy = Callable[[str | None, Issuer | None, ResolutionContext], str | None]


def _place_name(jurisdiction: str, unit: str | None) -> str:
    """The place name of a jurisdiction without its unit word(s).

    >>> _place_name("thành phố Cần Thơ", "thành phố")
    'Cần Thơ'
    >>> _place_name("huyện Long Phú", None)
    'Long Phú'
    """
    for u in ([unit] if unit else []) + ["thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường"]:
        if fold(jurisdiction).startswith(fold(u) + " "):
            return jurisdiction[len(u) + 1:]
    return jurisdiction


def _unit_context(unit: str | None, ctx: ResolutionContext) -> str | None:
    if unit is None:
        return None
    own = ctx.citing.jurisdiction
    if own and fold(own).startswith(fold(unit) + " "):
        return own
    if unit == "tỉnh":
        return ctx.province
    if unit in ("huyện", "quận", "thị xã"):
        return ctx.district
    return None


def inherit_jurisdiction(code: str | None, explicit: Issuer | None, ctx: ResolutionContext) -> str | None:
    """Default strategy: explicit issuer wins, else the citing document's units.

    >>> from cchc_kg.kg.model import DocumentRecord
    >>> ctx = ResolutionContext(DocumentRecord("KH", jurisdiction="huyện Long Phú"), province="tỉnh Sóc Trăng")
    >>> inherit_jurisdiction("TU", None, ctx), inherit_jurisdiction("UBND", None, ctx)
    ('tỉnh Sóc Trăng', 'huyện Long Phú')
    """
    if explicit is not None:
        if explicit.jurisdiction and explicit.level != "national" and explicit.jurisdiction != "Việt Nam":
            return explicit.jurisdiction
        if explicit.unit:
            return _unit_context(explicit.unit, ctx)
    head = (code or "").split("-")[0].upper()
    if head == "TU":
        own = ctx.citing.jurisdiction
        if own and ctx.citing.level == "province":
            return own
        return ctx.province
    if head in ("HU", "QU", "TXU"):
        return ctx.district or (ctx.citing.jurisdiction if ctx.citing.level == "district" else None)
    if head in ("SNV", "STP", "STC", "VP", "VPUBND", "SKHĐT", "STTTT", "SKHCN"):
        return ctx.citing.jurisdiction if ctx.citing.level == "province" else ctx.province
    return ctx.citing.jurisdiction


def no_inheritance(code: str | None, explicit: Issuer | None, ctx: ResolutionContext) -> str | None:
    """Strategy that only trusts explicit issuers (for comparison/tests).

    >>> no_inheritance("UBND", None, ResolutionContext(DocumentRecord("KH", jurisdiction="tỉnh An Giang"))) is None
    True
    """
    return explicit.jurisdiction if explicit is not None and explicit.level != "national" else None


def resolve_mention(
    mention: Mention,
    context: ResolutionContext,
    *,
    inherit: InheritStrategy = inherit_jurisdiction,
) -> Resolution:
    """Resolve ``mention`` to a stub/catalog :class:`DocumentRecord` with a key.

    >>> ctx = ResolutionContext(DocumentRecord("KH", jurisdiction="tỉnh An Giang", level="province"))
    >>> resolve_mention(Mention(0, 5, "NĐ", "45", 2020, "CP", "45/2020/NĐ-CP", None), ctx).target.origin
    'catalog'
    """
    m = mention
    explicit = m.issuer
    if m.form == "law" and not m.number:
        return _resolve_law(m)
    code = m.issuer_code
    if code is None and explicit is not None and explicit.code:
        code = explicit.code
    if code is None and m.doc_type in DEFAULT_ISSUER_BY_TYPE:
        code = DEFAULT_ISSUER_BY_TYPE[m.doc_type]
    juris = inherit(code, explicit, context) if code and is_local_issuer(code) else None
    year = m.year or (int(m.date[:4]) if m.date else None)
    status, candidates = "resolved", ()
    cat_doc = None
    if year is None and m.number:
        known = context.known_years.get(_known_key(m.doc_type, m.number, code))
        if known and len(known) == 1:
            year = next(iter(known))
    if year is None and m.number:
        hits = _find_by_symbol(m.doc_type, m.number, code)
        if len(hits) == 1:
            cat_doc = hits[0]
            year = cat_doc.year
            code = code or cat_doc.issuer_code
        else:
            status = "ambiguous"
            candidates = tuple(sorted(h.key for h in hits))
    elif m.number and code and not is_local_issuer(code):
        key0 = doc_key(m.doc_type, m.number, code, year)
        try:
            cat_doc = catalog.by_key(key0)
        except KeyError:
            cat_doc = None
    if status == "resolved" and (code is None or (is_local_issuer(code) and juris is None)):
        status = "unresolved"
    key = doc_key(m.doc_type, m.number, code, year, jurisdiction=juris)
    issuer_name = explicit.name if explicit is not None else (cat_doc.issuer if cat_doc else None)
    if explicit is not None and juris and explicit.jurisdiction is None:
        issuer_name = f"{explicit.name} {_place_name(juris, explicit.unit)}"
    level = explicit.level if explicit is not None else ("national" if code and not is_local_issuer(code) else "unknown")
    if juris and explicit is not None and explicit.unit:
        level = unit_level(explicit.unit, _place_name(juris, explicit.unit))
    target = DocumentRecord(
        doc_type=m.doc_type,
        number=m.number,
        symbol=m.symbol,
        issuer_code=code,
        issuer=issuer_name,
        jurisdiction=juris if juris else ("Việt Nam" if code and not is_local_issuer(code) else None),
        level=level,
        date=m.date or (cat_doc.date if cat_doc else None),
        year=year,
        title=cat_doc.title if cat_doc else None,
        origin="catalog" if cat_doc else "stub",
        law_name=m.law_name or (cat_doc.law_name if cat_doc else None),
        key=key,
    )
    return Resolution(target, status, candidates)


def _known_key(doc_type: str | None, number: str, code: str | None) -> tuple[str, str, str]:
    return (fold(doc_type or ""), fold(number), fold(code or ""))


def _resolve_law(m: Mention) -> Resolution:
    name = m.law_name or "Luật"
    hit = _find_law(name, m.date)
    if hit is not None:
        target = DocumentRecord(
            doc_type="Luật", number=hit.number, symbol=hit.symbol, issuer_code=hit.issuer_code, issuer=hit.issuer,
            jurisdiction="Việt Nam", level="national", date=hit.date, year=hit.year, title=hit.title,
            origin="catalog", law_name=hit.law_name or name, key=hit.key,
        )
        return Resolution(target, "resolved")
    year = int(m.date[:4]) if m.date else None
    key = _unnumbered_key("Luật", year, "Quốc hội", name, m.date)
    target = DocumentRecord(
        doc_type="Luật", issuer="Quốc hội", jurisdiction="Việt Nam", level="national", date=m.date, year=year,
        title=name, origin="stub", law_name=name, key=key,
    )
    return Resolution(target, "resolved" if m.date else "ambiguous")


def law_key(name: str, date: str | None = None) -> str:
    """Key of a law cited by name (catalog key, else a name+date stub key).

    >>> law_key("Luật Tổ chức chính quyền địa phương", "2015-06-19")
    'luat/2015/77/qh13'
    """
    return _resolve_law(Mention(0, 0, "Luật", None, None, None, None, date, None, name, None, "law")).key
