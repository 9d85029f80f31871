"""Screenshots of ``cchc-kg viz`` pages for the docs (docs/img/*.png).

Builds the seed documents into a store (or uses ``--store``), renders the
four views with the library, opens each page in headless Chromium (network
off) in a 1400×900 window and saves a PNG; fails when labels are drawn
below 11 px at the default zoom:

* docs/img/focus-long-phu.png            focus on ../shared/seeds/003_dad5fdeea82cee8c.txt, depth 2
* docs/img/responsibilities-can-tho.png  agencies × reform areas of ../shared/seeds/004_1b521d6779d44ea6.txt
* docs/img/target-online-payment.png     national target "thanh toán trực tuyến"
* docs/img/all-seeds.png                 every document

    .venv/bin/python bench/screenshots.py [--store DIR] [--out docs/img]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import OFFLINE_FLAGS, Chromium  # noqa: E402

CLI = [str(ROOT / ".venv" / "bin" / "cchc-kg")]
WINDOW = (1400, 900)  # a normal laptop window: every view must be legible at this size
SEEDS = ROOT.parent / "shared" / "seeds"


def views(store: str) -> list[tuple[str, object]]:
    """The four views on the seeds, built with the library (the matrix has no CLI flag yet)."""
    sys.path.insert(0, str(ROOT))
    from cchc_kg.kg.ids import doc_iri  # noqa: F401
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.documents import resolve_doc
    from cchc_kg.queries.embedded import EmbeddedBackend
    from cchc_kg.loaders.docquery import parse_doc_query
    from cchc_kg.viz.views import all_view, focus_view, responsibilities_matrix_view, target_view

    be = EmbeddedBackend(GraphStore.open(store))

    def doc(path: Path) -> str:
        return resolve_doc(be, parse_doc_query(str(path)))[0]

    return [
        ("focus-long-phu", focus_view(be, doc(SEEDS / "003_dad5fdeea82cee8c.txt"), depth=2)),
        ("responsibilities-can-tho", responsibilities_matrix_view(be, doc(SEEDS / "004_1b521d6779d44ea6.txt"))),
        ("target-online-payment", target_view(be, "thanh toán trực tuyến")),
        ("all-seeds", all_view(be)),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="an existing store (default: build ../shared/seeds into a temporary one)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="cchc-shots-"))
    store = args.store or str(tmp / "store")
    if not args.store:
        subprocess.run([*CLI, "build", str(SEEDS), "--store", store], cwd=ROOT, check=True)
    from cchc_kg.viz.render import write_html

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, view in views(store):
        html = write_html(view, tmp / f"{name}.html")
        with Chromium(extra_flags=OFFLINE_FLAGS, window=WINDOW) as b:
            page = b.new_page()
            page.goto(html.as_uri())
            page.wait_for("window.cchcViz && cchcViz.ready", timeout=60)
            errors = page.console_errors()
            if errors:
                print(f"{name}: console errors: {errors}", file=sys.stderr)
                return 1
            px = page.evaluate("cchcViz.labelPx()")
            if px < 11:
                print(f"{name}: labels drawn at {px:.1f} px (< 11)", file=sys.stderr)
                return 1
            png = page.screenshot(out / f"{name}.png")
        print(f"wrote {png} (labels {px:.1f} px)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
