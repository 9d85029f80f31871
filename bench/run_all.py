"""Run every benchmark and write docs/benchmarks.md (one command).

    .venv/bin/python bench/run_all.py            # full: 1k/10k/100k, whole corpus (~1 h on 2 cores)
    .venv/bin/python bench/run_all.py --quick    # 1k only, 40 corpus files (~5 min)

Each figure comes from a fresh child process (peak RSS = that process's
``ru_maxrss``). Ratios are measured side by side in the same run: parallel
and single-process builds alternate, and the embedded store and rdflib
answer the same query on the same document one after the other. Large
outputs (N-Quads, stores, TriG) stay in bench/results/ (gitignored).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import PY, RESULTS, ROOT, fmt_s, machine, run_child  # noqa: E402

__all__ = ["main", "render_markdown"]

DOC = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- hand-written notes below: kept when run_all regenerates the tables -->"


def _log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def _med(rs: list[dict[str, Any]], key: str) -> dict[str, float] | None:
    xs = [r[key] for r in rs if isinstance(r.get(key), (int, float))]
    if not xs:
        return None
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def bench_extraction(quick: bool) -> dict[str, Any]:
    limit = ["--limit", "40"] if quick else []
    out: dict[str, Any] = {}
    _log("extraction: one core")
    out["extract"] = run_child([PY, "bench/bench_extract.py", "extract", *limit], timeout=1800)
    pairs = 1 if quick else 2
    singles, parallels = [], []
    for k in range(pairs):  # alternate, so drift hits both
        _log(f"build pair {k + 1}/{pairs}")
        singles.append(run_child([PY, "bench/bench_extract.py", "build", "--workers", "1", *limit], timeout=2400))
        parallels.append(run_child([PY, "bench/bench_extract.py", "build", "--workers", "2", *limit], timeout=2400))
    out["build_1"], out["build_2"] = singles, parallels
    out["parallel_ratio"] = [s["seconds"] / p["seconds"] for s, p in zip(singles, parallels) if "seconds" in s and "seconds" in p]
    # end to end: the CLI on the corpus (fresh store), then again (every file unchanged)
    from bench.bench_extract import CORPUS, corpus_files

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    src = CORPUS
    if quick:
        src = tmp / "corpus"
        src.mkdir()
        for f in corpus_files(40):
            (src / f.name).symlink_to(f)
    cli = str(Path(PY).with_name("cchc-kg"))
    e2e = []
    for k in range(1 if quick else 2):
        store = tmp / f"store{k}"
        _log(f"cchc-kg build run {k + 1}")
        e2e.append(run_child([PY, "-m", "bench.harness", cli, "build", str(src), "--store", str(store), "-j", "0", "--json"], timeout=2400))
    again = run_child([PY, "-m", "bench.harness", cli, "build", str(src), "--store", str(tmp / "store0"), "-j", "0", "--json"], timeout=2400)
    size = sum(p.stat().st_size for p in (tmp / "store0").rglob("*") if p.is_file())
    out["cli_build"], out["cli_rebuild_unchanged"], out["cli_store_bytes"] = e2e, again, size
    out["corpus_files"] = len(corpus_files(40 if quick else None))
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def bench_scale(n: int, quick: bool, rdflib: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": n}
    _log(f"{n}: generate")
    out["gen"] = run_child([PY, "bench/bench_store.py", "gen", str(n)], timeout=3600)
    runs = {1000: 3, 10_000: 2}.get(n, 1) if not quick else 1
    loads = []
    for k in range(runs):
        _log(f"{n}: load {k + 1}/{runs}")
        loads.append(run_child([PY, "bench/bench_store.py", "load", str(n), *(["--keep"] if k == runs - 1 else [])], timeout=3600))
    out["load"] = loads
    _log(f"{n}: queries")
    args = [PY, "bench/bench_queries.py", str(n), "--sample", "15" if quick else "40"]
    if rdflib:
        args.append("--rdflib")
    out["queries"] = run_child(args, timeout=3600)
    return out


def bench_others(quick: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    viz = ROOT / "bench" / "bench_viz.py"
    if viz.exists():
        _log("viz")
        out["viz"] = run_child([PY, str(viz), "--json", "--sizes", "100,1000" if quick else "100,1000,2000"], timeout=1200)
    bolt = RESULTS / "bolt.json"
    if bolt.exists():
        try:
            out["bolt"] = json.loads(bolt.read_text("utf-8"))
        except json.JSONDecodeError:
            pass
    return out


# --------------------------------------------------------------------------- report


def _spread(d: dict[str, float] | None, f=fmt_s) -> str:
    if not d:
        return "—"
    return f"{f(d['median'])} ({f(d['min'])}–{f(d['max'])}, n={d['n']})"


def render_markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    L = ["# Benchmarks", "",
         f"Generated by `python bench/run_all.py{' --quick' if res['quick'] else ''}` on {m['date']}. "
         "Medians with (min–max, n runs); every figure is a fresh process; peak RSS is that process's "
         "`ru_maxrss` (the largest single process, workers included).", "",
         "| machine | |", "|---|---|"]
    for k in ("cpu", "cores", "memory", "os", "python", "pyoxigraph", "rdflib"):
        L.append(f"| {k} | {m[k]} |")
    la = m["load_average"]
    L.append(f"| load average at start | {la[0]:.1f} / {la[1]:.1f} / {la[2]:.1f} (shared machine: compare ratios, not absolute times) |")
    ex = res.get("extraction")
    if ex:
        L += ["", "## Real text: gazette corpus", ""]
        e = ex["extract"]
        if "seconds" in e:
            L.append(f"Read + `extract_source`, one core, {e['files']} files ({e['mb']:.1f} MB, {e['documents']} documents): "
                     f"**{e['mb_per_s']:.2f} MB/s, {e['docs_per_s']:.1f} documents/s** ({fmt_s(e['seconds'])}, peak {e['peak_rss_mb']:.0f} MB).")
        L += ["", "| `cchc_kg.kg.ingest.build` (extract + RDF + store) | seconds | MB/s | documents/s | peak RSS |", "|---|---|---|---|---|"]
        for name, rs in (("1 process", ex["build_1"]), ("2 workers", ex["build_2"])):
            ok = [r for r in rs if "seconds" in r]
            if ok:
                L.append(f"| {name} | {_spread(_med(ok, 'seconds'))} | {statistics.median(r['mb_per_s'] for r in ok):.2f} | "
                         f"{statistics.median(r['docs_per_s'] for r in ok):.1f} | {max(r['peak_rss_mb'] for r in ok):.0f} MB |")
        if ex["parallel_ratio"]:
            L.append(f"\nSpeed-up of 2 workers over 1 process, pair by pair: {', '.join(f'{x:.2f}x' for x in ex['parallel_ratio'])}.")
        cb = [r for r in ex["cli_build"] if "wall" in r]
        if cb:
            L.append(f"\nEnd to end `cchc-kg build <corpus> -j 0` ({ex['corpus_files']} files, fresh store): "
                     f"**{_spread(_med(cb, 'wall'))}**, peak {max(r['peak_rss_mb'] for r in cb):.0f} MB, "
                     f"store {ex['cli_store_bytes'] / 1e6:.0f} MB on disk; re-run with every file unchanged: "
                     f"{fmt_s(ex['cli_rebuild_unchanged'].get('wall'))}. Target ≤ 20 s.")
    L += ["", "## Synthetic national corpus (bench/synth.py)", "",
          "| documents | quads | N-Quads | generate (2 workers) | load: static graphs, bulk load, count, close | bulk-load quads/s | peak RSS | store on disk |",
          "|---|---|---|---|---|---|---|---|"]
    for sc in res["scales"]:
        lo = [r for r in sc["load"] if "seconds" in r]
        g = sc["gen"]
        if not lo:
            L.append(f"| {sc['documents']:,} | — | — | — | failed: {sc['load'][:1]} | | | |")
            continue
        L.append(f"| {sc['documents']:,} | {lo[0]['quads']:,} | {lo[0]['nq_bytes'] / 1e9:.2f} GB | "
                 f"{fmt_s(g.get('seconds')) if not g.get('cached') else 'cached'} | {_spread(_med(lo, 'total_seconds'))} | "
                 f"{statistics.median(r['quads_per_s'] for r in lo):,.0f} | {max(r['peak_rss_mb'] for r in lo):,.0f} MB | "
                 f"{lo[-1]['store_bytes'] / 1e6:,.0f} MB |")
    L += ["", "### Query latency (embedded store; p50 / p95 over the sample, result size median)", ""]
    for sc in res["scales"]:
        q = sc["queries"]
        if "ops" not in q:
            L.append(f"* {sc['documents']:,}: queries did not finish ({'timeout' if q.get('timeout') else q.get('error', '')[-300:]})")
            continue
        rd = "rdflib" in next(iter(q["ops"].values()), {})
        L += [f"**{sc['documents']:,} documents** (store opened in {fmt_s(q['open_seconds'])}"
              + (f"; rdflib Dataset parsed from TriG in {fmt_s(q.get('rdflib_parse_seconds'))}" if rd else "") + ")", "",
              "| query | n | embedded p50 | embedded p95 | result size |" + (" rdflib p50 | rdflib p95 | rdflib / embedded (p50) |" if rd else ""),
              "|---|---|---|---|---|" + ("---|---|---|" if rd else "")]
        for op, r in q["ops"].items():
            e = r.get("embedded")
            if not e:
                continue
            size = r.get("result_size") or {}
            row = f"| {op} | {e['n']} | {fmt_s(e['p50'])} | {fmt_s(e['p95'])} | {size.get('median', 0):.0f} |"
            if rd:
                x = r.get("rdflib")
                row += (f" {fmt_s(x['p50'])} | {fmt_s(x['p95'])} | {x['p50'] / e['p50']:.1f}x |" if x else " — | — | — |")
            L.append(row)
        L.append("")
    oth = res.get("others", {})
    if "viz" in oth:
        rows = oth["viz"].get("synthetic")
        L += ["## Views (bench/bench_viz.py)", ""]
        if rows:
            L += ["| nodes | edges | generate (layout + HTML) | HTML | first draw in Chromium | layout settled | target |",
                  "|---|---|---|---|---|---|---|"]
            for r in rows:
                L.append(f"| {r['nodes']:,} | {r['edges']:,} | {fmt_s(r['generate_s'])} | {r['html_kb']:,} KB | "
                         f"{r.get('first_draw_ms', '—')} ms | {r.get('settled_ms', '—')} ms | "
                         f"{'≤ 2 s' if r['nodes'] == 1000 else ''} |")
            L.append("")
        else:
            L += ["```", json.dumps(oth["viz"], indent=1, default=str)[:3000], "```", ""]
    if "bolt" in oth:
        L += ["## Bolt push (bench/bench_bolt.py)", "", "```", json.dumps(oth["bolt"], indent=1, default=str)[:3000], "```", ""]
    old = DOC.read_text("utf-8") if DOC.exists() else ""
    L += ["", MARKER, old.split(MARKER, 1)[1].lstrip("\n") if MARKER in old else ""]
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--scales", default=None, help="comma list of document counts (default 1000,10000,100000; quick 1000)")
    ap.add_argument("--skip", default="", help="comma list of: extraction,scales,others")
    ap.add_argument("--out", type=Path, default=DOC)
    a = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    scales = [int(x) for x in (a.scales or ("1000" if a.quick else "1000,10000,100000")).split(",")]
    skip = set(filter(None, a.skip.split(",")))
    res: dict[str, Any] = {"machine": machine(), "quick": a.quick, "scales": []}
    if "extraction" not in skip:
        res["extraction"] = bench_extraction(a.quick)
    if "scales" not in skip:
        for n in scales:
            # rdflib only at 1k: at 10k (4 M quads) one `bases` or `documents` call takes minutes and the
            # whole comparison over an hour; the ratio is measured where both finish
            res["scales"].append(bench_scale(n, a.quick, rdflib=n <= 1000))
    if "others" not in skip:
        res["others"] = bench_others(a.quick)
    (RESULTS / "all.json").write_text(json.dumps(res, indent=1, default=str), "utf-8")
    a.out.write_text(render_markdown(res), "utf-8")
    _log(f"wrote {a.out} and {RESULTS / 'all.json'}")


if __name__ == "__main__":
    main()
