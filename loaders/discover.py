"""Find the source documents under the paths a user gives.

Folders are walked recursively (hidden files and folders, Office lock files
``~$…`` skipped).  A file is taken when its extension is a document
extension, or — for files with no or an unfamiliar extension — when its
content sniffs as a PDF, a Word ``.docx``, an HTML page or mostly text.
Files named explicitly are always returned (reading them reports any
problem clearly).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     root = pathlib.Path(tmp)
...     _ = (root / "b.txt").write_text("Kế hoạch", encoding="utf-8")
...     (root / "sub").mkdir()
...     _ = (root / "sub" / "a.md").write_text("# Quyết định", encoding="utf-8")
...     _ = (root / "sub" / "NOTES").write_text("Điều 1.", encoding="utf-8")
...     _ = (root / ".hidden.txt").write_text("x", encoding="utf-8")
...     _ = (root / "logo.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
...     [p.relative_to(root).as_posix() for p in discover([root])]
['b.txt', 'sub/NOTES', 'sub/a.md']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cchc_kg.kg.errors import InputError
from cchc_kg.loaders.readers import sniff_format

__all__ = ["discover", "DOCUMENT_EXTENSIONS", "SKIP_EXTENSIONS", "is_document"]

DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"}
)
# Well-known non-document extensions: never sniffed, never taken.
SKIP_EXTENSIONS: frozenset[str] = frozenset(
    """.png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .ico .zip .gz .tgz .bz2 .xz .7z .rar
    .tar .exe .dll .so .dylib .bin .o .a .class .jar .pyc .pyo .py .js .ts .css .json .jsonl
    .yaml .yml .toml .ini .cfg .xml .csv .tsv .xls .xlsx .ppt .pptx .ods .odp .sqlite .db
    .ttl .nt .nq .trig .rdf .owl .parquet .pkl .npy .mp3 .mp4 .wav .avi .mov .woff .woff2
    .ttf .otf .eot .lock .log .sh .bat .ps1 .ipynb .map""".split()
)
_SNIFF_BYTES = 65_536
_READABLE = frozenset({"pdf", "docx", "html", "txt", "md"})


def is_document(path: Path) -> bool:
    """True when ``path`` (an existing file) should be loaded.

    >>> is_document(Path("plan.DOCX"))
    True
    """
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_EXTENSIONS:
        return True
    if suffix in SKIP_EXTENSIONS:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        if head.startswith(b"PK\x03\x04"):
            head = path.read_bytes()  # the zip directory is at the end
    except OSError:
        return False
    return sniff_format(head, suffix) in _READABLE


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """Document files under ``paths`` (files or folders), sorted, without duplicates.

    Raises :class:`cchc_kg.kg.errors.InputError` for a path that does not exist.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.setdefault(path.resolve(), path)
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                for name in files:
                    candidate = Path(folder, name)
                    if not _hidden(name) and candidate.is_file() and is_document(candidate):
                        found.setdefault(candidate.resolve(), candidate)
        else:
            raise InputError(f"{given}: no such file or directory")
    return sorted(found.values(), key=lambda p: p.as_posix())
