"""``cchc-kg serve`` in a real headless Chromium over the seeds (issue 17).

A uvicorn server runs in a thread on a free loopback port (the test waits
for its ``started`` flag, never for a delay); Chromium reaches nothing but
loopback. The walk: search → document page → lineage → graph view (a click
on a node opens its page) → agency page, each page free of console errors
and remote requests. Screenshots at 1400×900 go to ``$CCHC_WEB_SHOTS``
(``docs/img`` when refreshing the README's pictures) or a temporary folder.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest

pytest.importorskip("fastapi")
import uvicorn  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from browser import Chromium, find_chromium  # noqa: E402
from cchc_kg.cli.core import app as cli_app  # noqa: E402
from cchc_kg.web.app import create_app  # noqa: E402

pytestmark = pytest.mark.browser
#: every request but loopback (bypassed by default) goes to a closed proxy port: no network
LOOPBACK_ONLY = ("--proxy-server=127.0.0.1:9",)
VINH_LONG = "000_3e13e4f5f52b4654.txt"
#: [node id, x, y] in page coordinates of every node of the embedded view
POINTS = """(() => { const f = document.getElementById('graph'), fr = f.getBoundingClientRect(), w = f.contentWindow;
    const net = w.cchcViz.network, r = w.document.getElementById('mynetwork').getBoundingClientRect();
    const pos = net.getPositions(); const out = [];
    for (const id in pos) { const p = net.canvasToDOM(pos[id]); out.push([id, p.x + r.left + fr.left, p.y + r.top + fr.top]); }
    return out; })()"""
GRAPH_READY = "(() => { const f = document.getElementById('graph'); return f && f.contentWindow.cchcViz && f.contentWindow.cchcViz.ready && f.getAttribute('data-hooked'); })()"


@pytest.fixture(scope="module")
def server(seeds_dir: Path, tmp_path_factory):
    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/test must install it")
        pytest.skip("chromium not installed")
    st = tmp_path_factory.mktemp("web-browser") / "store"
    res = CliRunner().invoke(cli_app, ["build", str(seeds_dir), "--store", str(st), "--json"])
    assert res.exit_code == 1, res.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(st), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    ready = threading.Event()

    def watch() -> None:
        while not srv.started and th.is_alive():
            threading.Event().wait(0.02)
        ready.set()

    threading.Thread(target=watch, daemon=True).start()
    assert ready.wait(60) and srv.started
    yield f"http://127.0.0.1:{port}", st
    srv.should_exit = True
    th.join(30)


@pytest.fixture(scope="module")
def browser():
    with Chromium(extra_flags=LOOPBACK_ONLY, window=(1400, 900)) as b:
        yield b


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    d = Path(os.environ.get("CCHC_WEB_SHOTS") or tmp_path_factory.mktemp("web-shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def clean(page, base: str) -> None:
    assert page.console_errors() == []
    assert [u for u in page.requests() if not u.startswith((base, "data:", "blob:", "about:"))] == []


def follow(page, expression: str) -> None:
    """Click the link/button ``expression`` selects and wait for the next page's load event."""
    mark = len(page.browser.events)
    page.evaluate(f"({expression}).click()")
    page.browser.wait_event("Page.loadEventFired", session=page.session, after=mark, timeout=60)


