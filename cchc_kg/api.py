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

import re

import copy
import datetime as _dt
import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_kg.kg.errors import BackendError, InputError

# characters an IRI never holds (RFC 3987): a DOC argument with one of them is a typo, not an IRI
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
from cchc_kg.kg.model import Extraction, SourceText
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.backend import DOC_FIELDS, Backend

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
    "CheckReport",
    "View",
]

BACKENDS = ("embedded", "neo4j", "networkx")


# -- results --------------------------------------------------------------------
def _frozen_copy(data: Any) -> Any:
    return copy.deepcopy(data)


@dataclass(frozen=True, slots=True)
class Document:
    """One document's fields (``None`` when unknown).

    >>> Document.from_dict({"iri": "https://w3id.org/cchc/id/doc/a", "symbol": "64/KH-UBND"}).symbol
    '64/KH-UBND'
    """

    iri: str
    key: str | None = None
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    level: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    source: str | None = None
    origin: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        return cls(**{f: d.get(f) for f in DOC_FIELDS})

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in DOC_FIELDS}


@dataclass(frozen=True, slots=True)
class _Answer:
    """An answer as the CLI's ``--json`` prints it (``data``), with typed views on it."""

    data: Any = field(repr=False)

    def to_dict(self) -> Any:
        """The JSON value ``cchc-kg <command> --json`` prints (a fresh copy)."""
        return _frozen_copy(self.data)


def _one_or_many(items: Sequence[Any]) -> Any:
    """The CLI prints one answer as itself and several (a DOC naming several documents) as a list."""
    return items[0] if len(items) == 1 else list(items)


@dataclass(frozen=True, slots=True)
class BuildSummary(_Answer):
    """``cchc-kg build --json``: counts, failure reasons and problems of one build."""

    @property
    def loaded(self) -> int:
        return int(self.data["loaded"])

    @property
    def failed(self) -> int:
        return int(self.data["failed"])

    @property
    def problems(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data["problems"])


