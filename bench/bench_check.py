"""``cchc-kg check`` over a whole store, as a user runs it: a fresh process per run.

    python bench/bench_check.py STORE [--runs 3] [--as-of 2026-12-06] [--timeout 1800] [-- extra check options]

Runs ``python -m cchc_kg.cli.core check --store STORE --as-of DATE --format json`` RUNS
times (after one warm-up run that fills the page cache), each in a child
process reaped with the kernel's accounting (wall, user+system CPU, peak
RSS), and prints one JSON line: the medians with min–max, the number of
findings and output lines. Use it on a store of the real corpora
(``cchc-kg build ../shared/corpus/gazette ../shared/corpus/local -j 2 --store
S``) or on a synthetic one (``bench_store.py load 10000 --keep`` →
``bench/results/store-10000``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import PY, ROOT, emit, machine, summary  # noqa: E402

__all__ = ["run_once", "main"]


def run_once(store: str, as_of: str, extra: list[str], timeout: float) -> dict:
    """One ``check`` run in a child process: wall, CPU, peak RSS, findings, output lines."""
    argv = [PY, "-c", "from cchc_kg.cli.core import main; main()", "check", "--store", store, "--as-of", as_of, "--format", "json", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, cwd=ROOT, timeout=timeout)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = p.stdout.decode("utf-8", "replace")
    try:
        n = len(json.loads(out)["findings"])
    except (json.JSONDecodeError, KeyError):
        n = None
    return {
        "wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": after.ru_maxrss / 1024, "returncode": p.returncode, "findings": n,
        "error": p.stderr.decode("utf-8", "replace")[-500:] if p.returncode not in (0, 1) else None,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--as-of", default="2026-12-06")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args(argv)
    run_once(a.store, a.as_of, a.extra, a.timeout)  # warm-up
    runs = [run_once(a.store, a.as_of, a.extra, a.timeout) for _ in range(a.runs)]
    emit({
        "bench": "check", "store": a.store, "as_of": a.as_of, "machine": machine(),
        "wall": summary([r["wall"] for r in runs]), "cpu": summary([r["cpu"] for r in runs]),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "findings": runs[-1]["findings"],
        "returncodes": [r["returncode"] for r in runs], "errors": [r["error"] for r in runs if r["error"]],
    })


if __name__ == "__main__":
    main()
