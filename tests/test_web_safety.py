"""Web app safety (issue 17): hostile text renders inert on every page, no path traversal,
read-only, request limits, readers follow a build without seeing uncommitted data."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from cchc_kg.web.app import Limits, create_app  # noqa: E402
from web_store import EVIL, EVIL_IRI, PAYLOAD, make_store  # noqa: E402

KEY = EVIL.key


class _Active(HTMLParser):
    """Collects what a browser would act on: img/iframe/object tags, on* attributes, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "object", "embed", "svg", "base"):
            self.found.append(tag)
        self.found += [f"{tag}@{k}" for k, _ in attrs if k.lower().startswith("on") or (k in ("href", "src") and (_ or "").lower().startswith("javascript:"))]
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))


def active_markup(html: str) -> tuple[list[str], list[str | None]]:
    """(dangerous tags/attributes, script src of each <script>) of a page."""
    p = _Active()
    p.feed(html)
    return p.found, p.scripts


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path]:
    return make_store(tmp_path_factory.mktemp("web-evil"))


@pytest.fixture(scope="module")
def client(made) -> TestClient:
    return TestClient(create_app(made[0]))


def pages(client: TestClient, src: Path) -> list[str]:
    sha = client.app.state.reader.sources()[str(src)]
    a = client.app.state.reader.backend().responsibilities(EVIL_IRI)[0]["agency"]["iri"]
    urls = ["/", "/?q=99", "/?q=" + quote(PAYLOAD), f"/doc/{KEY}", f"/lineage/{KEY}?as_of=2026-01-01", f"/graph/{KEY}",
            f"/graph/{KEY}?view=responsibilities", "/targets", "/target?q=B07", "/agency?name=" + quote("Sở Nội vụ"),
            "/agency?iri=" + quote(a), "/agency?name=" + quote(PAYLOAD), f"/source/{sha}?start=10&end=40",
            "/doc/" + quote(PAYLOAD), "/?year=" + quote(PAYLOAD)]
    return [u + ("&" if "?" in u else "?") + lang for u in urls for lang in ("lang=vi", "lang=en")]


def test_payload_renders_inert_on_every_page(client, made):
    seen = 0
    for url in pages(client, made[1]):
        r = client.get(url)
        assert r.status_code in (200, 400, 404), (url, r.status_code)
        html = r.text
        found, scripts = active_markup(html)
        assert found == [], url  # the payload is there, as text only
        assert scripts in ([], ["/static/graph.js"]), url
        seen += "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert r.headers["x-content-type-options"] == "nosniff"
    assert seen >= 20  # the payload was shown (escaped) on the pages that hold it


def test_doc_page_shows_every_part(client):
    html = client.get(f"/doc/{KEY}").text
    for part in ("identity", "validity", "outgoing", "incoming", "targets", "responsibilities"):
        assert f'id="{part}"' in html
    assert "76/NQ-CP" in html and "Sở Nội vụ" in html and "80%" in html
    assert re.search(r'href="/source/[0-9a-f]{64}\?start=\d+&amp;end=\d+#hl"', html)


def test_graph_views_keep_payload_as_data(client):
    for url in (f"/viz/focus/{KEY}", f"/viz/responsibilities/{KEY}", "/viz/target?q=B07"):
        r = client.get(url)
        assert r.status_code == 200, url
        found, scripts = active_markup(r.text)
        assert found == [] and None in scripts  # the viz page's inline scripts only
        assert "\\u003c/script\\u003e\\u003cimg src=x" in r.text  # the payload travels as escaped JSON
        assert "script-src 'sha256-" in r.text  # the viz page's own CSP governs its scripts
        assert "frame-ancestors 'self'" in r.headers["content-security-policy"]


def test_source_page_highlights_the_span_escaped(client, made):
    sha = client.app.state.reader.sources()[str(made[1])]
    text = made[1].read_text(encoding="utf-8")
    start = text.index("Nghị quyết số 76")
    r = client.get(f"/source/{sha}?start={start}&end={start + 16}")
    assert r.status_code == 200
    assert '<mark id="hl">Nghị quyết số 76</mark>' in r.text
    assert "&lt;img src=x" in r.text and active_markup(r.text) == ([], [])


