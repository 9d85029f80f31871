"""Write a transcript: a legal officer's and a planner's work, in Vietnamese, with real outputs.

Every command runs for real (the ``cchc-kg`` console script, in a fresh
store built from the seed documents); every document handle a command is
given is taken from the output of an earlier command (:func:`pick`), never
typed in, so the transcript shows that handles round-trip. The outputs quote
the seed documents (titles, evidence sentences), so the transcript is written
outside the repository's tracked files (``build/``, ignored) and never committed::

    .venv/bin/python scripts/transcript.py            # → build/transcript.md
    .venv/bin/python scripts/transcript.py --seeds ../shared/seeds --out /tmp/t.md

``tests/test_transcript.py`` runs it and checks each step's exit code and
that each handle came from an earlier output.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 24


@dataclass
class Step:
    """One command of the transcript and what came of it."""

    who: str
    why: str
    args: list[str]
    expect: int = 0
    handles: list[str] = field(default_factory=list)  # handles given to the command (taken from earlier outputs)
    code: int = -1
    out: str = ""
    err: str = ""


def cchc_kg() -> list[str]:
    """The console script next to this Python (the one the project installs), else on PATH."""
    exe = Path(sys.executable).with_name("cchc-kg")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("cchc-kg")
    if found:
        return [found]
    return [sys.executable, "-c", "from cchc_kg.cli import main; main()"]


def pick(text: str, *words: str) -> str:
    """The handle of the first document line of ``text`` holding every one of ``words``.

    >>> pick("53/KH-UBND 2022 — KH ngày 31/05/2022, UBND huyện Long Phú: …\\n", "Long Phú")
    '53/KH-UBND 2022'
    """
    for line in text.splitlines():
        body = line.strip()
        for prefix in ("  ", ):
            body = body.removeprefix(prefix)
        if ": " in body.split(" — ", 1)[0]:  # "căn cứ: 76/NQ-CP 2021 — …" (bases, cited-by)
            body = body.split(": ", 1)[1]
        if " — " in body and all(w in line for w in words):
            return body.split(" — ", 1)[0].strip()
    raise LookupError(f"no document line with {words!r} in:\n{text}")


def run_steps(seeds: Path, store: Path) -> list[Step]:
    """Run the two sessions; each step's arguments may use the outputs of the steps before it."""
    env = {**os.environ, "CCHC_KG_STORE": store.name, "COLUMNS": "200"}
    work = store.parent
    link = work / "seeds"
    if not link.exists():
        link.symlink_to(seeds, target_is_directory=True)
    env.pop("CCHC_KG_LANG", None)
    steps: list[Step] = []

    def do(who: str, why: str, args: list[str], expect: int = 0, handles: tuple[str, ...] = ()) -> Step:
        s = Step(who, why, args, expect, list(handles))
        p = subprocess.run(cchc_kg() + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                           cwd=str(work), timeout=600)
        s.code, s.out = p.returncode, p.stdout
        steps.append(s)
        return s

    seed_files = sorted(f"seeds/{p.name}" for p in seeds.glob("0*.txt"))
    officer, planner = "Cán bộ pháp chế", "Chuyên viên kế hoạch"
    do(officer, "Nạp năm văn bản mẫu vào kho; dòng tóm tắt cho biết số văn bản, dẫn chiếu, chỉ tiêu và phân công đã ghi.", ["build", *seed_files])
    docs = do(officer, "Xem các văn bản đã nạp: mỗi dòng bắt đầu bằng ký hiệu tra cứu dùng được cho mọi lệnh.",
              ["docs", "--loaded"])
    vl = pick(docs.out, "Vĩnh Long", "KH")
    page = do(officer, "Mở lược đồ của kế hoạch Vĩnh Long (văn bản không số: ký hiệu tra cứu gồm loại, cơ quan và mã ngắn).",
              ["show", vl], handles=(vl,))
    nq76 = pick(page.out, "Chính phủ", "76/NQ-CP")
    do(officer, "Truy chuỗi căn cứ pháp lý và hiệu lực của từng căn cứ tại ngày 01/01/2026.",
       ["bases", vl, "--as-of", "2026-01-01"], handles=(vl,))
    do(officer, "Nghị quyết 76 (lấy từ lược đồ ở trên) được những văn bản nào căn cứ, thực hiện?",
       ["cited-by", nq76], handles=(nq76,))
    do(officer, "Lược đồ của chính Nghị quyết 76, hai chiều, tình trạng hiệu lực hôm nay.", ["show", nq76], handles=(nq76,))
    tg = pick(docs.out, "Tiền Giang")
    chk = do(officer, "Kiểm tra kế hoạch cũ của Tiền Giang: văn bản dẫn chiếu đã hết hiệu lực, cơ quan đã sắp xếp lại "
             "(mã thoát 1 = có phát hiện).", ["check", tg, "--as-of", "2026-01-01", "--min-severity", "warning"],
             expect=1, handles=(tg,))
    nd = pick(page.out, "NĐ ngày")
    do(officer, "Nghị định kế hoạch Vĩnh Long dẫn chiếu (lấy từ lược đồ ở trên) còn hiệu lực không? Lược đồ tại ngày 01/01/2026.",
       ["show", nd, "--as-of", "2026-01-01"], handles=(nd,))
    do(officer, "Cùng lược đồ bằng tiếng Anh cho đối tác (JSON vẫn giữ nguyên khoá).",
       ["--lang", "en", "show", nq76], handles=(nq76,))

    imp = do(planner, "Những kế hoạch nào thực hiện chỉ tiêu dịch vụ công trực tuyến toàn trình?",
             ["implements", "dịch vụ công trực tuyến toàn trình"])
    do(planner, "Chỉ tiêu hài lòng về sự phục vụ của cơ quan hành chính nhà nước (90 % năm 2025, 95 % năm 2030).",
       ["implements", "mức độ hài lòng sự phục vụ của cơ quan hành chính nhà nước"])
    ct = pick(imp.out, "Cần Thơ")
    do(planner, "Các chỉ tiêu cải cách thủ tục hành chính của kế hoạch Cần Thơ (ký hiệu lấy từ kết quả trên).",
       ["targets", ct, "--area", "cải cách thủ tục hành chính"], handles=(ct,))
    do(planner, "Cơ quan nào chủ trì nhiệm vụ thủ tục hành chính ở Cần Thơ? (vai trò, lĩnh vực gõ không dấu cũng được)",
       ["agencies", "--doc", ct, "--role", "chu tri", "--area", "thu tuc hanh chinh"], handles=(ct,))
    do(planner, "Nhiệm vụ của Sở Nội vụ Cần Thơ.", ["agency", "Sở Nội vụ thành phố Cần Thơ"])
    lp = pick(imp.out, "Long Phú")
    do(planner, "So sánh chỉ tiêu của Cần Thơ và Long Phú với chỉ tiêu quốc gia.",
       ["coverage", "--of", ct, "--of", lp], handles=(ct, lp))
    do(planner, "Xuất bảng phân công của Cần Thơ ra tệp Excel để gửi các sở.",
       ["report", "agencies", "--doc", ct, "-o", "phan-cong-can-tho.xlsx"], handles=(ct,))
    return steps


