"""The cost of the "lược đồ" page (issue 15): ``describe()`` now reads every incoming relation with its document.

    python bench/bench_show_page.py STORE [--runs 7]

Times, side by side in one process over every document of ``STORE``, the
old reading (outgoing edges with their documents, incoming *citing* edges
only) and :func:`cchc_kg.queries.documents.describe` (incoming edges of every
relation, each with its document). Prints one JSON line: medians per document
and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.backend import ALL_RELATIONS, CITING_RELATIONS
from cchc_kg.queries.documents import describe
from cchc_kg.queries.embedded import EmbeddedBackend


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    be = EmbeddedBackend(GraphStore.open(a.store))
    iris = [d["iri"] for d in be.documents()]

    def old(iri: str) -> None:
        be.document(iri)
        for e in be.edges(iri, "out", ALL_RELATIONS):
            be.document(e["target"])
        be.edges(iri, "in", CITING_RELATIONS)

    def new(iri: str) -> None:
        describe(be, iri)

    times: dict[str, list[float]] = {"old": [], "new": []}
    fns: dict[str, Callable[[str], None]] = {"old": old, "new": new}
    for _ in range(a.runs):  # alternate, so both see the same machine load
        for name, f in fns.items():
            t = time.perf_counter()
            for i in iris:
                f(i)
            times[name].append((time.perf_counter() - t) / len(iris))
    o, n = statistics.median(times["old"]), statistics.median(times["new"])
    print(json.dumps({"documents": len(iris), "old_ms_per_doc": round(o * 1000, 3), "new_ms_per_doc": round(n * 1000, 3),
                      "ratio": round(n / o, 2)}))


if __name__ == "__main__":
    main()
