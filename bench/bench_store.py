"""Store load: synthetic N-Quads → embedded store (bulk load) and → rdflib.

    python bench/bench_store.py gen N              # write bench/results/synth-N.nq (cached)
    python bench/bench_store.py load N [--mode file|bytes] [--keep]
    python bench/bench_store.py rdflib N           # parse TriG into rdflib.Dataset
    python bench/bench_store.py summarize N        # write the summary rows of bench/results/store-N (as a build does)

Each subcommand prints one JSON line (seconds, peak RSS, sizes); ``run_all``
calls them as child processes so every figure is one fresh process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import RESULTS, emit  # noqa: E402

__all__ = ["nq_path", "store_path", "trig_path", "generate", "load", "rdflib_load", "summarize"]


def nq_path(n: int) -> Path:
    return RESULTS / f"synth-{n}.nq"


def store_path(n: int) -> Path:
    return RESULTS / f"store-{n}"


def trig_path(n: int) -> Path:
    return RESULTS / f"synth-{n}.trig"


def generate(n: int, *, workers: int | None = None, force: bool = False) -> dict:
    """The corpus as N-Quads (cached on disk)."""
    from bench.synth import write_nquads

    out = nq_path(n)
    if out.exists() and not force:
        return {"documents": n, "bytes": out.stat().st_size, "cached": True}
    RESULTS.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    res = write_nquads(n, out, workers=workers)
    res["seconds"] = time.perf_counter() - t0
    return res


def load(n: int, *, mode: str = "file", keep: bool = False, static: bool = True) -> dict:
    """Bulk-load ``synth-n.nq`` into a fresh on-disk store; time and size it."""
    from cchc_kg.kg.store import GraphStore

    src = nq_path(n)
    d = store_path(n) if keep else RESULTS / f"store-{n}-tmp"
    shutil.rmtree(d, ignore_errors=True)
    t0 = time.perf_counter()
    st = GraphStore.open(d, writable=True, create=True)
    t_static = 0.0
    if static:
        # the small static graphs first, as `cchc-kg build` does: written
        # after 40 M quads, their ingest waited ~3 min for RocksDB compaction
        from cchc_kg.kg.ingest import ensure_static

        ensure_static(st)
        t_static = time.perf_counter() - t0
    t1 = time.perf_counter()
    if mode == "bytes":
        st.bulk_load(src.read_bytes(), trusted=True)
    else:  # stream the file: pyoxigraph reads any binary file object
        with open(src, "rb") as fh:
            st.bulk_load(fh, trusted=True)
    t_load = time.perf_counter() - t1
    quads = len(st)
    st.close()
    total = time.perf_counter() - t0
    size = int(subprocess.check_output(["du", "-sb", str(d)]).split()[0])
    if not keep:
        shutil.rmtree(d, ignore_errors=True)
    return {
        "documents": n, "mode": mode, "seconds": t_load, "static_seconds": t_static, "total_seconds": total,
        "quads": quads, "quads_per_s": quads / t_load if t_load else None, "store_bytes": size,
        "nq_bytes": src.stat().st_size,
    }


def rdflib_load(n: int) -> dict:
    """Parse the same data as TriG (Turtle with named graphs) into an in-memory ``rdflib.Dataset``."""
    from rdflib import Dataset

    trig = trig_path(n)
    if not trig.exists():
        from cchc_kg.kg.store import GraphStore

        st = GraphStore.open(store_path(n))
        with open(trig, "wb") as fh:
            st.export(fh, "trig")
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    dt = time.perf_counter() - t0
    return {"documents": n, "seconds": dt, "quads": len(ds), "trig_bytes": trig.stat().st_size}


def summarize(n: int) -> dict:
    """Write every summary row of the kept store (``cchc_kg.queries.summary``): what a build adds after loading."""
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.summary import refresh_summaries

    t0 = time.perf_counter()
    with GraphStore.open(store_path(n), writable=True) as st:
        rows = refresh_summaries(st, None)
    return {"documents": n, "rows": rows, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("gen", "load", "rdflib", "summarize"))
    ap.add_argument("n", type=int)
    ap.add_argument("--mode", default="file", choices=("file", "bytes"))
    ap.add_argument("--keep", action="store_true", help="keep the store as bench/results/store-N")
    ap.add_argument("--workers", type=int, default=None)
    a = ap.parse_args(argv)
    if a.what == "gen":
        emit(generate(a.n, workers=a.workers))
    elif a.what == "load":
        emit(load(a.n, mode=a.mode, keep=a.keep))
    elif a.what == "summarize":
        emit(summarize(a.n))
    else:
        emit(rdflib_load(a.n))


if __name__ == "__main__":
    main()