def render(steps: list[Step], store_name: str = ".cchc-kg") -> str:
    """The transcript as Markdown (long outputs shortened to their first lines)."""
    out = ["# Nhật ký sử dụng: cán bộ pháp chế và chuyên viên kế hoạch", "",
           "Sinh tự động bởi `scripts/transcript.py` trên kho xây dựng từ `../shared/seeds` (chạy lại để cập nhật).",
           "Mọi ký hiệu văn bản đưa vào một lệnh đều lấy từ kết quả của một lệnh trước đó. Kho đặt bằng biến môi "
           f"trường `CCHC_KG_STORE={store_name}`.", ""]
    who = None
    for s in steps:
        if s.who != who:
            who = s.who
            out += [f"## {who}", ""]
        out += [s.why, "", "```console", "$ cchc-kg " + " ".join(shlex.quote(a) for a in s.args)]
        lines = s.out.rstrip("\n").splitlines()
        lines = [ln for ln in lines if "\r" not in ln and ln.strip() != "đang xây dựng"]  # progress bar (not a terminal)
        shown = lines[:MAX_LINES]
        out += shown
        if len(lines) > MAX_LINES:
            out.append(f"… (còn {len(lines) - MAX_LINES} dòng)")
        if s.code:
            out.append(f"[mã thoát {s.code}]")
        out += ["```", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "transcript.md")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        steps = run_steps(a.seeds.resolve(), Path(tmp) / ".cchc-kg")
    bad = [s for s in steps if s.code != s.expect]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(render(steps), encoding="utf-8")
    for s in bad:
        print(f"step {s.args}: exit {s.code}, expected {s.expect}\n{s.err}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
