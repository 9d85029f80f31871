"""Precision/recall of plan extraction on the annotated fixtures.

Run: ``python bench/quality_plans.py`` (prints a table; ``--json`` for machine output).
Fixtures: ``tests/fixtures/plans/*.txt`` with gold ``*.json`` (targets as
``[value, year, level, area]``, agency kinds, roles as ``[kind, role, area]``,
alignments as ``[value, year, national id | null]``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from cchc_kg.kg.align import NationalSpec, align
from cchc_kg.kg.model import DocumentRecord
from cchc_kg.loaders.agencies import find_agencies
from cchc_kg.loaders.plans import extract_plan_facts

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "plans"
#: written after the rules were frozen, never used for tuning
HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "plans_heldout"
CATALOG = Path(__file__).resolve().parents[1] / "kg" / "catalog" / "national_targets.json"

__all__ = ["national_targets", "evaluate", "predict"]


def national_targets() -> list[NationalSpec]:
    """National targets from the catalog JSON (shape of cchc_kg.kg.catalog's NationalTarget)."""
    raw = json.loads(CATALOG.read_text("utf-8"))["targets"]
    return [NationalSpec(r["id"], r.get("area"), r["metric"], r.get("value"), r["comparator"], r.get("unit"),
                         r.get("year"), tuple(r.get("levels") or ()), tuple(r.get("keywords") or ()),
                         tuple(r.get("breakdown") or ())) for r in raw]


def predict(txt: Path, gold: dict) -> dict:
    text = txt.read_text("utf-8")
    # the pipeline gives the plan its signing year (used as the default horizon)
    doc = DocumentRecord(doc_type="KH", jurisdiction=gold["jurisdiction"], level=gold["level"], year=gold.get("year"))
    ts, _, rs = extract_plan_facts(text, 0, len(text), doc, str(txt))
    al = {a.local_index: a.national_id for a in align(ts, national_targets())}
    return {
        "targets": [(t.value, t.year, t.level, t.area) for t in ts],
        "agencies": sorted({m.agency.kind for m in find_agencies(text, gold["jurisdiction"], gold["level"])}),
        "roles": sorted({(r.agency.kind, r.role, r.area) for r in rs}, key=str),
        "alignments": [(t.value, t.year, al.get(i)) for i, t in enumerate(ts)],
    }


def _pr(pred: Counter, gold: Counter) -> tuple[int, int, int]:
    tp = sum((pred & gold).values())
    return tp, sum(pred.values()), sum(gold.values())


def evaluate(fixtures: Path = FIXTURES) -> dict[str, dict[str, float]]:
    """Micro-averaged precision/recall per fact kind over every fixture."""
    tot = {k: [0, 0, 0] for k in ("targets", "agencies", "roles", "alignment")}
    for txt in sorted(fixtures.glob("*.txt")):
        gold = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        p = predict(txt, gold)
        pairs = {
            "targets": (Counter(tuple(x) for x in p["targets"]), Counter((float(g[0]), *g[1:]) for g in gold["targets"])),
            "agencies": (Counter(p["agencies"]), Counter(set(gold["agencies"]))),
            "roles": (Counter(tuple(x) for x in p["roles"]), Counter(tuple(g) for g in gold["roles"])),
        }
        # alignment: judged on gold-annotated (value, year) targets only
        gmap = {(float(v), y): n for v, y, n in gold["alignments"]}
        pa = Counter((v, y, n) for v, y, n in p["alignments"] if (v, y) in gmap and n)
        ga = Counter((float(v), y, n) for v, y, n in gold["alignments"] if n)
        pairs["alignment"] = (pa, ga)
        for k, (pc, gc) in pairs.items():
            for i, x in enumerate(_pr(pc, gc)):
                tot[k][i] += x
    return {k: {"precision": tp / np if np else 1.0, "recall": tp / ng if ng else 1.0, "tp": tp, "pred": np, "gold": ng}
            for k, (tp, np, ng) in tot.items()}


def main() -> None:
    sets = {"tuning fixtures": FIXTURES, "held-out fixtures": HELDOUT}
    results = {name: evaluate(path) for name, path in sets.items()}
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    for name, res in results.items():
        print(f"== {name}")
        print(f"{'facts':10} {'P':>6} {'R':>6} {'tp':>4} {'pred':>5} {'gold':>5}")
        for k, r in res.items():
            print(f"{k:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['tp']:4} {r['pred']:5} {r['gold']:5}")
    if "-v" in sys.argv:
        for txt in sorted(FIXTURES.glob("*.txt")):
            gold = json.loads(txt.with_suffix(".json").read_text("utf-8"))
            p = predict(txt, gold)
            print("==", txt.name)
            for k in ("targets", "agencies", "roles"):
                pg = {tuple(x) if isinstance(x, (list, tuple)) else x for x in p[k]}
                gg = {(float(g[0]), *g[1:]) if k == "targets" else (tuple(g) if isinstance(g, list) else g) for g in gold[k]}
                print(" ", k, "extra:", sorted(pg - gg, key=str), "missing:", sorted(gg - pg, key=str))
            print("  align:", [a for a in p["alignments"]])


if __name__ == "__main__":
    main()
