"""Speed and output-stability bench for the identity/citation stages.

Run (from the project root)::

    python bench/bench_citations_speed.py --snapshot /tmp/before.json            # record outputs
    python bench/bench_citations_speed.py --snapshot /tmp/all.json --every 1     # whole corpus
    python bench/bench_citations_speed.py --compare /tmp/before.json             # recompute + diff
    python bench/bench_citations_speed.py                                        # timing (median of 3)
    python bench/bench_citations_speed.py --profile                              # cProfile of extract_source

Documents: the five seeds (``../shared/seeds/*.txt``) and every ``--every``-th
corpus file (``../shared/corpus/gazette``; 10 for snapshots, 20 for timing).
A snapshot holds, per file, the sha256 of ``cchc_kg.loaders.clean.clean(text)`` and,
per :class:`cchc_kg.kg.model.Extraction` of ``cchc_kg.loaders.pipeline.extract_source``, the
document, references and relations as ``dataclasses.asdict``.
``--compare`` recomputes the same files (the snapshot records ``every``) and
prints the first differences. Timing reports Mchars/s per stage (clean,
identity = split_documents + identify, citations = extract_citations, plans =
extract_plan_facts, and the whole extract_source), median of ``--runs``.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cchc_kg.kg.errors import NoIdentityError  # noqa: E402
import cchc_kg.loaders.pipeline as pipeline  # noqa: E402
from cchc_kg.loaders.citations import extract_citations  # noqa: E402
from cchc_kg.loaders.clean import clean  # noqa: E402
from cchc_kg.loaders.identity import identify, split_documents  # noqa: E402

SHARED = ROOT.parent / "shared"

__all__ = ["sample_files", "snapshot", "compare", "timing", "profile"]


def sample_files(every: int) -> list[Path]:
    """Seeds plus every ``every``-th corpus file (sorted by name)."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus" / "gazette").glob("*.txt"))[::every]
    return seeds + corpus


def _record(p: Path) -> dict[str, Any]:
    src = pipeline.read_text_file(p)
    rec: dict[str, Any] = {"source": str(p),
                           "clean": hashlib.sha256(clean(src.text).encode("utf-8")).hexdigest()}
    try:
        exs = pipeline.extract_source(src)
    except Exception as exc:  # noqa: BLE001 - a file without identity is recorded as such
        rec["error"] = type(exc).__name__
        return rec
    rec["extractions"] = [
        {"document": dataclasses.asdict(ex.document),
         "references": [dataclasses.asdict(r) for r in ex.references],
         "relations": [dataclasses.asdict(r) for r in ex.relations]}
        for ex in exs
    ]
    # JSON round trip so tuples compare equal to the stored lists
    return json.loads(json.dumps(rec, ensure_ascii=False))


def snapshot(path: Path, every: int = 10) -> int:
    files = sample_files(every)
    recs = [_record(p) for p in files]
    path.write_text(json.dumps({"every": every, "files": recs}, ensure_ascii=False), "utf-8")
    n = sum(len(r.get("extractions", ())) for r in recs)
    nr = sum(len(x["references"]) for r in recs for x in r.get("extractions", ()))
    print(f"snapshot: {len(recs)} files, {n} documents, {nr} references → {path}")
    return 0


