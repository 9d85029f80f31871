"""Read a source file of any supported format into a :class:`cchc_kg.kg.model.SourceText`.

The format is sniffed from the bytes (PDF magic, a zip holding
``word/document.xml``, HTML tags, text), not trusted from the extension.
Plain text goes through :func:`cchc_kg.loaders.encodings.decode_bytes`; ``.docx``,
``.pdf`` and ``.html`` use python-docx, pypdf and BeautifulSoup, imported
only when needed.  Every failure is one :class:`cchc_kg.kg.errors.UnreadableFileError`
whose message reads ``<file>: <problem> (<what to do>)``.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     p = pathlib.Path(tmp, "plan.txt")
...     _ = p.write_bytes("Kế hoạch số 53/KH-UBND".encode("utf-8"))
...     src = read_source(p, display_path="plan.txt")
>>> src.path, src.text, src.format, src.encoding
('plan.txt', 'Kế hoạch số 53/KH-UBND', 'txt', 'utf-8')
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cchc_kg.kg.errors import TooLargeError, UnreadableFileError
from cchc_kg.kg.sanitize import strip_controls
from cchc_kg.kg.model import SourceText
from cchc_kg.loaders.encodings import (
    LEGACY_NAMES,
    decode_bytes,
    looks_binary,
    normalize_text,
    repair_legacy_text,
)

__all__ = [
    "read_source",
    "read_bytes",
    "sniff_format",
    "html_to_text",
    "CONTENT_SELECTORS",
    "CHROME_TAGS",
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_TEXT_BYTES",
]

#: bounds (each raised by a ``cchc-kg build`` option): a larger input is
#: reported "too large" instead of taking gigabytes of memory. The largest
#: real documents seen are ~1.4 MB of text.
MAX_FILE_BYTES = 200 * 1024 * 1024  # --max-file-mb
MAX_INFLATED_BYTES = 100 * 1024 * 1024  # --max-inflated-mb: uncompressed parts of a .docx
MAX_TEXT_BYTES = 20 * 1024 * 1024  # --max-text-mb: text extracted from one file (UTF-8)

# Document body containers of pages saved from Vietnamese legal portals,
# most specific first (vbpl.vn, thuvienphapluat.vn, generic).
CONTENT_SELECTORS: tuple[str, ...] = (
    "#toanvancontent",
    ".toanvancontent",
    "#divContentDoc",
    ".content1",
    ".fulltext",
    "#fulltext",
    "article",
    "main",
    "[role=main]",
)
# Elements that never hold document text.
CHROME_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "header",
    "footer", "aside", "button", "select", "input", "textarea", "link", "meta", "head",
)
_CHROME_HINT = re.compile(
    r"(^|[-_ ])(menu|nav|navbar|breadcrumbs?|sidebar|banner|footer|header|social|share|"
    r"login|search|advert|ads|quangcao|cookie|related|comment|toolbar|popup|modal)($|[-_ ])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article blockquote pre dd dt dl "
    "hr center address figure figcaption caption thead tbody tfoot main body html".split()
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANY = re.compile(rb"<(html|body|head)\b[^>]*>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_SUFFIX_FORMAT = {".md": "md", ".markdown": "md"}


def sniff_format(data: bytes, suffix: str = "") -> str:
    """Name the format of ``data``: ``pdf``, ``docx``, ``html``, ``txt``, ``md`` or a
    non-readable kind (``empty``, ``zip``, ``odt``, ``ole-encrypted``, ``doc``,
    ``rtf``, ``image``, ``binary``).

    >>> sniff_format(b"%PDF-1.4 ...")
    'pdf'
    >>> sniff_format(b"<!DOCTYPE html><html><body>x</body></html>")
    'html'
    >>> sniff_format("# Kế hoạch".encode(), ".md")
    'md'
    """
    if not data:
        return "empty"
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if head.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "ole-encrypted"
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if looks_binary(data):
        return "binary"
    suffix = suffix.lower()
    ascii_head = head.replace(b"\x00", b"")
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(ascii_head.lstrip(b"\xef\xbb\xbf\xff\xfe")):
        return "html"
    if suffix not in (".txt", ".md", ".markdown") and _HTML_ANY.search(ascii_head):
        return "html"
    return _SUFFIX_FORMAT.get(suffix, "txt")


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):  # unsupported zip version or method
        return "docx-damaged" if b"word/" in data[:65536] else "zip-damaged"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and b"opendocument.text" in data[:200]:
        return "odt"
    return "zip"


_REFUSALS: dict[str, tuple[str, str]] = {
    "empty": ("empty file", "remove it or load the real document"),
    "binary": ("not a text document", "load .txt, .md, .docx, .pdf or .html files"),
    "image": ("image file, not a text document", "run OCR (e.g. tesseract) and load the text"),
    "zip": ("zip archive that is not a Word .docx document", "unpack it and load the documents inside"),
    "zip-damaged": ("damaged or truncated zip archive", "re-download or re-save the file"),
    "docx-damaged": (
        "damaged or truncated .docx (not a valid zip archive)",
        "re-download the file or open and re-save it in Word/LibreOffice",
    ),
    "odt": ("OpenDocument .odt is not supported", "save it as .docx or .txt"),
    "doc": (
        "legacy Word 97-2003 .doc (or other OLE) format is not supported",
        "save it as .docx, e.g. soffice --headless --convert-to docx FILE",
    ),
    "ole-encrypted": (
        "password-protected Office document",
        "remove the password in Word (File > Info > Protect Document) and save again",
    ),
    "rtf": ("RTF is not supported", "save it as .docx or .txt"),
}


def read_source(
    path: str | Path,
    *,
    display_path: str | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_inflated_bytes: int = MAX_INFLATED_BYTES,
    max_text_bytes: int = MAX_TEXT_BYTES,
) -> SourceText:
    """Read ``path`` into a :class:`SourceText` (NFC text, sha256 of the raw bytes).

    ``display_path`` replaces ``str(path)`` in ``SourceText.path`` and in error
    messages.  Raises :class:`UnreadableFileError` for anything unreadable and
    :class:`TooLargeError` past a bound (file size, inflated ``.docx``,
    extracted text).
    """
    shown = display_path or str(path)
    try:
        mode = os.stat(path).st_mode  # before open(): opening a FIFO would block
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise UnreadableFileError(shown, "not a regular file (FIFO, device or socket)", "pass document files")
        with open(path, "rb") as fh:
            _bound(shown, "the file", os.fstat(fh.fileno()).st_size, max_file_bytes, "--max-file-mb")
            data = fh.read()
    except FileNotFoundError:
        raise UnreadableFileError(shown, "no such file", "check the path") from None
    except IsADirectoryError:
        raise UnreadableFileError(shown, "is a directory", "pass files, or use discover()") from None
    except PermissionError:
        raise UnreadableFileError(shown, "permission denied", "check the file permissions") from None
    except OSError as exc:
        raise UnreadableFileError(shown, f"cannot read file ({exc.strerror or exc})") from None
    return read_bytes(data, shown, suffix=Path(path).suffix, max_inflated_bytes=max_inflated_bytes, max_text_bytes=max_text_bytes)


def _bound(path: str, what: str, size: int, limit: int, option: str) -> None:
    if size > limit:
        mb = 1024 * 1024
        raise TooLargeError(
            path, f"too large: {what} is {size / mb:.1f} MB (limit {limit / mb:g} MB)", f"raise the limit with {option}"
        )


def read_bytes(
    data: bytes,
    path: str,
    *,
    suffix: str = "",
    max_inflated_bytes: int = MAX_INFLATED_BYTES,
    max_text_bytes: int = MAX_TEXT_BYTES,
) -> SourceText:
    """Like :func:`read_source` for bytes already in memory (``path`` names them).

    >>> read_bytes("Điều 1.".encode("utf-16"), "a.txt").encoding
    'utf-16-le'
    """
    fmt = sniff_format(data, suffix)
    if fmt in _REFUSALS:
        reason, hint = _REFUSALS[fmt]
        raise UnreadableFileError(path, reason, hint)
    warnings: list[str] = []
    if fmt in ("txt", "md"):
        text, encoding, notes = decode_bytes(data)
        warnings.extend(notes)
    elif fmt == "html":
        text, encoding, notes = _read_html(data, path)
        warnings.extend(notes)
    else:
        if fmt == "docx":
            _bound(path, "the .docx once inflated", _inflated_size(data), max_inflated_bytes, "--max-inflated-mb")
        reader = _read_docx if fmt == "docx" else _read_pdf
        text, notes = reader(data, path)
        warnings.extend(notes)
        text, legacy = repair_legacy_text(text)
        encoding = legacy or "unicode"
        if legacy:
            warnings.append(f"decoded from {LEGACY_NAMES[legacy]} legacy font encoding")
    if len(text) * 4 > max_text_bytes:  # cheap test first: a character is at most 4 bytes
        _bound(path, "its text", len(text.encode("utf-8", "surrogatepass")), max_text_bytes, "--max-text-mb")
    text = strip_controls(normalize_text(text))  # NUL, escapes, C0/C1 out; spans index this text
    if not text.strip():
        raise UnreadableFileError(path, f"no text found in {fmt} file", "check that it is the right document")
    return SourceText(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def _inflated_size(data: bytes) -> int:
    """Sum of the declared uncompressed sizes of a zip's members (zipfile never reads past them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # the docx reader reports the damage


