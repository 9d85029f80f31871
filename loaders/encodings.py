"""Decode the bytes of a text file into NFC Unicode, legacy encodings included.

Vietnamese documents arrive as UTF-8 (with or without BOM), UTF-16 (with a
BOM), Windows-1258 (which writes tone marks as *combining* characters), or in
the pre-Unicode 8-bit font encodings TCVN3 (ABC, ``.VnTime`` fonts) and VNI
(``VNI-Times`` fonts).  Those legacy encodings are recognised by how the text
reads: every candidate decoding is scored by how many of its words are
well-formed Vietnamese syllables (only Vietnamese letters, at most one tone
mark), and the best one wins.  The conversion tables below are written for
this module (TCVN 5712:1993 ``VN3`` layout and the VNI-Windows layout).

>>> decode_bytes("Kế hoạch".encode("utf-8"))
('Kế hoạch', 'utf-8', [])
>>> text, enc, warnings = decode_bytes(encode_legacy("Cải cách hành chính", "tcvn3"))
>>> text, enc
('Cải cách hành chính', 'tcvn3')
>>> normalize_text("Ke\\u0302\\u0301 hoa\\u0323ch") == "Kế hoạch"
True
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "decode_bytes",
    "normalize_text",
    "repair_legacy_text",
    "encode_legacy",
    "legacy_to_unicode",
    "looks_binary",
    "vietnamese_score",
    "TCVN3_TABLE",
    "LEGACY_NAMES",
]

LEGACY_NAMES: dict[str, str] = {
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI",
    "cp1258": "Windows-1258",
    "cp1252": "Windows-1252",
}

# ---------------------------------------------------------------- tables
# TCVN3 (TCVN 5712:1993 VN3): one byte per letter; only lowercase letters
# carry tone marks (headings used the separate upper-case ``.VnTimeH`` font).
TCVN3_TABLE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
# PDF text layers of .VnTime documents show these glyphs for two TCVN3 bytes.
_TCVN3_PDF_GLYPHS = {"\u2212": "ư", "\u2219": "ã"}
_TCVN3_TRANSLATE = {code: char for code, char in TCVN3_TABLE.items()}
_TCVN3_INVERSE: dict[str, str] = {}
for _code, _char in TCVN3_TABLE.items():
    _TCVN3_INVERSE[_char] = chr(_code)
    _TCVN3_INVERSE.setdefault(_char.upper(), chr(_code))  # upper-case toned → lower byte

# VNI: a base letter followed by one mark character.  Each mark is a
# (vowel diacritic, tone) pair of combining characters ("" = none).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_MARKS: dict[str, tuple[str, str]] = {
    "ù": ("", _ACUTE), "ø": ("", _GRAVE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": (_CIRC, ""), "á": (_CIRC, _ACUTE), "à": (_CIRC, _GRAVE), "å": (_CIRC, _HOOK),
    "ã": (_CIRC, _TILDE), "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""), "é": (_BREVE, _ACUTE), "è": (_BREVE, _GRAVE), "ú": (_BREVE, _HOOK),
    "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT),
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
# letters VNI writes as one character (ơ ư đ and the toned i / ỵ)
_VNI_SINGLE: dict[str, str] = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}
_VNI_BASES = "aAeEoOuUyYiIôÔöÖ"
_VNI_RE = re.compile(
    f"([{_VNI_BASES}])([{''.join(_VNI_MARKS)}])|([{''.join(_VNI_SINGLE)}])"
)
_VNI_TONE_CHAR = {_ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_MARK_INVERSE = {v: k for k, v in _VNI_MARKS.items() if k.islower()}

# cp1252's printable C1 characters (smart quotes, dashes) for 8-bit files.
_C1_CP1252 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

# ---------------------------------------------------------------- scoring
_TONES = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_BASE_VOWELS = set("aăâeêioôơuưy")


def _build_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for base in _BASE_VOWELS:
        letters.add(base)
        for tone in _TONES:
            letters.add(unicodedata.normalize("NFC", base + tone))
    return frozenset(letters | {c.upper() for c in letters})


_VIET_LETTERS = _build_letters()
_TONED = frozenset(
    c for c in _VIET_LETTERS if any(m in _TONES for m in unicodedata.normalize("NFD", c))
)
_STRIP = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…–—•0123456789"
_VIET_SPECIFIC = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")


def vietnamese_score(text: str, *, sample: int = 200_000) -> tuple[int, int]:
    """Count (good, bad) non-ASCII words in ``text`` (first ``sample`` chars).

    A word is *good* when it is made of Vietnamese letters only with at most
    one tone mark; otherwise *bad*.  ASCII-only words are not counted.

    >>> vietnamese_score("Cải cách hành chính")
    (4, 0)
    >>> vietnamese_score("C¶i c¸ch hµnh chÝnh")  # TCVN3 bytes read as Latin-1
    (1, 3)
    """
    good = bad = 0
    for raw in text[:sample].split():
        word = raw.strip(_STRIP)
        if not word or word.isascii():
            continue
        if all(c in _VIET_LETTERS for c in word) and sum(c in _TONED for c in word) <= 1:
            good += 1
        else:
            bad += 1
    return good, bad


def _net(counts: tuple[int, int]) -> int:
    return counts[0] - 2 * counts[1]


# ---------------------------------------------------------------- public
def normalize_text(text: str) -> str:
    """Unicode NFC (precomposed letters); idempotent.

    >>> normalize_text("a\\u0300") == "à"
    True
    """
    return unicodedata.normalize("NFC", text)


def _tcvn3_to_unicode(text: str) -> str:
    out = text.translate(_TCVN3_TRANSLATE)
    for glyph, letter in _TCVN3_PDF_GLYPHS.items():
        if glyph in out:
            out = re.sub(rf"(?<=\w){glyph}|{glyph}(?=\w)", letter, out)
    return _restore_initial(_restore_upper(out))


_WORD_START = re.compile(r"(?<!\w)[^\x00-\x7f\W]")


def _restore_initial(text: str) -> str:
    """Capitalise a converted letter that opens a sentence ("ñy ban" → "Ủy ban").

    Linear: each candidate looks back at most 200 characters.
    """
    chars = list(text)
    for match in _WORD_START.finditer(text):
        start = match.start()
        if not chars[start].islower():
            continue
        before = text[max(0, start - 200) : start]
        gap_len = len(before) - len(before.rstrip())
        gap, stripped = before[len(before) - gap_len :], before.rstrip()
        opens = (
            (not stripped and (start <= 200 or gap.count("\n") >= 2))
            or (gap and stripped[-1:] in (".", "!", "?"))
            or (stripped[-1:] in (";", ":") and "\n" in gap)
            or gap.count("\n") >= 2
        )
        if opens:
            chars[start] = chars[start].upper()
    return "".join(chars)


def _restore_upper(text: str) -> str:
    """Upper-case words set in capitals ("CéNG HOµ" → "CỘNG HOÀ").

    TCVN3 has no upper-case toned letters; a word whose ASCII letters are all
    capitals is upper-cased when it has two of them or a neighbour that does.
    """
    if not re.search("[A-Z][A-Z]", text):
        return text

    def caps(word: str) -> int:
        letters = [c for c in word if c.isascii() and c.isalpha()]
        return len(letters) if letters and all(c.isupper() for c in letters) else 0

    out: list[str] = []
    for line in text.split("\n"):
        words = list(re.finditer(r"\w+", line))
        if not words or not re.search("[A-Z][A-Z]", line):
            out.append(line)
            continue
        counts = [caps(m.group(0)) for m in words]
        pieces, last = [], 0
        for i, match in enumerate(words):
            near = max(counts[i - 1] if i else 0, counts[i + 1] if i + 1 < len(words) else 0)
            if counts[i] >= 2 or (counts[i] == 1 and near >= 2):
                pieces.append(line[last : match.start()])
                pieces.append(match.group(0).upper())
                last = match.end()
        pieces.append(line[last:])
        out.append("".join(pieces))
    return "\n".join(out)


def _vni_to_unicode(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        if m.group(3):
            return _VNI_SINGLE[m.group(3)]
        base, mark = m.group(1), m.group(2)
        vowel, tone = _VNI_MARKS[mark]
        letter = {"ô": "o" + _HORN, "Ô": "O" + _HORN, "ö": "u" + _HORN, "Ö": "U" + _HORN}.get(
            base, base
        )
        plain = letter[0].lower()
        if vowel and (letter[1:] or (vowel == _CIRC and plain not in "aeo") or (vowel == _BREVE and plain != "a")):
            return _VNI_SINGLE.get(base, base) + mark
        return unicodedata.normalize("NFC", letter + vowel + tone)

    return unicodedata.normalize("NFC", _VNI_RE.sub(fix, text))


_CONVERTERS: dict[str, Callable[[str], str]] = {"tcvn3": _tcvn3_to_unicode, "vni": _vni_to_unicode}


def legacy_to_unicode(text: str, encoding: str) -> str:
    """Convert text in a legacy font encoding (``tcvn3`` or ``vni``) to NFC.

    >>> legacy_to_unicode("Th«ng t­", "tcvn3"), legacy_to_unicode("Thoâng tö", "vni")
    ('Thông tư', 'Thông tư')
    """
    if encoding not in _CONVERTERS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return normalize_text(_CONVERTERS[encoding](text))


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Vietnamese ``text`` in a legacy 8-bit encoding (``tcvn3``/``vni``/``cp1258``).

    The inverse of the decoding tables, used to build test data.  TCVN3 has
    no upper-case toned letters: they are written with the lower-case byte.

    >>> encode_legacy("Việt Nam", "vni")
    b'Vie\\xe4t Nam'
    >>> encode_legacy("Việt Nam", "tcvn3")
    b'Vi\\xd6t Nam'
    """
    text = normalize_text(text)
    if encoding == "cp1258":  # base letters precomposed, tone marks combining
        pieces = []
        for char in text:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(m for m in parts[1:] if m in _TONES)
            rest = parts[0] + "".join(m for m in parts[1:] if m not in _TONES)
            pieces.append(normalize_text(rest) + tones)
        return "".join(pieces).encode("cp1258", errors="replace")
    if encoding == "tcvn3":
        return "".join(_TCVN3_INVERSE.get(c, c) for c in text).encode("latin-1")
    if encoding != "vni":
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    out: list[str] = []
    for char in text:
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        if not marks or not base.isalpha():
            out.append(char)
            continue
        tone = next((m for m in marks if m in _TONES), "")
        vowel = next((m for m in marks if m in (_CIRC, _BREVE)), "")
        upper = base.isupper()
        if _HORN in marks:
            out.append({"o": "ô", "u": "ö"}[base.lower()])
            base = ""
        elif base.lower() == "i" and tone:
            out.append({_GRAVE: "ì", _ACUTE: "í", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}[tone])
            base, tone = "", ""
        mark = _VNI_MARK_INVERSE.get((vowel, tone), "") if vowel else _VNI_TONE_CHAR.get(tone, "")
        piece = (out.pop() if not base else base) + mark
        out.append(piece.upper() if upper else piece)
    return "".join(out).encode("latin-1")


