"""Draw the second seeded sample of ``check`` findings to annotate (issue 14).

The first sample (``annotations.json``, ``draw_sample.py``) was drawn from a
run with 216 findings; once validity (replacement and repeal clauses,
effective dates) was learned from the corpus itself the same check reports
356. This draws from the findings whose key the first sample does not
annotate yet::

    cchc-kg check --store /tmp/corpus-store --as-of 2026-12-06 --format json > /tmp/findings.json
    python tests/annotations/check/draw_sample_2.py /tmp/findings.json \\
        tests/annotations/check/annotations.json > /tmp/sample-2.json

``DRAWN`` findings of each of the large kinds at random
(``random.Random(SEED)`` over the not-yet-annotated keys of the kind in
sorted order, kinds in the order of ``DRAWN``) and every not-yet-annotated
finding of any other kind (undetermined, no-legal-basis, …). Items have the
format of ``draw_sample.item`` — keys, IRIs, source paths and spans, never
document text — and are listed in drawn order (the order they were judged).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from draw_sample import item  # noqa: E402

SEED = 20261207
DRAWN = {
    "superseded-citation/drafting-error": 25,
    "superseded-citation/ageing": 20,
    "ambiguous-reference": 15,
}


def kind_of(f: dict) -> str:
    """``superseded-citation/ageing`` for a classified finding, else its kind."""
    return f"{f['kind']}/{f['classification']}" if f.get("classification") else f["kind"]


def draw(findings: list[dict], annotated: set[str]) -> list[dict]:
    """The seeded draw from the findings whose key is not in ``annotated``, in drawn order."""
    new = sorted((f for f in findings if f["key"] not in annotated), key=lambda f: f["key"])
    rng = random.Random(SEED)
    out = []
    for kind, n in DRAWN.items():
        pool = [f for f in new if kind_of(f) == kind]
        out += rng.sample(pool, min(n, len(pool)))
    out += [f for f in new if kind_of(f) not in DRAWN]
    return [item(f) for f in out]


def main(path: str, first: str) -> None:
    data = json.load(open(path, encoding="utf-8"))
    annotated = {i["key"] for i in json.load(open(first, encoding="utf-8"))["items"]}
    out = {"seed": SEED, "as_of": data["as_of"], "corpora": ["gazette", "local"], "summary": data["summary"],
           "items": draw(data["findings"], annotated)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
