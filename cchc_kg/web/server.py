"""Running the web app: uvicorn with a bounded request head, on the fastest HTTP parser installed.

``httptools`` (a C parser, part of the ``web`` extra) costs about half the
CPU per request of the pure-Python ``h11`` (``docs/benchmarks.md``), but
uvicorn does not bound the size of a request head it reads with it;
:class:`BoundedHttpToolsProtocol` does (431 past ``MAX_HEAD`` bytes, as
``h11_max_incomplete_event_size`` does for ``h11``, which stays the
fallback when ``httptools`` is missing).

>>> http_protocol() in (BoundedHttpToolsProtocol, "h11")
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_HEAD", "BoundedHttpToolsProtocol", "http_protocol", "serve"]

#: bytes a request head (request line and headers) may take
MAX_HEAD = 16 * 1024

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools (or uvicorn) missing: h11 serves
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

if HttpToolsProtocol is not None:
    class BoundedHttpToolsProtocol(HttpToolsProtocol):  # type: ignore[misc,valid-type]
        """uvicorn's httptools protocol refusing a request head larger than ``MAX_HEAD`` bytes (431, connection closed)."""

        max_head = MAX_HEAD
        _head: int | None = 0  # bytes of the current request head received so far; None once the head is complete

        def data_received(self, data: bytes) -> None:
            if self._head is not None:
                self._head += len(data)
                if self._head > self.max_head:
                    self._refuse()
                    return
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self._head = None
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._head = 0

        def _refuse(self) -> None:
            body = b"request head too large"
            self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
                                 b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(body), body))
            self.transport.close()
else:  # pragma: no cover - only without httptools
    BoundedHttpToolsProtocol = None  # type: ignore[assignment,misc]


def http_protocol() -> Any:
    """The HTTP protocol to serve with: :class:`BoundedHttpToolsProtocol` when httptools is installed, else ``"h11"``."""
    return BoundedHttpToolsProtocol if BoundedHttpToolsProtocol is not None else "h11"


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve ``app`` (an ASGI app, or an import string of an app factory when ``workers`` > 1) until interrupted.

    One process answers with an event loop and a thread pool; memoised
    pages are answered on the loop itself (``web.app.MemoMiddleware``).
    Keep-alive connections, at most 256 at once, idle ones closed after 5 s.
    """
    import uvicorn

    opts: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "limit_concurrency": 256,
                            "timeout_keep_alive": 5, "http": http_protocol(), "h11_max_incomplete_event_size": MAX_HEAD}
    if workers > 1:
        uvicorn.run(app, factory=True, workers=workers, **opts)
    else:
        uvicorn.run(app, **opts)
