"""ViewGraph → one self-contained, offline HTML page (pyvis + vis-network inline).

pyvis builds the node/edge lists and supplies the vis-network assets
(``cdn_resources="in_line"``); the page template is the project's own
(:mod:`cchc_kg.viz.page`), because pyvis's template links Bootstrap from a CDN
even in ``in_line`` mode. Every text that comes from documents travels
as JSON (``<``, ``>``, ``&``, U+2028/2029 escaped) and is put in the page
with ``textContent`` only: titles, evidence and names never become markup.

>>> from cchc_kg.viz.model import ViewGraph, ViewNode
>>> html = render(ViewGraph("<b>t</b>", "all", (ViewNode("a", "doc-national", "<script>x</script>"),), ()))
>>> "<script>x</script>" in html, remote_references(html)
(False, [])
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from html import escape
import re
from pathlib import Path
from typing import Any

from pyvis.network import Network

from cchc_kg.viz.layout import layered
from cchc_kg.viz.model import EDGE_KINDS, NODE_KINDS, ViewGraph
from cchc_kg.viz.page import PAGE_TEMPLATE

__all__ = ["render", "write_html", "safe_json", "remote_references", "vis_data", "PHYSICS_LIMIT", "FONT_FACE"]

#: the ``all`` view runs the physics simulation only up to this many nodes
PHYSICS_LIMIT = 300
#: fonts with full Vietnamese coverage first (Debian: fonts-noto-core, fonts-dejavu-core)
FONT_FACE = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_RE = re.compile("[<>&\u2028\u2029]")
_REMOTE_BEFORE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?|url\(\s*["']?\s*(?:https?:)?|@import\s+["']?(?:https?:)?)$""",
    re.IGNORECASE,
)


