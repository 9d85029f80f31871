"""Speed and output-stability bench for plan-facts extraction.

Run (from the project root)::

    python bench/bench_plans_speed.py --snapshot /tmp/before.json   # record outputs
    python bench/bench_plans_speed.py --compare /tmp/before.json    # recompute + diff
    python bench/bench_plans_speed.py                               # timing (median of 3)
    python bench/bench_plans_speed.py --profile plans               # cProfile top functions

Documents: the five seeds (``../shared/seeds/*.txt``) and every ``--every``-th
corpus file (``../shared/corpus/gazette``; 10 for snapshots, 20 for timing).
A snapshot holds, per document span that ``cchc_kg.loaders.pipeline.extract_source``
hands to ``extract_plan_facts``, the inputs (path, start, end, document) and
the full outputs (targets, tasks, responsibilities as ``dataclasses.asdict``).
``--compare`` replays the recorded inputs straight into ``extract_plan_facts``
(so changes to the upstream stages do not show up as plan differences);
``--via-pipeline`` recomputes through ``extract_source`` instead.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
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

from cchc_kg.kg.model import DocumentRecord, Evidence  # noqa: E402
import cchc_kg.loaders.pipeline as pipeline  # noqa: E402
from cchc_kg.loaders.plans import extract_plan_facts  # noqa: E402

SHARED = ROOT.parent / "shared"

__all__ = ["sample_files", "snapshot", "compare", "timing"]


def sample_files(every: int) -> list[Path]:
    """Seeds plus every ``every``-th corpus file (sorted by name)."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus" / "gazette").glob("*.txt"))[::every]
    return seeds + corpus


def _doc_from(d: dict[str, Any]) -> DocumentRecord:
    ev = d.get("evidence")
    return DocumentRecord(**{**d, "evidence": Evidence(**ev) if ev else None})


def _record_calls(files: list[Path]) -> list[dict[str, Any]]:
    """Run extract_source over ``files``; capture each plan-facts call and its output."""
    calls: list[dict[str, Any]] = []
    real = pipeline._plan_facts

    def spy(text, start, end, doc, source):  # type: ignore[no-untyped-def]
        out = real(text, start, end, doc, source)
        calls.append({"source": source, "start": start, "end": end, "document": dataclasses.asdict(doc),
                      "output": _dump(out)})
        return out

    pipeline._plan_facts = spy
    try:
        for p in files:
            try:
                pipeline.extract_source(pipeline.read_text_file(p))
            except Exception as exc:  # noqa: BLE001 - a file without identity is fine here
                calls.append({"source": str(p), "error": type(exc).__name__})
    finally:
        pipeline._plan_facts = real
    return calls


def _dump(out: tuple) -> dict[str, list]:
    ts, ks, rs = out
    return {"targets": [dataclasses.asdict(x) for x in ts], "tasks": [dataclasses.asdict(x) for x in ks],
            "responsibilities": [dataclasses.asdict(x) for x in rs]}


def snapshot(path: Path, every: int = 10) -> int:
    calls = _record_calls(sample_files(every))
    path.write_text(json.dumps({"every": every, "calls": calls}, ensure_ascii=False), "utf-8")
    n = sum(len(c.get("output", {}).get("targets", ())) for c in calls)
    print(f"snapshot: {len(calls)} spans, {n} targets → {path}")
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


def compare(path: Path, via_pipeline: bool = False, show: int = 10) -> int:
    snap = json.loads(path.read_text("utf-8"))
    old = snap["calls"]
    texts: dict[str, str] = {}
    ndiff = 0
    if via_pipeline:
        new = _record_calls(sample_files(snap["every"]))
        if len(new) != len(old):
            print(f"span count differs: {len(old)} → {len(new)}")
        pairs = list(zip(old, new))
    else:
        pairs = []
        for c in old:
            if "error" in c:
                continue
            if c["source"] not in texts:
                texts[c["source"]] = pipeline.read_text_file(c["source"]).text
            out = extract_plan_facts(texts[c["source"]], c["start"], c["end"], _doc_from(c["document"]), c["source"])
            pairs.append((c, {**c, "output": json.loads(json.dumps(_dump(out), ensure_ascii=False))}))
    for a, b in pairs:
        d = _first_diff(a, b)
        if d:
            ndiff += 1
            if ndiff <= show:
                print(f"DIFF {a.get('source')} [{a.get('start')}:{a.get('end')}] {d[:400]}")
    print(f"compare: {len(pairs)} spans, {ndiff} with differences")
    return 1 if ndiff else 0


