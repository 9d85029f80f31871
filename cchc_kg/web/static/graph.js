/* Embedded graph views: a click on a node opens that node's page.
   The view (a viz/ page, same origin) is in an <iframe>; once its
   network is ready we listen to its clicks and navigate this window
   to /go?iri=…, which redirects to the document, agency or target page. */
(function () {
  'use strict';
  var frame = document.getElementById('graph');
  if (!frame) { return; }
  var lang = frame.getAttribute('data-lang') === 'en' ? '&lang=en' : '';
  function hook() {
    var w = frame.contentWindow;
    var viz = w && w.cchcViz;
    if (!viz || !viz.ready || !viz.network) { return false; }
    if (frame.getAttribute('data-hooked')) { return true; }
    viz.network.on('click', function (p) {
      if (p.nodes && p.nodes.length) {
        window.location.href = '/go?iri=' + encodeURIComponent(p.nodes[0]) + lang;
      }
    });
    frame.setAttribute('data-hooked', '1');
    return true;
  }
  function wait() { if (!hook()) { window.setTimeout(wait, 100); } }
  frame.addEventListener('load', wait);
  wait();
}());
