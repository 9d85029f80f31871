"""How opening a store fails, said plainly: damaged files, locks held by the living or the dead, access.

The store's own engine reports damage, lock contention and file-system
problems as free text; these functions turn that text into the project's
:class:`~cchc_kg.kg.errors.StoreError` subclasses with what to do, and tell a
transient read race from real damage. :mod:`cchc_kg.kg.store` is their only
caller (and re-exports the public names).

>>> is_corruption(OSError("Corruption: block checksum mismatch"))
True
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from cchc_kg.kg.errors import StoreAccessError, StoreDamagedError, StoreError, StoreLockedError

__all__ = ["READ_RETRIES", "is_corruption", "is_transient_read", "open_error", "access_message", "locked_message",
           "pid_of", "alive"]

#: times a read-only open is retried when RocksDB reports "Corruption" (a reader
#: can race a writer switching manifests; real damage fails every time)
READ_RETRIES = 4


def is_corruption(exc: BaseException) -> bool:
    """True when a pyoxigraph/RocksDB error says the store's files are damaged.

    >>> is_corruption(OSError("Corruption: block checksum mismatch"))
    True
    """
    text = str(exc)
    return "Corruption" in text or "checksum mismatch" in text or "may be corrupted" in text


def is_transient_read(exc: BaseException) -> bool:
    """True when a read-only reader's engine error can come from a writer changing the files under it.

    RocksDB's read-only instance does not keep every table file open: a
    compaction of the writer deletes files a reader has not opened yet
    (``IO error: No such file or directory … .sst``), and a reader opening
    while the writer switches manifests sees a "Corruption" message. Such a
    read succeeds on a fresh opening; real damage fails every time.

    >>> is_transient_read(FileNotFoundError("IO error: No such file or directory: While open a file for random read: 000289.sst"))
    True
    >>> is_transient_read(OSError("Corruption: MANIFEST may be corrupted")), is_transient_read(RuntimeError("boom"))
    (True, False)
    """
    text = str(exc)
    return is_corruption(exc) or isinstance(exc, FileNotFoundError) or "No such file" in text or "IO error" in text


def open_error(d: Path, e: BaseException, *, writing: bool) -> StoreError:
    if is_corruption(e):
        return StoreDamagedError(str(d), str(e))
    text = str(e)
    if "lock" in text.lower() and ("unavailable" in text.lower() or "lock file" in text.lower()):
        return StoreLockedError(f"the store {d} is in use by another writer; wait for it to finish")
    if isinstance(e, OSError) and e.errno is not None:
        return StoreAccessError(access_message(d, e))
    if "Permission denied" in text or "Read-only file system" in text:
        return StoreAccessError(f"the store at {d} is read-only: fix its permissions or copy it to a writable folder (reading commands still work)")
    if "No such file" in text:
        return StoreDamagedError(str(d), text)
    return StoreAccessError(f"cannot open the store at {d} for {'writing' if writing else 'reading'}: {text.splitlines()[0] if text else type(e).__name__}")


def access_message(d: Path, e: OSError) -> str:
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"the store at {d} is read-only ({e.strerror}): fix its permissions or copy it to a writable folder (reading commands still work)"
    if e.errno == errno.ENOSPC:
        return f"no space left on the device holding the store {d}: free some space and run again"
    if e.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"--store {d} is not a folder: name a folder (`cchc-kg build` creates it)"
    return f"cannot open the store at {d}: {e.strerror or e}"


def pid_of(text: str) -> int | None:
    parts = text.split()
    if len(parts) == 2 and parts[0] == "pid" and parts[1].isdigit():
        return int(parts[1])
    return None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def locked_message(d: Path, holder: str) -> str:
    pid = pid_of(holder)
    if pid is not None and not alive(pid):
        holders = _lock_holders(d / "write.lock")
        who = f"processes {', '.join(map(str, holders))}" if holders else "processes it started"
        stop = f" (kill {' '.join(map(str, holders))})" if holders else ""
        return (
            f"the store {d} was being written by pid {pid}, which is no longer running, but {who} still hold "
            f"its lock: stop them{stop} and run again"
        )
    return f"the store {d} is being written by {holder}; wait for it to finish"


def _lock_holders(lock: Path) -> list[int]:
    """PIDs with ``lock`` open (Linux ``/proc``; empty elsewhere)."""
    try:
        target = os.stat(lock)
    except OSError:
        return []
    out = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            for fd in (entry / "fd").iterdir():
                st = os.stat(fd)
                if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                    out.append(int(entry.name))
                    break
        except OSError:
            continue
    return sorted(set(out) - {os.getpid()})
