"""Find documents from a DOC argument and describe one document.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> from cchc_kg.kg.model import DocQuery
>>> resolve_doc(EmbeddedBackend(GraphStore.open(None)), DocQuery("citation", "NQ 76", "NQ", "76"))
Traceback (most recent call last):
...
cchc_kg.kg.errors.DocumentNotFound: no document matches 'NQ 76'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from cchc_kg.kg.errors import AmbiguousDocument, DocumentNotFound
from cchc_kg.kg.ids import fold, issuer_slug, slug
from cchc_kg.kg.model import DocQuery
from cchc_kg.queries.backend import ALL_RELATIONS, CITING_RELATIONS, Backend

__all__ = ["resolve_doc", "describe", "list_documents", "iter_documents", "document_fields", "matches_key", "matches_unnumbered"]


def matches_key(key: str, q: DocQuery) -> bool:
    """Whether a document key agrees with every known part of ``q``.

    >>> matches_key("nq/2021/76/cp", DocQuery("citation", "76/NQ-CP 2021", "NQ", "76", "CP", 2021))
    True
    >>> matches_key("nq/2013/76/cp", DocQuery("citation", "76/NQ-CP 2021", "NQ", "76", "CP", 2021))
    False
    """
    parts = key.split("/")
    if len(parts) != 4:
        return False
    t, y, n, iss = parts
    if q.doc_type and slug(q.doc_type) != t:
        return False
    if q.number and slug(q.number) != n:
        return False
    if q.year and y != str(q.year):
        return False
    if q.issuer_code:
        want = issuer_slug(q.issuer_code, None).removesuffix("-unknown")
        if iss != want and not iss.startswith(want + "-"):
            return False
    return True


def matches_unnumbered(key: str, q: DocQuery) -> bool:
    """Whether the key of an unnumbered document agrees with an unnumbered handle (:mod:`cchc_kg.kg.handles`).

    The issuer's words must all be in the key's issuer part, the hash must
    begin the key's content hash; both are optional.

    >>> q = DocQuery("unnumbered", "KH không số Vĩnh Long #be77", "KH", issuer_name="Vĩnh Long", key_hash="be77")
    >>> matches_unnumbered("kh/nd/nn-be77ed0e/ubnd-tinh-vinh-long", q), matches_unnumbered("qd/nd/nn-0d246d76/ubnd-tinh-vinh-long", q)
    (True, False)
    """
    parts = key.split("/")
    if len(parts) != 4 or not parts[2].startswith("nn-"):
        return False
    t, y, h, iss = parts
    if q.doc_type and slug(q.doc_type) != t:
        return False
    if q.year and y != str(q.year):
        return False
    if q.key_hash and not h[3:].startswith(q.key_hash):
        return False
    if q.issuer_name and not set(slug(q.issuer_name).split("-")) <= set(iss.split("-")):
        return False
    return True


def _same_path(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


def resolve_doc(backend: Backend, q: DocQuery) -> list[str]:
    """IRIs a DOC argument designates.

    A path designates every document loaded from it (a decision and its
    attached plan are two). A citation string must designate exactly one
    document, else ``AmbiguousDocument`` lists the candidates.
    """
    if q.kind == "iri":
        backend.document(q.text)
        return [q.text]
    if q.kind == "path":
        by_source = getattr(backend, "documents_by_source", None)
        if by_source is not None:  # every source of every document (a document may come from several files)
            mapping = by_source()
            iris = sorted({i for p, docs_ in mapping.items() if _same_path(p, q.text) for i in docs_})
            if iris:
                return iris
        docs = [d for d in backend.documents(loaded_only=True) if _same_path(d["source"], q.text)]
        if not docs:
            base = os.path.basename(q.text)
            docs = [d for d in backend.documents(loaded_only=True) if os.path.basename(d["source"]) == base]
            if len({d["source"] for d in docs}) > 1:
                raise AmbiguousDocument(q.text, docs)
        if not docs:
            raise DocumentNotFound(f"no document was loaded from {q.text}")
        return [d["iri"] for d in docs]
    if q.kind == "unnumbered":
        cands = [d for d in backend.documents() if matches_unnumbered(d.get("key") or "", q)]
        if not cands:
            raise DocumentNotFound(f"no document matches {q.text!r}")
        if len(cands) > 1:
            raise AmbiguousDocument(q.text, cands)
        return [cands[0]["iri"]]
    iris: list[str] = []
    if q.law_name:
        iris = backend.find_by_law_name(q.law_name)  # type: ignore[attr-defined]
    if not iris and q.number:
        iris = backend.find_by_numeral(q.number)  # type: ignore[attr-defined]
    cands = [backend.document(i) for i in iris]
    cands = [d for d in cands if q.law_name and not q.number or matches_key(d["key"] or "", q)]
    if not cands:
        raise DocumentNotFound(f"no document matches {q.text!r}")
    if len(cands) > 1:
        raise AmbiguousDocument(q.text, cands)
    return [cands[0]["iri"]]


def describe(backend: Backend, iri: str) -> dict[str, Any]:
    """One document with its relations both ways (with evidence) and its citers.

    ``relations``: outgoing edges, each with the ``document`` it points to;
    ``incoming``: edges of every relation pointing to it, each with the
    ``document`` it comes from (the page reads them with the inverse names:
    "được căn cứ bởi", "bị thay thế bởi" …); ``cited_by``: IRIs of the
    documents citing it (based on / implementing / proposing / citing).
    """
    doc = backend.document(iri)
    out = backend.edges(iri, "out", ALL_RELATIONS)
    incoming = backend.edges(iri, "in", ALL_RELATIONS)
    for e in out:
        e["document"] = backend.document(e["target"])
    for e in incoming:
        e["document"] = backend.document(e["source"])
    return {
        "document": doc,
        "relations": out,
        "incoming": incoming,
        "cited_by": sorted({e["source"] for e in incoming if e["relation"] in CITING_RELATIONS}),
    }


def list_documents(
    backend: Backend, *, loaded_only: bool = False, text: str | None = None, include_uncited_catalog: bool = False
) -> list[dict[str, Any]]:
    """Loaded documents, then the documents they reference, sorted by IRI.

    Catalog documents that no loaded or referenced document points to are
    left out unless ``include_uncited_catalog``; ``text`` filters by a
    folded substring of symbol, title, issuer or key.
    """
    docs = backend.documents(loaded_only=loaded_only)
    if not include_uncited_catalog:
        keep = []
        for d in docs:
            if d["origin"] == "catalog":
                citers = backend.edges(d["iri"], "in", ALL_RELATIONS)
                if not any(e["evidence"] and any(ev.get("start") is not None for ev in e["evidence"]) for e in citers):
                    continue
            keep.append(d)
        docs = keep
    if text:
        f = fold(text)
        docs = [d for d in docs if any(f in fold(str(d[k] or "")) for k in ("symbol", "title", "issuer", "key"))]
    return sorted(docs, key=lambda d: (d["origin"] != "loaded", d["iri"]))




def iter_documents(
    backend: Backend, *, loaded_only: bool = False, text: str | None = None, include_uncited_catalog: bool = False
) -> Iterator[dict[str, Any]]:
    """:func:`list_documents` as a stream: the same rows in the same order, one at a time.

    On a store with complete summary rows (written at build time, see
    :mod:`cchc_kg.queries.summary`) each row is one stored JSON object; the
    IRIs are sorted first and rows are decoded as they are yielded.
    Otherwise the rows of :func:`list_documents`.

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> list(iter_documents(EmbeddedBackend(GraphStore.open(None))))
    []
    """
    from cchc_kg.queries.summary_read import summary_index  # local: read at call time (tests swap it)

    ix = summary_index(getattr(backend, "store", None))
    if ix is None:
        yield from list_documents(backend, loaded_only=loaded_only, text=text, include_uncited_catalog=include_uncited_catalog)
        return
    f = fold(text) if text else None
    loaded: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    for iri, row in ix.rows():
        # whether the document was loaded is read from its "origin" (json.dumps
        # writes '"origin": "loaded"'; a quote inside a value is escaped) without decoding the row
        (loaded if '"origin": "loaded"' in row else other).append((iri, row))
    loaded.sort()
    other.sort()
    for group in (loaded, [] if loaded_only else other):
        for _iri, row in group:
            r = json.loads(row)
            d = r["document"]
            if d["origin"] == "catalog" and not include_uncited_catalog and not r["cited_with_evidence"]:
                continue
            if loaded_only and not d["source"]:
                continue
            if f and not any(f in fold(str(d[k] or "")) for k in ("symbol", "title", "issuer", "key")):
                continue
            yield d


def document_fields(backend: Backend, iri: str) -> dict[str, Any]:
    """:meth:`Backend.document` of one IRI, from its summary row when the rows are complete
    (one look-up instead of a dozen: for reports that name thousands of documents).

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> document_fields(EmbeddedBackend(GraphStore.open(None)), "https://w3id.org/cchc/id/doc/x")
    Traceback (most recent call last):
    ...
    cchc_kg.kg.errors.DocumentNotFound: no document https://w3id.org/cchc/id/doc/x
    """
    from cchc_kg.queries.summary_read import summary_index  # local: read at call time (tests swap it)

    ix = summary_index(getattr(backend, "store", None))
    r = ix.read(iri, "document") if ix is not None else None
    return r["document"] if r is not None else backend.document(iri)
