"""Draw the held-out sample (issue 13): files outside ``sample.json``, annotated after tuning.

The first sample guided the extractor changes; figures on it can flatter
them. This second draw (another seed, disjoint files) was annotated after
the changes, blind to the extractor, and measures how the rules carry over.
Run once: ``python tests/annotations/draw_heldout.py`` → ``heldout.json``.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

SEED = 20261207
N = {"local": 30, "gazette": 12}
HERE = Path(__file__).parent
SHARED = HERE.parents[1].parent / "shared" / "corpus"

if __name__ == "__main__":
    first = {f["file"] for f in json.loads((HERE / "sample.json").read_text("utf-8"))["files"]}
    rng = random.Random(SEED)
    out = {"seed": SEED, "files": []}
    for folder, n in N.items():
        names = sorted(f"{folder}/{p.name}" for p in (SHARED / folder).iterdir() if p.is_file())
        for name in sorted(rng.sample([x for x in names if x not in first], n)):
            out["files"].append({"file": name, "sha256": hashlib.sha256((SHARED / name).read_bytes()).hexdigest()})
    (HERE / "heldout.json").write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    print(" ".join(f["file"] for f in out["files"]))