@pytest.mark.parametrize("path", [
    "/source/..%2F..%2F..%2Fetc%2Fpasswd", "/source/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/source/../../etc/passwd",
    "/source/" + "0" * 64, "/source/evil.txt", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/../app.py",
    "/doc/..%2F..%2Fetc%2Fpasswd", "/viz/focus/..%2F..%2Fetc%2Fpasswd",
])
def test_dot_dot_paths_are_refused(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text and "create_app" not in r.text


def test_only_sources_of_loaded_documents_are_served(client, made, tmp_path):
    other = made[1].parent / "other.txt"
    other.write_text("secret", encoding="utf-8")
    import hashlib

    r = client.get("/source/" + hashlib.sha256(b"secret").hexdigest())
    assert r.status_code == 404 and "secret" not in r.text


def test_read_only_and_limits(made):
    c = TestClient(create_app(made[0], limits=Limits(max_body=100, max_url=300)))
    assert c.post("/api/docs", content=b"x").status_code == 405
    assert c.request("DELETE", f"/doc/{KEY}").status_code == 405
    assert c.request("GET", "/api/docs", content=b"x" * 101).status_code == 413
    assert c.get("/?q=" + "a" * 400).status_code == 414
    assert c.get("/?q=" + "a" * 250).status_code == 400  # parameter longer than its limit
    assert c.get("/api/docs").status_code == 200


def test_slow_answers_time_out(made):
    import threading

    app = create_app(made[0], limits=Limits(timeout=0.2))
    gate = threading.Event()
    real = app.state.reader.cached

    def blocked(key, compute):  # an answer that never comes until the test lets it go
        gate.wait(30)
        return real(key, compute)

    app.state.reader.cached = blocked
    try:
        r = TestClient(app).get("/api/docs")
        assert r.status_code == 504
    finally:
        gate.set()


def test_errors_are_json_under_api(client):
    r = client.get("/api/show", params={"doc": "999/KH-XYZ 1999"})
    assert r.status_code == 404 and "error" in r.json()
    r = client.get("/api/bases", params={"doc": EVIL_IRI, "as_of": "yesterday"})
    assert r.status_code == 400 and "as_of" in r.json()["error"]
    assert client.get("/api/openapi.json").json()["paths"]["/api/show"]["get"]["summary"] == "cchc-kg show DOC --json"


def test_reader_follows_a_build_and_never_sees_uncommitted_graphs(made, tmp_path):
    from rdflib import Graph, Literal, URIRef

    from cchc_kg.kg.store import GraphStore
    from web_store import make_store as again

    store, _ = again(tmp_path)
    app = create_app(store, refresh=0)
    c = TestClient(app)
    before = {d["iri"] for d in c.get("/api/docs").json()}
    assert EVIL_IRI in before
    ask = "SELECT ?o WHERE { <urn:x> <urn:p> ?o }"
    with GraphStore.open(store, writable=True) as st:  # a writer holds the lock while readers answer
        g = Graph()
        g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("unfinished")))
        st.replace_graph("https://w3id.org/cchc/graph/tmp/unfinished", g)  # a build's temporary graph
        st.raw.flush()
        assert c.get(f"/doc/{KEY}").status_code == 200
        snap = app.state.reader.snapshot()
        assert not any("/graph/tmp/" in gr for gr in snap.store.graphs())
        assert snap.store.select(ask) == []
        g2 = Graph()
        g2.add((URIRef("urn:x"), URIRef("urn:p"), Literal("committed")))
        st.replace_graph("https://w3id.org/cchc/graph/source/new", g2)  # a committed file
    assert app.state.reader.snapshot().store.select(ask) == [{"o": "committed"}]  # the reader followed the commit
    assert {d["iri"] for d in c.get("/api/docs").json()} == before