@dataclass(frozen=True, slots=True)
class DocumentInfo(_Answer):
    """``cchc-kg show --json``: a document, its relations with evidence, and its citers."""

    @property
    def items(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def document(self) -> Document:
        return Document.from_dict(self.items[0]["document"])

    @property
    def relations(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.items[0]["relations"])

    @property
    def cited_by(self) -> tuple[str, ...]:
        return tuple(self.items[0]["cited_by"])


@dataclass(frozen=True, slots=True)
class Bases(_Answer):
    """``cchc-kg bases --json``: the legal-basis tree (one per document DOC names)."""

    @property
    def trees(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def document(self) -> Document:
        return Document.from_dict(self.trees[0]["document"])

    def lines(self) -> list[tuple[int, str, Document]]:
        """``(level, relation, document)`` depth-first, the root first (relation ``""``)."""
        from cchc_kg.queries.lineage import flatten_tree

        return [(lvl, n["relation"] or "", Document.from_dict(n["document"]))
                for t in self.trees for lvl, n in flatten_tree(t)]


@dataclass(frozen=True, slots=True)
class CitedBy(_Answer):
    """``cchc-kg cited-by --json``: documents based on / implementing / citing a document."""

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(Document.from_dict(r["document"]) for r in self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class Targets(_Answer):
    """``cchc-kg targets --json``: a plan and its quantified targets."""

    @property
    def items(self) -> tuple[dict[str, Any], ...]:
        """One ``{"document", "targets"}`` per document DOC names."""
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def targets(self) -> tuple[dict[str, Any], ...]:
        return tuple(t for r in self.items for t in r["targets"])


@dataclass(frozen=True, slots=True)
class Implements(_Answer):
    """``cchc-kg implements --json``: national targets matching a query, with the local plans adopting them."""

    @property
    def plans(self) -> tuple[Document, ...]:
        return tuple(Document.from_dict(p["document"]) for r in self.data for p in r["plans"])


@dataclass(frozen=True, slots=True)
class Coverage(_Answer):
    """``cchc-kg coverage --json``: national targets × plans."""

    def markdown(self) -> str:
        from cchc_kg.queries.plans import coverage_markdown

        return coverage_markdown(self.data)

    def csv(self) -> str:
        from cchc_kg.queries.plans import coverage_csv

        return coverage_csv(self.data)


@dataclass(frozen=True, slots=True)
class Agencies(_Answer):
    """``cchc-kg agencies --json``: responsibilities (agency, role, area, task, evidence)."""

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class CheckReport(_Answer):
    """``cchc-kg check --json``: ``{"as_of": date, "summary": {...}, "findings": [...]}``."""

    @property
    def findings(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data["findings"])


@dataclass(frozen=True, slots=True)
class View:
    """An interactive graph view (:class:`cchc_kg.viz.model.ViewGraph`) that writes itself as HTML."""

    graph: Any

    def html(self) -> str:
        from cchc_kg.viz.render import render

        return render(self.graph)

    def write(self, path: str | Path) -> Path:
        from cchc_kg.viz.render import write_html

        write_html(self.graph, Path(path))
        return Path(path)


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


class Graph:
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
              progress: Callable[[Any], None] | None = None) -> BuildSummary:
        """Load files and folders (recursively) into the store; unchanged files are skipped.

        A file that cannot be loaded is reported in ``problems`` and the rest
        goes on; ``InputError`` when a path does not exist.
        """
        from cchc_kg.kg.ingest import build as run_build
        from cchc_kg.loaders.discover import discover
        from cchc_kg.loaders.pipeline import extract_source
        from cchc_kg.loaders.readers import read_source

        paths = [Path(p) for p in paths]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise InputError(f"no such file or folder: {', '.join(missing)}")
        files = discover(paths)
        if not files:
            raise InputError("no loadable files found under " + ", ".join(map(str, paths)))
        st = self.store(writable=True)
        try:
            report = run_build(st, files, read=read_source, extract=extract_source,
                               workers=workers or (os.cpu_count() or 1), force=force, progress=progress)
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
        from cchc_kg.queries.documents import list_documents

        rows = list_documents(self.backend(), loaded_only=loaded, text=search, include_uncited_catalog=all)
        return tuple(Document.from_dict(d) for d in rows)

    def document(self, doc: str) -> DocumentInfo:
        """A document with its relations, their evidence, its citers and its validity (``cchc-kg show``)."""
        from cchc_kg.queries.documents import describe
        from cchc_kg.queries.validity import validity_lookup

        be = self.backend()
        items = [describe(be, i) for i in self.resolve(doc)]
        try:
            validity = validity_lookup(be)
        except BackendError:  # a backend without validity primitives (networkx, Bolt): validity unknown
            validity = None
        for r in items:
            r["validity"] = validity(r["document"]["iri"]) if validity else None
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

    def coverage(self, of: Sequence[str] | None = None) -> Coverage:
        """National targets × plans: adopted value, weaker/stronger, or missing (``cchc-kg coverage``)."""
        from cchc_kg.queries.plans import coverage

        return Coverage(coverage(self.backend(), of=self._resolve_all(of) if of else None))

    def agencies(self, doc: str | Sequence[str] | None = None, *, area: str | None = None, role: str | None = None,
                 as_of: str | _dt.date | None = None) -> Agencies:
        """Who is responsible for what, in some plans or all (``cchc-kg agencies``)."""
        from cchc_kg.queries.plans import agencies

        be = self.backend()
        docs = [doc] if isinstance(doc, str) else doc
        try:
            rows = agencies(be, doc=self._resolve_all(docs) if docs else None, area=area, role=role)
        except ValueError as e:  # an unknown role or area
            raise InputError(str(e)) from None
        if as_of is not None:
            from cchc_kg.queries.orgs_time import agencies_as_of

            rows = agencies_as_of(be, rows, parse_date(as_of))
        return Agencies(rows)

    def check(self, docs: Sequence[str] | None = None, *, as_of: str | _dt.date | None = None,
              shacl: bool | None = None) -> CheckReport:
        """Out-of-date citations, open references, plans without basis, reorganised agencies (``cchc-kg check``).

        The report holds ``as_of``, ``summary`` and ``findings``
        (:func:`cchc_kg.queries.checks.run_check`); SHACL runs by default only
        when documents are named, as in the CLI.
        """
        from cchc_kg.queries.checks import run_check

        today = parse_date(as_of)
        be = self.backend()
        iris = self._resolve_all(docs) if docs else None
        report = run_check(be, iris, today=today, shacl=bool(docs) if shacl is None else shacl)
        return CheckReport({"as_of": report["as_of"], "summary": report["summary"], "findings": report["findings"]})

    def validate(self) -> dict[str, Any]:
        """SHACL validation of the stored graph: ``{"conforms": bool, "violations": [...]}``.

        Validated in bounded batches of subjects (:func:`cchc_kg.kg.shacl.validate_store`).
        """
        from cchc_kg.kg.shacl import validate_store

        return validate_store(self.store())

    def view(self, *, focus: str | None = None, depth: int = 2, responsibilities: str | None = None,
             target: str | None = None, all: bool = False, max_nodes: int | None = None) -> View:  # noqa: A002
        """An interactive view (``cchc-kg viz``): exactly one of ``focus``, ``responsibilities``, ``target``, ``all``."""
        from cchc_kg.viz.views import DEFAULT_MAX_NODES, all_view, focus_view, responsibilities_view, target_view

        chosen = [n for n, v in (("focus", focus), ("responsibilities", responsibilities), ("target", target),
                                 ("all", all or None)) if v]
        if len(chosen) != 1:
            raise InputError("choose exactly one of focus, responsibilities, target, all")
        be = self.backend()
        if focus:
            return View(focus_view(be, self.resolve(focus), depth=depth, max_nodes=max_nodes or 300))
        if responsibilities:
            return View(responsibilities_view(be, self.resolve(responsibilities)))
        if target:
            return View(target_view(be, target))
        return View(all_view(be, max_nodes=max_nodes or DEFAULT_MAX_NODES))

    # -- other shapes of the same graph
    def to_networkx(self) -> Any:
        """The property graph as a ``networkx.MultiDiGraph`` (nodes = IRIs; ``labels``, ``props``; edges keyed by type)."""
        from cchc_kg.queries.nx import build_graph

        return build_graph(self.store())

    def push_neo4j(self, uri: str | None = None, *, user: str | None = None, password: str | None = None,
                   database: str | None = None, wipe: bool = False) -> Any:
        """Write the graph to a Bolt server (Neo4j 5, FalkorDB) with idempotent MERGE batches.

        Returns the writer's :class:`cchc_kg.kg.neo4j_writer.PushSummary`.
        """
        from cchc_kg.kg.neo4j_writer import connect, push
        from cchc_kg.kg.neo4j_writer import wipe as wipe_db
        from cchc_kg.kg.pgmodel import from_store

        uri = uri or self._bolt[0] or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
        conn = connect(uri, user=user or self._bolt[1], password=password or self._bolt[2],
                       database=database or self._bolt[3])
        if wipe:
            wipe_db(conn)
        return push(conn, from_store(self.store()))
