"""The page template: vis-network inline, a side panel (legend, search, filters, details).

Rendered by :func:`cchc_kg.viz.render.render` through pyvis's Jinja environment
(so ``{% include %}`` finds pyvis's bundled vis-network files). The only
template variables are ``payload`` (JSON made safe by
:func:`cchc_kg.viz.render.safe_json`) and ``title`` (HTML-escaped with ``|e``).
All page text from documents is inserted with ``textContent``. The
Content-Security-Policy allows no network access and only the page's own
scripts (their hashes replace ``__CSP_SCRIPTS__``), so even an injected
``onerror=`` attribute could not run.

>>> "innerHTML" in PAGE_TEMPLATE, "//cdn" in PAGE_TEMPLATE
(False, False)
"""

from __future__ import annotations

__all__ = ["PAGE_TEMPLATE"]

_CSS = """
html, body { margin: 0; height: 100%; font-family: 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #1a1a1a; }
#cchc-panel { position: absolute; left: 0; top: 0; bottom: 0; width: 330px; overflow-y: auto; box-sizing: border-box;
  padding: 10px 12px; background: #f7f7f5; border-right: 1px solid #d0d0d0; font-size: 13px; }
#mynetwork { position: absolute; left: 330px; right: 0; top: 0; bottom: 0; background: #ffffff; }
#cchc-panel h1 { font-size: 15px; margin: 0 0 6px 0; line-height: 1.3; }
#cchc-panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 12px 0 4px 0; }
.cchc-note { background: #fff3cd; border: 1px solid #e0c060; padding: 4px 6px; margin: 4px 0; border-radius: 3px; }
#cchc-status { color: #444; margin: 4px 0; }
#cchc-search { width: 100%; box-sizing: border-box; padding: 5px 6px; font: inherit; border: 1px solid #aaa; border-radius: 3px; }
#cchc-results button { display: block; width: 100%; text-align: left; margin: 2px 0; padding: 3px 5px; font: inherit; font-size: 12px;
  background: #fff; border: 1px solid #ddd; border-radius: 3px; cursor: pointer; }
#cchc-results button:hover { background: #eef4ff; }
.cchc-legend label { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
.cchc-legend .count { margin-left: auto; color: #666; font-variant-numeric: tabular-nums; }
.cchc-swatch { display: inline-block; width: 14px; height: 14px; border: 2px solid; border-radius: 3px; flex: none; }
.cchc-line { display: inline-block; width: 26px; height: 0; border-top-width: 3px; flex: none; }
.cchc-tip { max-width: 460px; white-space: normal; font-size: 12px; line-height: 1.35; }
.cchc-tip b { display: block; font-size: 13px; margin-bottom: 3px; }
.cchc-tip table, #cchc-details table { border-collapse: collapse; }
.cchc-tip td, #cchc-details td { vertical-align: top; padding: 1px 4px 1px 0; overflow-wrap: anywhere; }
.cchc-tip td.k, #cchc-details td.k { color: #666; white-space: nowrap; }
.cchc-ev { margin: 4px 0 0 0; padding: 3px 6px; border-left: 3px solid #999; background: #f3f3f3; font-style: italic; overflow-wrap: anywhere; }
#cchc-details { font-size: 12px; }
div.vis-tooltip { white-space: normal; max-width: 480px; font-family: 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #1a1a1a; background: #fffef5; }
.cchc-small { font-size: 11px; color: #666; }
"""

