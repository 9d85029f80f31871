"""How fast ``cchc-kg viz`` pages are made and drawn, by node count.

For synthetic views of 100 / 1,000 / 2,000 documents (three levels, about
two edges per node) it measures

* generation: layered layout + HTML rendering in Python (median of runs);
* in headless Chromium (file://, network off): time from navigation start
  until the layout has settled (vis ``stabilized`` for physics pages,
  first draw for physics-off pages), and until the first draw.

Optionally (``--store DIR``) it also times building the ``--all`` view
from a real store through the Backend primitives.

    .venv/bin/python bench/bench_viz.py            # table
    .venv/bin/python bench/bench_viz.py --json     # machine-readable
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cchc_kg.viz.layout import layered  # noqa: E402
from cchc_kg.viz.model import ViewEdge, ViewGraph, ViewNode  # noqa: E402
from cchc_kg.viz.render import render  # noqa: E402

LEVELS = ("doc-national", "doc-province", "doc-district")


def synthetic(n: int, *, seed: int = 7) -> ViewGraph:
    """``n`` documents over three levels; each cites ~2 documents of a higher level."""
    import random

    rnd = random.Random(seed)
    nodes = []
    for i in range(n):
        lvl = 0 if i < n // 10 else (1 if i < n // 2 else 2)
        nodes.append(ViewNode(
            f"https://w3id.org/cchc/id/doc/kh/2022/{i}/x", LEVELS[lvl], f"{i}/KH-UBND\nKế hoạch cải cách hành chính số {i}",
            (("title", f"Kế hoạch cải cách hành chính số {i}"), ("level", LEVELS[lvl])), f"{i}/KH-UBND", float(lvl) * 2,
        ))
    edges = []
    for i, nd in enumerate(nodes):
        if nd.layer == 0:
            continue
        hi = n // 10 if nd.layer == 2 else n // 10
        top = n // 2 if nd.layer == 4 else hi
        for _ in range(2):
            j = rnd.randrange(0, max(1, top))
            edges.append(ViewEdge(nd.id, nodes[j].id, rnd.choice(("based_on", "implements", "cites")),
                                  evidence=("Căn cứ Kế hoạch số … của UBND tỉnh …",)))
    return ViewGraph(f"Synthetic {n}", "all", tuple(nodes), tuple(edges))


def time_generation(view: ViewGraph, runs: int = 3) -> tuple[float, float, int]:
    """(layout seconds, layout+render seconds, HTML bytes), medians."""
    lay, tot, size = [], [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        pos = layered(view)
        t1 = time.perf_counter()
        html = render(view, positions=pos)
        t2 = time.perf_counter()
        lay.append(t1 - t0)
        tot.append(t2 - t0)
        size = len(html.encode("utf-8"))
    return statistics.median(lay), statistics.median(tot), size


def time_browser(paths: dict[int, Path]) -> dict[int, dict[str, float]]:
    """Settle and first-draw times (ms from navigation start) in Chromium."""
    from browser import OFFLINE_FLAGS, Chromium, find_chromium

    if not find_chromium():
        return {}
    out: dict[int, dict[str, float]] = {}
    with Chromium(extra_flags=OFFLINE_FLAGS) as b:
        for n, p in paths.items():
            page = b.new_page()
            t0 = time.perf_counter()
            page.goto(p.as_uri(), timeout=120)
            page.wait_for("window.cchcViz && cchcViz.ready", timeout=120, interval=0.02)
            wall = (time.perf_counter() - t0) * 1000
            settled, drawn, physics = page.evaluate("[cchcViz.settledMs, cchcViz.drawnMs, cchcViz.data.physics]")
            out[n] = {"settled_ms": round(settled), "first_draw_ms": round(drawn), "wall_ms": round(wall), "physics": physics}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,2000")
    ap.add_argument("--store", help="also time all_view() on this store")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-viz-"))
    paths = {}
    for n in sizes:
        view = synthetic(n)
        lay, tot, size = time_generation(view)
        p = tmp / f"synthetic-{n}.html"
        p.write_text(render(view), encoding="utf-8")
        paths[n] = p
        rows.append({"nodes": n, "edges": len(view.edges), "layout_s": round(lay, 4), "generate_s": round(tot, 3), "html_kb": size // 1024})
    browser = {} if args.no_browser else time_browser(paths)
    for r in rows:
        r.update(browser.get(r["nodes"], {}))
    result = {"synthetic": rows}
    if args.store:
        from cchc_kg.kg.store import GraphStore
        from cchc_kg.queries.embedded import EmbeddedBackend
        from cchc_kg.viz.views import all_view

        be = EmbeddedBackend(GraphStore.open(args.store))
        t0 = time.perf_counter()
        v = all_view(be)
        t1 = time.perf_counter()
        render(v)
        t2 = time.perf_counter()
        result["store"] = {"store": args.store, "nodes": len(v.nodes), "edges": len(v.edges),
                           "view_s": round(t1 - t0, 3), "render_s": round(t2 - t1, 3)}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'nodes':>6} {'edges':>6} {'layout s':>9} {'generate s':>10} {'HTML KB':>8} {'physics':>8} {'draw ms':>8} {'settle ms':>9}")
    for r in rows:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['layout_s']:>9} {r['generate_s']:>10} {r['html_kb']:>8} "
              f"{str(r.get('physics', '-')):>8} {r.get('first_draw_ms', '-'):>8} {r.get('settled_ms', '-'):>9}")
    if "store" in result:
        s = result["store"]
        print(f"store {s['store']}: all_view {s['nodes']} nodes/{s['edges']} edges in {s['view_s']} s, render {s['render_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
