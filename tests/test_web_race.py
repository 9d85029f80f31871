"""The web app under a concurrent writer: read races retried on a fresh snapshot, persistent failures a clear 503.

The race is simulated deterministically: the store's read path raises, once
or always, the error a read-only RocksDB instance raises when the writer's
compaction deleted a table file under it. No timing, no second process.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from cchc_kg.kg.errors import StoreError  # noqa: E402
from cchc_kg.kg.store import GraphStore  # noqa: E402
from cchc_kg.web.app import create_app  # noqa: E402
from cchc_kg.web.reader import StoreBusyError, StoreReader  # noqa: E402
from web_store import EVIL, make_store  # noqa: E402

VANISHED = "IO error: No such file or directory: While open a file for random read: /s/oxigraph/000289.sst: No such file or directory"
DOC = f"/doc/{EVIL.key}"


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)[0]


def failing_reads(monkeypatch: pytest.MonkeyPatch, times: int | None) -> list[int]:
    """Make the next ``times`` SPARQL reads of any snapshot fail as under a compaction (``None``: all of them)."""
    real = GraphStore._query
    calls: list[int] = []

    def query(self, q, subs):
        calls.append(1)
        if times is None or len(calls) <= times:
            raise FileNotFoundError(VANISHED)
        return real(self, q, subs)

    monkeypatch.setattr(GraphStore, "_query", query)
    return calls


def test_a_read_race_is_retried_on_a_fresh_snapshot(store, monkeypatch, caplog):
    expected = TestClient(create_app(store)).get(DOC)
    assert expected.status_code == 200 and "99/KH-UBND" in expected.text
    app = create_app(store)
    c = TestClient(app)
    assert c.get("/api/docs").status_code == 200  # the snapshot is open before the race
    before = app.state.reader.snapshot()
    failing_reads(monkeypatch, 1)
    with caplog.at_level(logging.WARNING, logger="cchc_kg.web"):
        r = c.get(DOC)
    assert r.status_code == 200
    assert r.content == expected.content  # the whole page, read again on one fresh snapshot
    assert app.state.reader.races == 1
    assert app.state.reader.snapshot() is not before
    assert "read race with a writer" in caplog.text and "000289.sst" in caplog.text


def test_an_api_answer_is_retried_too(store, monkeypatch):
    c = TestClient(create_app(store))
    expected = c.get("/api/show", params={"doc": "99/KH-UBND 2023"}).json()
    c2 = TestClient(create_app(store))
    failing_reads(monkeypatch, 2)
    r = c2.get("/api/show", params={"doc": "99/KH-UBND 2023"})
    assert r.status_code == 200 and r.json() == expected


def test_a_persistent_read_failure_is_a_clear_503(store, monkeypatch):
    app = create_app(store)
    app.state.reader.backoff = 0
    c = TestClient(app)
    calls = failing_reads(monkeypatch, None)
    r = c.get(DOC)
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert r.headers["content-type"].startswith("text/html")
    assert "kept changing while it was read" in r.text and "Traceback" not in r.text and "000289" not in r.text
    assert "<html" in r.text.lower()  # the app's error page, in its layout
    assert app.state.reader.races == app.state.reader.attempts and len(calls) >= app.state.reader.attempts
    api = c.get("/api/show", params={"doc": "99/KH-UBND 2023"})
    assert api.status_code == 503 and "kept changing" in api.json()["error"]
    assert not app.state.reader.snapshot().pages  # nothing memoised from the failures


def test_other_errors_are_not_retried(store, monkeypatch):
    r = StoreReader(store)
    calls: list[int] = []

    def bug(be):
        calls.append(1)
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        r.cached("k", bug)
    assert calls == [1] and r.races == 0
    with pytest.raises(StoreBusyError):
        r.run(lambda: (_ for _ in ()).throw(StoreError("no graph store at /gone")))


def test_an_unexpected_error_is_a_plain_500_not_a_traceback(store, monkeypatch):
    import cchc_kg.web.pages as pages

    def broken(be, iri):
        raise KeyError("a bug")

    monkeypatch.setattr(pages, "_doc_page_data", broken)
    r = TestClient(create_app(store)).get(DOC)
    assert r.status_code == 500 and "Traceback" not in r.text and "KeyError" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_reopen_racing_a_compaction_is_retried_by_the_store(store, monkeypatch):
    import pyoxigraph as ox

    real = ox.Store.read_only
    calls: list[int] = []

    def read_only(path):
        calls.append(1)
        if len(calls) == 1:
            raise FileNotFoundError(VANISHED)
        return real(path)

    monkeypatch.setattr(ox.Store, "read_only", staticmethod(read_only))
    assert len(GraphStore.open(store)) > 0 and len(calls) == 2


def test_a_memoised_page_is_answered_before_routing(store, monkeypatch):
    app = create_app(store, refresh=3600)
    c = TestClient(app)
    first = c.get(DOC)
    assert first.status_code == 200

    def no_route(*a, **kw):
        raise AssertionError("routed")

    monkeypatch.setattr(app.state.reader, "page", no_route)
    again = c.get(DOC)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == "text/html; charset=utf-8"
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert c.get(DOC + "?lang=en").status_code == 500  # another URL is routed (here: to the broken page())


def test_peek_serves_a_stale_page_and_renders_it_again(store):
    r = StoreReader(store, refresh=3600)
    versions = iter([b"v1", b"v2"])
    assert r.page("k", lambda: next(versions)) == b"v1"
    assert r.peek("k") == b"v1" and r.peek("other") is None
    r.reopen()  # a newer snapshot: the page is stale there
    assert r.peek("k") == b"v1"  # at once, and queued for rendering with the kept renderer
    r.drain()
    assert r.peek("k") == b"v2"


def test_the_request_head_is_bounded_with_httptools():
    server = pytest.importorskip("cchc_kg.web.server")
    if server.BoundedHttpToolsProtocol is None:
        pytest.skip("httptools not installed")
    from uvicorn.config import Config
    from uvicorn.server import ServerState

    class Transport:
        def __init__(self) -> None:
            self.out, self.closed = b"", False

        def write(self, b: bytes) -> None:
            self.out += b

        def close(self) -> None:
            self.closed = True

        def is_closing(self) -> bool:
            return self.closed

        def get_extra_info(self, name: str, default=None):
            return ("127.0.0.1", 8000) if name in ("sockname", "peername") else default

        def pause_reading(self) -> None: ...
        def resume_reading(self) -> None: ...

    loop = asyncio.new_event_loop()
    try:
        config = Config(app=lambda scope, receive, send: None, http=server.BoundedHttpToolsProtocol, log_level="warning")
        config.load()
        extra = {"app_state": {}} if "app_state" in inspect.signature(server.BoundedHttpToolsProtocol).parameters else {}
        proto = server.BoundedHttpToolsProtocol(config=config, server_state=ServerState(), _loop=loop, **extra)
        t = Transport()
        proto.connection_made(t)
        proto.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n")
        assert not t.closed and t.out == b""
        proto.data_received(b"X-Big: " + b"a" * server.MAX_HEAD)
        assert t.closed and t.out.startswith(b"HTTP/1.1 431 ")
    finally:
        loop.close()


def test_a_newer_snapshot_opens_behind_the_requests(store):
    from test_web_reader import commit_something

    r = StoreReader(store, refresh=3600)
    first = r.snapshot()
    commit_something(store)
    r._checked = float("-inf")  # the refresh check is due (no clock involved)
    assert r.snapshot() is first  # answered at once from the last snapshot …
    r.drain()  # … while the newer one opens in the background
    newer = r.snapshot()
    assert newer is not first and newer.signature != first.signature