def _first_diff(a: Any, b: Any, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: type {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: missing on one side"
            d = _first_diff(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_diff(x, y, f"{where}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{where}: length {len(a)} != {len(b)}"
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def compare(path: Path, show: int = 10) -> int:
    snap = json.loads(path.read_text("utf-8"))
    old = snap["files"]
    ndiff = 0
    for rec in old:
        new = _record(Path(rec["source"]))
        d = _first_diff(rec, new)
        if d:
            ndiff += 1
            if ndiff <= show:
                print(f"DIFF {Path(rec['source']).name} {d[:400]}")
    print(f"compare: {len(old)} files, {ndiff} with differences")
    return 1 if ndiff else 0


def _clear_caches() -> None:
    """Empty the per-text memo caches of loaders.* (compiled-pattern caches stay)."""
    for name, mod in list(sys.modules.items()):
        if not name.startswith("loaders.") or mod is None:
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if info is not None and (info().maxsize or 0) >= 1024:
                obj.cache_clear()


def _median_time(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    ts = []
    for _ in range(runs):
        _clear_caches()
        t0 = time.process_time()
        fn()
        ts.append(time.process_time() - t0)
    return statistics.median(ts), min(ts)


def timing(every: int = 20, runs: int = 3) -> None:
    files = sample_files(every)
    srcs = [pipeline.read_text_file(p) for p in files]
    nchars = sum(len(s.text) for s in srcs)
    cleaned = [clean(s.text) for s in srcs]
    # identity inputs/outputs, as extract_source computes them
    jobs: list[tuple[str, str, Any, Any]] = []  # (path, text, part, doc) per identified document
    for src, cl in zip(srcs, cleaned):
        parts = split_documents(src.text, cl)
        docs: list[Any] = []
        for i, part in enumerate(parts):
            context = docs[part.attached_to] if part.attached_to is not None else (docs[-1] if docs else None)
            try:
                doc = identify(src.text, part.start, part.end, source=src.path, part=i, context=context, cleaned=cl)
            except NoIdentityError:
                docs.append(None)
                continue
            docs.append(doc)
            jobs.append((src.path, src.text, part, doc))
    doc_chars = sum(p.end - p.start for _, _, p, _ in jobs)
    print(f"{len(files)} files, {nchars / 1e6:.2f} Mchars; {len(jobs)} documents, {doc_chars / 1e6:.2f} Mchars")

    def run_clean() -> None:
        for s in srcs:
            clean(s.text)

    def run_identity() -> None:
        for src, cl in zip(srcs, cleaned):
            parts = split_documents(src.text, cl)
            docs: list[Any] = []
            for i, part in enumerate(parts):
                context = docs[part.attached_to] if part.attached_to is not None else (docs[-1] if docs else None)
                try:
                    docs.append(identify(src.text, part.start, part.end, source=src.path, part=i, context=context, cleaned=cl))
                except NoIdentityError:
                    docs.append(None)

    cl_of = {s.path: c for s, c in zip(srcs, cleaned)}

    def run_citations() -> None:
        for path, text, part, doc in jobs:
            extract_citations(text, part.start, part.end, document=doc, source=path, cleaned=cl_of[path])

    def run_plans() -> None:
        if pipeline._plan_facts is None:
            return
        for path, text, part, doc in jobs:
            try:
                pipeline._plan_facts(text, part.start, part.end, doc, path)
            except Exception:  # noqa: BLE001
                pass

    def run_source() -> None:
        for src in srcs:
            try:
                pipeline.extract_source(src)
            except Exception:  # noqa: BLE001
                pass

    for label, fn, n in (("clean", run_clean, nchars), ("identity", run_identity, nchars),
                         ("citations", run_citations, doc_chars), ("plans", run_plans, doc_chars),
                         ("extract_source", run_source, nchars)):
        t, best = _median_time(fn, runs)
        print(f"{label:15s} {t:6.2f} s  {n / t / 1e6:6.2f} Mchars/s  (best {n / best / 1e6:.2f} Mchars/s)")


def profile(every: int = 20, top: int = 35, sort: str = "tottime") -> None:
    files = sample_files(every)
    srcs = [pipeline.read_text_file(p) for p in files]
    prof = cProfile.Profile()
    prof.enable()
    for src in srcs:
        try:
            pipeline.extract_source(src)
        except Exception:  # noqa: BLE001
            pass
    prof.disable()
    pstats.Stats(prof).sort_stats(sort).print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--snapshot", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--every", type=int)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    if a.snapshot:
        return snapshot(a.snapshot, a.every or 10)
    if a.compare:
        return compare(a.compare)
    if a.profile:
        profile(a.every or 20, sort=a.sort)
        return 0
    timing(a.every or 20, a.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
