"""``check`` over a whole collection: set-based reads, own clauses excluded, open references collapsed.

:func:`run_check` starts from the few documents that may have ended
(:meth:`cchc_kg.queries.validity_facts.ValidityFacts.ended_candidates`) and reads
only the citations *into* them (an index look-up per ended document), so
its cost follows the number of out-of-date citations, not the size of the
collection. Open references are read once by status and collapsed to one
finding per distinct reference. Other backends (no quad indexes) take the
per-document path over :class:`cchc_kg.queries.backend.Backend`. The
reads themselves live in :mod:`cchc_kg.queries.check_reads`; this module
holds the rules that turn them into findings.

Every finding is a built-in dict with ``key`` (stable: kind, document and
subject IRIs, or for an open reference a hash of its folded text; used by
the annotations under ``tests/annotations/check``, which hold no text),
``kind``, ``severity`` (``error`` > ``warning`` > ``info``), ``document``,
``message`` and ``evidence``.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> run_check(EmbeddedBackend(GraphStore.open(None)), today="2026-01-01")["findings"]
[]
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from cchc_kg.kg.ids import fold
from cchc_kg.queries.backend import CITING_RELATIONS, Backend
from cchc_kg.queries.check_reads import (
    agency_rows,
    citations_into,
    has_basis,
    loaded_documents,
    open_rows,
    by_span,
    promulgators,
    raw_store,
)
from cchc_kg.queries.law_dates import resolve_by_date, resolve_by_year, year_after
from cchc_kg.queries.orgs_time import holder_at, iso_date
from cchc_kg.queries.validity import FINDING_KINDS, PLAN_TYPES, SEVERITY, classify, replacement_chain, shacl_findings
from cchc_kg.queries.validity_facts import ENDING, ValidityFacts

__all__ = [
    "SEVERITIES",
    "severity_rank",
    "is_reference_text",
    "is_own_line",
    "strip_footnote",
    "resolve_by_date",
    "LawNames",
    "loaded_documents",
    "run_check",
    "check",
]

SEVERITIES = ("info", "warning", "error")
#: document types whose citations are not their own (văn bản hợp nhất reproduces other texts)
CONSOLIDATED_TYPES = frozenset({"vbhn"})
_BASIS = frozenset(("based_on", "implements", "proposal"))
_CCHC = "https://w3id.org/cchc/ontology#"

Progress = Callable[[str, int, int], None]


def severity_rank(s: str) -> int:
    """0 info, 1 warning, 2 error.

    >>> severity_rank("error") > severity_rank("info")
    True
    """
    return SEVERITIES.index(s)


def is_reference_text(quote: str | None, sentence: str | None = None) -> bool:
    """Is ``quote`` (an open reference's text, in ``sentence``) a reference at all?

    Not a reference: a quote starting in lower case (``thông tư 7``: a
    common noun and a numbering), a quote that is its whole sentence (a
    line holding only a number or a name: a heading, a number line, a cell),

    a heading in capitals (``LUẬT CẦN SỬA ĐỔI``) or a name without a number whose line ends right after the type word
    (``Luật \\nThủy sản``: a word ending one line or table cell joined to
    the next). A name broken further on (``Luật Bảo hiểm\\nxã hội``) or a
    numbered reference broken by a line end stays a reference.

    >>> is_reference_text("LUẬT CẦN SỬA ĐỔI"), is_reference_text("Luật \\nThủy sản"), is_reference_text("Luật Đầu tư")
    (False, False, True)
    >>> is_reference_text("Nghị quyết số\\n76/NQ-CP"), is_reference_text("Luật Bảo hiểm\\nxã hội")
    (True, True)
    >>> is_reference_text("thông tư \\n7"), is_reference_text("2641/QĐ-UBND", "2641/QĐ-UBND")
    (False, False)

    A number without a symbol (no ``/`` or ``-``: ``TT 3``, ``Quyết định số
    53``) is a numbering or a citation cut short, not a reference.

    >>> is_reference_text("Quyết định số 53"), is_reference_text("Nghị quyết số 76/NQ-CP")
    (False, True)
    """
    q = strip_footnote((quote or "").strip())
    if not q or not q[0].isupper() and not q[0].isdigit():
        return False
    if sentence is not None and _norm(q) == _norm(sentence):
        return False
    letters = [c for c in q if c.isalpha()]
    has_number = any(c.isdigit() for c in q)
    if has_number and "/" not in q and "-" not in q:
        return False
    if not has_number and len(letters) > 4 and all(c.isupper() for c in letters):
        return False
    if not has_number and "\n" in q:
        head = fold(q.split("\n", 1)[0]).split()
        if len(head) <= 1 or head == ["bo", "luat"]:
            return False
    return True


_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d{1,2}$")


def strip_footnote(quote: str) -> str:
    """A footnote number glued to the last word dropped: ``Luật Thuế thu nhập doanh nghiệp2`` → ``… nghiệp``.

    >>> strip_footnote("Luật Thuế thu nhập doanh nghiệp2"), strip_footnote("Luật số 90/2025/QH15")
    ('Luật Thuế thu nhập doanh nghiệp', 'Luật số 90/2025/QH15')
    """
    if "/" in quote or "-" in quote or any(c.isdigit() for c in _FOOTNOTE.sub("", quote)):
        return quote  # a symbol (``QH15``) or a numbered reference: left as written
    return _FOOTNOTE.sub("", quote)


#: folded openings of lines that name the document itself, not another one
_OWN_LINES = ("so:", "ban hanh kem theo")


def is_own_line(quote: str | None, sentence: str | None) -> bool:
    """Is the reference the document's own number line (``Số: …``) or its attachment line?

    >>> is_own_line("1661/NQ-UBTVQH15", "----- Số: 1661/NQ-UBTVQH15 | CỘNG HÒA …")
    True
    >>> is_own_line("Quyết định số 5/QĐ-UBND", "(Ban hành kèm theo Quyết định số 5/QĐ-UBND)")
    True
    >>> is_own_line("Quyết định số 5/QĐ-UBND", "Căn cứ Quyết định số 5/QĐ-UBND;")
    False
    """
    q, s = fold(_norm(quote)), fold(_norm(sentence))
    return bool(q) and (f"so: {q}" in s or s.lstrip("*( ").startswith(_OWN_LINES[1]))


def _norm(q: str | None) -> str:
    return " ".join((q or "").replace("*", " ").split())


def _severity(cls: str, end_confidence: str | None) -> str:
    """Severity of a superseded citation: an error needs an end resting on a verified (V) fact."""
    s = SEVERITY[cls]
    return "warning" if s == "error" and end_confidence != "V" else s


# -- findings ---------------------------------------------------------------------------
def _overlaps(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    return None not in a and None not in b and a[0] < b[1] and b[0] < a[1]


def _superseded(backend: Any, vf: ValidityFacts, docs: dict[str, dict[str, Any]], today: str,
                stats: dict[str, int], progress: Progress | None) -> list[dict[str, Any]]:
    ended = []
    if raw_store(backend) is not None:
        candidates = vf.ended_candidates()
    else:  # other backends: every document the checked ones cite
        candidates = sorted({e["target"] for d in docs for e in backend.edges(d, "out", CITING_RELATIONS)})
    for t in candidates:
        v = vf.validity(t)
        if (v["end"] and v["end"] <= today) or (not v["end"] and v["in_force"] is False):
            ended.append(t)
    rows = citations_into(backend, ended, set(docs))
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        by_pair.setdefault((r["document"], r["target"]), []).append(r)
    touched: dict[str, set[str]] = {}  # document → targets of the changes its own text states
    reviewers: set[str] = set()  # documents whose text reports third documents ending (lists, reviews)
    for f in vf.all_changes():
        if f.origin == "corpus" and f.where and (f.relation in ENDING or f.successor == f.where):
            touched.setdefault(f.where, set()).add(f.target)
        if f.origin == "corpus" and f.where and f.relation in ENDING and f.successor != f.where:
            reviewers.add(f.where)
    labels: dict[str, str] = {}

    def label(i: str) -> str:
        if i not in labels:
            try:
                d = backend.document(i)
                labels[i] = str(d.get("symbol") or d.get("key") or i)
            except Exception:  # noqa: BLE001 - a label is cosmetic
                labels[i] = i
        return labels[i]

    out = []
    for n, ((d, t), rs) in enumerate(sorted(by_pair.items())):
        if progress and n % 200 == 0:
            progress("citations", n, len(by_pair))
        if t in touched.get(d, ()) or d in {f.successor for f in vf.changes_into(t)}:
            stats["own-clause"] = stats.get("own-clause", 0) + 1
            continue  # the document's own replacing/repealing/amending clause, or it states that t changed
        rc = replacement_chain(vf, t, until=today)
        if any(s["document"] == d for s in rc["chain"]):
            stats["own-clause"] = stats.get("own-clause", 0) + 1
            continue  # d is itself one of the documents that replaced t
        if d in reviewers and all(r["relation"] == "cites" for r in rs):
            stats["review-mention"] = stats.get("review-mention", 0) + 1
            continue  # a list or review of ended documents mentions them: not a citation in force
        v = vf.validity(t)
        doc = docs[d]
        if str(doc.get("type") or "").lower() in CONSOLIDATED_TYPES:
            stats["consolidated-text"] = stats.get("consolidated-text", 0) + 1
            continue  # a consolidated text reproduces the citations of the texts it consolidates
        signed = doc.get("date")
        by_name = all(not any(c.isdigit() for c in (r["evidence"].get("quote") or "x0")) for r in rs)
        if by_name and v["end"] and signed and signed >= v["end"]:
            stats["law-by-name"] = stats.get("law-by-name", 0) + 1
            continue  # a name cited after the law ended means the law of that name then in force
        cited_dates = [vf.document_facts(x["target"]).get("date") for x in rows if x["document"] == d] if not signed else []
        signed_after = max((x for x in cited_dates if x), default=None)
        cls = classify(signed, v["end"], signed_after=signed_after, end_source=v["end_source"])
        relations = sorted({r["relation"] for r in rs})
        basis = bool(_BASIS & set(relations))
        current = [c for c in rc["current"] if c != t]
        msg = f"cites {label(t)}, no longer in force" + (f" since {v['end']}" if v["end"] else "")
        msg += f"; replaced by {', '.join(label(c) for c in current)}" if current else ""
        out.append({
            "key": f"superseded-citation|{d}|{t}", "document": d, "kind": "superseded-citation",
            "severity": _severity(cls, v.get("end_confidence")), "classification": cls, "basis": basis, "cited": t, "cited_symbol": label(t),
            "cited_key": t.rsplit("/doc/", 1)[-1], "relations": relations, "no_longer_in_force": v["end"],
            "end_source": v["end_source"], "end_confidence": v.get("end_confidence"), "confidence": v["confidence"], "fact_source": v["fact_source"],
            "signed": signed, "signed_after": None if signed else signed_after,
            "chain": rc["chain"], "current": current, "amended_by": rc["amended_by"],
            "evidence": sorted((r["evidence"] for r in rs), key=by_span), "message": msg,
        })
    return out


class LawNames:
    """The law names the graph knows (``cchc:lawName``), folded: exact look-up and longest word prefix.

    >>> names = LawNames({"luat dau tu": {"a"}, "luat dau tu cong": {"b"}})
    >>> names.prefix("Luật Đầu tư công và Điều 5"), names.prefix("Luật Đầu tư nước"), names.prefix("Luật Khác")
    ('Luật Đầu tư công', 'Luật Đầu tư', None)
    >>> names.find("Luật Đầu tư")
    ['a']
    """

    def __init__(self, names: dict[str, set[str]], find: Callable[[str], list[str]] | None = None,
                 spelled: dict[str, str] | None = None) -> None:
        self._names, self._find, self._spelled = names, find, spelled or {}
        self._by_head: dict[str, list[str]] | None = None

    def find(self, name: str) -> list[str]:
        """IRIs of the laws named ``name`` (folded, spacing normalised)."""
        if self._find is not None:
            return list(self._find(name))
        return sorted(self._names.get(fold(_norm(name)), ()))

    def extend(self, quote: str, sentence: str | None) -> str | None:
        """The longest known name that starts with the quote's words and is in ``sentence`` (a name cut at a comma).

        >>> LawNames({"luat quan ly, su dung tai san cong": {"a"}}).extend("Luật Quản lý", "theo Luật Quản lý, sử dụng tài sản công;")
        'luat quan ly, su dung tai san cong'
        """
        head = fold(_norm(quote))
        if not head or not sentence:
            return None
        if self._by_head is None:
            self._by_head = {}
            for n in self._names:
                self._by_head.setdefault(" ".join(n.split()[:2]), []).append(n)
        text = fold(_norm(sentence))
        found = [n for n in self._by_head.get(" ".join(head.split()[:2]), ()) if n.startswith(head) and len(n) > len(head) and n in text]
        return self._spelled.get(max(found, key=len), max(found, key=len)) if found else None

    def prefix(self, quote: str) -> str | None:
        """The longest known name the quote starts with (whole words), in the quote's own spelling."""
        words = _norm(quote).split()
        for n in range(len(words), 1, -1):
            cand = " ".join(words[:n])
            if fold(cand) in self._names or (self._find is not None and self._find(cand)):
                return cand
        return None


def _law_names(backend: Any) -> LawNames:
    """The :class:`LawNames` of a backend, read once (one index scan on an embedded store)."""
    st = raw_store(backend)
    if st is None and not callable(getattr(backend, "law_names", None)):
        find = getattr(backend, "find_by_law_name", None)
        return LawNames({}, find if find else (lambda n: []))
    if st is None:  # a property-graph backend (cchc_kg.queries.validity_pg.ValiditySource)
        pairs: Iterable[tuple[str, str]] = backend.law_names()
    else:
        import pyoxigraph as ox

        pairs = ((q.subject.value, q.object.value) for q in st.raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "lawName"), None, None)
                 if st.is_committed(q.graph_name.value))
    names: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for iri, name in pairs:
        k = fold(_norm(name))
        names.setdefault(k, set()).add(iri)
        spelled[k] = min(spelled.get(k, name), name)
    return LawNames(names, spelled=spelled)


