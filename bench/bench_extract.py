"""Real-text throughput on the gazette corpus (../shared/corpus/gazette).

    python bench/bench_extract.py extract [--limit N]          # read + extract_source, one core
    python bench/bench_extract.py build --workers W [--limit N] # cchc_kg.kg.ingest.build into an in-memory store

Prints one JSON line (seconds, MB, documents, MB/s, documents/s, peak RSS).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, emit  # noqa: E402

__all__ = ["CORPUS", "corpus_files", "extract", "build"]

CORPUS = ROOT.parent / "shared" / "corpus" / "gazette"


def corpus_files(limit: int | None = None) -> list[Path]:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix == ".txt")
    return files[:limit] if limit else files


def extract(limit: int | None = None) -> dict:
    """Read and extract every file in this process (one core)."""
    from cchc_kg.loaders.pipeline import extract_source
    from cchc_kg.loaders.readers import read_source

    files = corpus_files(limit)
    t0 = time.perf_counter()
    nbytes = docs = refs = failed = 0
    for f in files:
        src = read_source(f)
        nbytes += f.stat().st_size
        try:
            ex = extract_source(src)
        except Exception:  # noqa: BLE001 - counted, the benchmark goes on
            failed += 1
            continue
        docs += len(ex)
        refs += sum(len(x.references) for x in ex)
    dt = time.perf_counter() - t0
    return {"files": len(files), "mb": nbytes / 1e6, "documents": docs, "references": refs, "failed": failed,
            "seconds": dt, "mb_per_s": nbytes / 1e6 / dt, "docs_per_s": docs / dt}


def build(workers: int, limit: int | None = None) -> dict:
    """``cchc_kg.kg.ingest.build`` (extract + RDF + store) into an in-memory store."""
    from cchc_kg.kg.ingest import build as run_build
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.loaders.pipeline import extract_source
    from cchc_kg.loaders.readers import read_source

    files = corpus_files(limit)
    nbytes = sum(f.stat().st_size for f in files)
    st = GraphStore.open(None)
    t0 = time.perf_counter()
    rep = run_build(st, files, read=read_source, extract=extract_source, workers=workers)
    dt = time.perf_counter() - t0
    return {"files": len(files), "workers": workers, "mb": nbytes / 1e6, "documents": rep.documents,
            "failed": rep.failed, "seconds": dt, "mb_per_s": nbytes / 1e6 / dt, "docs_per_s": rep.documents / dt,
            "quads": len(st)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("extract", "build"))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args(argv)
    emit(extract(a.limit) if a.what == "extract" else build(a.workers, a.limit))


if __name__ == "__main__":
    main()
