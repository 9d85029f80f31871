"""cchc_kg.loaders.readers and cchc_kg.loaders.discover over every fixture kind (generated in tmp)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from cchc_kg.kg.errors import InputError, UnreadableFileError
from cchc_kg.kg.model import SourceText
from cchc_kg.loaders.discover import discover, is_document
from cchc_kg.loaders.readers import html_to_text, read_bytes, read_source, sniff_format


def _load_generator():
    path = Path(__file__).parent / "fixtures" / "readers" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("reader_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("reader_fixtures", module)
    spec.loader.exec_module(module)
    return module


fx = _load_generator()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return fx.make_all(tmp_path_factory.mktemp("readers"))


HEAD = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
ROW = "2 | Số hóa hồ sơ, kết quả giải quyết | Văn phòng UBND tỉnh | Năm 2023"
DOC = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;"

# (fixture, format, encoding, texts that must appear, warning fragment or "")
OK_CASES = [
    ("utf8.txt", "txt", "utf-8", [HEAD, DOC], ""),
    ("utf8-bom.txt", "txt", "utf-8-sig", [HEAD], ""),
    ("utf16.txt", "txt", "utf-16-le", [HEAD, DOC], ""),
    ("utf16be-nobom.txt", "txt", "utf-16-be", [HEAD], "no byte-order mark"),
    ("nfd.txt", "txt", "utf-8", [HEAD, DOC], ""),
    ("cp1258.txt", "txt", "cp1258", [HEAD, DOC], "Windows-1258"),
    ("tcvn3.txt", "txt", "tcvn3", [HEAD, DOC], "decoded from TCVN3 (ABC) legacy encoding"),
    ("vni.txt", "txt", "vni", [HEAD, DOC], "decoded from VNI legacy encoding"),
    ("mojibake.txt", "txt", "utf-8", [HEAD, DOC], "mojibake"),
    ("plan.md", "md", "utf-8", ["**Số: 12/KH-UBND**", DOC], ""),
    ("NOEXT", "txt", "utf-8", [HEAD], ""),
    ("plan.docx", "docx", "unicode", ["ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSố: 12/KH-UBND\n" + HEAD, DOC, ROW], ""),
    ("vntime.docx", "docx", "tcvn3", ["ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH", HEAD, DOC, ROW], "TCVN3"),
    ("text.pdf", "pdf", "unicode", [HEAD, DOC], ""),
    ("owner-only.pdf", "pdf", "unicode", [HEAD], "owner password only"),
    ("vbpl.html", "html", "utf-8", ["Số: 12/KH-UBND\n" + HEAD, DOC, ROW], ""),
    ("vbpl-cp1258.htm", "html", "cp1258", [HEAD, DOC, ROW], ""),
    ("tvpl.html", "html", "utf-8", [HEAD, DOC, ROW], ""),
    ("plain.html", "html", "utf-8", [HEAD, DOC, ROW], "no known content container"),
    ("saved-page", "html", "utf-8", [HEAD, DOC], ""),
]

# (fixture, reason, hint fragment)
ERROR_CASES = [
    ("empty.txt", "empty file", "remove it"),
    ("blank.txt", "no text found in txt file", "right document"),
    ("junk.bin.txt", "not a text document", ".docx"),
    ("picture.txt", "image file, not a text document", "OCR"),
    ("archive.zip.txt", "zip archive that is not a Word .docx document", "unpack"),
    ("truncated.docx", "damaged or truncated .docx (not a valid zip archive)", "re-save"),
    ("damaged.docx", "damaged .docx (XMLSyntaxError", "re-save"),
    ("encrypted.docx", "password-protected Office document", "remove the password"),
    ("legacy.doc", "legacy Word 97-2003 .doc (or other OLE) format is not supported", "save it as .docx"),
    ("scan.pdf", "PDF has no text layer (scanned image)", "run OCR (e.g. ocrmypdf) and load the result"),
    ("encrypted.pdf", "password-protected PDF", "qpdf --decrypt"),
    ("truncated.pdf", "damaged or truncated PDF", "re-download"),
]
CHROME = ["Trang chủ", "Bản quyền", "tracking", "Văn bản liên quan", "Đăng nhập", "Liên kết website", "Liên hệ"]


@pytest.mark.parametrize("name,fmt,encoding,texts,warning", OK_CASES, ids=[c[0] for c in OK_CASES])
def test_read_source(files, name: str, fmt: str, encoding: str, texts: list[str], warning: str) -> None:
    src = read_source(files[name], display_path=f"in/{name}")
    assert isinstance(src, SourceText)
    assert (src.path, src.format, src.encoding) == (f"in/{name}", fmt, encoding)
    assert src.sha256 == hashlib.sha256(files[name].read_bytes()).hexdigest()
    for text in texts:
        assert text in src.text
    for junk in CHROME:
        assert junk not in src.text
    if warning:
        assert any(warning in w for w in src.warnings), src.warnings
    else:
        assert src.warnings == ()


@pytest.mark.parametrize("name,reason,hint", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_read_source_errors(files, name: str, reason: str, hint: str) -> None:
    with pytest.raises(UnreadableFileError) as info:
        read_source(files[name], display_path=name)
    err = info.value
    assert err.path == name and err.reason.startswith(reason) and hint in err.hint
    message = str(err)
    assert message.startswith(f"{name}: {reason}") and "\n" not in message


def test_docx_keeps_document_order(files) -> None:
    text = read_source(files["plan.docx"]).text
    lines = text.splitlines()
    assert lines.index("KẾ HOẠCH") < lines.index("STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian")
    assert lines[-1] == "Nơi nhận: như trên."
    assert sum(" | " in line for line in lines) == len(fx.TABLE)


def test_html_table_rows_and_header(files) -> None:
    lines = read_source(files["vbpl.html"]).text.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH", "Số: 12/KH-UBND"]
    assert "STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian" in lines


@pytest.mark.parametrize(
    "path,reason",
    [("missing.txt", "no such file"), (".", "is a directory")],
)
def test_unreadable_paths(tmp_path, path: str, reason: str) -> None:
    with pytest.raises(UnreadableFileError, match=reason):
        read_source(tmp_path / path)


@pytest.mark.parametrize("module,package,name", [("docx", "python-docx", "plan.docx"), ("pypdf", "pypdf", "text.pdf"),
                                                 ("bs4", "beautifulsoup4", "vbpl.html")])
def test_missing_optional_package(files, monkeypatch, module: str, package: str, name: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    with pytest.raises(UnreadableFileError) as info:
        read_source(files[name])
    assert package in info.value.reason and info.value.hint == f"pip install {package}"


@pytest.mark.parametrize("kind", ["txt", "html", "tcvn3"])
def test_enormous_files_are_linear(tmp_path, kind: str) -> None:
    paragraph = fx.BODY.replace("\n", " ") + "\n"
    repeat = 650_000 // len(paragraph) + 1
    if kind == "txt":
        data = (paragraph * repeat).encode()
    elif kind == "tcvn3":
        data = fx.encode_legacy(paragraph * repeat, "tcvn3")
    else:
        data = ("<html><body><div id='toanvancontent'>" + f"<p>{paragraph}</p>" * repeat + "</div></body></html>").encode()
    path = tmp_path / f"big.{'html' if kind == 'html' else 'txt'}"
    path.write_bytes(data)
    src = read_source(path)
    assert len(src.text) > 600_000


SNIFF_CASES = [
    (b"%PDF-1.7\n", "", "pdf"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", ".txt", "html"),
    (b"<p>inline html in markdown</p>", ".md", "md"),
    (b"<html><body>x</body></html>", "", "html"),
    (b"{\\rtf1\\ansi", ".txt", "rtf"),
    (b"", ".txt", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc", "doc"),
    ("Điều 1.".encode(), ".TXT", "txt"),
]


@pytest.mark.parametrize("data,suffix,fmt", SNIFF_CASES)
def test_sniff_format(data: bytes, suffix: str, fmt: str) -> None:
    assert sniff_format(data, suffix) == fmt


def test_read_bytes_matches_read_source(files) -> None:
    data = files["utf8.txt"].read_bytes()
    assert read_bytes(data, "x.txt", suffix=".txt") == read_source(files["utf8.txt"], display_path="x.txt")


def test_html_selectors_are_a_strategy() -> None:
    page = "<body><div class='menu'>Trang chủ</div><div class='vanban'><p>Điều 1.</p></div></body>"
    assert html_to_text(page, selectors=(".vanban",)) == ("Điều 1.", [])


# ---------------------------------------------------------------- discover
def test_discover(files) -> None:
    root = next(iter(files.values())).parent
    (root / ".hidden").mkdir(exist_ok=True)
    (root / ".hidden" / "x.txt").write_text("Điều 1.", encoding="utf-8")
    (root / "~$plan.docx").write_bytes(b"lock")
    (root / "data.json").write_text("{}", encoding="utf-8")
    (root / "blob").write_bytes(bytes(range(256)) * 8)
    found = {p.name for p in discover([root])}
    assert {"utf8.txt", "plan.docx", "text.pdf", "vbpl.html", "NOEXT", "saved-page", "plan.md"} <= found
    assert not found & {"x.txt", "~$plan.docx", "data.json", "blob"}
    assert "legacy.doc" not in found  # unknown extension, OLE content


def test_discover_sorted_unique_and_explicit(files, tmp_path) -> None:
    a, b = files["utf8.txt"], files["plan.docx"]
    assert discover([b, a, a]) == sorted([a, b], key=lambda p: p.as_posix())
    assert discover([files["legacy.doc"]]) == [files["legacy.doc"]]  # named files always kept
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])


@pytest.mark.parametrize("name,expected", [("a.PDF", True), ("a.json", False), ("a.htm", True)])
def test_is_document_by_extension(tmp_path, name: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_bytes(b"{}")
    assert is_document(path) is expected


# ---------------------------------------------------------------- real files
def test_seeds_read(seeds_dir) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        src = read_source(path)
        assert src.format == "txt" and src.encoding == "utf-8" and len(src.text) > 1000


@pytest.mark.slow
def test_gazette_corpus_reads(corpus_dir) -> None:
    paths = sorted(corpus_dir.glob("*.txt"))
    assert paths
    for path in paths:
        src = read_source(path)
        assert src.text and src.encoding == "utf-8", path.name
