"""cchc_kg.loaders.encodings: BOMs, UTF-16, Windows-1258, TCVN3, VNI, NFD, mojibake."""

from __future__ import annotations

import unicodedata

import pytest

from cchc_kg.loaders.encodings import (
    decode_bytes,
    encode_legacy,
    legacy_to_unicode,
    looks_binary,
    normalize_text,
    repair_legacy_text,
    vietnamese_score,
)

PHRASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "ủy ban nhân dân tỉnh ban hành kế hoạch cải cách hành chính năm 2023",
    "nâng cao chất lượng dịch vụ công trực tuyến, ứng dụng công nghệ thông tin",
    "người dân hưởng lợi, khuyến khích, giữa, mười, trưởng, sẵn sàng, ẵm, lẳng lặng",
    "ngoằn ngoèo, khuỷu tay, ỷ lại, mỹ thuật, kỹ năng, quỹ đất, kỵ, tuổi, ngoại ngữ, đắk lắk",
]
UPPER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
ALL_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    }
    | {"đ"}
)


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------- table
DECODE_CASES = [
    # (label, bytes, expected text, expected encoding, warning fragment or "")
    ("utf-8", PHRASES[0].encode("utf-8"), PHRASES[0], "utf-8", ""),
    ("utf-8 BOM", PHRASES[0].encode("utf-8-sig"), PHRASES[0], "utf-8-sig", ""),
    ("utf-16 LE BOM", PHRASES[1].encode("utf-16-le").join([b"\xff\xfe", b""]), PHRASES[1], "utf-16-le", ""),
    ("utf-16 BE BOM", b"\xfe\xff" + PHRASES[1].encode("utf-16-be"), PHRASES[1], "utf-16-be", ""),
    ("utf-16 LE no BOM", PHRASES[2].encode("utf-16-le"), PHRASES[2], "utf-16-le", "no byte-order mark"),
    ("utf-32 BOM", PHRASES[2].encode("utf-32"), PHRASES[2], "utf-32-le", ""),
    ("NFD", unicodedata.normalize("NFD", PHRASES[3]).encode(), PHRASES[3], "utf-8", ""),
    ("cp1258", encode_legacy(PHRASES[0], "cp1258"), PHRASES[0], "cp1258", "Windows-1258"),
    ("tcvn3", encode_legacy(PHRASES[2], "tcvn3"), PHRASES[2], "tcvn3", "TCVN3 (ABC)"),
    ("vni", encode_legacy(PHRASES[3], "vni"), PHRASES[3], "vni", "VNI"),
    ("vni upper", encode_legacy(UPPER, "vni"), UPPER, "vni", "VNI"),
    ("tcvn3 upper", encode_legacy(UPPER, "tcvn3"), UPPER, "tcvn3", "TCVN3"),
    (
        "tcvn3 surface in utf-8",
        encode_legacy(PHRASES[1], "tcvn3").decode("latin-1").encode("utf-8"),
        PHRASES[1][0].upper() + PHRASES[1][1:],  # sentence start re-capitalised
        "tcvn3",
        "text was utf-8",
    ),
    ("mojibake", PHRASES[4].encode().decode("latin-1").encode(), PHRASES[4], "utf-8", "mojibake"),
    ("few bad bytes", PHRASES[0].encode() + b"\xff" + PHRASES[1].encode(), None, "utf-8", "U+FFFD"),
    ("latin text", "Café crème, déjà vu".encode("latin-1"), "Café crème, déjà vu", "cp1252", "Windows-1252"),
    ("ascii", b"Nghi quyet 76/NQ-CP", "Nghi quyet 76/NQ-CP", "utf-8", ""),
    ("empty", b"", "", "utf-8", ""),
]


