"""Run every text stage over one source file: ``extract_source(src)``.

clean → split_documents → identify → extract_citations (resolve) →
plan facts (``cchc_kg.loaders.plans.extract_plan_facts`` when installed) →
one :class:`cchc_kg.kg.model.Extraction` per document in the file.

>>> src = SourceText("a.txt", "Số: 5/KH-UBND\\nKẾ HOẠCH\\nCCHC tỉnh Bến Tre\\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;\\nUBND tỉnh Bến Tre ban hành Kế hoạch:\\nI. MỤC TIÊU\\n", "0")
>>> ex = extract_source(src)[0]
>>> ex.document.key, [(r.relation, r.target.key) for r in ex.references]
('kh/unknown/5/ubnd-tinh-ben-tre', [('based_on', 'nq/2021/76/cp')])
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from cchc_kg.kg.errors import NoIdentityError, NotOfficialDocumentError, UnreadableFileError
from cchc_kg.kg.sanitize import strip_controls
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, SourceText, StatedRelation
from cchc_kg.loaders.citations import extract_citations
from cchc_kg.loaders.clean import clean, sentence_bounds
from cchc_kg.loaders.effective import effective_of
from cchc_kg.loaders.identity import identify, split_documents
from cchc_kg.loaders.resolve import InheritStrategy, inherit_jurisdiction
from cchc_kg.loaders.respace import source_span

try:  # written by another stage owner; optional
    from cchc_kg.loaders.plans import extract_plan_facts as _plan_facts
except ImportError:  # pragma: no cover - depends on the tree
    _plan_facts = None

__all__ = ["extract_source", "read_text_file"]


def read_text_file(path: str | Path) -> SourceText:
    """Read a UTF-8 (optionally BOM) text file as NFC :class:`SourceText`.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(p, "wb").write("\\ufeffHoà".encode())
    >>> read_text_file(p).text == unicodedata.normalize("NFC", "Hoà")
    True
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(str(path), exc.strerror or "cannot read") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(str(path), "not UTF-8", "convert the file to UTF-8") from exc
    text = strip_controls(unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    return SourceText(str(path), text, hashlib.sha256(raw).hexdigest(), format=p.suffix.lstrip(".").lower() or "txt")


# fewer words than this once page furniture is blanked: a page without a text layer
_MIN_WORDS = 25
_WORDS = re.compile(r"[^\W\d_]{2,}")
_PDF_RESIDUE = re.compile(r"CÔNG BÁO[^\S\n]*/|Ký bởi[^\S\n]*:|Người ký[^\S\n]*:")
_PROMULGATE = re.compile(r"^[ \t]*Điều[ \t]+1\b[^\n]*", re.M)


def _promulgation(text: str, cleaned: str, src: str, dec: DocumentRecord, start: int, end: int, plan: DocumentRecord) -> StatedRelation:
    m = _PROMULGATE.search(cleaned, start, end)
    if m:
        s, e = m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end()
    elif dec.evidence is not None:
        s, e = dec.evidence.start, dec.evidence.end
    else:
        s, e = start, start
    ss, se = sentence_bounds(cleaned, s, e)
    return StatedRelation(dec, "promulgates", plan, Evidence(src, s, e, text[ss:se], text[s:e]))


def extract_source(src: SourceText, *, inherit: InheritStrategy = inherit_jurisdiction) -> list[Extraction]:
    """One :class:`Extraction` per document of ``src`` (``NoIdentityError`` if none).

    ``inherit`` is the jurisdiction strategy for unnamed local issuers
    (see :func:`cchc_kg.loaders.resolve.inherit_jurisdiction`).

    >>> extract_source(SourceText("e.txt", "106\\n107\\n", "0"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cchc_kg.kg.errors.NotOfficialDocumentError: e.txt: not an official document (...)
    """
    text = src.text
    cleaned = clean(text)
    if _PDF_RESIDUE.search(text, 0, 5000) and len(_WORDS.findall(cleaned, 0, 20000)) < _MIN_WORDS:
        raise NoIdentityError(src.path, "no text besides page headers, page numbers and signature stamps",
                              "a scanned document without a text layer: run OCR (e.g. ocrmypdf) and load the result")
    parts = split_documents(text, cleaned)
    out: list[Extraction] = []
    docs: list[DocumentRecord | None] = []
    where: dict[int, int] = {}  # part index -> index in out
    first_error: NoIdentityError | None = None
    for i, part in enumerate(parts):
        context = docs[part.attached_to] if part.attached_to is not None else (docs[-1] if docs else None)
        try:
            doc = identify(text, part.start, part.end, source=src.path, part=i, context=context, cleaned=cleaned)
        except NoIdentityError as exc:
            first_error = first_error or exc
            docs.append(None)
            continue
        docs.append(doc)
        refs, rels = extract_citations(text, part.start, part.end, document=doc, source=src.path, cleaned=cleaned, inherit=inherit)
        if part.attached_to is not None and docs[part.attached_to] is not None and part.attached_to in where:
            dec = docs[part.attached_to]
            p0 = parts[part.attached_to]
            k = where[part.attached_to]
            prev = out[k]
            out[k] = replace(prev, relations=prev.relations + (_promulgation(text, cleaned, src.path, dec, p0.start, p0.end, doc),))
        targets, tasks, resps = (), (), ()
        warnings: list[str] = []
        if _plan_facts is not None:
            try:
                targets, tasks, resps = _plan_facts(text, part.start, part.end, doc, src.path)
            except Exception as exc:  # noqa: BLE001 - a plan-stage bug must not hide citations
                warnings.append(f"plan facts failed: {type(exc).__name__}: {exc}")
        effective = effective_of(doc.doc_type, cleaned, signed=doc.date, source=src.path, start=part.start, end=part.end, original=text)
        where[i] = len(out)
        out.append(Extraction(doc, tuple(refs), tuple(rels), tuple(targets), tuple(tasks), tuple(resps), tuple(warnings),
                              effective))
    if not out:
        if isinstance(first_error, NotOfficialDocumentError):
            raise first_error
        raise NoIdentityError(src.path)
    if getattr(cleaned, "moved", ()):
        out = [_to_source(ex, text, cleaned) for ex in out]
    return out


def _to_source(ex: Extraction, text: str, cleaned: str) -> Extraction:
    """``ex`` with every evidence span mapped from the cleaned text to the source text.

    Spans differ only inside words that cleaning repaired (bold markers or
    PDF spacing inside a word, see :mod:`cchc_kg.loaders.respace`): the quote then
    holds the original characters, markers included.
    """

    def ev(e: Evidence | None) -> Evidence | None:
        if e is None:
            return None
        s, t = source_span(cleaned, e.start, e.end)
        if (s, t) == (e.start, e.end):
            return e
        return replace(e, start=s, end=t, quote=text[s:t])

    doc = replace(ex.document, evidence=ev(ex.document.evidence))
    return replace(
        ex,
        document=doc,
        references=tuple(replace(r, evidence=ev(r.evidence)) for r in ex.references),
        relations=tuple(replace(r, evidence=ev(r.evidence)) for r in ex.relations),
        targets=tuple(replace(x, evidence=ev(x.evidence)) for x in ex.targets),
        tasks=tuple(replace(x, evidence=ev(x.evidence)) for x in ex.tasks),
        responsibilities=tuple(replace(x, evidence=ev(x.evidence)) for x in ex.responsibilities),
        effective=None if ex.effective is None else replace(ex.effective, evidence=ev(ex.effective.evidence)),
    )
