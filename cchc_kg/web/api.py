"""``/api/…``: the CLI's ``--json`` answers over HTTP (FastAPI generates ``/api/openapi.json``).

Each route takes the options of its CLI command as query parameters
(``/api/bases?doc=…&depth=2&as_of=2026-01-01`` ≙ ``cchc-kg bases DOC
--depth 2 --as-of 2026-01-01 --json``) and answers with the same JSON.
Errors: 404 ``{"error": …}`` when nothing matches, 400 for bad input
(an ambiguous DOC lists its ``candidates``), 503 when the store cannot
be read.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cchc_kg.kg.errors import AmbiguousDocument, CchcError, DocumentNotFound, StoreError
from cchc_kg.web import answers

__all__ = ["router", "json_response", "error_status", "error_body"]

router = APIRouter(prefix="/api", tags=["api"])

DOC_Q = Query(..., description="Path, IRI or citation string, as on the command line (e.g. `64/KH-UBND 2022`).", max_length=500)


def json_response(data: Any, status: int = 200) -> Response:
    """UTF-8 JSON encoded as the CLI encodes it (``default=str``)."""
    body = json.dumps(data, ensure_ascii=False, default=str)
    return Response(body, status_code=status, media_type="application/json")


def error_status(exc: CchcError) -> int:
    """HTTP status of a library error."""
    if isinstance(exc, DocumentNotFound):
        return 404
    if isinstance(exc, StoreError):
        return 503
    return 400


def error_body(exc: CchcError) -> dict[str, Any]:
    """``{"error": message}`` (+ ``candidates`` for an ambiguous DOC)."""
    body: dict[str, Any] = {"error": str(exc)}
    if isinstance(exc, AmbiguousDocument):
        body["candidates"] = exc.candidates
    return body


def _answer(request: Request, key: tuple[Any, ...], compute) -> Response:
    reader = request.app.state.reader
    try:
        return json_response(reader.cached(("api",) + key, compute))
    except CchcError as e:
        return json_response(error_body(e), error_status(e))


@router.get("/docs", summary="cchc-kg docs --json")
def api_docs(request: Request, search: Optional[str] = Query(None, max_length=200), loaded: bool = False,
             all: bool = Query(False, description="Also catalog documents nothing loaded refers to.")) -> Response:
    """Documents: loaded ones first, then the documents they reference."""
    return _answer(request, ("docs", search, loaded, all),
                   lambda be: answers.docs_answer(be, search=search, loaded=loaded, all_docs=all))


@router.get("/show", summary="cchc-kg show DOC --json")
def api_show(request: Request, doc: str = DOC_Q) -> Response:
    """A document: identity, relations with evidence, citers."""
    return _answer(request, ("show", doc), lambda be: answers.show_answer(be, doc))


@router.get("/bases", summary="cchc-kg bases DOC --json")
def api_bases(request: Request, doc: str = DOC_Q, depth: Optional[int] = Query(None, ge=0, le=50),
              as_of: Optional[str] = Query(None, max_length=20)) -> Response:
    """Legal-basis lineage upward, marked in force at ``as_of`` when given."""
    return _answer(request, ("bases", doc, depth, as_of), lambda be: answers.bases_answer(be, doc, depth=depth, as_of=as_of))


@router.get("/cited-by", summary="cchc-kg cited-by DOC --json")
def api_cited_by(request: Request, doc: str = DOC_Q, transitive: bool = False) -> Response:
    """Documents based on / implementing / citing DOC."""
    return _answer(request, ("cited-by", doc, transitive), lambda be: answers.cited_by_answer(be, doc, transitive=transitive))


@router.get("/targets", summary="cchc-kg targets DOC --json")
def api_targets(request: Request, doc: str = DOC_Q, area: Optional[str] = Query(None, max_length=100)) -> Response:
    """Quantified targets of a plan."""
    return _answer(request, ("targets", doc, area), lambda be: answers.targets_answer(be, doc, area=area))


@router.get("/implements", summary="cchc-kg implements QUERY --json")
def api_implements(request: Request, query: str = Query(..., max_length=300)) -> Response:
    """Local plans implementing a national target."""
    return _answer(request, ("implements", query), lambda be: answers.implements_answer(be, query))


@router.get("/coverage", summary="cchc-kg coverage --json")
def api_coverage(request: Request, of: Optional[list[str]] = Query(None)) -> Response:
    """National targets × plans."""
    return _answer(request, ("coverage", tuple(of or ())), lambda be: answers.coverage_answer(be, of))


@router.get("/agencies", summary="cchc-kg agencies --json")
def api_agencies(request: Request, doc: Optional[list[str]] = Query(None), area: Optional[str] = Query(None, max_length=100),
                 role: Optional[str] = Query(None, max_length=20), as_of: Optional[str] = Query(None, max_length=20)) -> Response:
    """Who is responsible for what, in some plans or all."""
    return _answer(request, ("agencies", tuple(doc or ()), area, role, as_of),
                   lambda be: answers.agencies_answer(be, doc=doc, area=area, role=role, as_of=as_of))


@router.get("/agency", summary="cchc-kg agency NAME --json")
def api_agency(request: Request, name: str = Query(..., max_length=300), as_of: Optional[str] = Query(None, max_length=20)) -> Response:
    """Responsibilities of one organisation or one kind across jurisdictions."""
    return _answer(request, ("agency", name, as_of), lambda be: answers.agency_answer(be, name, as_of=as_of))
