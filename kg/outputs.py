"""Atomic output files: every file the tool writes goes through :func:`atomic_write`.

The content is written to a temporary file in the same directory (same
file system, so the final ``os.replace`` is an atomic rename), flushed and
fsync'ed, and renamed over the target only when the writer finished
without an exception. On any error the previous file is left untouched and
the temporary file is removed, so an interrupted or failed export never
replaces a good ``backup.nq`` with a fragment. See
``docs/decisions/0004-faults-and-outputs.md``.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(d / "out.txt", "w") as fh:
...     _ = fh.write("new")
>>> (d / "out.txt").read_text()
'new'
>>> try:
...     with atomic_write(d / "out.txt", "w") as fh:
...         _ = fh.write("half")
...         raise ValueError("boom")
... except ValueError:
...     pass
>>> (d / "out.txt").read_text(), sorted(p.name for p in d.iterdir())
('new', ['out.txt'])
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from cchc_kg.kg.errors import OutputError

__all__ = ["atomic_write", "atomic_path", "check_output_path", "TEMP_PREFIX"]

#: temporary files are named ``.<target name>.<random>.part`` beside the target
TEMP_PREFIX = "."


def check_output_path(path: str | Path) -> Path:
    """``path`` as a :class:`Path` if it can be an output file, else :class:`OutputError`.

    Refuses a directory, a FIFO or device (they cannot be replaced atomically)
    and a missing parent directory.

    >>> check_output_path("/")
    Traceback (most recent call last):
    ...
    cchc_kg.kg.errors.OutputError: cannot write /: it is a directory (name a file)
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(str(p), e.strerror or str(e)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(str(p), "it is a directory", "name a file")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(str(p), "it is not a regular file (FIFO or device)", "name a regular file")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(str(p), f"the folder {parent} does not exist", "create it first")
    return p


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over ``path`` when the block succeeds.

    For writers that want a file name rather than a handle (e.g.
    ``networkx.write_graphml``). The temporary file is removed on error.
    """
    target = check_output_path(path)
    mode = _existing_mode(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + target.name + ".", suffix=".part", dir=target.parent if str(target.parent) else ".")
    except OSError as e:
        raise OutputError(str(target), e.strerror or str(e), "check the folder's permissions and free space") from None
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as e:
        _remove(tmp)
        if e.errno in _WRITE_ERRORS:
            raise OutputError(str(target), _WRITE_ERRORS[e.errno], "the previous file, if any, is unchanged") from None
        raise
    except BaseException:
        _remove(tmp)
        raise


_WRITE_ERRORS = {
    errno.ENOSPC: "no space left on the device: free some space and run again",
    errno.EDQUOT: "disk quota exceeded: free some space and run again",
    errno.EFBIG: "file too large for the file system: choose another place",
    errno.EROFS: "read-only file system: choose a writable place",
    errno.EIO: "input/output error on the device: check the disk",
}


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb", *, encoding: str | None = None, newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; rename it into place on success.

    ``mode`` is ``"w"`` (text, UTF-8 unless ``encoding``) or ``"wb"``.
    On an exception (including ``KeyboardInterrupt``) the old file stays
    and the temporary file is removed; the exception propagates.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    with atomic_path(path) as tmp:
        if mode == "w":
            fh: IO[Any] = open(tmp, "w", encoding=encoding or "utf-8", newline=newline)
        else:
            fh = open(tmp, "wb")
        with fh:
            yield fh
            fh.flush()


def _existing_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
