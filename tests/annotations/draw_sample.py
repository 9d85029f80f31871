"""Draw the seeded random sample of corpus files to annotate (issue 13).

Run once from the project root: ``python tests/annotations/draw_sample.py``.
It writes ``sample.json``: the file names, their SHA-256 and the seed, so
the list is reproducible and a changed corpus file is noticed. Nothing of
the documents' text is written.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

SEED = 20261206
N_LOCAL = 95  # >= 80 official documents once non-documents are set aside
N_GAZETTE = 42  # >= 40 readable documents
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def draw(shared: Path = SHARED) -> dict:
    rng = random.Random(SEED)
    out: dict = {"seed": SEED, "files": []}
    for folder, n in (("local", N_LOCAL), ("gazette", N_GAZETTE)):
        names = sorted(p.name for p in (shared / folder).iterdir() if p.is_file())
        for name in sorted(rng.sample(names, n)):
            raw = (shared / folder / name).read_bytes()
            out["files"].append({"file": f"{folder}/{name}", "sha256": hashlib.sha256(raw).hexdigest()})
    return out


if __name__ == "__main__":
    data = draw()
    (Path(__file__).parent / "sample.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    print(len(data["files"]), "files")