def _spans(files: list[Path]) -> list[tuple[str, str, int, int, DocumentRecord]]:
    calls: list[tuple[str, str, int, int, DocumentRecord]] = []
    real = pipeline._plan_facts

    def spy(text, start, end, doc, source):  # type: ignore[no-untyped-def]
        calls.append((source, text, start, end, doc))
        return (), (), ()

    pipeline._plan_facts = spy
    try:
        for p in files:
            try:
                pipeline.extract_source(pipeline.read_text_file(p))
            except Exception:  # noqa: BLE001
                pass
    finally:
        pipeline._plan_facts = real
    return calls


def _clear_caches() -> None:
    """Empty the per-text memo caches of loaders.* (compiled-pattern caches stay)."""
    for name, mod in list(sys.modules.items()):
        if not name.startswith("loaders.") or mod is None:
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if info is not None and (info().maxsize or 0) >= 1024:
                obj.cache_clear()


def timing(every: int = 20, runs: int = 3, stage: str = "both") -> None:
    files = sample_files(every)
    srcs = [pipeline.read_text_file(p) for p in files]
    nchars = sum(len(s.text) for s in srcs)
    spans = _spans(files)
    span_chars = sum(e - s for _, _, s, e, _ in spans)
    print(f"{len(files)} files, {nchars / 1e6:.2f} Mchars; {len(spans)} plan spans, {span_chars / 1e6:.2f} Mchars")
    if stage in ("both", "plans"):
        ts = []
        for _ in range(runs):
            _clear_caches()
            t0 = time.process_time()
            for source, text, s, e, doc in spans:
                extract_plan_facts(text, s, e, doc, source)
            ts.append(time.process_time() - t0)
        t = statistics.median(ts)
        print(f"plans facts:    {t:6.2f} s  {span_chars / t / 1e6:5.2f} Mchars/s  {len(spans) / t:6.1f} spans/s  (best {span_chars / min(ts) / 1e6:.2f} Mchars/s)")
    if stage in ("both", "source"):
        ts = []
        for _ in range(runs):
            _clear_caches()
            t0 = time.process_time()
            for src in srcs:
                try:
                    pipeline.extract_source(src)
                except Exception:  # noqa: BLE001
                    pass
            ts.append(time.process_time() - t0)
        t = statistics.median(ts)
        print(f"extract_source: {t:6.2f} s  {nchars / t / 1e6:5.2f} Mchars/s  {len(srcs) / t:6.1f} files/s  (best {nchars / min(ts) / 1e6:.2f} Mchars/s)")


def profile(every: int = 20, stage: str = "plans", top: int = 30) -> None:
    files = sample_files(every)
    prof = cProfile.Profile()
    if stage == "plans":
        spans = _spans(files)
        prof.enable()
        for source, text, s, e, doc in spans:
            extract_plan_facts(text, s, e, doc, source)
        prof.disable()
    else:
        srcs = [pipeline.read_text_file(p) for p in files]
        prof.enable()
        for src in srcs:
            try:
                pipeline.extract_source(src)
            except Exception:  # noqa: BLE001
                pass
        prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--snapshot", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--via-pipeline", action="store_true")
    ap.add_argument("--profile", choices=("plans", "source"))
    ap.add_argument("--stage", choices=("both", "plans", "source"), default="both")
    ap.add_argument("--every", type=int)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    if a.snapshot:
        return snapshot(a.snapshot, a.every or 10)
    if a.compare:
        return compare(a.compare, a.via_pipeline)
    if a.profile:
        profile(a.every or 20, a.profile)
        return 0
    timing(a.every or 20, a.runs, a.stage)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