_LETTER_RUN = re.compile(r"[^\W\d_]")


def repair_legacy_text(text: str) -> tuple[str, str | None]:
    """Convert already-decoded text that still shows a legacy font encoding.

    Word/PDF files typed in ``.VnTime`` or ``VNI-Times`` fonts decode to
    Unicode strings like ``"Céng hoµ"``; this returns the converted text and
    the legacy encoding name, or ``(text, None)`` when the text reads fine.

    >>> repair_legacy_text("Ch­¬ng tr×nh c¶i c¸ch hµnh chÝnh")
    ('Chương trình cải cách hành chính', 'tcvn3')
    >>> repair_legacy_text("Chương trình")
    ('Chương trình', None)
    """
    text = normalize_text(text)
    head = text[:20_000]
    if len(_VIET_SPECIFIC.findall(head)) > 0.01 * len(_LETTER_RUN.findall(head)) + 50:
        return text, None  # plainly genuine Unicode Vietnamese (the common case, decided early)
    sample = text[:200_000]
    letters = sum(c.isalpha() for c in sample) or 1
    if len(_VIET_SPECIFIC.findall(sample)) / letters > 0.01:
        return text, None  # genuine Unicode Vietnamese
    base = vietnamese_score(sample)
    best_name, best_net = None, _net(base)
    for name, convert in _CONVERTERS.items():
        converted = convert(sample)
        counts = vietnamese_score(converted)
        if counts[0] >= 3 and counts[0] > 2 * counts[1] and _net(counts) > best_net + 2:
            best_name, best_net = name, _net(counts)
    if best_name is None:
        return text, None
    return normalize_text(_CONVERTERS[best_name](text)), best_name


