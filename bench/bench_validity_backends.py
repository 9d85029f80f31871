"""Validity answers on every backend, on a real store: equal, and how long they take.

    python bench/bench_validity_backends.py STORE [--as-of 2026-01-01] [--bolt URI]

Opens STORE (built with ``cchc-kg build ../shared/corpus/gazette
../shared/corpus/local --store STORE``), projects it to networkx (and, with
``--bolt``, wipes and pushes it to that server: minutes on the corpus), then
compares with the embedded store: every change fact, the validity dict of
every document, and the whole ``check`` report as of ``--as-of``. Prints one
JSON line: the timings (projection, facts, check per backend) and whether
each comparison is equal (with the first differing IRIs when not).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import emit, machine  # noqa: E402

__all__ = ["compare", "main"]


def compare(ref: Any, other: Any, as_of: str) -> dict[str, Any]:
    """Facts, validity and check of ``other`` against ``ref``, with timings (seconds)."""
    from cchc_kg.queries.checks import run_check
    from cchc_kg.queries.validity_facts import ValidityFacts

    out: dict[str, Any] = {}
    t = time.perf_counter()
    a = ValidityFacts.from_source(ref, bulk=True)
    out["facts_s_ref"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    b = ValidityFacts.from_source(other, bulk=True)
    out["facts_s"] = round(time.perf_counter() - t, 2)
    out["facts"] = len(b.all_changes())
    out["facts_equal"] = a.all_changes() == b.all_changes()
    iris = sorted({d["iri"] for d in ref.documents()} | {f.target for f in a.all_changes()})
    differ = [i for i in iris if a.validity(i) != b.validity(i)]
    out["documents"], out["validity_differs"] = len(iris), differ[:5]
    t = time.perf_counter()
    r_ref = run_check(ref, today=as_of)
    out["check_s_ref"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    r = run_check(other, today=as_of)
    out["check_s"] = round(time.perf_counter() - t, 2)
    out["findings"], out["check_equal"] = len(r["findings"]), r == r_ref
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--as-of", default="2026-01-01")
    ap.add_argument("--bolt", default=None, help="Bolt URI of a scratch server (wiped, then pushed)")
    a = ap.parse_args(argv)
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.embedded import EmbeddedBackend
    from cchc_kg.queries.nx import NetworkxBackend

    st = GraphStore.open(a.store)
    ref = EmbeddedBackend(st)
    res: dict[str, Any] = {"bench": "validity_backends", "store": a.store, "as_of": a.as_of, "machine": machine()}
    t = time.perf_counter()
    nxb = NetworkxBackend.from_store(st)
    res["networkx_projection_s"] = round(time.perf_counter() - t, 1)
    res["networkx"] = compare(ref, nxb, a.as_of)
    if a.bolt:
        from cchc_kg.kg.neo4j_writer import connect, push, wipe
        from cchc_kg.kg.pgmodel import from_store
        from cchc_kg.queries.cypher import CypherBackend

        conn = connect(a.bolt)
        t = time.perf_counter()
        wipe(conn)
        push(conn, from_store(st))
        res["bolt_push_s"] = round(time.perf_counter() - t, 1)
        res["bolt"] = compare(ref, CypherBackend(conn), a.as_of)
    emit(res)


if __name__ == "__main__":
    main()
