"""Neutral records shared by every stage (no rdflib, no neo4j here).

Loaders produce these frozen dataclasses from text; ``cchc_kg.kg.build`` turns them
into RDF; nothing in this module parses text or touches a graph library.

Offsets (``start``/``end``) are character offsets into ``SourceText.text``,
the decoded, NFC-normalised text of the source file (see
``docs/decisions/0001-architecture.md``).

>>> ev = Evidence(source="plan.txt", start=3, end=9, sentence="Căn cứ Luật ...", quote="Luật X")
>>> ev.span()
(3, 9)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Evidence",
    "SourceText",
    "DocumentRecord",
    "ReferenceRecord",
    "StatedRelation",
    "TargetRecord",
    "AgencyRecord",
    "ResponsibilityRecord",
    "TaskRecord",
    "EffectiveRecord",
    "Extraction",
    "CITATION_RELATIONS",
    "CitationRelation",
    "DocQuery",
]

CitationRelation = Literal["based_on", "implements", "proposal", "cites"]
CITATION_RELATIONS: tuple[str, ...] = ("based_on", "implements", "proposal", "cites")

Level = Literal["national", "province", "district", "commune", "party-central", "unknown"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: the source file, a span and its sentence."""

    source: str  # path of the source file as given at build time
    start: int  # offset of the quote in SourceText.text
    end: int
    sentence: str  # the whole sentence (original characters, unmodified)
    quote: str = ""  # the exact matched text, == text[start:end]

    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded source file. ``text`` is NFC; ``warnings`` are reader notes."""

    path: str
    text: str
    sha256: str
    format: str = "txt"  # txt | md | docx | pdf | html
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """Identity of one document (loaded, referenced, or from the catalog).

    ``doc_type`` is the official abbreviation (``"NQ"``, ``"NĐ"``, ``"QĐ"``,
    ``"KH"``, ``"CTr"``, ``"Luật"`` …, see ``cchc_kg.loaders.symbols.DOC_TYPES``).
    ``number`` is the numeral part (``"45"``, ``"30c"``); ``symbol`` the full
    số/ký hiệu (``"45/2020/NĐ-CP"``, ``"17-CTr/HU"``); ``issuer_code`` the
    part after the type in the symbol (``"CP"``, ``"UBND"``, ``"HU"``).
    ``issuer`` is the issuing body's name as normalised
    (``"UBND huyện Long Phú"``); ``jurisdiction`` the territory it governs
    (``"huyện Long Phú"``, ``"tỉnh Sóc Trăng"``, ``"Việt Nam"``).
    """

    doc_type: str | None
    number: str | None = None
    symbol: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    level: str = "unknown"
    date: str | None = None  # ISO yyyy-mm-dd
    year: int | None = None
    title: str | None = None
    place: str | None = None
    signer: str | None = None
    source: str | None = None  # file path for loaded documents, else None
    part: int = 0  # index of the document inside its source file
    evidence: Evidence | None = None  # where the identity was read
    origin: Literal["loaded", "stub", "catalog"] = "loaded"
    law_name: str | None = None  # "Luật Tổ chức chính quyền địa phương"
    key: str = ""  # stable identity key, filled by cchc_kg.loaders.resolve.document_key


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    """One mention of another document inside a loaded document."""

    relation: CitationRelation
    target: DocumentRecord  # what is known about the cited document
    evidence: Evidence
    pinpoint: str | None = None  # "khoản 4 Điều 35"
    status: Literal["resolved", "ambiguous", "unresolved"] = "resolved"
    candidates: tuple[str, ...] = ()  # document keys when ambiguous


@dataclass(frozen=True, slots=True)
class StatedRelation:
    """A relation the text states between two (usually cited) documents.

    ``predicate`` is one of ``amends``, ``replaces``, ``repeals``,
    ``implements``, ``guides``, ``promulgates``.
    """

    subject: DocumentRecord
    predicate: str
    object: DocumentRecord
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """An organisation as named in text, normalised to (kind, jurisdiction).

    ``kind`` is a stable slug of the organisation type (``"so-noi-vu"``,
    ``"ubnd"``, ``"van-phong-ubnd"``, ``"cong-an"``); ``is_group`` marks
    collective mentions such as "các sở, ban, ngành tỉnh".
    """

    kind: str
    name: str  # canonical Vietnamese name, e.g. "Sở Nội vụ"
    jurisdiction: str | None = None  # "tỉnh Vĩnh Long"
    level: str = "unknown"
    is_group: bool = False
    surface: str = ""  # text as written


@dataclass(frozen=True, slots=True)
class TargetRecord:
    """A quantified target (chỉ tiêu)."""

    metric: str  # the metric clause as written (normalised spacing)
    value: float | None
    unit: str | None  # "%", "phút", "ngày", "rank" …
    comparator: str  # ">=", "<=", ">", "<", "=", "reduce>=", "top"
    year: int | None
    evidence: Evidence
    value_text: str = ""
    level: str | None = None  # administrative level for level breakdowns
    baseline: str | None = None  # "so với năm 2021"
    area: str | None = None  # reform-area concept slug
    group: str | None = None  # id shared by targets of one sentence/breakdown
    index: int = 0  # order in the document


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A task (nhiệm vụ) item under a reform area."""

    text: str
    area: str | None
    evidence: Evidence
    index: int = 0


@dataclass(frozen=True, slots=True)
class ResponsibilityRecord:
    """An agency's role for an area, task or target of a plan."""

    agency: AgencyRecord
    role: Literal["lead", "support", "standing", "advise", "monitor", "implement"]
    evidence: Evidence
    area: str | None = None
    task: str | None = None  # task text when the duty is a specific task
    target_index: int | None = None  # index of a TargetRecord of the same extraction
    index: int = 0


@dataclass(frozen=True, slots=True)
class EffectiveRecord:
    """When a loaded document enters into force, as its own "hiệu lực" clause says.

    ``basis``: ``stated`` (a date is written), ``signing`` (from the day it is
    signed), ``adoption`` (from the day it is adopted), ``days-after-signing``
    (``days`` after signing); ``date`` is ISO, ``None`` when the clause needs
    a signing date the document does not give.

    >>> EffectiveRecord("signing", "2022-01-05", Evidence("a.txt", 3, 9, "s")).span()
    (3, 9)
    """

    basis: Literal["stated", "signing", "adoption", "days-after-signing"]
    date: str | None
    evidence: Evidence
    days: int | None = None

    def span(self) -> tuple[int, int]:
        return self.evidence.span()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document inside one source file."""

    document: DocumentRecord
    references: tuple[ReferenceRecord, ...] = ()
    relations: tuple[StatedRelation, ...] = ()
    targets: tuple[TargetRecord, ...] = ()
    tasks: tuple[TaskRecord, ...] = ()
    responsibilities: tuple[ResponsibilityRecord, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    effective: EffectiveRecord | None = None  # the document's "hiệu lực" clause


@dataclass(frozen=True, slots=True)
class DocQuery:
    """A parsed ``DOC`` argument: an IRI, a file path or a citation string.

    >>> DocQuery(kind="citation", text="NĐ 45/2020", doc_type="NĐ", number="45", year=2020).number
    '45'
    """

    kind: Literal["iri", "path", "citation", "unnumbered"]
    text: str
    doc_type: str | None = None
    number: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    law_name: str | None = None
    issuer_name: str | None = None  # unnumbered handle: the issuer as written ("UBND tỉnh Vĩnh Long")
    key_hash: str | None = None  # unnumbered handle: leading hex digits of the key's content hash