def _open(backend: Any, vf: ValidityFacts, docs: dict[str, dict[str, Any]], stats: dict[str, int]) -> list[dict[str, Any]]:
    laws = _law_names(backend)
    groups: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for c in open_rows(backend, set(docs)):
        kind = "ambiguous-reference" if c["status"] == "ambiguous" else "unresolved-reference"
        if str(docs[c["document"]].get("type") or "").lower() in CONSOLIDATED_TYPES:
            stats["consolidated-text"] = stats.get("consolidated-text", 0) + 1
            continue  # a consolidated text reproduces the references of the texts it consolidates
        if not is_reference_text(c["quote"], c["sentence"]) or is_own_line(c["quote"], c["sentence"]):
            stats["not-a-reference"] = stats.get("not-a-reference", 0) + 1
            continue
        c["quote"] = strip_footnote(c["quote"] or "")
        by_name = not any(ch.isdigit() for ch in (c["quote"] or "0"))
        # a known law name: words run on after it trimmed, or a name cut short completed from the sentence
        name = (laws.prefix(c["quote"]) or laws.extend(c["quote"], c["sentence"])) if by_name else None
        cands = c["candidates"] or (laws.find(name) if name else [])
        if c["document"] in cands:
            stats["own-name"] = stats.get("own-name", 0) + 1
            continue  # the document names itself ("Quốc hội ban hành Luật …")
        year = year_after(c["quote"], c["sentence"]) if kind == "ambiguous-reference" and by_name else None
        if year and resolve_by_year(vf, cands, year):
            stats["resolved-by-year"] = stats.get("resolved-by-year", 0) + 1
            continue  # "Luật … năm 2012": the year written after the name decides
        if kind == "ambiguous-reference" and by_name and resolve_by_date(vf, cands, docs[c["document"]].get("date")):
            stats["resolved-by-date"] = stats.get("resolved-by-date", 0) + 1
            continue
        if by_name and len(cands) < 2:
            # a name the collection knows no document (or one) for: nothing to choose between, and
            # nothing the citing document can fix; counted, not reported
            stats["name-not-in-collection"] = stats.get("name-not-in-collection", 0) + 1
            continue
        c["reference"] = name or _norm(c["quote"]) or c["citation"]
        groups.setdefault((kind, fold(c["reference"]), tuple(cands)), []).append(c)
    out = []
    for (kind, folded, cands), cs in groups.items():
        first = cs[0]
        what = first["reference"]
        n_docs = len({c["document"] for c in cs})
        msg = f"{first['status']} reference {what!r}: {len(cs)}× in {n_docs} document(s)"
        msg += f", {len(cands)} candidates" if cands else ""
        out.append({
            "key": f"{kind}|{hashlib.sha1(folded.encode('utf-8')).hexdigest()[:12]}|{','.join(cands)}", "document": first["document"], "kind": kind, "severity": SEVERITY[kind],
            "citation": first["citation"], "reference": what, "relation": first["relation"], "candidates": list(cands),
            "count": len(cs), "documents": n_docs,
            "evidence": [{k: first[k] for k in ("quote", "sentence", "start", "end", "source_path", "pinpoint")}],
            "message": msg,
        })
    return out


