"""Peak memory of ``cchc-kg build`` on hostile inputs, with the input bounds of issue 18.

Generated inputs (nothing from ../shared):

* ``big.txt``: a made-up plan padded to 60 MB of text;
* ``bomb.docx``: a ~300 KB zip whose ``word/document.xml`` inflates to 300 MB;
* ``plan.txt``: a normal 40 KB plan (the baseline).

Each command runs in its own child process, which reports its peak RSS
(``ru_maxrss``). With the default bounds the two hostile files are
reported "too large" after reading only the file (60 MB text) or the zip
directory (the bomb is never inflated); ``--raised`` also runs the 60 MB
file with ``--max-text-mb 100`` to show the cost the bound avoids.

``--store-mb N`` builds a plan of N MB (``--max-text-mb`` raised to fit),
then runs ``check`` (whole store), ``check DOC`` (with SHACL on that
document's nodes) and ``validate`` on it, each in its own child: the
whole-store operations of issue 18, which read in bounded batches.

    .venv/bin/python bench/bench_bounds.py                 # table
    .venv/bin/python bench/bench_bounds.py --raised        # + the 60 MB file accepted (slow, GBs)
    .venv/bin/python bench/bench_bounds.py --store-mb 6    # build + check + validate of a 6 MB plan
    .venv/bin/python bench/bench_bounds.py --store-mb 60 --only build,check --no-hostile   # issue 18's memory target
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import PY, machine, run_child  # noqa: E402

PLAN = (
    "UỶ BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 12/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2024\n"
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\nUBND tỉnh Bến Tre ban hành Kế hoạch:\nI. MỤC TIÊU\n"
)
LINE = "Sở Nội vụ chủ trì, phối hợp với các sở, ngành rà soát thủ tục hành chính; đạt 100% công khai.\n"

# the child: run the CLI, then print its own peak RSS as the last JSON line
CHILD = (
    "import json, resource, sys\n"
    "from cchc_kg.cli.core import main\n"
    "code = 0\n"
    "try:\n    main()\nexcept SystemExit as e:\n    code = e.code or 0\n"
    "print(json.dumps({'exit': code, 'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))\n"
)


def make_inputs(d: Path) -> dict[str, Path]:
    big = d / "big" / "big.txt"
    big.parent.mkdir()
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(PLAN)
        block = LINE * 1000
        while fh.tell() < 60 * 1024 * 1024:
            fh.write(block)
    bomb = d / "bomb" / "bomb.docx"
    bomb.parent.mkdir()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:
            chunk = b"0" * (1024 * 1024)
            for _ in range(300):
                fh.write(chunk)
    plan = d / "plan" / "plan.txt"
    plan.parent.mkdir()
    plan.write_text(PLAN + LINE * 400, encoding="utf-8")
    return {"plan.txt (40 KB)": plan, "big.txt (60 MB text)": big, "bomb.docx (300 MB inflated)": bomb}


def build(path: Path, store: Path, *extra: str) -> dict:
    return run_child([PY, "-c", CHILD, "build", str(path), "--store", str(store), *extra], timeout=3600)


def command(*args: str) -> dict:
    """Peak RSS and wall time of one CLI command in its own child."""
    return run_child([PY, "-c", CHILD, *args], timeout=4 * 3600)


def store_rows(d: Path, mb: float, only: tuple[str, ...] = ()) -> list[dict]:
    """Build a plan of ``mb`` MB, then check / check DOC / validate it: peak RSS of each (``only``: those named)."""
    path = d / "sized" / "plan.txt"
    path.parent.mkdir()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(PLAN)
        while fh.tell() < mb * 1024 * 1024:
            fh.write(LINE)
    store = d / "st-sized"
    limit = str(int(mb * 2) + 1)
    runs = [("build", ["build", str(path), "--store", str(store), "--max-text-mb", limit]),
            ("check", ["check", "--store", str(store), "--json"]),
            ("check DOC (SHACL)", ["check", str(path), "--store", str(store), "--json"]),
            ("validate", ["validate", "--store", str(store), "--json"])]
    rows = []
    for name, args in runs:
        if only and name not in only:
            continue
        r = command(*args)
        rows.append({"input": f"plan.txt ({mb:g} MB)", "options": name, "exit": r.get("exit"), "peak_rss_mb": r.get("peak_rss_mb"),
                     "wall_s": round(r["wall"], 2)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raised", action="store_true", help="also build the 60 MB file with --max-text-mb 100")
    ap.add_argument("--store-mb", type=float, default=None, help="build a plan of this many MB, then check and validate it")
    ap.add_argument("--only", default="", help="with --store-mb: the runs to make, e.g. 'build,check' (default all four)")
    ap.add_argument("--no-hostile", action="store_true", help="skip the three hostile inputs")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        if args.store_mb:
            rows += store_rows(d, args.store_mb, tuple(x for x in args.only.split(",") if x))
        for name, path in ({} if args.no_hostile else make_inputs(d)).items():
            r = build(path, d / f"st-{path.stem}")
            rows.append({"input": name, "options": "defaults", "exit": r.get("exit"), "peak_rss_mb": r.get("peak_rss_mb"), "wall_s": round(r["wall"], 2)})
        if args.raised:
            big = d / "big" / "big.txt"
            r = build(big, d / "st-raised", "--max-text-mb", "100")
            rows.append({"input": "big.txt (60 MB text)", "options": "--max-text-mb 100", "exit": r.get("exit"), "peak_rss_mb": r.get("peak_rss_mb"), "wall_s": round(r["wall"], 2)})
    if args.json:
        print(json.dumps({"machine": machine(), "rows": rows}, ensure_ascii=False, indent=2))
        return
    print("| input | options | exit | peak RSS | wall |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['input']} | {r['options']} | {r['exit']} | {r['peak_rss_mb']} MB | {r['wall_s']} s |")


if __name__ == "__main__":
    main()
