"""Whole-collection reports over a store: a fresh process per run, medians with min–max.

    python bench/bench_reports.py STORE [--ops docs,implements,coverage,agencies,cited_by_root_transitive,cited_by_transitive]
                                        [--runs 3] [--sample 40] [--old-code CHECKOUT]

Each op runs ``--runs`` times, each time in a new child process that opens
the store read-only, builds a backend and runs the report to its last row
(``docs``, ``implements``, ``agencies`` and ``cited_by_root_transitive``
consume the report's stream — ``iter_documents``, ``iter_implements``,
``iter_agencies``, ``iter_cited_by`` — where the code has it, else the list,
and note when the first row came: ``first_row``). ``cited_by_transitive`` is a
latency figure: the transitive citers of a fixed sample of province and
district plans (as ``bench_queries.py``), p50/p95 over the sample in each
child. ``--old-code CHECKOUT`` runs the children on the package of another
checkout (``bench/run_at.py``; e.g. ``git worktree add --detach /tmp/base
2f3082f``), so the same figures are measured side by side on the old code.
Prints one JSON line (wall seconds of the report, and user+system CPU of each
child process, the steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1]))

from bench.harness import PY, emit, pct, summary  # noqa: E402

__all__ = ["OPS", "run_op", "main"]

OPS = ("docs", "implements", "coverage", "agencies", "cited_by_root_transitive", "cited_by_transitive")
ROOT_DOC = "https://w3id.org/cchc/id/doc/nq/2021/76/cp"


def _sample(store: Any, k: int) -> list[str]:
    q = """PREFIX cchc: <https://w3id.org/cchc/ontology#>
    SELECT ?doc ?lvl WHERE { ?doc a cchc:Plan ; cchc:origin "loaded" ; cchc:adminLevel ?lvl }"""
    import random

    by: dict[str, list[str]] = {}
    for r in store.select(q):
        by.setdefault(r["lvl"].rsplit("/", 1)[-1], []).append(r["doc"])
    rng = random.Random(0)
    out = []
    for lvl in ("province", "district"):
        v = sorted(set(by.get(lvl, [])))
        out += sorted(rng.sample(v, min(k, len(v))))
    return out


def run_op(store_dir: str, op: str, sample: int) -> dict[str, Any]:
    """Run one report once in this process; its wall time and answer size."""
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.embedded import EmbeddedBackend

    st = GraphStore.open(store_dir)
    be = EmbeddedBackend(st)
    t = time.perf_counter()
    first: list[float] = []

    def count(rows: Any) -> int:
        """Consume a report to its last row, noting when the first came."""
        n = 0
        for _ in rows:
            if not n:
                first.append(time.perf_counter() - t)
            n += 1
        return n

    if op == "docs":
        try:
            from cchc_kg.queries.documents import iter_documents as docs
        except ImportError:
            from cchc_kg.queries.documents import list_documents as docs
        size = count(docs(be))
    elif op == "implements":
        try:
            from cchc_kg.queries.plans import iter_implements
        except ImportError:  # older code: the grouped answer
            from cchc_kg.queries.plans import implements

            size = sum(len(r["plans"]) for r in implements(be, "B05"))
        else:
            size = count(r for r in iter_implements(be, "B05") if r["plan"] is not None)
    elif op == "coverage":
        from cchc_kg.queries.plans import coverage

        size = len(coverage(be)["plans"])
    elif op == "agencies":
        try:
            from cchc_kg.queries.plans import iter_agencies as duties
        except ImportError:
            from cchc_kg.queries.plans import agencies as duties
        size = count(duties(be))
    elif op == "cited_by_root_transitive":
        try:
            from cchc_kg.queries.lineage import iter_cited_by as citers
        except ImportError:
            from cchc_kg.queries.lineage import cited_by as citers
        size = count(citers(be, ROOT_DOC, transitive=True))
    elif op == "cited_by_transitive":
        from cchc_kg.queries.lineage import cited_by

        items = _sample(st, sample)
        t = time.perf_counter()
        lat = []
        for i in items:
            t1 = time.perf_counter()
            cited_by(be, i, transitive=True)
            lat.append(time.perf_counter() - t1)
        return {"op": op, "seconds": time.perf_counter() - t, "size": len(items), "p50": pct(lat, 50), "p95": pct(lat, 95)}
    else:
        raise SystemExit(f"unknown op {op!r}; use one of {', '.join(OPS)}")
    return {"op": op, "seconds": time.perf_counter() - t, "size": size, "first_row": first[0] if first else None}


def _child(argv: list[str], timeout: float) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run(argv, capture_output=True, timeout=timeout, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [ln for ln in p.stdout.decode("utf-8", "replace").splitlines() if ln.strip()]
    try:
        res = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        res = {"error": p.stderr.decode("utf-8", "replace")[-1500:]}
    res["process_wall"] = wall
    res["peak_rss_mb"] = after.ru_maxrss / 1024
    res["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--old-code", default=None, help="checkout whose package the children run (bench/run_at.py)")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        emit(run_op(a.store, a.one, a.sample))
        return
    script = str(Path(__file__).resolve())
    at = str(Path(__file__).resolve().parent / "run_at.py")
    prefix = [PY, at, a.old_code, script] if a.old_code else [PY, script]
    out: dict[str, Any] = {"bench": "reports", "store": a.store, "old_code": a.old_code, "ops": {}}
    for op in a.ops.split(","):
        runs = [_child([*prefix, a.store, "--one", op, "--sample", str(a.sample)], a.timeout) for _ in range(a.runs)]
        ok = [r for r in runs if "seconds" in r]
        entry: dict[str, Any] = {"seconds": summary([r["seconds"] for r in ok]) if ok else None,
                                 "process_cpu": summary([r["cpu"] for r in ok]) if ok else None,
                                 "size": ok[-1]["size"] if ok else None,
                                 "peak_rss_mb": max((r["peak_rss_mb"] for r in runs), default=None),
                                 "errors": [r["error"] for r in runs if "error" in r]}
        firsts = [r["first_row"] for r in ok if r.get("first_row") is not None]
        if firsts:
            entry["first_row"] = summary(firsts)
        if op == "cited_by_transitive" and ok:
            entry["p50"] = summary([r["p50"] for r in ok])
            entry["p95"] = summary([r["p95"] for r in ok])
        out["ops"][op] = entry
        med = entry["seconds"]["median"] if entry["seconds"] else None
        sys.stderr.write(f"{op}: median {med} s, size {entry['size']}" + (f", errors {len(entry['errors'])}" if entry["errors"] else "") + "\n")
    emit(out)


if __name__ == "__main__":
    main()