def _is_plan(doc: dict[str, Any]) -> bool:
    return str(doc.get("type") or "").lower() in PLAN_TYPES


def _basis(backend: Any, docs: dict[str, dict[str, Any]], stats: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for d in sorted(docs):
        if _is_plan(docs[d]) and not has_basis(backend, d):
            if any(has_basis(backend, p) for p in promulgators(backend, d)):
                stats["basis-of-promulgating-document"] = stats.get("basis-of-promulgating-document", 0) + 1
                continue  # an attached plan: its basis is the decision that issues it
            out.append({"key": f"no-legal-basis|{d}", "document": d, "kind": "no-legal-basis", "severity": SEVERITY["no-legal-basis"],
                        "message": "plan states no legal basis (no based_on / implements / proposal edge)", "evidence": []})
    return out


def _agencies(backend: Any, docs: dict[str, dict[str, Any]], today: str) -> list[dict[str, Any]]:
    plans = {d for d, doc in docs.items() if _is_plan(doc)}
    if not plans:
        return []
    per: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in agency_rows(backend, plans):
        per.setdefault((r["document"], r["agency"]), []).append(r)
    holders: dict[str, dict[str, Any]] = {}
    out = []
    for (d, iri), rs in sorted(per.items()):
        rs.sort(key=lambda r: by_span(r["evidence"] or {}))  # the first responsibility in the text
        if iri not in holders:
            holders[iri] = holder_at(backend, iri, today, today=today)
        h = holders[iri]
        if [x["iri"] for x in h["holders"]] == [iri] or not h["chain"]:
            continue
        names = ", ".join(f"{x['name']} ({x['jurisdiction']})" for x in h["holders"]) or "no successor (dissolved)"
        out.append({
            "key": f"agency-reorganised|{d}|{iri}", "document": d, "kind": "agency-reorganised", "severity": SEVERITY["agency-reorganised"],
            "agency": h["agency"], "responsibilities": len(rs), "holders": h["holders"], "dissolved": h["dissolved"],
            "chain": h["chain"], "message": f"{rs[0]['name'] or h['agency'].get('name') or iri}: now {names}",
            "evidence": [rs[0]["evidence"]] if rs[0].get("evidence") else [],
        })
    return out


def _shacl(backend: Any, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = shacl_findings(backend, list(docs.values()))
    for f in out:
        f["key"] = f"shacl|{f['document']}|{f['focus']}|{f['path']}"
        f.setdefault("evidence", [])
    return out


def run_check(
    backend: Backend,
    iris: list[str] | None = None,
    *,
    today: Any = None,
    shacl: bool = False,
    agencies: bool = True,
    progress: Progress | None = None,
    validity: ValidityFacts | None = None,
    shacl_source: Any = None,
) -> dict[str, Any]:
    """Findings and a summary for ``iris`` (default: every loaded document) as of ``today``.

    SHACL validates ``shacl_source`` (a store or ``rdflib.Graph``; default:
    the backend's store, which a Bolt or networkx backend does not have).

    Returns ``{"as_of", "documents", "findings", "summary"}``; ``summary``
    counts findings by severity and kind and what was set aside
    (``own-clause``, ``law-by-name``, ``not-a-reference``, ``resolved-by-year``, ``resolved-by-date``).
    """
    now = iso_date(today or _dt.date.today())
    step = progress or (lambda *_a: None)
    step("validity facts", 0, 1)
    vf = validity or ValidityFacts.from_source(backend, bulk=True)
    step("documents", 0, 1)
    if iris is None:
        docs = {d["iri"]: d for d in loaded_documents(backend)}
    else:
        docs = {i: backend.document(i) for i in iris}
    stats: dict[str, int] = {}
    step("citations", 0, 1)
    out = _superseded(backend, vf, docs, now, stats, progress)
    step("open references", 0, 1)
    out += _open(backend, vf, docs, stats)
    step("plans", 0, 1)
    out += _basis(backend, docs, stats)
    if agencies:
        step("agencies", 0, 1)
        out += _agencies(backend, docs, now)
    if shacl and docs:
        step("shacl", 0, 1)
        out += _shacl(backend if shacl_source is None else shacl_source, docs)
    order = {k: i for i, k in enumerate(FINDING_KINDS)}
    out.sort(key=lambda f: (f["document"], order[f["kind"]], f["key"]))
    by_sev = {s: sum(1 for f in out if f["severity"] == s) for s in SEVERITIES}
    by_kind: dict[str, int] = {}
    for f in out:
        k = f["kind"] + (f"/{f['classification']}" if f.get("classification") else "")
        by_kind[k] = by_kind.get(k, 0) + 1
    summary = {"findings": len(out), "documents_checked": len(docs), "documents_with_findings": len({f["document"] for f in out}),
               "by_severity": by_sev, "by_kind": dict(sorted(by_kind.items())), "set_aside": dict(sorted(stats.items()))}
    return {"as_of": now, "findings": out, "summary": summary}


def check(
    backend: Backend,
    iris: list[str] | None = None,
    *,
    today: Any = None,
    shacl: bool = True,
    agencies: bool = True,
) -> list[dict[str, Any]]:
    """The findings of :func:`run_check` (sorted by document, kind, key).

    ``shacl`` validates the store's union graph (slow on large stores);
    ``agencies`` follows the change events of every agency a plan names.
    """
    return run_check(backend, iris, today=today, shacl=shacl, agencies=agencies)["findings"]