def _require(module: str, package: str, path: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise UnreadableFileError(
            path, f"reading this format needs the {package} package", f"pip install {package}"
        ) from None


@contextmanager
def _quiet(logger: str) -> Iterator[list[str]]:
    """Silence ``logger``; yields the list its warnings are collected in (for diagnosis)."""
    log = logging.getLogger(logger)
    level, propagate = log.level, log.propagate
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    log.setLevel(logging.WARNING)
    log.propagate = False
    log.addHandler(handler)
    try:
        yield seen
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate


# ---------------------------------------------------------------- docx
def _read_docx(data: bytes, path: str) -> tuple[str, list[str]]:
    docx = _require("docx", "python-docx", path)
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines: list[str] = []
        for kind, element in _body_items(body):
            if kind == "p":
                lines.append(Paragraph(element, document).text)
            else:
                lines.extend(_table_lines(Table(element, document), _Cell, Paragraph))
    except UnreadableFileError:
        raise
    except Exception as exc:  # python-docx/lxml/zipfile raise many kinds
        raise UnreadableFileError(
            path,
            f"damaged .docx ({_describe(exc)})",
            "re-download the file or open and re-save it in Word/LibreOffice",
        ) from None
    return "\n".join(lines), []


def _body_items(parent: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs and tables of a body in document order (content controls opened)."""
    stack = [iter(parent.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "p":
            yield "p", child
        elif tag == "tbl":
            yield "tbl", child
        elif tag in ("sdt", "sdtContent", "customXml"):
            stack.append(iter(child.iterchildren()))


def _table_lines(table: Any, cell_cls: Any, par_cls: Any) -> list[str]:
    """One line per row, cells joined by `` | ``; small layout tables (≤ 3 rows,
    ≤ 2 columns, e.g. the issuer/motto header) give one line per paragraph."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            cell = cell_cls(tc, table)
            paragraphs = [p.text for p in cell.paragraphs]
            nested = [line for t in cell.tables for line in _table_lines(t, cell_cls, par_cls)]
            cells.append((paragraphs, nested))
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    layout = (len(rows) <= 3 and width <= 2) or any(nested for r in rows for _, nested in r)
    lines: list[str] = []
    for cells in rows:
        if layout:
            for paragraphs, nested in cells:
                lines.extend(paragraphs)
                lines.extend(nested)
        else:
            lines.append(" | ".join(" ".join(" ".join(paragraphs).split()) for paragraphs, _ in cells))
    return lines


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


# ---------------------------------------------------------------- pdf
def _read_pdf(data: bytes, path: str) -> tuple[str, list[str]]:
    pypdf = _require("pypdf", "pypdf", path)
    warnings: list[str] = []
    damaged = ("damaged or truncated PDF", "re-download the file or repair it, e.g. qpdf in.pdf out.pdf")
    with _quiet("pypdf") as logged:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception as exc:  # DependencyError for AES without cryptography
                    if "cryptography" in str(exc) or type(exc).__name__ == "DependencyError":
                        raise UnreadableFileError(
                            path, "encrypted PDF needs the cryptography package", "pip install cryptography"
                        ) from None
                    raise
                if not opened:
                    raise UnreadableFileError(
                        path,
                        "password-protected PDF",
                        "remove the password (e.g. qpdf --decrypt --password=PW in.pdf out.pdf) and load the result",
                    )
                warnings.append("PDF is encrypted with an owner password only; text read anyway")
            pages = list(reader.pages)
        except UnreadableFileError:
            raise
        except Exception as exc:
            raise UnreadableFileError(path, f"{damaged[0]} ({_describe(exc)})", damaged[1]) from None
        texts: list[str] = []
        blank: list[int] = []
        broken: list[str] = []
        for number, page in enumerate(pages, 1):
            before = len(logged)
            try:
                text = page.extract_text() or ""
            except Exception as exc:
                warnings.append(f"page {number}: text not extracted ({_describe(exc)})")
                broken.append(_describe(exc))
                text = ""
            else:
                if not text.strip():  # blank: a scan, or a content stream pypdf could not decode?
                    try:
                        contents = page.get_contents()
                        if contents is not None:
                            contents.get_data()
                    except Exception as exc:
                        logged.append(_describe(exc))
                    if len(logged) > before:
                        broken.append(logged[before][:120])
            if not text.strip():
                blank.append(number)
            texts.append(text)
    if not pages:
        raise UnreadableFileError(path, f"{damaged[0]} (no pages)", damaged[1])
    if pages and len(broken) == len(pages):  # every page failed: damage, not a scan
        raise UnreadableFileError(path, f"{damaged[0]} ({broken[0]})", damaged[1])
    if len(blank) == len(pages):
        raise UnreadableFileError(
            path, "PDF has no text layer (scanned image)", "run OCR (e.g. ocrmypdf) and load the result"
        )
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        warnings.append(f"PDF pages without a text layer (scanned?): {shown}")
    return "\n".join(t.rstrip("\n") for t in texts), warnings


# ---------------------------------------------------------------- html
def _read_html(data: bytes, path: str) -> tuple[str, str, list[str]]:
    _require("bs4", "beautifulsoup4", path)
    warnings: list[str] = []
    declared = _META_CHARSET.search(data[:8192])
    text = encoding = None
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            text = data.decode(name)
            encoding = codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"declared charset {name!r} does not fit; encoding detected instead")
    if text is None:
        text, encoding, notes = decode_bytes(data)
        warnings.extend(notes)
    try:
        body, notes = html_to_text(text)
    except Exception as exc:  # parser failures on malformed input
        raise UnreadableFileError(path, f"cannot parse HTML ({_describe(exc)})", "save the page again") from None
    warnings.extend(notes)
    body, legacy = repair_legacy_text(body)
    if legacy:
        warnings.append(f"decoded from {LEGACY_NAMES[legacy]} legacy font encoding")
    return body, encoding or "utf-8", warnings


def html_to_text(html: str, *, selectors: Sequence[str] = CONTENT_SELECTORS) -> tuple[str, list[str]]:
    """Text of the document body of an HTML page, one block per line.

    The first element matching one of ``selectors`` is the body; otherwise the
    ``<body>`` with site chrome (menus, headers, footers, scripts) removed.
    Table rows become one line with cells joined by `` | ``.

    >>> html_to_text('<nav>Trang chủ</nav><div id="toanvancontent"><p>Điều 1.</p>'
    ...              '<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>1</td><td>2</td><td>3</td></tr>'
    ...              '<tr><td>x</td><td>y</td><td>z</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table></div>')
    ('Điều 1.\\na | b | c\\n1 | 2 | 3\\nx | y | z\\n4 | 5 | 6', [])
    """
    bs4 = _require("bs4", "beautifulsoup4", "<html>")
    try:
        import lxml  # noqa: F401

        parser = "lxml"
    except ImportError:
        parser = "html.parser"
    soup = bs4.BeautifulSoup(html, parser)
    warnings: list[str] = []
    root = None
    for selector in selectors:
        try:
            found = [el for el in soup.select(selector) if el.get_text(strip=True)]
        except Exception:  # a bad custom selector
            continue
        if found:
            root = max(found, key=lambda el: len(el.get_text()))
            break
    generic = root is None
    if root is None:
        root = soup.body or soup
        warnings.append("no known content container; used the page body without site chrome")
    for element in root.find_all(CHROME_TAGS):
        if not element.decomposed:
            element.decompose()
    if generic:
        for element in root.find_all(True):
            if element.decomposed:
                continue
            names = " ".join([element.get("id") or "", *(element.get("class") or [])])
            if names.strip() and _CHROME_HINT.search(names):
                element.decompose()
    return "\n".join(_html_lines(root)), warnings


_FLUSH = object()


def _html_lines(root: Any) -> list[str]:
    """Walk the tree iteratively (deep pages must not hit the recursion limit)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is _FLUSH:
            flush()
            continue
        if isinstance(node, str):
            if type(node).__name__ in ("NavigableString", "CData"):
                current.append(str(node))
            continue
        name = (node.name or "").lower()
        if name == "table" and node is not root:
            flush()
            lines.extend(_html_table_lines(node))
            continue
        if name in _BLOCK_TAGS:
            flush()
            stack.append(_FLUSH)
        stack.extend(reversed(list(node.children)))
    flush()
    return lines


def _html_table_lines(table: Any) -> list[str]:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [[td for td in tr.find_all(["td", "th"], recursive=False)] for tr in rows]
    width = max((len(r) for r in cells), default=0)
    nested = table.find("table") is not None
    if nested or (len(rows) <= 3 and width <= 2):
        lines: list[str] = []
        for row in cells:
            for cell in row:
                lines.extend(_html_lines(cell))
        return lines
    return [" | ".join(" ".join(c.get_text(" ").split()) for c in row) for row in cells]
