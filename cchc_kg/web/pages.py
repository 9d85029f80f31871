"""The HTML pages: search, document, lineage, graph, national target, agency, source text.

Every page renders dicts of the query layer (mostly the answers of
:mod:`web.answers`, memoised per store snapshot) through Jinja2 templates
with autoescaping on; nothing from a document is ever marked safe. Graph
views are :mod:`viz` pages served under ``/viz/…`` and embedded in an
``<iframe>``; ``/static/graph.js`` makes a click on a node open
``/go?iri=…``, which redirects to the node's page.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable
from typing import Any, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cchc_kg.kg.errors import DocumentNotFound, InputError
from cchc_kg.kg.ids import AGENCY_BASE, DOC_BASE, fold
from cchc_kg.web import answers
from cchc_kg.web.i18n import pick_lang, t

__all__ = ["router", "cached_page", "page_key", "doc_url", "doc_iri_of", "filter_documents", "facets", "node_url"]

router = APIRouter(include_in_schema=False)

#: how many search results a page lists
MAX_RESULTS = 200
_YEAR = re.compile(r"^\d{4}$")


def doc_url(iri: str, lang: str = "vi") -> str:
    """The page of a document IRI (``/doc/<key>``).

    >>> doc_url("https://w3id.org/cchc/id/doc/kh/2022/53/ubnd-huyen-long-phu")
    '/doc/kh/2022/53/ubnd-huyen-long-phu'
    """
    key = iri[len(DOC_BASE):] if iri.startswith(DOC_BASE) else iri
    return "/doc/" + quote(key, safe="/") + ("?lang=en" if lang == "en" else "")


def page_key(scope: Any, *, plain: bool = True) -> tuple[str, str, bytes, str]:
    """Memo key of the page an HTTP request asks: its path, its query and today's date.

    ``plain`` pages are served with the default headers (``text/html``)
    and may be answered from the memo before routing (``web.app``); pages
    with headers of their own have another first part.

    >>> page_key({"path": "/doc/a", "query_string": b"lang=en"})[:3]
    ('page', '/doc/a', b'lang=en')
    """
    return ("page" if plain else "page+headers", scope["path"], scope.get("query_string") or b"", _dt.date.today().isoformat())


def cached_page(headers: dict[str, str] | None = None) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Route decorator: the rendered page is memoised per store snapshot, keyed by its URL (and today's date).

    Only answers that render (status 200) are kept; errors are raised, never stored.
    """
    def deco(fn: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(fn)
        def wrapper(request: Request, **kwargs: Any) -> Response:
            made: list[Response] = []

            def render() -> bytes:  # also kept by the reader to render the page again on a newer snapshot
                made.append(fn(request, **kwargs))
                return bytes(made[-1].body)

            body = request.app.state.reader.page(page_key(request.scope, plain=headers is None), render)
            return made[-1] if made else HTMLResponse(body, headers=headers)
        return wrapper
    return deco


def _page(request: Request, template: str, lang: str, **ctx: Any) -> HTMLResponse:
    env = request.app.state.templates
    return env.TemplateResponse(request, template, {"lang": lang, "_": lambda k: t(lang, k), **ctx})


def filter_documents(docs: list[dict[str, Any]], *, q: str | None = None, type_: str | None = None, year: str | None = None,
                     level: str | None = None, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """Documents whose symbol, title, issuer or key holds every word of ``q`` (folded), and the filters.

    >>> ds = [{"symbol": "53/KH-UBND", "title": "Kế hoạch cải cách hành chính", "issuer": "UBND huyện Long Phú",
    ...        "key": "k", "type": "KH", "year": 2022, "level": "district", "jurisdiction": "huyện Long Phú"}]
    >>> len(filter_documents(ds, q="cai cach long phu", year="2022")), len(filter_documents(ds, type_="NQ"))
    (1, 0)
    """
    words = fold(q or "").split()
    out = []
    for d in docs:
        if type_ and (d.get("type") or "") != type_:
            continue
        if year and str(d.get("year") or "") != year:
            continue
        if level and (d.get("level") or "") != level:
            continue
        if jurisdiction and (d.get("jurisdiction") or "") != jurisdiction:
            continue
        if words:
            text = fold(" ".join(str(d.get(k) or "") for k in ("symbol", "title", "issuer", "key")))
            if not all(w in text for w in words):
                continue
        out.append(d)
    return out


def facets(docs: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The values each filter can take (sorted; years newest first)."""
    def vals(k: str) -> list[str]:
        return sorted({str(d[k]) for d in docs if d.get(k) not in (None, "")})
    return {"type": vals("type"), "year": sorted(vals("year"), reverse=True), "level": vals("level"), "jurisdiction": vals("jurisdiction")}


@router.get("/", response_class=HTMLResponse)
@cached_page()
def search_page(request: Request, q: Optional[str] = Query(None, max_length=200), type: Optional[str] = Query(None, max_length=40),
                year: Optional[str] = Query(None, max_length=4), level: Optional[str] = Query(None, max_length=40),
                jurisdiction: Optional[str] = Query(None, max_length=200), loaded: bool = False,
                lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    reader = request.app.state.reader
    docs = reader.cached(("docs", None, loaded, False), lambda be: answers.docs_answer(be, loaded=loaded))
    hits = filter_documents(docs, q=q, type_=type or None, year=year if year and _YEAR.match(year) else None,
                            level=level or None, jurisdiction=jurisdiction or None)
    return _page(request, "search.html", lg, docs=hits[:MAX_RESULTS], total=len(hits), more=max(0, len(hits) - MAX_RESULTS),
                 facets=reader.cached(("facets", loaded), lambda be: facets(docs)),
                 form={"q": q or "", "type": type or "", "year": year or "", "level": level or "",
                       "jurisdiction": jurisdiction or "", "loaded": loaded}, doc_url=doc_url)


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def doc_iri_of(key: str) -> str:
    """The document IRI of a page key; ``DocumentNotFound`` for text no IRI can hold.

    >>> doc_iri_of("kh/2022/53/ubnd-huyen-long-phu")
    'https://w3id.org/cchc/id/doc/kh/2022/53/ubnd-huyen-long-phu'
    """
    if not key or _BAD_IRI.search(key) or ".." in key.split("/"):
        raise DocumentNotFound(f"no document {key!r}")
    return DOC_BASE + key



def _source_link(reader: Any, ev: dict[str, Any], lang: str) -> str | None:
    """``/source/<sha>?start=…&end=…`` for evidence in a loaded source file, else None."""
    sha = reader.sources().get(ev.get("source_path") or "")
    if not sha:
        return None
    q: dict[str, Any] = {}
    if ev.get("start") is not None and ev.get("end") is not None:
        q = {"start": ev["start"], "end": ev["end"]}
    if lang == "en":
        q["lang"] = "en"
    return f"/source/{sha}" + ("?" + urlencode(q) if q else "") + ("#hl" if "start" in q else "")


def _doc_page_data(be: Any, iri: str) -> dict[str, Any]:
    from cchc_kg.queries.documents import describe
    from cchc_kg.queries.lineage import cited_by
    from cchc_kg.queries.plans import plan_targets
    from cchc_kg.queries.validity import validity_of

    shown = describe(be, iri)
    incoming = cited_by(be, iri)
    return {
        "shown": shown, "incoming": incoming, "validity": validity_of(be, iri),
        "targets": plan_targets(be, iri), "responsibilities": be.responsibilities(iri),
    }


@router.get("/doc/{key:path}", response_class=HTMLResponse)
@cached_page()
def doc_page(request: Request, key: str, lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    reader = request.app.state.reader
    iri = doc_iri_of(key)
    data = reader.cached(("doc-page", iri), lambda be: _doc_page_data(be, iri))
    src_sha = reader.sources().get(data["shown"]["document"].get("source") or "")
    return _page(request, "doc.html", lg, d=data["shown"]["document"], data=data, doc_url=doc_url, src_sha=src_sha,
                 link=lambda ev: _source_link(reader, ev, lg), key=key)


@router.get("/lineage/{key:path}", response_class=HTMLResponse)
@cached_page()
def lineage_page(request: Request, key: str, as_of: Optional[str] = Query(None, max_length=20),
                 depth_text: Optional[str] = Query(None, alias="depth", max_length=2, pattern=r"^\d*$"), transitive: bool = False,
                 lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    depth = int(depth_text) if depth_text else None  # the form sends an empty field for "unlimited"
    reader = request.app.state.reader
    iri = doc_iri_of(key)
    day = answers.parse_date(as_of)
    tree = reader.cached(("bases", iri, depth, day), lambda be: answers.bases_answer(be, iri, depth=depth, as_of=day))
    if isinstance(tree, list):  # an IRI resolves to one document
        tree = tree[0]
    citers = reader.cached(("cited-by", iri, transitive), lambda be: answers.cited_by_answer(be, iri, transitive=transitive))
    return _page(request, "lineage.html", lg, d=tree["document"], tree=tree, citers=citers, as_of=day or "", depth=depth,
                 transitive=transitive, doc_url=doc_url, key=key)


@router.get("/graph/{key:path}", response_class=HTMLResponse)
@cached_page()
def graph_page(request: Request, key: str, view: str = Query("focus", pattern="^(focus|responsibilities)$"),
               depth: int = Query(2, ge=1, le=4), lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    reader = request.app.state.reader
    iri = doc_iri_of(key)
    d = reader.cached(("document", iri), lambda be: be.document(iri))
    frame = f"/viz/{view}/{quote(key, safe='/')}" + (f"?depth={depth}" if view == "focus" else "")
    return _page(request, "graph.html", lg, d=d, frame=frame, view=view, depth=depth, doc_url=doc_url, key=key)


@router.get("/targets", response_class=HTMLResponse)
@cached_page()
def targets_page(request: Request, lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    from cchc_kg.queries.plans import national_targets

    lg = pick_lang(lang)
    rows = request.app.state.reader.cached(("national-targets",), national_targets)
    return _page(request, "targets.html", lg, targets=rows)


@router.get("/target", response_class=HTMLResponse)
@cached_page()
def target_page(request: Request, q: str = Query(..., min_length=1, max_length=300), lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    reader = request.app.state.reader
    res = reader.cached(("implements", q), lambda be: answers.implements_answer(be, q))
    if not res:
        raise DocumentNotFound(f"no national target matches {q!r}")
    cov = reader.cached(("coverage", ()), lambda be: answers.coverage_answer(be))
    return _page(request, "target.html", lg, q=q, results=res, cov=cov, doc_url=doc_url,
                 frame="/viz/target?" + urlencode({"q": q}))


def _agency_data(be: Any, name: str | None, iri: str | None, as_of: str) -> dict[str, Any]:
    if iri:
        rows = [r for r in be.responsibilities(None) if r["agency"]["iri"] == iri]
        if not rows:
            raise DocumentNotFound(f"no responsibilities recorded for {iri}")
        a = rows[0]["agency"]
        name = " ".join(x for x in (a["name"], a["jurisdiction"]) if x)
    res = answers.agency_answer(be, name or "", as_of=as_of)
    if iri:
        res["organisations"] = [o for o in res["organisations"] if o["agency"]["iri"] == iri]
    if not res["organisations"]:
        raise DocumentNotFound(f"no agency matches {name!r}")
    docs: dict[str, dict[str, Any]] = {}
    for o in res["organisations"]:
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in o["responsibilities"]:
            groups.setdefault((r.get("area") or "", r["document"]), []).append(r)
            if r["document"] not in docs:
                docs[r["document"]] = be.document(r["document"])
        o["groups"] = [{"area": a, "document": d, "rows": rs} for (a, d), rs in sorted(groups.items())]
        first = next((r.get("agency_as_of") for r in o["responsibilities"] if r.get("agency_as_of")), None)
        o["succession"] = first
    return {"answer": res, "docs": docs}


@router.get("/agency", response_class=HTMLResponse)
@cached_page()
def agency_page(request: Request, name: Optional[str] = Query(None, max_length=300), iri: Optional[str] = Query(None, max_length=500),
                as_of: Optional[str] = Query(None, max_length=20), lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    if not (name or iri):
        raise InputError("give an agency name (?name=Sở Nội vụ)")
    day = answers.parse_date(as_of) or _dt.date.today().isoformat()
    data = request.app.state.reader.cached(("agency-page", name, iri, day), lambda be: _agency_data(be, name, iri, day))
    return _page(request, "agency.html", lg, data=data, as_of=day, name=name or "", iri=iri or "", doc_url=doc_url)


def node_url(be: Any, iri: str) -> str | None:
    """The page of a graph node: a document, an agency, a national target, a local target's plan."""
    if iri.startswith(DOC_BASE):
        return doc_url(iri)
    if iri.startswith(AGENCY_BASE):
        return "/agency?" + urlencode({"iri": iri})
    from cchc_kg.queries.plans import national_targets

    for nt in national_targets(be):
        if nt["iri"] == iri:
            return "/target?" + urlencode({"q": nt.get("national_id") or nt["metric"]})
    for tg in be.targets(None):
        if tg["iri"] == iri and tg.get("document"):
            return doc_url(tg["document"])
    return None


@router.get("/go")
def go(request: Request, iri: str = Query(..., max_length=500), lang: Optional[str] = Query(None, max_length=5)) -> Response:
    lg = pick_lang(lang)
    url = request.app.state.reader.cached(("go", iri), lambda be: node_url(be, iri))
    if not url:
        raise DocumentNotFound(f"no page for {iri}")
    if lg == "en":
        url += ("&" if "?" in url else "?") + "lang=en"
    return RedirectResponse(url, status_code=303)
