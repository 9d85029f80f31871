"""Precision/recall of citation extraction on the annotated fixtures.

Run: ``python bench/quality_citations.py`` (table; ``--json`` for machine output).
Fixtures: ``tests/fixtures/citations/*.txt`` with gold ``*.json``: per document
(in file order) its identity fields, every reference mention as
``{"key"|"law"+"date", "relation", "pinpoint"?, "status"?, "candidates"?}``
and stated relations ``{"subject", "predicate", "object"|"law_object"}``
(``SELF`` = the document, ``NEXT`` = the next document of the file).
References match on the multiset of (key, relation); pinpoints, statuses
and candidates are scored on the matched mentions.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from cchc_kg.loaders.pipeline import extract_source, read_text_file
from cchc_kg.loaders.resolve import law_key

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "citations"

__all__ = ["evaluate", "FIXTURES"]

_ID_FIELDS = ("doc_type", "symbol", "key", "jurisdiction", "level", "date", "place")


def _gold_key(ref: dict) -> str:
    return ref["key"] if "key" in ref else law_key(ref["law"], ref.get("date"))


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float]:
    return (tp / n_pred if n_pred else 1.0, tp / n_gold if n_gold else 1.0)


def evaluate(fixtures: Path = FIXTURES) -> dict:
    """Scores over every fixture: references, relations, identity, pinpoints."""
    ref_tp = ref_pred = ref_gold = 0
    rel_tp = rel_pred = rel_gold = 0
    id_ok = id_total = 0
    extra_ok = extra_total = 0
    errors: list[str] = []
    for txt in sorted(fixtures.glob("*.txt")):
        gold = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        exs = extract_source(read_text_file(txt))
        if len(exs) != len(gold["documents"]):
            errors.append(f"{txt.name}: {len(exs)} documents, gold {len(gold['documents'])}")
        for i, g in enumerate(gold["documents"]):
            ex = exs[i] if i < len(exs) else None
            doc = ex.document if ex else None
            for f in _ID_FIELDS:
                if f in g:
                    id_total += 1
                    got = getattr(doc, f) if doc else None
                    if got == g[f]:
                        id_ok += 1
                    else:
                        errors.append(f"{txt.name}#{i} {f}: got {got!r}, gold {g[f]!r}")
            preds = Counter((r.target.key, r.relation) for r in (ex.references if ex else ()))
            golds = Counter((_gold_key(r), r["relation"]) for r in g["references"])
            tp = sum((preds & golds).values())
            ref_tp, ref_pred, ref_gold = ref_tp + tp, ref_pred + sum(preds.values()), ref_gold + sum(golds.values())
            for k in (preds - golds):
                errors.append(f"{txt.name}#{i} extra ref {k}")
            for k in (golds - preds):
                errors.append(f"{txt.name}#{i} missed ref {k}")
            # pinpoints / status / candidates on matched mentions
            pool = list(ex.references if ex else ())
            for r in g["references"]:
                key = (_gold_key(r), r["relation"])
                hit = next((p for p in pool if (p.target.key, p.relation) == key), None)
                if hit is None:
                    continue
                pool.remove(hit)
                for f, got in (("pinpoint", hit.pinpoint), ("status", hit.status), ("candidates", list(hit.candidates))):
                    want = r.get(f, None if f == "pinpoint" else ("resolved" if f == "status" else []))
                    extra_total += 1
                    if got == want:
                        extra_ok += 1
                    else:
                        errors.append(f"{txt.name}#{i} {key} {f}: got {got!r}, gold {want!r}")
            nxt = exs[i + 1].document.key if ex and i + 1 < len(exs) else None

            def resolve_side(v: str | None) -> str | None:
                return {"SELF": doc.key if doc else None, "NEXT": nxt}.get(v, v) if v else v

            grel = Counter(
                (resolve_side(r["subject"]), r["predicate"],
                 resolve_side(r["object"]) if "object" in r else law_key(r["law_object"]))
                for r in g.get("relations", ())
            )
            prel = Counter((x.subject.key, x.predicate, x.object.key) for x in (ex.relations if ex else ()))
            tp = sum((prel & grel).values())
            rel_tp, rel_pred, rel_gold = rel_tp + tp, rel_pred + sum(prel.values()), rel_gold + sum(grel.values())
            for k in (prel - grel):
                errors.append(f"{txt.name}#{i} extra relation {k}")
            for k in (grel - prel):
                errors.append(f"{txt.name}#{i} missed relation {k}")
    rp, rr = _prf(ref_tp, ref_pred, ref_gold)
    lp, lr = _prf(rel_tp, rel_pred, rel_gold)
    return {
        "references": {"precision": rp, "recall": rr, "tp": ref_tp, "predicted": ref_pred, "gold": ref_gold},
        "relations": {"precision": lp, "recall": lr, "tp": rel_tp, "predicted": rel_pred, "gold": rel_gold},
        "identity_accuracy": id_ok / id_total if id_total else 1.0,
        "detail_accuracy": extra_ok / extra_total if extra_total else 1.0,
        "errors": errors,
    }


def main(argv: list[str]) -> int:
    res = evaluate()
    if "--json" in argv:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    r, l = res["references"], res["relations"]
    print(f"references  P={r['precision']:.3f} R={r['recall']:.3f} (tp {r['tp']}, pred {r['predicted']}, gold {r['gold']})")
    print(f"relations   P={l['precision']:.3f} R={l['recall']:.3f} (tp {l['tp']}, pred {l['predicted']}, gold {l['gold']})")
    print(f"identity fields accuracy {res['identity_accuracy']:.3f}; pinpoint/status/candidates accuracy {res['detail_accuracy']:.3f}")
    for e in res["errors"]:
        print("  -", e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