@pytest.mark.parametrize("label,data,text,encoding,warning", DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_decode_bytes(label: str, data: bytes, text: str | None, encoding: str, warning: str) -> None:
    got, enc, warnings = decode_bytes(data)
    assert enc == encoding
    if text is not None:
        assert got == text
    assert got == unicodedata.normalize("NFC", got)
    if warning:
        assert any(warning in w for w in warnings), warnings
    else:
        assert warnings == []


@pytest.mark.parametrize("encoding", ["vni", "tcvn3"])
@pytest.mark.parametrize("phrase", PHRASES)
def test_legacy_round_trip(encoding: str, phrase: str) -> None:
    surface = encode_legacy(phrase, encoding).decode("latin-1")
    expected = phrase
    if encoding == "tcvn3" and not phrase[0].isascii():  # TCVN3 has no "Ủ": restored at a sentence start
        expected = phrase[0].upper() + phrase[1:]
    assert legacy_to_unicode(surface, encoding) == expected


@pytest.mark.parametrize("letter", ALL_LETTERS + [c.upper() for c in ALL_LETTERS])
def test_vni_every_letter(letter: str) -> None:
    word = f"x{letter}n"
    assert legacy_to_unicode(encode_legacy(word, "vni").decode("latin-1"), "vni") == word


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_tcvn3_every_letter(letter: str) -> None:
    word = f"x{letter}n"
    assert legacy_to_unicode(encode_legacy(word, "tcvn3").decode("latin-1"), "tcvn3") == word


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_against_viparse(encoding: str) -> None:
    """Our own tables agree with viparse's (a dev-only cross-check, skipped without it)."""
    tables = pytest.importorskip("viparse.normalize.tables")
    charmap = getattr(pytest.importorskip(f"viparse.normalize.{encoding}"), encoding.upper())
    for phrase in (PHRASES[0], PHRASES[2], PHRASES[4]):
        surface = encode_legacy(phrase, encoding).decode("latin-1")
        assert tables.convert(surface, charmap) == legacy_to_unicode(surface, encoding) == phrase


PDF_GLYPH = "Th«ng t\u2212 h\u2212íng dÉn"  # ư shown as U+2212 in .VnTime PDFs


REPAIR_CASES = [
    ("genuine unicode", PHRASES[0], PHRASES[0], None),
    ("ascii", "Article 1. Scope", "Article 1. Scope", None),
    ("tcvn3 surface", "Ch\xad\xacng tr×nh c¶i c¸ch hµnh chÝnh", "Chương trình cải cách hành chính", "tcvn3"),
    ("tcvn3 pdf glyphs", PDF_GLYPH + " c¶i c¸ch hµnh chÝnh", "Thông tư hướng dẫn cải cách hành chính", "tcvn3"),
    ("vni surface", "Chöông trình caûi caùch haønh chính", "Chương trình cải cách hành chính", "vni"),
    ("french", "Le café de la gare, à côté", "Le café de la gare, à côté", None),
]


@pytest.mark.parametrize("label,text,expected,legacy", REPAIR_CASES, ids=[c[0] for c in REPAIR_CASES])
def test_repair_legacy_text(label: str, text: str, expected: str, legacy: str | None) -> None:
    assert repair_legacy_text(text) == (expected, legacy)


@pytest.mark.parametrize(
    "data,binary",
    [
        (b"\x00\x01\x02\x03\xff\xfe\x10" * 50, True),
        (bytes(range(256)) * 4, True),
        ("Điều 1.".encode("utf-16"), False),
        ("Điều 1. Phạm vi".encode("utf-16-le"), False),
        (PHRASES[0].encode(), False),
        (encode_legacy(PHRASES[0], "tcvn3"), False),
        (b"", False),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


@pytest.mark.parametrize(
    "text,counts",
    [("Cải cách hành chính", (4, 0)), ("Chương trình", (2, 0)), ("hàá vµ", (0, 2)), ("abc def", (0, 0))],
)
def test_vietnamese_score(text: str, counts: tuple[int, int]) -> None:
    assert vietnamese_score(text) == counts


@pytest.mark.parametrize("text", ["a\u0300", "Ủy", "Uỷ", "ê\u0301", "x"])
def test_normalize_text_is_nfc(text: str) -> None:
    assert normalize_text(text) == unicodedata.normalize("NFC", text) == normalize_text(normalize_text(text))


def test_seeds_are_plain_utf8(seeds_dir) -> None:
    """Real documents are not mistaken for a legacy encoding."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text, encoding, warnings = decode_bytes(path.read_bytes())
        assert encoding == "utf-8" and warnings == [], path.name
        assert text == normalize_text(path.read_text(encoding="utf-8"))
