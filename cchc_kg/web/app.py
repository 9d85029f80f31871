"""The FastAPI application of ``cchc-kg serve``: pages, ``/api/…``, local assets, limits.

Safe by default: the store is opened read-only (:class:`web.reader.StoreReader`);
only ``GET``/``HEAD`` are answered; a request with a body larger than
``max_body`` bytes or a URL longer than ``max_url`` characters is refused
(413/414) before any work; an answer not ready within ``timeout`` seconds
becomes a 504 (the query finishes in its worker thread, the client is
not kept waiting); every page carries a Content-Security-Policy that
allows scripts, styles and frames from the app itself only. Templates
autoescape everything.

>>> import tempfile
>>> app = create_app(tempfile.mkdtemp())
>>> sorted(p for p in app.openapi()["paths"])[:3]
['/api/agencies', '/api/agency', '/api/bases']
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cchc_kg.kg.errors import CchcError
from cchc_kg.web.api import error_body, error_status, json_response
from cchc_kg.web.api import router as api_router
from cchc_kg.web.content import router as content_router
from cchc_kg.web.i18n import pick_lang, t, term
from cchc_kg.web.pages import page_key
from cchc_kg.web.pages import router as pages_router
from cchc_kg.web.reader import StoreReader

__all__ = ["create_app", "Limits", "LimitsMiddleware", "MemoMiddleware", "PAGE_CSP", "HERE", "with_lang", "app_from_env"]

HERE = Path(__file__).resolve().parent
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
log = logging.getLogger("cchc_kg.web")
_SECURITY = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
             (b"cross-origin-opener-policy", b"same-origin")]


@dataclass(frozen=True)
class Limits:
    """Request limits: body bytes, URL characters, seconds per answer."""

    max_body: int = 16 * 1024
    max_url: int = 4096
    timeout: float = 30.0


class LimitsMiddleware:
    """ASGI middleware: method, size and time limits, and security headers on every answer."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain(send, 405, "read-only: only GET and HEAD", [(b"allow", b"GET, HEAD")])
            return
        url_len = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_len > self.limits.max_url:
            await _plain(send, 414, "URL too long")
            return
        headers = dict(scope.get("headers") or [])
        try:
            length = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            length = self.limits.max_body + 1
        if length > self.limits.max_body or b"chunked" in headers.get(b"transfer-encoding", b""):
            await _plain(send, 413, "request body too large")
            return
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                hs = list(message.get("headers") or [])
                names = {k.lower() for k, _ in hs}
                hs += [(k, v) for k, v in _SECURITY if k not in names]
                if b"content-security-policy" not in names:
                    hs.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": hs}
            await send(message)

        try:
            async with asyncio.timeout(self.limits.timeout):
                await self.app(scope, receive, guarded_send)
        except TimeoutError:
            if not started:
                await _plain(send, 504, "the answer took too long; narrow the question")
        except Exception:  # noqa: BLE001 - a bug: logged with its traceback, the client gets a plain 500
            log.exception("unexpected error answering %s", scope.get("path"))
            # answered here rather than re-raised, so the server keeps the connection (a re-raised
            # error after the 500 makes it drop the connection: the client's next request is reset)
            if not started:
                await _plain(send, 500, "Lỗi máy chủ (internal server error): xem nhật ký của máy chủ")


class MemoMiddleware:
    """ASGI middleware: a ``GET`` whose page is memoised (``StoreReader.peek``) is answered before routing.

    No route matching, no validation, no worker thread: the bytes of a page
    the route rendered before for the same URL (on this snapshot, or a
    stale one being rendered again). Anything else goes to the app.
    """

    def __init__(self, app: ASGIApp, reader: StoreReader) -> None:
        self.app = app
        self.reader = reader

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = self.reader.peek(page_key(scope))
            if body is not None:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), *_SECURITY, *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def with_lang(url: str, lang: str) -> str:
    """``url`` with ``lang=en`` added when the page is in English.

    >>> with_lang("/target?q=B06", "en"), with_lang("/", "vi")
    ('/target?q=B06&lang=en', '/')
    """
    if lang != "en" or "lang=en" in url:
        return url
    base, _, frag = url.partition("#")
    return base + ("&" if "?" in base else "?") + "lang=en" + ("#" + frag if frag else "")


def _error_page(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return json_response({"error": message}, status)
    lang = pick_lang(request.query_params.get("lang"))
    title = t(lang, "not-found") if status == 404 else t(lang, "bad-request") if status < 500 else t(lang, "error")
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"lang": lang, "_": lambda k: t(lang, k), "title": title, "message": message}, status_code=status)


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (several workers): store from ``CCHC_KG_STORE``."""
    import os

    return create_app(os.environ.get("CCHC_KG_STORE", ".cchc-kg"), limits=Limits(timeout=float(os.environ.get("CCHC_WEB_TIMEOUT", "30"))),
                      refresh=float(os.environ.get("CCHC_WEB_REFRESH", "1")))


def create_app(store: str | Path, *, limits: Limits = Limits(), refresh: float = 1.0) -> FastAPI:
    """The web app over the store directory ``store`` (opened read-only, reopened when it changes)."""
    app = FastAPI(
        title="cchc-kg", version="0.1.0",
        description="Read-only web app and JSON API over a cchc-kg store. Each `/api/…` answer equals the "
                    "`--json` output of the CLI command of the same name.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.reader = StoreReader(store, refresh=refresh)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals["t"] = t
    app.state.templates.env.globals["ln"] = with_lang
    app.state.templates.env.globals["term"] = term

    @app.exception_handler(CchcError)
    async def _cchc(request: Request, exc: CchcError) -> Response:
        status = error_status(exc)
        if request.url.path.startswith("/api/"):
            resp = json_response(error_body(exc), status)
        else:
            resp = _error_page(request, status, str(exc))
        if status == 503:  # the store is being rewritten or cannot be read now: worth asking again soon
            resp.headers["retry-after"] = "2"
        return resp

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        msgs = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return _error_page(request, 400, msgs or "invalid request")

    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(content_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(MemoMiddleware, reader=app.state.reader)
    app.add_middleware(LimitsMiddleware, limits=limits)  # outermost: limits and headers apply to memoised pages too
    return app
