"""The transcript of scripts/transcript.py (over ../shared/seeds, written outside the tree): every handle a command gets comes from an earlier output."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("transcript", ROOT / "scripts" / "transcript.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    import sys

    sys.modules["transcript"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_the_script_runs_each_command_and_reuses_earlier_handles(seeds_dir: Path, tmp_path: Path) -> None:
    t = load_script()
    steps = t.run_steps(seeds_dir.resolve(), tmp_path / ".cchc-kg")
    assert len(steps) >= 15 and {s.who for s in steps} == {"Cán bộ pháp chế", "Chuyên viên kế hoạch"}
    for i, s in enumerate(steps):
        assert s.code == s.expect, (s.args, s.code, s.out[-500:])
        for h in s.handles:
            assert h in s.args
            assert any(h in earlier.out for earlier in steps[:i]), (h, s.args)
    assert sum(len(s.handles) for s in steps) >= 10
    md = t.render(steps)
    assert md.count("$ cchc-kg ") == len(steps) and "[mã thoát 1]" in md  # check reports its findings
    assert (tmp_path / "phan-cong-can-tho.xlsx").stat().st_size > 0


def test_the_rendered_transcript_reuses_handles_from_earlier_outputs(seeds_dir: Path, tmp_path: Path) -> None:
    t = load_script()
    out = tmp_path / "transcript.md"
    assert t.main(["--seeds", str(seeds_dir.resolve()), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    seen = ""
    used = 0
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        cmd, _, output = block.partition("\n")
        args = shlex.split(cmd.removeprefix("$ cchc-kg "))
        for a in args:
            if re.search(r"\d+[a-z]?/|\d+-[A-Z]|không số", a):  # a document handle
                assert a in seen, (a, cmd)
                used += 1
        seen += output
    assert used >= 10
