"""The web app's store reader: memoised answers and pages per snapshot, bounded, renewed on a commit."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from rdflib import Graph, Literal, URIRef  # noqa: E402

from cchc_kg.kg.store import GraphStore  # noqa: E402
from cchc_kg.web.app import create_app  # noqa: E402
from cchc_kg.web.reader import StoreReader  # noqa: E402
from web_store import EVIL, make_store  # noqa: E402


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)[0]


def commit_something(store: Path) -> None:
    with GraphStore.open(store, writable=True) as st:
        g = Graph()
        g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("x")))
        st.replace_graph("https://w3id.org/cchc/graph/source/other", g)


def test_a_page_renders_once_per_snapshot(store):
    app = create_app(store, refresh=0)
    renders: list[str] = []
    real = app.state.templates.TemplateResponse

    def counting(request, name, *a, **kw):
        renders.append(name)
        return real(request, name, *a, **kw)

    app.state.templates.TemplateResponse = counting
    c = TestClient(app)
    first = c.get(f"/doc/{EVIL.key}")
    again = c.get(f"/doc/{EVIL.key}")
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert renders == ["doc.html"]
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert c.get(f"/doc/{EVIL.key}?lang=en").status_code == 200  # another URL, another page
    assert renders == ["doc.html", "doc.html"]
    commit_something(store)  # the store changed: the last page is served at once and rendered again behind it
    stale = c.get(f"/doc/{EVIL.key}")
    assert stale.status_code == 200 and stale.content == first.content
    app.state.reader.drain()
    assert renders == ["doc.html"] * 3
    assert c.get(f"/doc/{EVIL.key}").content == first.content  # now from the new snapshot's memo
    assert renders == ["doc.html"] * 3
    assert f"/doc/{EVIL.key}" in str(list(app.state.reader.snapshot().pages))


def test_concurrent_requests_for_one_page_render_it_once(store):
    import threading

    r = StoreReader(store)
    entered, go = threading.Event(), threading.Event()
    calls: list[int] = []

    def render() -> bytes:
        calls.append(1)
        entered.set()
        go.wait(30)
        return b"page"

    out: list[bytes] = []
    first = threading.Thread(target=lambda: out.append(r.page("k", render)))
    first.start()
    assert entered.wait(30)
    others = [threading.Thread(target=lambda: out.append(r.page("k", render))) for _ in range(5)]
    for t in others:
        t.start()
    go.set()
    for t in [first, *others]:
        t.join(30)
    assert out == [b"page"] * 6 and calls == [1]


def test_a_failing_background_render_drops_the_stale_page(store):
    r = StoreReader(store, refresh=0)
    assert r.page("k", lambda: b"old") == b"old"
    commit_something(store)

    def broken() -> bytes:
        raise RuntimeError("boom")

    assert r.page("k", broken) == b"old"  # served stale, re-rendered behind
    r.drain()
    with pytest.raises(RuntimeError):
        r.page("k", broken)  # no stale copy any more: the error reaches the request
    assert r.page("k", lambda: b"new") == b"new"


def test_errors_are_never_memoised(store):
    app = create_app(store, refresh=0)
    c = TestClient(app)
    assert c.get("/doc/kh/1999/1/nowhere").status_code == 404
    assert not app.state.reader.snapshot().pages


def test_page_memo_is_bounded_in_bytes(store):
    r = StoreReader(store, page_bytes=100)
    for i in range(10):
        assert r.page(i, lambda i=i: bytes([i]) * 30) == bytes([i]) * 30
    snap = r.snapshot()
    assert list(snap.pages) == [7, 8, 9] and snap.page_bytes == 90
    assert r.page("big", lambda: b"x" * 101) == b"x" * 101  # larger than the budget: served, not kept
    assert "big" not in snap.pages


def test_answer_memo_is_bounded(store):
    r = StoreReader(store, cache_size=3)
    calls = []
    for i in range(5):
        r.cached(i, lambda be, i=i: calls.append(i) or i)
    assert r.cached(4, lambda be: calls.append("again")) == 4
    assert list(r.snapshot().cache) == [2, 3, 4] and "again" not in calls


def test_a_failed_reopen_keeps_the_last_snapshot(store, monkeypatch):
    from cchc_kg.kg.errors import StoreError

    r = StoreReader(store, refresh=0)
    first = r.snapshot()
    commit_something(store)

    def busy(*a, **kw):
        raise StoreError("compacting")

    monkeypatch.setattr(GraphStore, "open", busy)
    assert r.snapshot() is first  # the writer is busy: answer from the last snapshot
    monkeypatch.undo()
    assert r.snapshot() is not first
