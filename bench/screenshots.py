"""Screenshots of ``cchc-kg viz`` pages for the docs (docs/img/*.png).

Builds the seed documents into a store (or uses ``--store``), writes the
three documented views with the real CLI, opens each page in headless
Chromium (network off) and saves a PNG:

* docs/img/focus-long-phu.png            --focus ../shared/seeds/003_dad5fdeea82cee8c.txt
* docs/img/responsibilities-can-tho.png  --responsibilities ../shared/seeds/004_1b521d6779d44ea6.txt
* docs/img/target-online-payment.png     --target "thanh toán trực tuyến"

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
SHOTS = [
    ("focus-long-phu", ["--focus", "../shared/seeds/003_dad5fdeea82cee8c.txt", "--depth", "2"], (1400, 800)),
    ("responsibilities-can-tho", ["--responsibilities", "../shared/seeds/004_1b521d6779d44ea6.txt"], (1900, 1150)),
    ("target-online-payment", ["--target", "thanh toán trực tuyến"], (1700, 1000)),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="an existing store (default: build ../shared/seeds into a temporary one)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="cchc-shots-"))
    store = args.store or str(tmp / "store")
    if not args.store:
        subprocess.run([*CLI, "build", "../shared/seeds", "--store", store], cwd=ROOT, check=False)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, opts, size in SHOTS:
        html = tmp / f"{name}.html"
        subprocess.run([*CLI, "viz", *opts, "--store", store, "-o", str(html)], cwd=ROOT, check=True)
        with Chromium(extra_flags=OFFLINE_FLAGS, window=size) as b:
            page = b.new_page()
            page.goto(html.as_uri())
            page.wait_for("window.cchcViz && cchcViz.ready", timeout=60)
            errors = page.console_errors()
            if errors:
                print(f"{name}: console errors: {errors}", file=sys.stderr)
                return 1
            png = page.screenshot(out / f"{name}.png")
        print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
