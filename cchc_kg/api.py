"""The Python API: open a store, build it, ask it questions.

One object, :class:`Graph`, wraps a store and a query backend; every
question is a method returning a frozen result whose ``to_dict()`` is the
JSON the matching CLI command prints with ``--json``. Errors are the
exceptions of :mod:`cchc_kg.kg.errors` (all subclasses of ``CchcError``).

>>> import cchc_kg
>>> g = cchc_kg.open(None)            # an empty in-memory store
>>> g.documents()
()
>>> g.bases("https://w3id.org/cchc/id/doc/x")
Traceback (most recent call last):
...
cchc_kg.kg.errors.DocumentNotFound: no document https://w3id.org/cchc/id/doc/x
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cchc_kg.answers import (
    Agencies,
    AgencyDuties,
    Bases,
    BuildSummary,
    Changes,
    CheckReport,
    CitedBy,
    Coverage,
    Document,
    DocumentInfo,
    Implements,
    Targets,
    View,
)
from cchc_kg.answers import one_or_many as _one_or_many
from cchc_kg.kg.errors import InputError
from cchc_kg.kg.model import Extraction, SourceText
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.backend import Backend
from cchc_kg.outlets import GraphOutlets

__all__ = [
    "open",
    "extract",
    "parse_date",
    "Graph",
    "Document",
    "DocumentInfo",
    "BuildSummary",
    "Bases",
    "CitedBy",
    "Targets",
    "Implements",
    "Coverage",
    "Agencies",
    "AgencyDuties",
    "CheckReport",
    "Changes",
    "View",
]

BACKENDS = ("embedded", "neo4j", "networkx")
# characters an IRI never holds (RFC 3987): a DOC argument with one of them is a typo, not an IRI
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\\x00-\x1f\x7f-\x9f]')


# -- helpers --------------------------------------------------------------------
def parse_date(value: str | _dt.date | None) -> str:
    """An ISO date (``YYYY-MM-DD``); today for ``None``; ``InputError`` otherwise.

    >>> parse_date("2026-01-01")
    '2026-01-01'
    >>> parse_date("01/2026")
    Traceback (most recent call last):
    ...
    cchc_kg.kg.errors.InputError: not a date (YYYY-MM-DD): '01/2026'
    """
    if value is None:
        return _dt.date.today().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}") from None


def extract(text: str, *, path: str = "<text>") -> list[Extraction]:
    """Records (documents, references, targets, responsibilities) found in ``text``, with evidence spans.

    Offsets are into the NFC form of ``text``; every record's evidence keeps
    its character span and sentence. ``NoIdentityError`` when the text is not
    an official document.

    >>> text = ("ỦY BAN NHÂN DÂN\\nTỈNH BÌNH MINH\\nSố: 12/KH-UBND\\n\\nKẾ HOẠCH\\nCải cách hành chính năm 2025\\n\\n"
    ...         "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ;\\n")
    >>> ex = extract(text)[0]
    >>> ex.document.symbol, ex.references[0].evidence.quote
    ('12/KH-UBND', 'Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020')
    >>> nfc = unicodedata.normalize("NFC", text)
    >>> s, e = ex.references[0].evidence.span(); nfc[s:e] == ex.references[0].evidence.quote
    True
    """
    from cchc_kg.loaders.pipeline import extract_source

    nfc = unicodedata.normalize("NFC", text)
    src = SourceText(path=path, text=nfc, sha256=hashlib.sha256(nfc.encode("utf-8")).hexdigest())
    return extract_source(src)


# -- the graph ------------------------------------------------------------------
def open(  # noqa: A001 - the API's entry point, like sqlite_utils.Database / shelve.open
    store: str | Path | None = ".cchc-kg",
    *,
    backend: str = "embedded",
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Graph:
    """The graph in the store folder ``store`` (``None``: an empty in-memory store).

    ``backend`` answers the questions: ``embedded`` (the store, SPARQL),
    ``networkx`` (an in-memory projection of the store) or ``neo4j`` (a Bolt
    server at ``uri``, already pushed). The store need not exist until
    :meth:`Graph.build` writes it.
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; use embedded, neo4j or networkx")
    return Graph(None if store is None else Path(store), backend=backend, uri=uri, user=user,
                 password=password, database=database)


