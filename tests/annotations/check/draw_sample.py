"""Draw the seeded sample of ``check`` findings to annotate (issue 14).

Usage (from the repository root, with a store of ../shared/corpus/gazette
and ../shared/corpus/local)::

    cchc-kg build ../shared/corpus/gazette ../shared/corpus/local -j 2 --store /tmp/corpus-store
    cchc-kg check --store /tmp/corpus-store --as-of 2026-12-06 --format json > /tmp/findings.json
    python tests/annotations/check/draw_sample.py /tmp/findings.json > /tmp/sample.json

Each drawn item was then judged by hand (reading the evidence sentence and
the chain in the source files) and written, with ``right`` and a reason code
for wrong ones, to ``annotations.json``.

Every error and warning finding is drawn, and ``INFO_DRAWN`` of the info
findings at random (``random.Random(SEED)`` over the keys in sorted order),
so each severity has enough items for a precision figure. Only keys, IRIs,
source paths (relative to ``../shared/corpus``) and spans are written —
never document text.
"""

from __future__ import annotations

import json
import random
import sys

SEED = 20261206
INFO_DRAWN = 60


def relative(path: str | None) -> str | None:
    """``/…/shared/corpus/gazette/g001.txt`` → ``gazette/g001.txt``."""
    if not path:
        return None
    marker = "/corpus/"
    return path.split(marker, 1)[1] if marker in path else path


def item(f: dict) -> dict:
    ev = (f.get("evidence") or [{}])[0] or {}
    return {
        "key": f["key"], "kind": f["kind"], "severity": f["severity"], "classification": f.get("classification"),
        "document": f["document"], "cited": f.get("cited"), "count": f.get("count", 1),
        "source_path": relative(ev.get("source_path")), "span": [ev.get("start"), ev.get("end")],
    }


def draw(findings: list[dict]) -> list[dict]:
    """All error/warning findings plus a seeded random draw of info findings, sorted by key."""
    strong = [f for f in findings if f["severity"] in ("error", "warning")]
    info = sorted((f for f in findings if f["severity"] == "info"), key=lambda f: f["key"])
    rng = random.Random(SEED)
    picked = rng.sample(info, min(INFO_DRAWN, len(info)))
    return sorted((item(f) for f in strong + picked), key=lambda x: x["key"])


def main(path: str) -> None:
    data = json.load(open(path, encoding="utf-8"))
    out = {"seed": SEED, "as_of": data["as_of"], "corpora": ["gazette", "local"], "summary": data["summary"],
           "items": draw(data["findings"])}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
