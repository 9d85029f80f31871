"""Bad input through the CLI: one clear line per file, the batch goes on, --strict stops."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cchc_kg.cli.core import app

runner = CliRunner()
PLAN = """ỦY BAN NHÂN DÂN
TỈNH XANH
Số: 12/KH-UBND
Xanh, ngày 01 tháng 4 năm 2022
KẾ HOẠCH
Cải cách hành chính năm 2022
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;
"""


def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_plan.txt").write_text(PLAN, encoding="utf-8")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_junk.txt").write_bytes(bytes(range(256)) * 40)
    (d / "d_notes.txt").write_text("Ghi chú họp, không phải văn bản.\n", encoding="utf-8")
    (d / "e_broken.docx").write_bytes(b"PK\x03\x04 truncated")
    return d


def test_problems_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    store = tmp_path / "store"
    res = runner.invoke(app, ["build", str(folder(tmp_path)), "--store", str(store), "--json"])
    assert res.exit_code == 1, res.output
    summary = json.loads(res.stdout)
    assert (summary["loaded"], summary["failed"]) == (1, 4)
    problems = {Path(p["path"]).name: p for p in summary["problems"]}
    assert set(problems) == {"b_empty.txt", "c_junk.txt", "d_notes.txt", "e_broken.docx"}
    for name, p in problems.items():
        assert p["error"].startswith(p["path"]) and p["reason"] in ("UnreadableFileError", "NoIdentityError", "NotOfficialDocumentError"), p
    assert "empty" in problems["b_empty.txt"]["error"]
    assert "leave it out" in problems["d_notes.txt"]["error"]  # what to do
    docs = json.loads(runner.invoke(app, ["docs", "--loaded", "--json", "--store", str(store)]).stdout)
    assert [d["symbol"] for d in docs] == ["12/KH-UBND"]
    # the text summary names every problem on its own line
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "--store", str(store), "--force"])
    lines = [ln for ln in res.output.splitlines() if ln.startswith("vấn đề: ")]
    assert len(lines) == 4


def test_strict_stops_at_the_first_problem(tmp_path: Path) -> None:
    res = runner.invoke(app, ["build", str(folder(tmp_path)), "--store", str(tmp_path / "s"), "--strict"])
    assert res.exit_code == 2
    assert "--strict" in res.output and "b_empty.txt" in res.output


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["build", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "không có tệp hoặc thư mục" in res.output
    res = runner.invoke(app, ["--lang", "en", "build", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "no such file or folder" in res.output
