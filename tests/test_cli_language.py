"""Issue 15 on the seeds: Vietnamese by default, handles that round-trip, global options anywhere, the "lược đồ" page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_kg.cli import app

runner = CliRunner()
VINH_LONG = "000_3e13e4f5f52b4654.txt"
CAN_THO = "004_1b521d6779d44ea6.txt"

#: codes and English words a Vietnamese reader must never meet in text output
FORBIDDEN = re.compile(r"\bbased_on\b|\bscore\b|undetermined|ageing|reduce>=|different-year|>=|\bkh/nd/nn-|\[stub\]|"
                       r"\[catalog\]|\blineage\b|\bimplements\b|\bcites\b|\b(?:tthc|the-che|chinh-phu-so|cong-vu)\b|"
                       r"\b(?:lead|support|standing)\b|\d{4}-\d\d-\d\d")


def run(*args: str, code: int | None = 0, env: dict[str, str] | None = None):
    res = runner.invoke(app, list(args), env=env)
    if code is not None:
        assert res.exit_code == code, f"{args}: exit {res.exit_code}: {res.output}"
    return res


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("lang") / "store"
    run("build", *(str(p) for p in sorted(seeds_dir.glob("0*.txt"))), "--store", str(st))
    return st


def handles(text: str) -> list[str]:
    """The handle each document line starts with (everything before ' — ')."""
    return [ln.split(" — ", 1)[0].strip() for ln in text.splitlines() if " — " in ln]


def test_every_handle_printed_by_docs_resolves_back_to_its_document(store: Path) -> None:
    rows = json.loads(run("docs", "--all", "--store", str(store), "--json").stdout)
    text = run("docs", "--all", "--store", str(store)).stdout
    printed = handles(text)
    assert len(printed) == len(rows) >= 40
    assert not [h for h in printed if "/nn-" in h or h.startswith("http")], printed  # no internal keys
    for h, d in zip(printed, rows):
        assert d["handle"] == h  # the JSON carries the same handle
        shown = json.loads(run("show", h, "--store", str(store), "--json").stdout)
        assert shown["document"]["iri"] == d["iri"], h
    unnumbered = [h for h in printed if "không số" in h]
    assert len(unnumbered) == 4 and all(re.search(r" #[0-9a-f]{4}$", h) for h in unnumbered)


def test_handles_printed_by_show_bases_and_cited_by_are_accepted(store: Path) -> None:
    page = run("show", "76/NQ-CP 2021", "--store", str(store)).stdout
    lines = [ln.strip() for ln in page.splitlines()[1:] if " — " in ln and not ln.strip().startswith("«")]
    tree = run("bases", "53/KH-UBND 2022", "--store", str(store)).stdout
    lines += [ln.split(": ", 1)[1] for ln in tree.splitlines() if " — " in ln and ": " in ln and not ln.strip().startswith("«")]
    cited = run("cited-by", "76/NQ-CP 2021", "--store", str(store)).stdout
    lines += [ln.split(": ", 1)[1] for ln in cited.splitlines() if " — " in ln and not ln.strip().startswith("«")]
    assert len(lines) >= 8
    for h in handles("\n".join(lines)):
        for cmd in ("show", "bases", "cited-by"):
            assert run(cmd, h, "--store", str(store), code=None).exit_code in (0, 1), (cmd, h)  # 1 = no citers


def test_global_options_before_or_after_the_subcommand(store: Path) -> None:
    after = run("docs", "--store", str(store), "--json").stdout
    before = run("--store", str(store), "--json", "docs").stdout
    assert json.loads(after) == json.loads(before)
    en_after = run("docs", "--store", str(store), "--lang", "en").stdout
    en_before = run("--lang", "en", "docs", "--store", str(store)).stdout
    assert en_after == en_before and " dated " in en_after and "[catalog]" in en_after
    vi = run("docs", "--store", str(store)).stdout
    assert " ngày " in vi and "[danh mục]" in vi and vi != en_after
    assert run("docs", "--store", str(store), env={"CCHC_KG_LANG": "en"}).stdout == en_after
    loud = run("docs", "--store", str(store))
    quiet = run("docs", "-q", "--store", str(store))
    assert re.search(r"^\d+ văn bản$", loud.stderr, re.M) and quiet.stderr == "" and quiet.stdout == loud.stdout
    assert run("-q", "docs", "--store", str(store)).stderr == ""
    verbose = run("docs", "-v", "--store", str(store)).stdout
    assert "<../" in verbose or "seeds" in verbose  # -v adds the source files
    assert run("docs", "--lang", "fr", "--store", str(store), code=2).exit_code == 2


def test_version_and_shell_completion() -> None:
    import cchc_kg

    assert run("--version").stdout.strip() == f"cchc-kg {cchc_kg.__version__}"
    script = run("--show-completion", "bash").stdout
    assert "complete" in script and "cchc_kg" in script.lower().replace("-", "_")


def test_text_output_is_vietnamese_without_codes(store: Path, seeds_dir: Path) -> None:
    outputs = {
        "docs": run("docs", "--store", str(store)).stdout,
        "show": run("show", "64/KH-UBND 2022", "--store", str(store)).stdout,
        "bases": run("bases", str(seeds_dir / VINH_LONG), "--store", str(store), "--as-of", "2026-01-01").stdout,
        "cited-by": run("cited-by", "76/NQ-CP 2021", "--store", str(store)).stdout,
        "targets": run("targets", "64/KH-UBND 2022", "--store", str(store)).stdout,
        "implements": run("implements", "dịch vụ công trực tuyến toàn trình", "--store", str(store)).stdout,
        "agencies": run("agencies", "--doc", "64/KH-UBND 2022", "--store", str(store)).stdout,
        "coverage": run("coverage", "--store", str(store)).stdout,
    }
    for name, text in outputs.items():
        assert text.strip(), name
        hits = sorted({m.group(0) for m in FORBIDDEN.finditer(text)})
        assert not hits, (name, hits)
    assert "giảm tối thiểu 20 %" in outputs["targets"] and "Cải cách thủ tục hành chính" in outputs["targets"]
    assert re.search(r"\b(?:bằng|cao hơn|thấp hơn|khác năm)\b", outputs["implements"])
    assert "chủ trì" in outputs["agencies"] and "thường trực" in outputs["agencies"]
    assert "căn cứ: " in outputs["bases"] and "[còn hiệu lực ngày 01/01/2026]" in outputs["bases"]
    en = run("targets", "64/KH-UBND 2022", "--store", str(store), "--lang", "en").stdout
    assert "reduce by at least 20%" in en and "Administrative procedure reform" in en


def test_show_is_a_page_with_both_directions_and_centred_evidence(store: Path, seeds_dir: Path) -> None:
    page = run("show", "76/NQ-CP 2021", "--store", str(store), "--as-of", "2026-01-01").stdout
    assert "Tình trạng: còn hiệu lực ngày 01/01/2026" in page and "Lược đồ văn bản:" in page
    assert "được căn cứ bởi (2):" in page and "được thực hiện bởi (2):" in page and "kế tiếp (1):" in page
    assert "KH không số UBND tỉnh Vĩnh Long #be77" in page
    evidence = [ln for ln in page.splitlines() if ln.strip().startswith("«")]
    assert evidence and all("76/NQ-CP" in ln for ln in evidence)  # each window holds the cited number
    old = run("show", "30c/NQ-CP 2011", "--store", str(store)).stdout
    assert "được kế tiếp bởi (1):" in old and "76/NQ-CP 2021" in old  # the inverse of "kế tiếp"
    plan = run("show", str(seeds_dir / VINH_LONG), "--store", str(store)).stdout
    assert "căn cứ (" in plan  # the file holds the decision and the plan it issues: both pages, both directions
    assert "    ban hành kèm theo (1):" in plan and "    được ban hành kèm theo (1):" in plan
    en = run("show", "76/NQ-CP 2021", "--store", str(store), "--as-of", "2026-01-01", "--lang", "en").stdout
    assert "basis of (2):" in en and "implemented by (2):" in en and "Status: in force on 2026-01-01" in en


def test_a_long_preamble_sentence_is_cut_around_the_cited_number(store: Path) -> None:
    page = run("show", "HD 3759/BNV-CCHC 2021", "--store", str(store)).stdout
    lines = [ln for ln in page.splitlines() if ln.strip().startswith("«")]
    assert lines and all("3759" in ln for ln in lines), lines


def test_json_keeps_its_keys_and_adds_labels(store: Path) -> None:
    data = json.loads(run("show", "64/KH-UBND 2022", "--store", str(store), "--json").stdout)
    assert {"document", "relations", "cited_by", "validity"} <= set(data)
    rel = data["relations"][0]
    assert rel["relation"] in ("cites", "implements") and rel["relation_label"] in ("dẫn chiếu", "thực hiện")
    assert data["document"]["handle"] == "64/KH-UBND 2022" and data["in_force_at"] is None
    assert {e["relation"] for e in data["incoming"]} <= {"based_on", "implements", "cites", "promulgates"}
    en = json.loads(run("show", "64/KH-UBND 2022", "--store", str(store), "--json", "--lang", "en").stdout)
    assert en["relations"][0]["relation_label"] in ("cites", "implements")


def test_roles_and_areas_by_their_vietnamese_names(store: Path) -> None:
    def rows(*args: str) -> list[dict]:
        return json.loads(run("agencies", "--doc", "64/KH-UBND 2022", *args, "--store", str(store), "--json").stdout)

    lead = rows("--role", "lead", "--area", "tthc")
    assert lead and rows("--role", "chủ trì", "--area", "Cải cách thủ tục hành chính") == lead
    assert rows("--role", "chu tri", "--area", "cai cach thu tuc hanh chinh") == lead
    assert rows("--role", "phoi hop") == rows("--role", "support")
    assert rows("--role", "thường trực") == rows("--role", "standing")
    bad = run("agencies", "--role", "giám đốc", "--store", str(store), code=2)
    assert "chủ trì" in bad.output


def test_common_failures_are_one_vietnamese_line(tmp_path: Path) -> None:
    from cchc_kg.cli.edge import failure_message
    from cchc_kg.kg.labels import translate_message

    res = run("docs", "--store", str(tmp_path / "none"), code=2)
    assert res.output == f"lỗi: chưa có kho đồ thị tại {tmp_path / 'none'} (chạy `cchc-kg build PATH --store {tmp_path / 'none'}` trước)\n"
    res = run("build", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s"), code=2)
    assert res.output.startswith("lỗi: không có tệp hoặc thư mục:")
    full = failure_message(OSError(28, "No space left on device", "out.nq"), [])
    assert translate_message(full).startswith("hết dung lượng đĩa (out.nq): giải phóng bớt")
    damaged = failure_message(OSError("Corruption: block checksum mismatch"), ["docs", "--store", "st"])
    assert translate_message(damaged) == ("kho tại st bị hỏng: xây dựng lại bằng `cchc-kg build --force PATH… --store st` "
                                          "(hoặc xoá thư mục rồi xây dựng lại)")
    assert run("--lang", "en", "docs", "--store", str(tmp_path / "none"), code=2).output.startswith("error: no graph store")


def test_implements_names_the_probable_link_when_the_chain_stops_short(store: Path) -> None:
    text = run("implements", "mức độ hài lòng sự phục vụ của cơ quan hành chính nhà nước", "--store", str(store)).stdout
    assert "liên kết suy ra (chưa có trong văn bản): 26-CTr/TU 2021 → 76/NQ-CP 2021, qua chỉ tiêu B33" in text
    for place in ("Vĩnh Long", "Thừa Thiên Huế", "Long Phú", "Cần Thơ"):
        assert place in text
    assert not FORBIDDEN.search(text)


# English library messages a person may meet at the CLI edge, each reworded in Vietnamese by default
_ENGLISH_MESSAGES = [
    "the store /tmp/st is being written by pid 42; wait for it to finish",
    "the store /tmp/st is in use by another writer; wait for it to finish",
    "the store /tmp/st was being written by pid 42, which is no longer running, but processes 43 still hold its lock: stop them (kill 43) and run again",
    "plan.txt: unreadable (--strict: stopping)",
    "cannot read /tmp/a.txt: Permission denied",
    "/tmp/fifo is a FIFO, not a document file: pass files or folders",
    "no such query file: q.rq",
    "unknown report 'x'; use one of agencies, coverage",
    "report show needs exactly one --doc",
    "no endpoint: pass --endpoint URL or set CCHC_SPARQL_ENDPOINT",
    "authentication failed: the server refused the login",
]


@pytest.mark.parametrize("message", _ENGLISH_MESSAGES)
def test_library_messages_are_vietnamese_by_default_and_english_on_request(message: str) -> None:
    from cchc_kg.kg.labels import translate_message

    vi = translate_message(message, "vi")
    assert vi != message and not any(w in vi for w in ("the store", "cannot", "pass ", "wait for", "needs", "stopping"))
    assert translate_message(message, "en") == message


@pytest.mark.parametrize("key", ["note-took-over", "note-moved-damaged", "interrupted", "terminated", "wiped", "wrote-csv",
                                 "wrote-cypher", "wrote-graph", "put-graphs", "serving",
                                 "confirm-wipe", "pushing", "pushed", "import-hint"])
def test_status_lines_have_both_languages(key: str) -> None:
    from cchc_kg.kg.labels import PHRASES

    vi, en = PHRASES[key]
    assert vi != en and vi.count("{") == en.count("{")