def test_search_document_lineage_graph_agency(server, browser, shots):
    base, _ = server
    page = browser.new_page()
    page.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    # search: words of the title, folded (no diacritics), then narrowed
    page.goto(base + "/")
    page.evaluate("document.getElementById('q').value = 'cai cach hanh chinh'")
    follow(page, "document.querySelector('#search button[type=submit]')")
    assert page.evaluate("document.querySelectorAll('#results a.doc').length") >= 5
    page.screenshot(shots / "web-search.png")
    page.evaluate("document.getElementById('q').value = 'vinh long cai cach'")
    follow(page, "document.querySelector('#search button[type=submit]')")
    hits = page.evaluate("Array.from(document.querySelectorAll('#results a.doc')).map(a => a.textContent)")
    assert hits and all("Vĩnh Long" in h for h in hits)
    clean(page, base)

    # document page of the Vĩnh Long plan
    follow(page, "Array.from(document.querySelectorAll('#results a.doc')).find(a => a.textContent.startsWith('KH'))")
    assert "/doc/kh/" in page.evaluate("location.pathname")
    for part in ("identity", "validity", "outgoing", "incoming", "targets", "responsibilities"):
        assert page.evaluate(f"!!document.getElementById('{part}')"), part
    assert page.evaluate("document.querySelectorAll('#outgoing a.src').length") > 0  # evidence links to the source text
    assert page.evaluate("document.querySelectorAll('#responsibilities a.agency').length") > 0
    doc_path = page.evaluate("location.pathname")
    page.screenshot(shots / "web-document.png")
    clean(page, base)

    # the evidence link opens the source text with the span highlighted
    quote = page.evaluate("document.querySelector('#outgoing a.src').closest('blockquote').textContent")
    follow(page, "document.querySelector('#outgoing a.src')")
    mark = page.evaluate("document.getElementById('hl').textContent")
    assert mark and mark in quote
    page.evaluate("history.back()")
    page.wait_for(f"location.pathname === {json.dumps(doc_path)} && document.readyState === 'complete'")

    # lineage: bases up with as-of marks, citers down
    follow(page, "document.getElementById('tab-lineage')")
    page.evaluate("document.querySelector('input[name=as_of]').value = '2026-01-01'")
    follow(page, "document.querySelector('form.search button')")
    assert "as_of=2026-01-01" in page.evaluate("location.search")
    assert page.evaluate("document.querySelectorAll('#bases li.node').length") > 1
    page.screenshot(shots / "web-lineage.png")
    clean(page, base)

    # graph view, centred on the document; clicking a node opens its page
    follow(page, "document.getElementById('tab-graph')")
    page.wait_for(GRAPH_READY, timeout=60)
    focus = page.evaluate("document.getElementById('graph').contentWindow.cchcViz.nodes.get().filter(n => n.focus).map(n => n.id)")
    assert [unquote(doc_path).split("/doc/", 1)[1]] == [f.split("/id/doc/", 1)[1] for f in focus]
    page.screenshot(shots / "web-graph.png")
    clean(page, base)
    pts = page.evaluate(POINTS)
    other = next(p for p in pts if p[0] != focus[0] and "/id/doc/" in p[0])
    mark = len(browser.events)
    page.click(other[1], other[2])
    browser.wait_event("Page.loadEventFired", session=page.session, after=mark, timeout=60)
    assert page.evaluate("location.pathname") == "/doc/" + other[0].split("/id/doc/", 1)[1]

    # responsibilities graph: clicking an agency opens the agency page
    page.goto(base + doc_path.replace("/doc/", "/graph/", 1) + "?view=responsibilities")
    page.wait_for(GRAPH_READY, timeout=60)
    # a readable layout can open partly off-screen: bring the agency into view before clicking it
    first_agency = next(p[0] for p in page.evaluate(POINTS) if "/id/org/" in p[0])
    page.evaluate(f"document.getElementById('graph').contentWindow.cchcViz.focus({json.dumps(first_agency)})")
    agency = next(p for p in page.evaluate(POINTS) if p[0] == first_agency)
    mark = len(browser.events)
    page.click(agency[1], agency[2])
    browser.wait_event("Page.loadEventFired", session=page.session, after=mark, timeout=60)
    assert page.evaluate("location.pathname") == "/agency"
    assert page.evaluate("document.querySelectorAll('section.agency table.rel tr').length") > 1
    clean(page, base)

    # agency page with the 2025 succession
    page.goto(base + "/agency?name=" + "S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5%20t%E1%BB%89nh%20V%C4%A9nh%20Long&as_of=2026-01-01")
    assert page.evaluate("document.querySelectorAll('section.agency').length") >= 1
    page.screenshot(shots / "web-agency.png")
    clean(page, base)


def test_pages_work_with_the_network_off(server, browser):
    base, _ = server
    page = browser.new_page(offline=False)
    page.goto(base + "/?lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"  # local CSS applied
    clean(page, base)
