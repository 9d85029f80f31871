"""The generated pages in a real headless Chromium (DevTools over a pipe).

Pages are opened from file:// with every non-loopback request sent to a
closed proxy port (and, in one test, with the network emulated offline):
they must render, count the expected nodes and edges, search and filter,
and run nothing a document smuggles in. Screenshots go to a temporary
folder (or ``$CCHC_VIZ_SHOTS``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browser import OFFLINE_FLAGS, Chromium, find_chromium
from cchc_kg.kg.ids import doc_iri
from cchc_kg.queries.embedded import EmbeddedBackend
from test_viz import DIST, EVIL, NQ76, PAYLOAD, PLAN, viz_store
from cchc_kg.viz.model import ViewEdge, ViewGraph, ViewNode
from cchc_kg.viz.render import write_html
from cchc_kg.viz.views import all_view, focus_view, responsibilities_matrix_view, responsibilities_view, target_view

pytestmark = pytest.mark.browser

PLAN_IRI = doc_iri(PLAN.key)
READY = "window.cchcViz && cchcViz.ready"
#: [node id, x, y] in page coordinates for every node
POINTS = """(() => { const net = cchcViz.network, r = document.getElementById('mynetwork').getBoundingClientRect();
    const pos = net.getPositions(); const out = [];
    for (const id in pos) { const p = net.canvasToDOM(pos[id]); out.push([id, p.x + r.left, p.y + r.top]); }
    return out; })()"""


@pytest.fixture(scope="module")
def browser():
    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/test must install it (scripts/browser install_browser)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    with Chromium(extra_flags=OFFLINE_FLAGS) as b:
        yield b


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    d = Path(os.environ.get("CCHC_VIZ_SHOTS") or tmp_path_factory.mktemp("viz-shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def big_view(n: int = 1000) -> ViewGraph:
    nodes = tuple(ViewNode(f"n{i}", ("doc-national", "doc-province", "doc-district")[i % 3], f"Kế hoạch số {i}/KH-UBND",
                           (("title", "Kế hoạch cải cách hành chính"),), layer=float(i % 3) * 2) for i in range(n))
    edges = tuple(ViewEdge(f"n{i}", f"n{(i // 3) * 3 - 3}", "based_on", evidence=("Căn cứ Nghị quyết …",)) for i in range(3, n) if i % 3)
    return ViewGraph("Synthetic", "all", nodes, edges)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, ViewGraph]]:
    be = EmbeddedBackend(viz_store())
    d = tmp_path_factory.mktemp("viz-pages")
    views = {
        "focus": focus_view(be, PLAN_IRI, depth=2),
        "responsibilities": responsibilities_view(be, PLAN_IRI),
        "matrix": responsibilities_matrix_view(be, PLAN_IRI),
        "target": target_view(be, "thanh toán trực tuyến"),
        "all": all_view(be),
        "evil": focus_view(be, doc_iri(EVIL.key), depth=1),
        "big": big_view(1000),
    }
    return {k: (write_html(v, d / f"{k}.html"), v) for k, v in views.items()}


def open_page(browser, path: Path, *, offline: bool = False):
    page = browser.new_page(offline=offline)
    page.goto(path.as_uri())
    page.wait_for(READY, timeout=60)
    return page


def assert_clean(page) -> None:
    assert page.console_errors() == []
    remote = [u for u in page.requests() if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert remote == []


@pytest.mark.parametrize("name", ["focus", "responsibilities", "matrix", "target", "all", "big"])
def test_page_renders_every_node_and_edge(browser, pages, shots, name):
    path, view = pages[name]
    page = open_page(browser, path)
    counts = page.evaluate("[cchcViz.nodes.length, cchcViz.edges.length, cchcViz.visibleNodes(), cchcViz.visibleEdges(),"
                           " Object.keys(cchcViz.network.body.nodes).length]")
    assert counts[:4] == [len(view.nodes), len(view.edges), len(view.nodes), len(view.edges)]
    assert counts[4] >= len(view.nodes)  # vis created a body node for each
    legend = page.evaluate("Array.from(document.querySelectorAll('#cchc-node-kinds .count')).map(e => +e.textContent)")
    assert sum(legend) == len(view.nodes)
    status = page.evaluate("document.getElementById('cchc-status').textContent")
    assert f"Showing {len(view.nodes)} of {len(view.nodes)} nodes" in status
    assert_clean(page)
    page.screenshot(shots / f"{name}.png")


def test_search_finds_and_focuses_a_node(browser, pages):
    page = open_page(browser, pages["focus"][0])
    page.evaluate("""(() => { const s = document.getElementById('cchc-search'); s.value = '12/kh-ubnd';
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()""")
    assert page.evaluate("cchcViz.network.getSelectedNodes()") == [PLAN_IRI]
    assert page.evaluate("document.querySelectorAll('#cchc-results button').length") >= 1
    details = page.evaluate("document.getElementById('cchc-details').textContent")
    assert PLAN.title in details
    # folded matching: no diacritics, other case
    assert page.evaluate("cchcViz.search('ke hoach cai cach hanh chinh huyen lam')") == [doc_iri(DIST.key)]
    page.evaluate("cchcViz.focus(%r)" % doc_iri(NQ76.key))
    assert page.evaluate("cchcViz.network.getSelectedNodes()") == [doc_iri(NQ76.key)]
    assert_clean(page)


def test_filters_change_what_is_visible(browser, pages, shots):
    path, view = pages["focus"]
    page = open_page(browser, path)
    n_nat = view.node_counts()["doc-national"]
    nat_ids = {n.id for n in view.nodes if n.kind == "doc-national"}
    touching = sum(1 for e in view.edges if e.source in nat_ids or e.target in nat_ids)
    page.evaluate("document.querySelector('#cchc-node-kinds input[data-kind=\"doc-national\"]').click()")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == [len(view.nodes) - n_nat, len(view.edges) - touching]
    assert page.evaluate("cchcViz.network.body.nodes[%r].options.hidden" % doc_iri(NQ76.key)) is True
    page.screenshot(shots / "focus-filtered.png")
    page.evaluate("document.querySelector('#cchc-node-kinds input[data-kind=\"doc-national\"]').click()")
    assert page.evaluate("cchcViz.visibleNodes()") == len(view.nodes)
    n_impl = view.edge_counts()["implements"]
    page.evaluate("document.querySelector('#cchc-edge-kinds input[data-kind=\"implements\"]').click()")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == [len(view.nodes), len(view.edges) - n_impl]
    assert "of %d edges" % len(view.edges) in page.evaluate("document.getElementById('cchc-status').textContent")
    tip = page.evaluate("cchcViz.edges.get().find(e => e.kind === 'based_on' && e.from === %r).title.textContent" % PLAN_IRI)
    assert "Căn cứ Nghị quyết số 76/NQ-CP" in tip  # the edge tooltip carries its evidence sentence
    assert_clean(page)


def test_document_payloads_execute_nothing(browser, pages, shots):
    path, view = pages["evil"]
    page = open_page(browser, path)
    # hover and click every node: tooltips and details are shown then
    pts = page.evaluate(POINTS)
    assert len(pts) == len(view.nodes)
    for _, x, y in pts:
        page.hover(x, y)
        page.wait_for("document.querySelector('div.vis-tooltip') && document.querySelector('div.vis-tooltip').style.visibility !== 'hidden'", timeout=10)
        page.click(x, y)
    page.evaluate("cchcViz.search(%r)" % PAYLOAD[:20])
    page.evaluate("""(() => { const s = document.getElementById('cchc-search'); s.value = 'pwned';
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()""")
    evil = next(p for p in page.evaluate(POINTS) if p[0] == doc_iri(EVIL.key))  # the view moved: measure again
    page.hover(evil[1] + 3, evil[2] + 3)
    page.wait_for("document.querySelector('div.vis-tooltip').textContent.includes('66/KH-UBND')", timeout=10)
    tip = page.evaluate("document.querySelector('div.vis-tooltip').textContent")
    assert PAYLOAD in tip  # shown as text
    details = page.evaluate("document.getElementById('cchc-details').textContent")
    assert PAYLOAD in details or "<script>" in details
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, #cchc-panel script, #mynetwork script').length") == 0
    assert_clean(page)
    page.screenshot(shots / "payload.png")


def test_page_renders_with_the_network_offline(browser, pages, shots):
    path, view = pages["focus"]
    page = open_page(browser, path, offline=True)
    assert page.evaluate("cchcViz.visibleNodes()") == len(view.nodes)
    assert_clean(page)
    page.screenshot(shots / "focus-offline.png")


def test_big_view_settles(browser, pages):
    path, view = pages["big"]
    page = open_page(browser, path)
    info = page.evaluate("[cchcViz.data.physics, cchcViz.settledMs]")
    assert info[0] is False
    assert isinstance(info[1], (int, float)) and info[1] >= 0  # it settled; how fast: bench/bench_viz.py


def test_screenshots_are_kept_when_asked(shots):
    assert shots.exists()
    if os.environ.get("CCHC_VIZ_SHOTS"):
        assert any(shots.glob("*.png"))
    assert shutil.which  # noqa: B018


# --------------------------------------------------------------------------- issue 15: readable views


@pytest.mark.parametrize("name", ["focus", "responsibilities", "matrix", "target", "all", "big"])
def test_labels_are_legible_at_default_zoom(browser, pages, name):
    page = open_page(browser, pages[name][0])
    assert page.evaluate("cchcViz.labelPx()") >= 11
    assert page.evaluate("window.innerWidth") == 1400
    assert_clean(page)


def test_click_highlights_the_neighbours(browser, pages, shots):
    path, view = pages["focus"]
    page = open_page(browser, path)
    neighbours = {PLAN_IRI} | {e.target for e in view.edges if e.source == PLAN_IRI} | {e.source for e in view.edges if e.target == PLAN_IRI}
    others = [n.id for n in view.nodes if n.id not in neighbours]
    assert others, "the fixture view has nodes outside the plan's neighbourhood"
    x, y = next((px, py) for i, px, py in page.evaluate(POINTS) if i == PLAN_IRI)
    page.click(x, y)  # a real mouse click on the node
    page.wait_for("cchcViz.highlighted !== null", timeout=10)
    assert page.evaluate("cchcViz.highlighted") == sorted(neighbours)
    assert page.evaluate("cchcViz.opacityOf(%r)" % PLAN_IRI) == 1
    assert all(page.evaluate("cchcViz.opacityOf(%r)" % i) < 0.5 for i in others)
    far = [e for e in view.edges if PLAN_IRI not in (e.source, e.target)]
    if far:
        eid = page.evaluate("cchcViz.edges.get().find(e => e.from === %r && e.to === %r).id" % (far[0].source, far[0].target))
        assert page.evaluate("cchcViz.edges.get(%r).color.opacity" % eid) < 0.5
    page.screenshot(shots / "focus-highlight.png")
    page.evaluate("cchcViz.clearHighlight()")
    assert page.evaluate("cchcViz.highlighted") is None
    assert all(page.evaluate("cchcViz.opacityOf(%r)" % i) == 1 for i in others)
    assert_clean(page)


def _facet_count(view, dtype=None, year_from=None, year_to=None, issuer=None):
    keep = set()
    for n in view.nodes:
        if not n.kind.startswith("doc-"):
            keep.add(n.id)
            continue
        if dtype and n.dtype != dtype or issuer and n.issuer != issuer:
            continue
        if year_from is not None and not (n.year and n.year >= year_from):
            continue
        if year_to is not None and not (n.year and n.year <= year_to):
            continue
        keep.add(n.id)
    edges = sum(1 for e in view.edges if e.source in keep and e.target in keep)
    return len(keep), edges


def test_filters_by_type_year_and_issuer(browser, pages, shots):
    path, view = pages["all"]
    page = open_page(browser, path)
    types = page.evaluate("Array.from(document.querySelectorAll('#cchc-facet-type option')).map(o => o.value).filter(Boolean)")
    assert set(types) == {n.dtype for n in view.nodes if n.kind.startswith("doc-") and n.dtype}
    # type, through the select element as a person would use it
    page.evaluate("""(() => { const s = document.getElementById('cchc-facet-type'); s.value = 'KH';
        s.dispatchEvent(new Event('change')); })()""")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == list(_facet_count(view, dtype="KH"))
    assert page.evaluate("cchcViz.network.body.nodes[%r].options.hidden" % doc_iri(NQ76.key)) is True
    page.screenshot(shots / "all-type-kh.png")
    # year range
    page.evaluate("cchcViz.setFacets({dtype: '', yearFrom: 2022, yearTo: 2022})")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == list(_facet_count(view, year_from=2022, year_to=2022))
    page.evaluate("""(() => { const s = document.getElementById('cchc-facet-year-from'); s.value = '2021';
        s.dispatchEvent(new Event('input')); })()""")
    assert page.evaluate("cchcViz.visibleNodes()") == _facet_count(view, year_from=2021, year_to=2022)[0]
    # issuer
    page.evaluate("cchcViz.setFacets({yearFrom: null, yearTo: null, issuer: 'UBND tỉnh Xanh'})")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == list(_facet_count(view, issuer="UBND tỉnh Xanh"))
    assert page.evaluate("cchcViz.network.body.nodes[%r].options.hidden" % PLAN_IRI) is False
    page.evaluate("cchcViz.setFacets({issuer: ''})")
    assert page.evaluate("[cchcViz.visibleNodes(), cchcViz.visibleEdges()]") == [len(view.nodes), len(view.edges)]
    assert_clean(page)
