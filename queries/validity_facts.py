"""Validity facts: what the catalog and the loaded corpus say about documents ending.

One table feeds ``show``, ``bases --as-of``, ``check`` and ``changes
--from-corpus``, so they never disagree. Two kinds of rows:

* :class:`ChangeFact` — *successor* ``replaces`` / ``repeals`` / ``amends``
  *target*. From the catalog (``origin="catalog"``: a date, confidence
  V/S/U, the research-note row) or from a loaded document's text
  (``origin="corpus"``: the stated relation the citation extractor found,
  with its evidence: source file, span, sentence). A corpus fact is
  *self-stated* when the document whose text states it is the successor
  itself ("Nghị định này thay thế Nghị định số …"): confidence ``S``;
  otherwise it is *reported* about two other documents: confidence ``U``.
  A fact is *partial* when the stated change names an article, clause or
  point (``cchc:pinpoint`` on the reference at the same span): repealing
  one article does not end the document.
* document facts — ``in_force``, ``effective``, ``end``, ``date``, ``year``
  (the catalog's, else what loaded or citing files state).

:func:`merge_validity` applies the precedence rules of ``docs/validity.md``.
Nothing here parses text: the facts are read from the graph.

>>> from cchc_kg.kg.store import GraphStore
>>> vf = ValidityFacts.from_source(GraphStore.open(None), bulk=True)
>>> vf.validity("https://w3id.org/cchc/id/doc/x")["in_force"] is None, vf.corpus_changes()
(True, [])
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from cchc_kg.queries.validity_sparql import merge_effective

__all__ = [
    "ENDING",
    "CHANGE_RELATIONS",
    "CORPUS_CONFIDENCE",
    "ChangeFact",
    "ValidityFacts",
    "merge_validity",
    "fact_order",
    "INSTRUMENT_TYPES",
]

#: relations that end the target (unless partial)
ENDING = ("replaces", "repeals")
CHANGE_RELATIONS = ENDING + ("amends",)
#: confidence of corpus facts: stated by the successor itself / reported by a third document
CORPUS_CONFIDENCE = {"self": "S", "reported": "U"}

_ELI = "http://data.europa.eu/eli/ontology#"
_CCHC = "https://w3id.org/cchc/ontology#"
_PROV = "http://www.w3.org/ns/prov#"
_REL_IRIS = {"replaces": _CCHC + "replaces", "repeals": _ELI + "repeals", "amends": _ELI + "amends"}
_DOC_PREDS = {
    "in_force": _ELI + "in_force", "effective": _ELI + "first_date_entry_in_force",
    "end": _ELI + "date_no_longer_in_force", "date": _ELI + "date_document", "year": _CCHC + "year",
    "confidence": _CCHC + "confidence", "fact_source": _CCHC + "factSource",
}
#: document types (``eli:type_document`` slugs) that can replace, repeal or amend another
#: document; a submission, letter, report, notice, plan or consolidated text only reports a change
INSTRUMENT_TYPES = frozenset({"luat", "bo-luat", "nd", "tt", "ttlt", "qd", "nq", "nqlt", "ct", "pl", "lenh", "hp"})
#: copies of one document fact read (a stub is described in every citing file)
FACT_COPIES = 32


@dataclass(frozen=True, slots=True)
class ChangeFact:
    """One stated change: ``successor`` ``relation`` ``target``, with its evidence.

    >>> f = ChangeFact("s", "replaces", "t", None, "S", "corpus", "corpus", True, False, "s", "a.txt", 5, 20, "q", "x")
    >>> f.ends, f.span()
    (True, (5, 20))
    """

    successor: str
    relation: str
    target: str
    date: str | None
    confidence: str | None
    fact_source: str | None
    origin: str  # "catalog" | "corpus"
    self_stated: bool
    partial: bool
    where: str | None  # the document whose text states it (corpus facts)
    source_path: str | None
    start: int | None
    end: int | None
    quote: str | None
    sentence: str | None

    @property
    def ends(self) -> bool:
        """Does this fact end the target (a whole-document replacement or repeal)?"""
        return self.relation in ENDING and not self.partial

    def span(self) -> tuple[int | None, int | None]:
        """Character span of the evidence in ``source_path``."""
        return (self.start, self.end)

    def as_dict(self) -> dict[str, Any]:
        """Built-in dict (JSON keys stable)."""
        return asdict(self)


def fact_order(f: ChangeFact) -> tuple[Any, ...]:
    """The order of change facts: total, so every backend lists them alike.

    >>> a = ChangeFact("s", "amends", "t", None, "U", "x", "corpus", False, False, "w", "a.txt", 5, 9, "q", "s")
    >>> sorted([a, ChangeFact(*(a.as_dict() | {"end": 7}).values())], key=fact_order)[0].end
    7
    """
    return (f.target, f.relation, f.successor, f.origin, f.source_path or "", f.start or 0, f.end or 0, f.where or "",
            f.quote or "", f.sentence or "", f.partial, f.date or "", f.confidence or "", f.fact_source or "")


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v


def _first(vals: Iterable[Any]) -> Any:
    vs = sorted({_iso(v) for v in vals if v is not None}, key=str)
    return vs[0] if vs else None


def merge_validity(iri: str, doc: Mapping[str, Any], changes: list[ChangeFact],
                   facts_of: Callable[[str], Mapping[str, Any]]) -> dict[str, Any]:
    """The validity of ``iri`` from its document facts and the changes made to it.

    Precedence (``docs/validity.md``): a stated end date wins; else the
    earliest date among the whole-document replacements/repeals — a step's
    date is the catalog relation date, else the successor's entry into force,
    else the successor's signing date (``end_source`` ``successor-signed``:
    the end is only known not to be earlier). Where the catalog gives the
    document's validity and says it is in force with no end, a corpus fact
    reported by a third document does not end it. Partial repeals and
    amendments never end a document. A change whose successor is known not
    to be a legal instrument (:data:`INSTRUMENT_TYPES`: a submission, letter,
    report or consolidated text) is left out, and so is a dated step that
    would end a document before it was issued.

    Keys: ``iri``, ``in_force``, ``effective`` (the catalog's, else the
    document's own "hiệu lực" clause: ``effective_source`` ``catalog`` /
    ``corpus``, ``effective_evidence`` the clause), ``end``, ``end_source``
    (``stated`` / ``successor`` / ``successor-signed`` / None),
    ``end_confidence`` (of the fact that gives the end), ``date``,
    ``year``, ``confidence``, ``fact_source``, ``successors`` and
    ``amended_by`` (edge dicts: ``successor``, ``relation``, ``date``,
    ``date_source``, ``confidence``, ``fact_source``, ``origin``, ``quote``,
    ``sentence``, ``source_path``, ``start``, ``end``, ``self_stated``,
    ``date_evidence``: the successor's "hiệu lực" clause when the step's date
    is its entry into force read from the corpus).

    >>> f = ChangeFact("n", "replaces", "o", None, "S", "corpus a.txt", "corpus", True, False, "n", "a.txt", 1, 9, "q", "s")
    >>> v = merge_validity("o", {"date": "2015-01-01"}, [f], lambda i: {"date": "2020-03-01"})
    >>> v["end"], v["end_source"], v["in_force"]
    ('2020-03-01', 'successor-signed', None)
    """
    v = {k: doc.get(k) for k in ("in_force", "effective", "effective_source", "effective_evidence", "end", "date", "year",
                                 "confidence", "fact_source")}
    v["iri"] = iri
    catalog_in_force = v["in_force"] is True and not v["end"] and doc.get("catalogued")
    succ: dict[tuple[str, str], dict[str, Any]] = {}
    amended: dict[tuple[str, str], dict[str, Any]] = {}
    for f in sorted(changes, key=lambda c: (c.origin != "catalog", not c.self_stated, c.successor, fact_order(c))):
        if f.origin == "corpus":
            st = facts_of(f.successor).get("type")
            if st and st not in INSTRUMENT_TYPES:
                continue
        if f.relation in ENDING and not f.ends:
            bucket, rel = amended, "amends"  # a partial repeal changes, it does not end
        elif f.relation in ENDING:
            if catalog_in_force and f.origin == "corpus" and not f.self_stated:
                continue
            bucket, rel = succ, f.relation
        else:
            bucket, rel = amended, "amends"
        e = bucket.get((rel, f.successor))
        if e is None:
            e = bucket[(rel, f.successor)] = {
                "successor": f.successor, "relation": rel, "date": f.date, "date_source": "stated" if f.date else None,
                "confidence": f.confidence, "fact_source": f.fact_source, "origin": f.origin, "quote": f.quote,
                "sentence": f.sentence, "source_path": f.source_path, "start": f.start, "end": f.end,
                "self_stated": f.self_stated, "partial": f.partial, "date_evidence": None,
            }
        else:
            for k, val in (("date", f.date), ("quote", f.quote), ("sentence", f.sentence),
                           ("source_path", f.source_path), ("start", f.start), ("end", f.end)):
                if e[k] is None and val is not None:
                    e[k] = val
    for e in list(succ.values()) + list(amended.values()):
        if e["date"] is None:
            sv = facts_of(e["successor"])
            if sv.get("effective"):
                e["date"], e["date_source"] = sv["effective"], "successor-effective"
                e["date_evidence"] = sv.get("effective_evidence") if sv.get("effective_source") == "corpus" else None
            elif sv.get("date"):
                e["date"], e["date_source"] = sv["date"], "successor-signed"
    born = v["date"] or (f"{v['year']}-01-01" if v.get("year") else None)
    for e in list(succ.values()):
        if born and e["date"] and e["date"] < born:
            del succ[(e["relation"], e["successor"])]  # cannot end before it was issued: a misread date or pair
    v["successors"] = sorted(succ.values(), key=lambda e: (e["relation"], e["date"] or "", e["successor"]))
    v["amended_by"] = sorted(amended.values(), key=lambda e: (e["date"] or "", e["successor"]))
    v["end_source"] = "stated" if v["end"] else None
    v["end_confidence"] = v["confidence"] if v["end"] else None
    if not v["end"]:
        dated = sorted((e["date"], e["date_source"], e["confidence"] or "") for e in v["successors"] if e["date"])
        if dated:
            v["end"] = dated[0][0]
            v["end_source"] = "successor-signed" if dated[0][1] == "successor-signed" else "successor"
            v["end_confidence"] = dated[0][2] or None
    if v["successors"] and v["in_force"] is None and v["end"] is None:
        v["in_force"] = False
    if v["successors"] and v["in_force"] is True and v["end"] and v["end_source"] != "stated":
        v["in_force"] = False  # in force until its successor took over
    return v


class ValidityFacts:
    """The validity table of one store: change facts read at once, document facts on demand.

    ``from_source`` reads every change fact of an embedded store from its
    indexes (one look-up per fact node), of a Bolt or networkx backend from
    its property graph (:mod:`cchc_kg.queries.validity_pg`), or answers per
    document through the :mod:`cchc_kg.queries.validity_sparql` primitives
    of an ``rdflib.Graph``.
    """

    def __init__(self, doc_facts: Callable[[str], dict[str, Any]], changes: Iterable[ChangeFact] | None,
                 changes_into: Callable[[str], list[ChangeFact]] | None = None, stated_ended: Iterable[str] = ()) -> None:
        self._doc_facts = doc_facts
        self._stated_ended = sorted(set(stated_ended))
        self._docs: dict[str, dict[str, Any]] = {}
        self._validity: dict[str, dict[str, Any]] = {}
        self._all = None if changes is None else list(changes)
        self._into: dict[str, list[ChangeFact]] = {}
        self._by: dict[str, list[ChangeFact]] = {}
        self._lazy_into = changes_into
        if self._all is not None:
            for f in self._all:
                self._into.setdefault(f.target, []).append(f)
                self._by.setdefault(f.successor, []).append(f)

    # -- construction ----------------------------------------------------------
    @classmethod
    def from_source(cls, source: Any, *, bulk: bool = False) -> ValidityFacts:
        """The table for a backend, a ``GraphStore`` or an ``rdflib.Graph``.

        ``bulk`` reads every change fact of an embedded store at once (what a
        whole-collection ``check`` or ``changes`` needs); otherwise the facts
        about a document are read from the indexes when it is first asked.
        A Bolt or networkx backend answers the same facts from the property
        graph (:class:`cchc_kg.queries.validity_pg.ValiditySource`).
        """
        store = getattr(source, "store", source)
        raw = getattr(store, "raw", None)
        if raw is not None and hasattr(store, "is_committed"):
            if bulk:
                return cls(lambda i: _doc_facts_raw(store, i), _read_changes_raw(store), stated_ended=_stated_ended_raw(store))
            return cls(lambda i: _doc_facts_raw(store, i), None, lambda i: _read_changes_raw(store, target=i))
        if all(callable(getattr(source, n, None)) for n in ("document_facts", "change_facts", "stated_ended")):
            # a property-graph backend (Bolt, networkx): the same facts, from cchc_kg.queries.validity_pg
            if bulk:
                return cls(source.document_facts, source.change_facts(), stated_ended=source.stated_ended())
            return cls(source.document_facts, None, source.change_facts)
        from cchc_kg.queries.validity_sparql import primitives

        p = primitives(source)
        return cls(lambda i: dict(p.document_validity(i)), None, lambda i: _changes_from_edges(i, p.successor_edges(i)))

    # -- reading ---------------------------------------------------------------
    def document_facts(self, iri: str) -> dict[str, Any]:
        """``in_force``, ``effective``, ``end``, ``date``, ``year``, ``confidence``, ``fact_source``, ``catalogued``."""
        d = self._docs.get(iri)
        if d is None:
            d = self._docs[iri] = self._doc_facts(iri)
        return d

    def changes_into(self, iri: str) -> list[ChangeFact]:
        """Change facts whose target is ``iri``."""
        if self._all is None:
            if iri not in self._into:
                self._into[iri] = self._lazy_into(iri) if self._lazy_into else []
        return self._into.get(iri, [])

    def changes_by(self, iri: str) -> list[ChangeFact]:
        """Change facts whose successor is ``iri`` (store-backed tables only)."""
        return self._by.get(iri, [])

    def all_changes(self) -> list[ChangeFact]:
        """Every change fact read (store-backed tables; ``[]`` otherwise)."""
        return list(self._all or [])

    def corpus_changes(self) -> list[ChangeFact]:
        """The change facts stated in loaded documents, sorted by (source, span)."""
        return sorted((f for f in self._all or [] if f.origin == "corpus"),
                      key=lambda f: (f.source_path or "", f.start or 0, f.relation, f.target))

    def validity(self, iri: str) -> dict[str, Any]:
        """The merged validity dict of ``iri`` (see :func:`merge_validity`); cached."""
        v = self._validity.get(iri)
        if v is None:
            v = self._validity[iri] = merge_validity(iri, self.document_facts(iri), self.changes_into(iri), self.document_facts)
        return v

    __call__ = validity

    def ended_candidates(self) -> list[str]:
        """Documents that may have ended: a stated end, ``in_force`` false, or an ending change fact.

        Store-backed tables only (the set :func:`cchc_kg.queries.validity.check` starts from).
        """
        out = {f.target for f in self._all or [] if f.ends}
        out |= set(self._stated_ended)
        return sorted(out)


# -- reading an embedded store from its indexes -------------------------------------------
def _doc_facts_raw(store: Any, iri: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from cchc_kg.kg.store import CATALOG_GRAPH, to_python

    raw = store.raw
    node = ox.NamedNode(iri)
    out: dict[str, Any] = {}
    catalogued = False
    for k, p in _DOC_PREDS.items():
        vals = []
        for q in raw.quads_for_pattern(node, ox.NamedNode(p), None, None):
            g = q.graph_name.value
            if not store.is_committed(g):
                continue
            catalogued = catalogued or g == CATALOG_GRAPH
            if k == "effective" and g != CATALOG_GRAPH:
                continue  # only the catalog states eli:first_date_entry_in_force; a loaded text's clause is read below
            vals.append(to_python(q.object))
            if len(vals) >= FACT_COPIES:
                break
        if k == "in_force":
            forces = {bool(x) for x in vals}
            out[k] = None if len(forces) != 1 else next(iter(forces))
        else:
            out[k] = _first(vals)
    out["catalogued"] = catalogued
    merge_effective(out, _effective_clauses_raw(store, iri))
    types = sorted(q.object.value.rsplit("/", 1)[-1] for q in raw.quads_for_pattern(node, ox.NamedNode(_ELI + "type_document"), None, None))
    out["type"] = types[0] if len(set(types)) == 1 else None
    return out


def _stated_ended_raw(store: Any) -> list[str]:
    """Documents with a stated end date or ``in_force`` false (any committed graph)."""
    import pyoxigraph as ox

    raw = store.raw
    out = {q.subject.value for q in raw.quads_for_pattern(None, ox.NamedNode(_DOC_PREDS["end"]), None, None)
           if store.is_committed(q.graph_name.value)}
    for q in raw.quads_for_pattern(None, ox.NamedNode(_DOC_PREDS["in_force"]), None, None):
        if store.is_committed(q.graph_name.value) and q.object.value in ("false", "0"):
            out.add(q.subject.value)
    return sorted(out)


def _change_nodes(store: Any, target: str | None) -> Iterable[tuple[str, Any, str]]:
    """(relation, citation node, graph) of every change fact, or of those into ``target``."""
    import pyoxigraph as ox

    raw = store.raw
    ctype = ox.NamedNode(_CCHC + "citationType")
    if target is None:
        for rel, piri in _REL_IRIS.items():
            for q in raw.quads_for_pattern(None, ctype, ox.NamedNode(piri), None):
                yield rel, q.subject, q.graph_name.value
        return
    rels = {v: k for k, v in _REL_IRIS.items()}
    for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "citedDocument"), ox.NamedNode(target), None):
        for t in raw.quads_for_pattern(q.subject, ctype, None, q.graph_name):
            if t.object.value in rels:
                yield rels[t.object.value], q.subject, q.graph_name.value


def _read_changes_raw(store: Any, target: str | None = None) -> list[ChangeFact]:
    import pyoxigraph as ox

    from cchc_kg.kg.store import CATALOG_GRAPH, to_python

    raw = store.raw
    char_end = ox.NamedNode(_CCHC + "charEnd")
    pin, citing_p = ox.NamedNode(_CCHC + "pinpoint"), ox.NamedNode(_CCHC + "citingDocument")
    paths: dict[str, str | None] = {}
    out: list[ChangeFact] = []
    for rel, c, g in _change_nodes(store, target):
        if not store.is_committed(g) or not isinstance(c, ox.NamedNode):
            continue
        f: dict[str, list[Any]] = {}
        end_terms = []  # a reference repeated in one file is one node with several spans
        for x in raw.quads_for_pattern(c, None, None, ox.NamedNode(g)):
            f.setdefault(x.predicate.value, []).append(to_python(x.object))
            if x.predicate == char_end:
                end_terms.append(x.object)
        one = lambda p: (f.get(p) or [None])[0]  # noqa: E731
        succ, obj = one(_CCHC + "citingDocument"), one(_CCHC + "citedDocument")
        if not succ or not obj or succ == obj:
            continue
        if g == CATALOG_GRAPH:
            out.append(ChangeFact(succ, rel, obj, _iso(one(_ELI + "date_document")), one(_CCHC + "confidence"),
                                  one(_CCHC + "factSource"), "catalog", False, False, None, None, None, None, None, None))
            continue
        where = one(_CCHC + "sourceDocument")
        src = one(_PROV + "wasDerivedFrom")
        if src not in paths:
            paths[src] = _first(to_python(x.object) for x in raw.quads_for_pattern(
                ox.NamedNode(src), ox.NamedNode(_CCHC + "path"), None, None)) if src else None
        partial = False
        for end_term in end_terms if where else ():  # the reference at the same span names an article/clause?
            # the object is checked again: on a built store pyoxigraph 0.5.13 returns quads whose integer
            # object differs from the pattern's (seen on the corpus: charEnd 80420 for a pattern 80383)
            for x in raw.quads_for_pattern(None, char_end, end_term, ox.NamedNode(g)):
                if x.object == end_term and x.subject != c and next(iter(raw.quads_for_pattern(x.subject, pin, None, ox.NamedNode(g))), None) \
                        and next(iter(raw.quads_for_pattern(x.subject, citing_p, ox.NamedNode(where), ox.NamedNode(g))), None):
                    partial = True
                    break
            if partial:
                break
        self_stated = where == succ
        start, end = one(_CCHC + "charStart"), one(_CCHC + "charEnd")
        path = paths[src]
        out.append(ChangeFact(
            succ, rel, obj, None, CORPUS_CONFIDENCE["self" if self_stated else "reported"],
            f"{path} [{start}:{end}]", "corpus", self_stated, partial, where, path, start, end,
            one(_CCHC + "quote"), one(_CCHC + "sentence"),
        ))
    out.sort(key=fact_order)
    return out


def _changes_from_edges(iri: str, edges: list[dict[str, Any]]) -> list[ChangeFact]:
    """Change facts from :meth:`successor_edges` rows (other backends: no span, no self/partial flags)."""
    out = []
    for e in edges:
        catalog = bool(e.get("fact_source")) and str(e["fact_source"]).startswith("cchc-kg catalog")
        out.append(ChangeFact(
            e["successor"], e["relation"], iri, e.get("date"), e.get("confidence") or (None if catalog else "U"),
            e.get("fact_source"), "catalog" if catalog else "corpus", False, False, None, e.get("source_path"),
            None, None, e.get("quote"), e.get("sentence"),
        ))
    return out


def _effective_clauses_raw(store: Any, iri: str) -> list[dict[str, Any]]:
    """The document's own entry-into-force clauses (``cchc:EffectiveClause``) with their evidence."""
    import pyoxigraph as ox

    from cchc_kg.kg.store import to_python

    raw = store.raw
    out = []
    for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "effectiveDateOf"), ox.NamedNode(iri), None):
        if not store.is_committed(q.graph_name.value):
            continue
        f: dict[str, Any] = {}
        for t in raw.quads_for_pattern(q.subject, None, None, q.graph_name):
            f.setdefault(t.predicate.value, to_python(t.object))
        src = f.get(_PROV + "wasDerivedFrom")
        path = None
        if src:
            path = next((to_python(t.object) for t in raw.quads_for_pattern(ox.NamedNode(src), ox.NamedNode(_CCHC + "path"), None, None)), None)
        out.append({"date": _iso(f.get(_CCHC + "effectiveDate")), "basis": f.get(_CCHC + "effectiveBasis"), "source_path": path,
                    "start": f.get(_CCHC + "charStart"), "end": f.get(_CCHC + "charEnd"),
                    "sentence": f.get(_CCHC + "sentence"), "quote": f.get(_CCHC + "quote")})
    return out