def looks_binary(data: bytes, *, sample: int = 65_536) -> bool:
    """True when ``data`` is not a text file (NUL or control bytes).

    >>> looks_binary(b"\\x00\\x01\\x02\\xff" * 10)
    True
    >>> looks_binary("Điều 1.\\n".encode("utf-16"))
    False
    """
    if _bom(data) is not None:
        return False
    head = data[:sample]
    if not head:
        return False
    if _utf16_guess(head) is not None:
        return False
    nul = head.count(0)
    controls = sum(head.count(b) for b in (*range(0, 8), *range(14, 27), *range(28, 32), 127))
    return nul > max(1, len(head) // 1000) or controls > len(head) * 0.05


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_guess(head: bytes) -> str | None:
    """UTF-16 without BOM: NUL bytes in every other position."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    guess = None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        guess = "utf-16-le"
    elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        guess = "utf-16-be"
    if guess is None:
        return None
    text = head[: len(head) // 2 * 2].decode(guess, errors="replace")
    printable = sum(c.isprintable() or c.isspace() for c in text)
    return guess if printable >= 0.95 * len(text) else None


def _decode_8bit(data: bytes, name: str) -> str | None:
    if name == "cp1258":
        try:
            return data.decode("cp1258")
        except UnicodeDecodeError:
            return None
    text = data.decode("latin-1").translate(_C1_CP1252)
    if name == "cp1252":
        return text
    return _CONVERTERS[name](text)


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file bytes; return (NFC text, encoding name, warnings).

    Never raises: undecodable input falls back to Windows-1252 with a warning.
    Encoding names: ``utf-8``, ``utf-8-sig``, ``utf-16-le``/``-be``,
    ``utf-32-le``/``-be``, ``cp1258``, ``tcvn3``, ``vni``, ``cp1252``.

    >>> decode_bytes("Điều".encode("utf-16"))[:2]
    ('Điều', 'utf-16-le')
    >>> decode_bytes(encode_legacy("Quyết định", "cp1258"))[:2]
    ('Quyết định', 'cp1258')
    """
    warnings: list[str] = []
    bom = _bom(data)
    if bom is not None:
        name, size = bom
        text = data[size:].decode(name.replace("-sig", ""), errors="replace")
        if "\ufffd" in text:
            warnings.append(f"{text.count(chr(0xFFFD))} invalid {name} sequence(s) replaced with U+FFFD")
        return _finish(text, name, warnings)
    guess = _utf16_guess(data[:65_536])
    if guess is not None:
        text = data.decode(guess, errors="replace")
        warnings.append(f"decoded as {guess.upper()} (no byte-order mark)")
        return _finish(text, guess, warnings)
    try:
        return _finish(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for c in text if c > "\x7f") - bad
    if multibyte >= 4 * bad:
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
        return _finish(text, "utf-8", warnings)
    best: tuple[int, str, str] | None = None
    for name in ("cp1258", "tcvn3", "vni"):
        candidate = _decode_8bit(data, name)
        if candidate is None:
            continue
        candidate = normalize_text(candidate)
        net = _net(vietnamese_score(candidate))
        if best is None or net > best[0]:
            best = (net, name, candidate)
    if best is not None and best[0] > 0:
        _, name, candidate = best
        if name in ("tcvn3", "vni"):
            warnings.append(f"decoded from {LEGACY_NAMES[name]} legacy encoding")
        else:
            warnings.append("not UTF-8; decoded from Windows-1258")
        return candidate, name, warnings
    warnings.append("not UTF-8 and no Vietnamese encoding recognised; decoded as Windows-1252")
    return normalize_text(_decode_8bit(data, "cp1252") or ""), "cp1252", warnings


def _finish(text: str, name: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    text = normalize_text(text)
    if "\u00c3" in text or "\u00e1\u00bb" in text:
        fixed = _fix_mojibake(text)
        if fixed is not None:
            warnings.append("repaired doubly-encoded UTF-8 (mojibake)")
            return fixed, name, warnings
    repaired, legacy = repair_legacy_text(text)
    if legacy is not None:
        warnings.append(f"decoded from {LEGACY_NAMES[legacy]} legacy encoding (text was {name})")
        return repaired, legacy, warnings
    return text, name, warnings


def _fix_mojibake(text: str) -> str | None:
    """Undo UTF-8 bytes that were decoded as Windows-1252 ("Cá»™ng" → "Cộng")."""
    if _NOT_CP1252.search(text) is not None:
        return None  # a character Windows-1252 cannot produce: not mojibake (cheap early exit)
    try:
        raw = text.translate(_CP1252_TO_BYTE).encode("latin-1")
        fixed = normalize_text(raw.decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if _net(vietnamese_score(fixed)) > _net(vietnamese_score(text)):
        return fixed
    return None


_CP1252_TO_BYTE = {ord(char): chr(byte) for byte, char in _C1_CP1252.items()}
# Every character of UTF-8 misread as Windows-1252 is Latin-1 or one of the
# C1 replacements; real Vietnamese ("ộ", "ư") fails this in the first line.
_NOT_CP1252 = re.compile("[^\x00-\xff" + re.escape("".join(_C1_CP1252.values())) + "]")
