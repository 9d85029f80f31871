"""Push every named graph of the store to a SPARQL 1.1 Graph Store Protocol endpoint.

One HTTP ``PUT <endpoint>?graph=<iri>`` with N-Triples per named graph
(replacing that graph on the server), using only ``urllib``. Tested
against ``oxigraph serve`` (endpoint ``http://host:port/store``); Virtuoso
and Fuseki expose the same protocol (see ``docs/property-graph.md``).

>>> graph_url("http://127.0.0.1:7878", "https://w3id.org/cchc/graph/catalog")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fcchc%2Fgraph%2Fcatalog'
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from cchc_kg.kg.errors import BackendError
from cchc_kg.kg.store import GraphStore

__all__ = ["graph_url", "push_graphs", "SparqlPushSummary"]


def graph_url(endpoint: str, graph_iri: str) -> str:
    """The Graph Store URL of one graph (``/store`` is added to a bare host URL)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https"):
        raise BackendError(f"not an HTTP endpoint: {endpoint}")
    path = parts.path if parts.path not in ("", "/") else "/store"
    query = urllib.parse.urlencode({"graph": graph_iri})
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


@dataclass(slots=True)
class SparqlPushSummary:
    """Graphs and triples sent."""

    graphs: int = 0
    triples: int = 0
    graph_iris: list[str] = field(default_factory=list)


def push_graphs(
    store: GraphStore,
    endpoint: str,
    *,
    include_static: bool = True,
    timeout: float = 60.0,
    progress: Callable[[str, int], None] | None = None,
) -> SparqlPushSummary:
    """PUT every named graph (ontology and catalog too unless ``include_static`` is false)."""
    from cchc_kg.kg.store import CATALOG_GRAPH, ONTOLOGY_GRAPH

    s = SparqlPushSummary()
    for g in store.graphs():
        if not include_static and g in (CATALOG_GRAPH, ONTOLOGY_GRAPH):
            continue
        quads = store.raw.quads_for_pattern(None, None, None, ox.NamedNode(g))
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        req = urllib.request.Request(graph_url(endpoint, g), data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - user-given endpoint
                if resp.status not in (200, 201, 204):
                    raise BackendError(f"{endpoint}: PUT {g} answered HTTP {resp.status}")
        except urllib.error.HTTPError as e:
            raise BackendError(f"{endpoint}: PUT {g} answered HTTP {e.code} {e.reason}") from e
        except (urllib.error.URLError, OSError) as e:
            raise BackendError(f"{endpoint}: cannot reach the Graph Store endpoint ({e})") from e
        s.graphs += 1
        s.triples += len(triples)
        s.graph_iris.append(g)
        if progress:
            progress(g, len(triples))
    return s
