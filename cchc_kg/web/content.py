"""Graph views (``/viz/…``, rendered by :mod:`viz`) and source-file text (``/source/<sha256>``).

Source files are named by the sha256 the store records for each loaded
file: the path never comes from the request, so only files that are
sources of loaded documents can be shown and ``../`` cannot reach anything
else. The text shown is what the loader read (:func:`cchc_kg.loaders.readers.read_source`),
so evidence offsets point into it; the span is wrapped in ``<mark id="hl">``.
"""

from __future__ import annotations

from pathlib import Path

import hashlib
import re
from typing import Any, Optional

from fastapi import APIRouter, Path as PathParam, Query, Request
from fastapi.responses import HTMLResponse, Response

from cchc_kg.kg.errors import DocumentNotFound, InputError
from cchc_kg.web.i18n import pick_lang, t
from cchc_kg.web.pages import cached_page, doc_iri_of, doc_url

__all__ = ["router", "source_parts", "VIZ_MAX_NODES"]

router = APIRouter(include_in_schema=False)

#: node cap of an embedded focus view
VIZ_MAX_NODES = 300
_SHA = re.compile(r"^[0-9a-f]{64}$")
#: the viz page's own meta CSP governs its inline scripts; this header only keeps it in our frames
_VIZ_HEADERS = {"Content-Security-Policy": "frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
                "X-Frame-Options": "SAMEORIGIN"}


def _viz(view: Any) -> str:
    from cchc_kg.viz.render import render

    return render(view)


@router.get("/viz/focus/{key:path}", response_class=HTMLResponse)
@cached_page(_VIZ_HEADERS)
def viz_focus(request: Request, key: str, depth: int = Query(2, ge=1, le=4)) -> Response:
    from cchc_kg.viz.views import focus_view

    iri = doc_iri_of(key)
    html = _viz(focus_view(request.app.state.reader.backend(), [iri], depth=depth, max_nodes=VIZ_MAX_NODES))
    return HTMLResponse(html, headers=_VIZ_HEADERS)


@router.get("/viz/responsibilities/{key:path}", response_class=HTMLResponse)
@cached_page(_VIZ_HEADERS)
def viz_responsibilities(request: Request, key: str) -> Response:
    from cchc_kg.viz.views import responsibilities_view

    iri = doc_iri_of(key)
    html = _viz(responsibilities_view(request.app.state.reader.backend(), [iri]))
    return HTMLResponse(html, headers=_VIZ_HEADERS)


@router.get("/viz/target", response_class=HTMLResponse)
@cached_page(_VIZ_HEADERS)
def viz_target(request: Request, q: str = Query(..., min_length=1, max_length=300)) -> Response:
    from cchc_kg.viz.views import target_view

    html = _viz(target_view(request.app.state.reader.backend(), q))
    return HTMLResponse(html, headers=_VIZ_HEADERS)


@router.get("/favicon.ico")
def favicon() -> Response:
    """The app's icon (browsers ask for it whatever the page says)."""
    here = Path(__file__).resolve().parent

    return Response((here / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")


def source_parts(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """``text`` split around the span ``[start, end)`` (clamped; empty middle when no span).

    >>> source_parts("abcdef", 2, 4)
    ('ab', 'cd', 'ef')
    >>> source_parts("abc", None, None)
    ('abc', '', '')
    """
    if start is None or end is None or end <= start:
        return text, "", ""
    s, e = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return text[:s], text[s:e], text[e:]


def _read(path: str, sha: str) -> dict[str, Any]:
    from cchc_kg.loaders.readers import read_source

    try:
        data = open(path, "rb").read()  # noqa: SIM115 - read once for the checksum
    except OSError:
        raise DocumentNotFound("the source file is no longer where it was loaded from") from None
    src = read_source(path)
    return {"path": path, "text": src.text, "changed": hashlib.sha256(data).hexdigest() != sha}


@router.get("/source/{sha}", response_class=HTMLResponse)
@cached_page()
def source_page(request: Request, sha: str = PathParam(..., max_length=64), start: Optional[int] = Query(None, ge=0),
                end: Optional[int] = Query(None, ge=0), lang: Optional[str] = Query(None, max_length=5)) -> HTMLResponse:
    lg = pick_lang(lang)
    if not _SHA.match(sha):
        raise InputError("a source file is named by its sha256 (64 hex digits)")
    reader = request.app.state.reader
    path = next((p for p, h in reader.sources().items() if h == sha), None)
    if path is None:
        raise DocumentNotFound("no loaded source file has this checksum")
    src = reader.cached(("source", sha), lambda be: _read(path, sha))
    before, span, after = source_parts(src["text"], start, end)
    docs = [d for d in reader.cached(("loaded-docs",), lambda be: be.documents(loaded_only=True)) if d.get("source") == path]
    return request.app.state.templates.TemplateResponse(request, "source.html", {
        "lang": lg, "_": lambda k: t(lg, k), "src": src, "before": before, "span": span, "after": after,
        "docs": docs, "doc_url": doc_url,
    })