def safe_json(obj: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</``, ``<!--``, ``&`` or U+2028/2029.

    >>> safe_json({"t": "</script><!-- \u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def remote_references(html: str) -> list[str]:
    """Remote resources a page would load (``src``/``href``/``url()`` to http(s) or ``//``).

    >>> remote_references('<link href="https://cdn.example/x.css"><img src=//h/x.png>')
    ['href="https://', 'src=//']
    """
    out = []
    i = html.find("//")
    while i >= 0:
        m = _REMOTE_BEFORE.search(html, max(0, i - 40), i)
        if m:
            out.append(m.group(0).lstrip() + "//")
        i = html.find("//", i + 2)
    return out


def _tint(hex_colour: str, amount: float = 0.82) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def vis_data(view: ViewGraph, positions: dict[str, tuple[float, float]] | None = None) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge dicts (built with pyvis, positions fixed)."""
    pos = positions if positions is not None else layered(view)
    net = Network(directed=True, cdn_resources="in_line")
    for n in view.nodes:
        _, colour, shape = NODE_KINDS.get(n.kind, ("", "#757575", "dot"))
        x, y = pos.get(n.id, (0.0, 0.0))
        extra: dict[str, Any] = {}
        if n.dashed:
            extra["shapeProperties"] = {"borderDashes": [5, 4]}
        if shape in ("star", "diamond", "hexagon", "dot"):
            extra["size"] = 22 if n.focus else 16
        net.add_node(
            n.id, label=n.label, shape=shape, x=round(x, 1), y=round(y, 1),
            color={"background": _tint(colour), "border": colour,
                   "highlight": {"background": _tint(colour, 0.55), "border": colour},
                   "hover": {"background": _tint(colour, 0.65), "border": colour}},
            borderWidth=4 if n.focus else 1.5, font={"bold": {"size": 15}} if n.focus else {},
            kind=n.kind, tip=[list(r) for r in n.tip], heading=n.heading or n.label, search=n.search,
            focus=n.focus, **extra,
        )
    for i, e in enumerate(view.edges):
        _, colour, dashes, width = EDGE_KINDS.get(e.kind, ("", "#9e9e9e", False, 1.0))
        net.add_edge(
            e.source, e.target, id=f"e{i}", kind=e.kind, label=e.label or None, color={"color": colour, "highlight": colour},
            dashes=dashes, width=width, tip=[list(r) for r in e.tip], evidence=list(e.evidence),
        )
    nodes = [{k: v for k, v in d.items() if v is not None and k not in ("title",)} for d in net.nodes]
    edges = [{k: v for k, v in d.items() if v is not None and k not in ("title",)} for d in net.edges]
    return nodes, edges


def _options(view: ViewGraph, physics: bool) -> dict[str, Any]:
    big = len(view.nodes) > PHYSICS_LIMIT or len(view.edges) > 2 * PHYSICS_LIMIT
    lr = view.direction == "LR"
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 200, "avoidOverlap": 0.3},
            "stabilization": {"enabled": physics, "iterations": 250, "updateInterval": 50, "fit": True},
        },
        "interaction": {
            "hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
            "multiselect": True, "navigationButtons": False, "keyboard": False,
        },
        "nodes": {
            "font": {"face": FONT_FACE, "size": 14, "color": "#111111", "multi": False},
            "margin": 8,
            "widthConstraint": {"maximum": 320 if lr else 210},
            "shadow": False,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False if big else {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal" if lr else "vertical", "roundness": 0.4},
            "font": {"face": FONT_FACE, "size": 11, "align": "middle", "strokeWidth": 3},
            "selectionWidth": 2,
        },
    }


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(html: str) -> str:
    """CSP source list allowing exactly the page's inline scripts."""
    hashes = []
    for m in _SCRIPT.finditer(html):
        digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return " ".join(hashes)


@lru_cache(maxsize=1)
def _skeleton() -> str:
    """The page with placeholders, rendered once by pyvis's Jinja environment.

    The static part (vis-network assets, our CSS/JS) is checked once for
    remote references and hashed for the Content-Security-Policy; the
    document data is spliced in afterwards as escaped JSON.
    """
    net = Network(directed=True, cdn_resources="in_line")
    template = net.templateEnv.from_string(PAGE_TEMPLATE)
    html = template.render(cdn_resources="in_line", payload="__CCHC_PAYLOAD__", title="__CCHC_TITLE__")
    html = html.replace("__CSP_SCRIPTS__", _script_hashes(html), 1)
    leaks = remote_references(html)
    if leaks:  # pragma: no cover - guards against a pyvis/vis upgrade adding remote assets
        raise RuntimeError(f"the page template references remote resources: {leaks[:3]}")
    return html


def render(view: ViewGraph, *, physics_limit: int = PHYSICS_LIMIT, positions: dict[str, tuple[float, float]] | None = None) -> str:
    """The HTML page of ``view`` (a string; offline, no remote resource).

    Physics runs only for the ``all`` view up to ``physics_limit`` nodes;
    every other page uses the precomputed layered layout, drawn at once.
    """
    nodes, edges = vis_data(view, positions)
    physics = view.view == "all" and 0 < len(view.nodes) <= physics_limit
    legend_nodes = [{"kind": k, "label": NODE_KINDS.get(k, (k, "#757575", "dot"))[0], "color": NODE_KINDS.get(k, ("", "#757575"))[1], "count": c}
                    for k, c in view.node_counts().items()]
    legend_edges = [{"kind": k, "label": EDGE_KINDS.get(k, (k,))[0], "color": EDGE_KINDS.get(k, ("", "#9e9e9e"))[1],
                     "dashed": bool(EDGE_KINDS.get(k, ("", "", False))[2]), "count": c} for k, c in view.edge_counts().items()]
    payload = {
        "title": view.title, "view": view.view, "notes": list(view.notes), "physics": physics,
        "totalNodes": view.total_nodes if view.total_nodes is not None else len(view.nodes),
        "legend": {"nodes": legend_nodes, "edges": legend_edges},
        "nodes": nodes, "edges": edges, "options": _options(view, physics), "font": FONT_FACE,
    }
    html = _skeleton()
    head, rest = html.split("__CCHC_TITLE__", 1)
    body, tail = rest.split("__CCHC_PAYLOAD__", 1)
    return head + escape(view.title, quote=True) + body + safe_json(payload) + tail


def write_html(view: ViewGraph, path: str | Path, **kwargs: Any) -> Path:
    """Render ``view`` and write it to ``path`` (UTF-8); returns the path."""
    p = Path(path)
    p.write_text(render(view, **kwargs), encoding="utf-8")
    return p