_JS = r"""
(function () {
  'use strict';
  var T0 = performance.now();
  var data = JSON.parse(document.getElementById('cchc-data').textContent);
  var api = window.cchcViz = { ready: false, settledMs: null, drawnMs: null, data: data };
  document.title = data.title;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/\u0111/g, 'd').replace(/\u0110/g, 'D').toLowerCase().replace(/\s+/g, ' ');
  }
  function rowsTable(rows) {
    var t = el('table');
    (rows || []).forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', 'k', r[0]));
      tr.appendChild(el('td', null, r[1]));
      t.appendChild(tr);
    });
    return t;
  }
  function tipElement(item, isEdge) {
    var box = el('div', 'cchc-tip');
    box.appendChild(el('b', null, isEdge ? (item.kind + (item.label ? ' — ' + item.label : '')) : item.heading));
    box.appendChild(rowsTable(item.tip));
    (item.evidence || []).forEach(function (s) { box.appendChild(el('div', 'cchc-ev', s)); });
    return box;
  }

  // title → DOM element built with textContent (vis renders string titles as HTML-ish text)
  var kindOf = {}, searchText = {}, byId = {};
  data.nodes.forEach(function (n) {
    n.title = tipElement(n, false);
    kindOf[n.id] = n.kind;
    searchText[n.id] = fold([n.heading, n.label, n.search].join(' '));
    byId[n.id] = n;
  });
  var edgeById = {};
  data.edges.forEach(function (e) { e.title = tipElement(e, true); edgeById[e.id] = e; });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById('mynetwork');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  api.network = network; api.nodes = nodes; api.edges = edges;

  // ---------------------------------------------------------------- panel
  var panel = document.getElementById('cchc-panel');
  panel.appendChild(el('h1', null, data.title));
  (data.notes || []).forEach(function (n) { panel.appendChild(el('div', 'cchc-note', n)); });
  var status = el('div', null); status.id = 'cchc-status'; panel.appendChild(status);

  panel.appendChild(el('h2', null, 'Search'));
  var search = el('input'); search.id = 'cchc-search'; search.type = 'search';
  search.placeholder = 'Symbol or name, e.g. 53/KH-UBND';
  search.setAttribute('autocomplete', 'off');
  panel.appendChild(search);
  var results = el('div'); results.id = 'cchc-results'; panel.appendChild(results);

  var hiddenNodeKinds = {}, hiddenEdgeKinds = {};
  function legend(title, items, hiddenSet, isEdge) {
    panel.appendChild(el('h2', null, title));
    var box = el('div', 'cchc-legend'); box.id = isEdge ? 'cchc-edge-kinds' : 'cchc-node-kinds';
    items.forEach(function (it) {
      var lab = el('label');
      var cb = el('input'); cb.type = 'checkbox'; cb.checked = true; cb.value = it.kind;
      cb.setAttribute('data-kind', it.kind);
      cb.addEventListener('change', function () {
        if (cb.checked) { delete hiddenSet[it.kind]; } else { hiddenSet[it.kind] = true; }
        applyFilters();
      });
      lab.appendChild(cb);
      var sw = el('span', isEdge ? 'cchc-line' : 'cchc-swatch');
      if (isEdge) { sw.style.borderTopStyle = it.dashed ? 'dashed' : 'solid'; sw.style.borderTopColor = it.color; }
      else { sw.style.borderColor = it.color; sw.style.background = it.color + '33'; }
      lab.appendChild(sw);
      lab.appendChild(el('span', null, it.label));
      lab.appendChild(el('span', 'count', it.count));
      box.appendChild(lab);
    });
    panel.appendChild(box);
  }
  legend('Nodes (click to filter)', data.legend.nodes, hiddenNodeKinds, false);
  legend('Edges (click to filter)', data.legend.edges, hiddenEdgeKinds, true);
  panel.appendChild(el('h2', null, 'Details'));
  var details = el('div'); details.id = 'cchc-details';
  details.appendChild(el('span', 'cchc-small', 'Click a node or an edge; hover for a tooltip.'));
  panel.appendChild(details);

  // ---------------------------------------------------------------- filters
  function nodeHidden(id) { return !!hiddenNodeKinds[kindOf[id]]; }
  function applyFilters() {
    var nu = [], eu = [];
    data.nodes.forEach(function (n) {
      var h = nodeHidden(n.id);
      if (!!n.hidden !== h) { n.hidden = h; nu.push({ id: n.id, hidden: h }); }
    });
    data.edges.forEach(function (e) {
      var h = !!hiddenEdgeKinds[e.kind] || nodeHidden(e.from) || nodeHidden(e.to);
      if (!!e.hidden !== h) { e.hidden = h; eu.push({ id: e.id, hidden: h }); }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    updateStatus();
  }
  api.visibleNodes = function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; };
  api.visibleEdges = function () {
    return edges.get({ filter: function (e) { return !e.hidden && !nodeHidden(e.from) && !nodeHidden(e.to); } }).length;
  };
  function updateStatus() {
    var total = data.totalNodes > data.nodes.length ? ' (of ' + data.totalNodes + ')' : '';
    status.textContent = 'Showing ' + api.visibleNodes() + ' of ' + data.nodes.length + ' nodes' + total +
      ', ' + api.visibleEdges() + ' of ' + data.edges.length + ' edges.';
  }
  api.setNodeKind = function (kind, visible) {
    var cb = document.querySelector('#cchc-node-kinds input[data-kind="' + CSS.escape(kind) + '"]');
    if (cb) { cb.checked = visible; }
    if (visible) { delete hiddenNodeKinds[kind]; } else { hiddenNodeKinds[kind] = true; }
    applyFilters();
  };
  api.setEdgeKind = function (kind, visible) {
    var cb = document.querySelector('#cchc-edge-kinds input[data-kind="' + CSS.escape(kind) + '"]');
    if (cb) { cb.checked = visible; }
    if (visible) { delete hiddenEdgeKinds[kind]; } else { hiddenEdgeKinds[kind] = true; }
    applyFilters();
  };

  // ---------------------------------------------------------------- details
  function showDetails(item, isEdge) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(tipElement(item, isEdge));
  }
  network.on('click', function (p) {
    if (p.nodes.length) { showDetails(byId[p.nodes[0]], false); }
    else if (p.edges.length) { showDetails(edgeById[p.edges[0]], true); }
  });

  // ---------------------------------------------------------------- search
  api.search = function (q) {
    var f = fold(q).trim();
    if (!f) { return []; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      var s = searchText[n.id];
      if (fold(n.heading) === f) { exact.push(n.id); } else if (s.indexOf(f) >= 0) { partial.push(n.id); }
    });
    return exact.concat(partial);
  };
  api.focus = function (id) {
    if (!byId[id]) { return false; }
    if (nodeHidden(id)) { api.setNodeKind(kindOf[id], true); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showDetails(byId[id], false);
    return true;
  };
  function showResults() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var ids = api.search(search.value);
    ids.slice(0, 15).forEach(function (id) {
      var b = el('button', null, byId[id].heading || byId[id].label);
      b.type = 'button';
      b.addEventListener('click', function () { api.focus(id); });
      results.appendChild(b);
    });
    if (search.value.trim() && !ids.length) { results.appendChild(el('div', 'cchc-small', 'No match.')); }
    else if (ids.length > 15) { results.appendChild(el('div', 'cchc-small', (ids.length - 15) + ' more…')); }
    return ids;
  }
  search.addEventListener('input', showResults);
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var ids = showResults(); if (ids.length) { api.focus(ids[0]); } }
  });

  // ---------------------------------------------------------------- timing
  function settled() {
    if (api.settledMs === null) { api.settledMs = performance.now(); }
    api.ready = true;
  }
  network.once('afterDrawing', function () {
    api.drawnMs = performance.now();
    if (!data.physics) { settled(); }
  });
  if (data.physics) {
    network.once('stabilizationIterationsDone', function () { network.setOptions({ physics: { enabled: false } }); settled(); });
    network.once('stabilized', settled);
  }
  api.scriptMs = performance.now() - T0;
  updateStatus();
})();
"""

PAGE_TEMPLATE = (
    """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src __CSP_SCRIPTS__; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{{ title|e }}</title>
<style>{% include 'lib/vis-9.1.2/vis-network.css' %}</style>
<script>{% include 'lib/vis-9.1.2/vis-network.min.js' %}</script>
<style>"""
    + _CSS
    + """</style>
</head>
<body>
<div id="cchc-panel"></div>
<div id="mynetwork"></div>
<script type="application/json" id="cchc-data">{{ payload }}</script>
<script>"""
    + _JS
    + """</script>
</body>
</html>
"""
)