def _reader(max_file_mb: int | None = None, max_inflated_mb: int | None = None,
            max_text_mb: int | None = None) -> Callable[..., Any]:
    """The multi-format file reader with the size bounds given (MB); the readers' defaults otherwise."""
    import functools

    from cchc_kg.loaders.readers import read_source

    mb = 1024 * 1024
    bounds = {k: v * mb for k, v in (("max_file_bytes", max_file_mb), ("max_inflated_bytes", max_inflated_mb),
                                     ("max_text_bytes", max_text_mb)) if v is not None}
    return functools.partial(read_source, **bounds) if bounds else read_source


class Graph(GraphOutlets):
    """A CCHC knowledge graph: a store plus the backend that answers questions over it."""

    def __init__(self, store: Path | None, *, backend: str = "embedded", uri: str | None = None,
                 user: str | None = None, password: str | None = None, database: str | None = None) -> None:
        self.store_path = store
        self.backend_name = backend
        self._bolt = (uri, user, password, database)
        self._memory: GraphStore | None = GraphStore.open(None, writable=True) if store is None else None
        self._backend: Backend | None = None

    def __repr__(self) -> str:
        return f"Graph({str(self.store_path) if self.store_path else 'in memory'!r}, backend={self.backend_name!r})"

    @classmethod
    def over(cls, backend: Backend) -> Graph:
        """A graph answering from ``backend``, already open (a web server's read-only snapshot of a store).

        Its answers are those of every other ``Graph``; it reads, it does
        not build (the store of an embedded backend is opened read-only).

        >>> from cchc_kg.kg.store import GraphStore
        >>> from cchc_kg.queries.embedded import EmbeddedBackend
        >>> Graph.over(EmbeddedBackend(GraphStore.open(None))).implements("B06").to_dict()
        []
        """
        g = cls.__new__(cls)
        g.store_path, g.backend_name, g._bolt = None, "embedded", (None, None, None, None)
        g._memory = getattr(backend, "store", None)
        g._backend = backend
        return g

    # -- plumbing
    def store(self, *, writable: bool = False) -> GraphStore:
        """The underlying :class:`cchc_kg.kg.store.GraphStore` (a writer holds the store's lock)."""
        if self._memory is not None:
            return self._memory
        return GraphStore.open(self.store_path, writable=writable, create=writable)

    def backend(self) -> Backend:
        """The query backend (opened once, after the last build)."""
        if self._backend is None:
            if self.backend_name == "embedded":
                from cchc_kg.queries.embedded import EmbeddedBackend

                self._backend = EmbeddedBackend(self.store())
            elif self.backend_name == "networkx":
                from cchc_kg.queries.nx import NetworkxBackend

                self._backend = NetworkxBackend.from_store(self.store())
            else:
                from cchc_kg.kg.neo4j_writer import connect
                from cchc_kg.queries.cypher import CypherBackend

                uri, user, password, database = self._bolt
                uri = uri or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
                self._backend = CypherBackend(connect(uri, user=user, password=password, database=database))
        return self._backend

    def resolve(self, doc: str) -> list[str]:
        """IRIs of the documents ``doc`` names: a source path, an IRI or a citation (``"64/KH-UBND 2022"``)."""
        from cchc_kg.loaders.docquery import parse_doc_query
        from cchc_kg.queries.documents import resolve_doc

        q = parse_doc_query(doc)
        if q.kind == "iri" and _BAD_IRI.search(q.text):
            raise InputError(f"{doc!r} is not a valid IRI: pass a full IRI without spaces, a path or a citation")
        return resolve_doc(self.backend(), q)

    def _resolve_all(self, docs: Iterable[str]) -> list[str]:
        out: list[str] = []
        for d in docs:
            out += [i for i in self.resolve(d) if i not in out]
        return out

    # -- writing
    def build(self, paths: Iterable[str | Path], *, force: bool = False, workers: int = 1,
              progress: Callable[[Any], None] | None = None, max_file_mb: int | None = None,
              max_inflated_mb: int | None = None, max_text_mb: int | None = None,
              notes: Callable[[str, Any], None] | None = None) -> BuildSummary:
        """Load files and folders (recursively) into the store; unchanged files are skipped.

        A file that cannot be loaded is reported in ``problems`` and the rest
        goes on; ``InputError`` when a path does not exist. ``workers=0`` uses
        every core. The size bounds (MB) default to the readers' (200 / 100 /
        20); a file past one is reported "too large". With ``force`` every
        file is reloaded and a damaged store is moved aside and built anew.
        ``notes(kind, value)`` hears ``"took-over"`` (the pid of a build that
        died holding the lock) and ``"moved-damaged"`` (where the damaged store
        went) before the first file. ``progress`` hears each file's result; an
        exception it raises stops the build (finished files are kept), and so
        does ``KeyboardInterrupt``.

        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> _ = (d / "kh.txt").write_text("UBND TỈNH A\\nSố: 1/KH-UBND\\nKẾ HOẠCH\\nCải cách hành chính năm 2024", encoding="utf-8")
        >>> g = open(None)
        >>> g.build([d]).to_dict()["loaded"]
        1
        """
        from cchc_kg.kg.ingest import build as run_build
        from cchc_kg.loaders.discover import discover
        from cchc_kg.loaders.pipeline import extract_source
        from cchc_kg.queries.summary import refresh_summaries

        paths = [Path(p) for p in paths]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise InputError(f"no such file or folder: {', '.join(missing)}")
        files = discover(paths)
        if not files:
            raise InputError("no loadable files found under " + ", ".join(map(str, paths)))
        if self._memory is not None:
            st = self._memory
        else:
            st = GraphStore.open(self.store_path, writable=True, create=True, replace_damaged=force)
            if notes is not None and st.took_over is not None:
                notes("took-over", st.took_over)
            if notes is not None and st.moved_damaged is not None:
                notes("moved-damaged", st.moved_damaged)
        try:
            report = run_build(st, files, read=_reader(max_file_mb, max_inflated_mb, max_text_mb), extract=extract_source,
                               workers=workers or (os.cpu_count() or 1), force=force, progress=progress,
                               summarize=refresh_summaries)
        finally:
            if self._memory is None:
                st.close()
        self._backend = None  # answers come from the new graph
        summary = report.as_dict()
        summary["store"] = str(self.store_path) if self.store_path else None
        summary["triples"] = len(self.store())
        return BuildSummary(summary)

    # -- questions (each = one CLI command's --json)
    def documents(self, *, loaded: bool = False, search: str | None = None, all: bool = False) -> tuple[Document, ...]:  # noqa: A002
        """Documents: loaded ones first, then those they reference (``cchc-kg docs``)."""
        return tuple(Document.from_dict(d) for d in self.iter_documents(loaded=loaded, search=search, all=all))

    def iter_documents(self, *, loaded: bool = False, search: str | None = None,
                       all: bool = False) -> Iterator[dict[str, Any]]:  # noqa: A002
        """:meth:`documents` as a stream of plain rows (the JSON of ``cchc-kg docs``), for whole-collection reports.

        Rows come from the per-document summary rows written at build time
        when the store has them, so listing 10,000 documents takes about a second.
        """
        from cchc_kg.queries.documents import iter_documents

        return iter_documents(self.backend(), loaded_only=loaded, text=search, include_uncited_catalog=all)

    def document_fields(self, iri: str) -> dict[str, Any]:
        """The fields listings print about one document IRI (type, number, date, issuer …), from the
        summary rows when the store has them: for reports naming thousands of documents.
        ``DocumentNotFound`` for an unknown IRI."""
        from cchc_kg.queries.documents import document_fields

        return document_fields(self.backend(), iri)

    def document(self, doc: str, *, as_of: str | _dt.date | None = None) -> DocumentInfo:
        """A document with its relations both ways, their evidence, its citers and its validity (``cchc-kg show``).

        With ``as_of`` the answer also says whether it was in force that day
        (``"as_of"``, ``"in_force_at"``: true, false or null when unknown).
        """
        from cchc_kg.queries.documents import describe
        from cchc_kg.queries.validity import document_in_force_at, validity_lookup

        be = self.backend()
        items = [describe(be, i) for i in self.resolve(doc)]
        validity = validity_lookup(be)  # the same facts on every backend (cchc_kg.queries.validity_pg)
        day = parse_date(as_of) if as_of is not None else None
        for r in items:
            r["validity"] = validity(r["document"]["iri"])
            if day is not None:
                r["as_of"] = day
                r["in_force_at"] = document_in_force_at(r["document"], r["validity"], day)
        return DocumentInfo(_one_or_many(items))

    def bases(self, doc: str, *, depth: int | None = None, as_of: str | _dt.date | None = None) -> Bases:
        """Legal-basis lineage upward as a tree (``cchc-kg bases``); ``as_of`` marks what was in force."""
        from cchc_kg.queries.lineage import bases as q_bases

        be = self.backend()
        trees = [q_bases(be, i, depth=depth) for i in self.resolve(doc)]
        if as_of is not None:
            from cchc_kg.queries.validity import mark_in_force, validity_lookup

            date = parse_date(as_of)
            lookup = validity_lookup(be)
            trees = [mark_in_force(t, date, lookup) for t in trees]
        return Bases(_one_or_many(trees))

    def cited_by(self, doc: str, *, transitive: bool = False) -> CitedBy:
        """Documents based on / implementing / citing ``doc`` (``cchc-kg cited-by``)."""
        from cchc_kg.queries.lineage import cited_by as q_cited_by

        be = self.backend()
        return CitedBy([r for i in self.resolve(doc) for r in q_cited_by(be, i, transitive=transitive)])

    def iter_cited_by(self, doc: str, *, transitive: bool = False) -> Iterator[dict[str, Any]]:
        """:meth:`cited_by` as a stream of rows, one depth at a time (a report over a national root document)."""
        from cchc_kg.queries.lineage import iter_cited_by

        be = self.backend()
        iris = self.resolve(doc)  # an unknown document fails here, before the first row
        return (r for i in iris for r in iter_cited_by(be, i, transitive=transitive))

    def targets(self, doc: str, *, area: str | None = None) -> Targets:
        """Quantified targets of a plan (``cchc-kg targets``)."""
        from cchc_kg.queries.plans import plan_targets

        be = self.backend()
        return Targets(_one_or_many([{"document": be.document(i), "targets": plan_targets(be, i, area=area)}
                                     for i in self.resolve(doc)]))

    def implements(self, query: str) -> Implements:
        """Local plans implementing a national target (id such as ``B06`` or words of its metric)."""
        from cchc_kg.queries.plans import implements

        return Implements(implements(self.backend(), query))

    def suggest_targets(self, query: str) -> list[str]:
        """"Did you mean" wordings of national targets when ``query`` matches none (``[]`` when it matches).

        >>> open(None).suggest_targets("B06")
        []
        """
        from cchc_kg.queries.plans import suggest_targets

        return suggest_targets(self.backend(), query)

    def iter_implements(self, query: str) -> Iterator[dict[str, Any]]:
        """:meth:`implements` as a stream: ``{"national_target": …, "plan": None}`` heading each matching
        national target, then one ``{"national_target": …, "plan": …}`` row per plan as soon as it is known."""
        from cchc_kg.queries.plans import iter_implements

        return iter_implements(self.backend(), query)

    def coverage(self, of: Sequence[str] | None = None) -> Coverage:
        """National targets × plans: adopted value, weaker/stronger, or missing (``cchc-kg coverage``)."""
        from cchc_kg.queries.plans import coverage

        return Coverage(coverage(self.backend(), of=self._resolve_all(of) if of else None))

    def agencies(self, doc: str | Sequence[str] | None = None, *, area: str | None = None, role: str | None = None,
                 as_of: str | _dt.date | None = None) -> Agencies:
        """Who is responsible for what, in some plans or all (``cchc-kg agencies``)."""
        return Agencies(list(self.iter_agencies(doc, area=area, role=role, as_of=as_of)))

    def iter_agencies(self, doc: str | Sequence[str] | None = None, *, area: str | None = None, role: str | None = None,
                      as_of: str | _dt.date | None = None) -> Iterator[dict[str, Any]]:
        """:meth:`agencies` as a stream of plain rows (the JSON of ``cchc-kg agencies``), by document.

        Over every plan of a store with summary rows (written at build time),
        each plan's responsibilities are read from its row. An unknown
        document, role or date fails here, before the first row.
        """
        from cchc_kg.queries.plans import iter_agencies

        be = self.backend()
        docs = [doc] if isinstance(doc, str) else doc
        try:
            rows = iter_agencies(be, doc=self._resolve_all(docs) if docs else None, area=area, role=role)
        except ValueError as e:  # an unknown role or area
            raise InputError(str(e)) from None
        if as_of is not None:
            from cchc_kg.queries.orgs_time import iter_agencies_as_of

            rows = iter_agencies_as_of(be, rows, parse_date(as_of))
        return rows

    def agency(self, name: str, *, as_of: str | _dt.date | None = None) -> AgencyDuties:
        """Responsibilities of one organisation, or of one kind across jurisdictions (``cchc-kg agency``)."""
        from cchc_kg.queries.plans import agency

        be = self.backend()
        res = agency(be, name)
        if as_of is not None:
            from cchc_kg.queries.orgs_time import agencies_as_of

            date = parse_date(as_of)
            for o in res["organisations"]:
                o["responsibilities"] = agencies_as_of(be, o["responsibilities"], date)
        return AgencyDuties(res)

    def changes(self, *, from_corpus: bool = True, relation: str | None = None) -> Changes:
        """Replacement, repeal and amendment facts with evidence (``cchc-kg changes``), the same on every backend.

        ``from_corpus``: only the facts stated in loaded documents, else the catalog's too.
        """
        from cchc_kg.queries.validity_facts import CHANGE_RELATIONS, ValidityFacts

        if relation is not None and relation not in CHANGE_RELATIONS:
            raise InputError(f"--relation: one of {', '.join(CHANGE_RELATIONS)}, not {relation!r}")
        vf = ValidityFacts.from_source(self.backend(), bulk=True)
        facts = vf.corpus_changes() if from_corpus else vf.all_changes()
        return Changes([f.as_dict() for f in facts if relation is None or f.relation == relation])

    def check(self, docs: Sequence[str] | None = None, *, as_of: str | _dt.date | None = None,
              shacl: bool | None = None, progress: Callable[[str, int, int], None] | None = None) -> CheckReport:
        """Out-of-date citations, open references, plans without basis, reorganised agencies (``cchc-kg check``).

        The report holds ``as_of``, ``summary`` and ``findings``
        (:func:`cchc_kg.queries.checks.run_check`), the same on every backend;
        SHACL runs by default only when documents are named, as in the CLI,
        and always validates the RDF store (the property graph has no shapes).
        ``progress(stage, done, total)`` is called as the check goes.
        """
        from cchc_kg.queries.checks import run_check

        today = parse_date(as_of)
        be = self.backend()
        iris = self._resolve_all(docs) if docs else None
        run_shacl = bool(docs) if shacl is None else shacl
        rdf = self.store() if run_shacl and self.backend_name != "embedded" else None
        report = run_check(be, iris, today=today, shacl=run_shacl, progress=progress, shacl_source=rdf)
        return CheckReport({"as_of": report["as_of"], "summary": report["summary"], "findings": report["findings"]})

    def view(self, *, focus: str | None = None, depth: int = 2, responsibilities: str | None = None,
             target: str | None = None, all: bool = False, max_nodes: int | None = None,  # noqa: A002
             matrix: bool = False) -> View:
        """An interactive view (``cchc-kg viz``): exactly one of ``focus``, ``responsibilities``, ``target``, ``all``.

        ``matrix`` (with ``responsibilities``): agencies × reform areas as a matrix.
        """
        from cchc_kg.viz.views import DEFAULT_MAX_NODES, all_view, focus_view, responsibilities_view, target_view

        chosen = [n for n, v in (("focus", focus), ("responsibilities", responsibilities), ("target", target),
                                 ("all", all or None)) if v]
        if len(chosen) != 1:
            raise InputError("choose exactly one of focus, responsibilities, target, all")
        be = self.backend()
        if focus:
            return View(focus_view(be, self.resolve(focus), depth=depth, max_nodes=max_nodes or 300))
        if responsibilities:
            if matrix:
                from cchc_kg.viz.views import responsibilities_matrix_view

                return View(responsibilities_matrix_view(be, self.resolve(responsibilities)))
            return View(responsibilities_view(be, self.resolve(responsibilities)))
        if target:
            return View(target_view(be, target))
        return View(all_view(be, max_nodes=max_nodes or DEFAULT_MAX_NODES))
