"""Read-only access to a store while a build may be writing it.

A RocksDB read-only open sees the store as it was when it was opened, so
:class:`StoreReader` reopens it (``GraphStore.open`` without ``writable``:
no lock, read-only, temporary graphs of an unfinished build hidden) when
the files of the store have changed, at most once every ``refresh``
seconds. A failed reopen (the writer compacting at that instant) keeps the
previous snapshot and retries later, so readers always see the last
committed state they could open and never an error caused by the writer.

Answers are memoised per snapshot (:meth:`StoreReader.cached`, at most
``cache_size`` entries) and so are rendered pages (:meth:`StoreReader.page`,
at most ``page_bytes`` bytes): a page asked by fifty clients at once is
rendered once (the others wait for it) until the store changes. When it
changes, a page rendered from the previous snapshot is served at once
while one background thread renders it again from the new snapshot
(stale-while-revalidate): during a build, a page may lag the last commit
by the refresh interval plus the time to render it, and every page shows
a committed state.

>>> import tempfile
>>> StoreReader(tempfile.mkdtemp()).backend()
Traceback (most recent call last):
...
cchc_kg.kg.errors.StoreError: no graph store at ...
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_kg.kg.errors import CchcError, StoreError
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.embedded import EmbeddedBackend

__all__ = ["StoreReader", "Snapshot", "store_signature"]


def store_signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the files of the store's database.

    >>> import tempfile
    >>> store_signature(Path(tempfile.mkdtemp()))
    ()
    """
    db = directory / "oxigraph"
    try:
        entries = list(os.scandir(db))
    except OSError:
        return ()
    out = []
    for e in entries:
        try:
            st = e.stat()
        except OSError:  # removed by a compaction while listing
            continue
        out.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


@dataclass
class Snapshot:
    """One read-only opening of the store, its backend and its memoised answers."""

    store: GraphStore
    backend: EmbeddedBackend
    signature: tuple[tuple[str, int, int], ...]
    opened: float
    cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    pages: OrderedDict[Hashable, bytes] = field(default_factory=OrderedDict)
    page_bytes: int = 0
    #: pages of earlier snapshots, served while they are rendered again
    stale: OrderedDict[Hashable, bytes] = field(default_factory=OrderedDict)
    sources: dict[str, str] | None = None


class StoreReader:
    """The current snapshot of the store at ``directory`` (thread-safe)."""

    def __init__(self, directory: str | Path, *, refresh: float = 1.0, cache_size: int = 512, page_bytes: int = 64 << 20) -> None:
        self.directory = Path(directory)
        self.refresh = refresh
        self.cache_size = cache_size
        self.page_bytes = page_bytes
        self._lock = threading.Lock()
        self._memo_lock = threading.Lock()  # guards the two memo tables of every snapshot
        self._snap: Snapshot | None = None
        self._checked = 0.0
        self._rendering: dict[Hashable, threading.Event] = {}  # pages being rendered now
        self._queue: queue.Queue[tuple[Snapshot, Hashable, Callable[[], bytes]]] = queue.Queue()
        self._queued: set[Hashable] = set()
        self._worker: threading.Thread | None = None

    def _open(self) -> Snapshot:
        sig = store_signature(self.directory)
        st = GraphStore.open(self.directory)
        snap = Snapshot(st, EmbeddedBackend(st), sig, time.monotonic())
        old = self._snap
        if old is not None:  # carry the rendered pages over as stale ones, newest last, within the budget
            with self._memo_lock:
                stale = OrderedDict(old.stale)
                for k, v in old.pages.items():
                    stale.pop(k, None)
                    stale[k] = v
                total = sum(len(v) for v in stale.values())
                while total > self.page_bytes:
                    _, dropped = stale.popitem(last=False)
                    total -= len(dropped)
                snap.stale = stale
        return snap

    def snapshot(self) -> Snapshot:
        """The snapshot to answer with (reopened when the store changed)."""
        now = time.monotonic()
        snap = self._snap
        if snap is not None and now - self._checked < self.refresh:
            return snap
        with self._lock:
            snap = self._snap
            if snap is not None and now - self._checked < self.refresh:
                return snap
            self._checked = now
            if snap is None:
                self._snap = self._open()
            elif store_signature(self.directory) != snap.signature:
                try:
                    self._snap = self._open()
                except CchcError:
                    pass  # the writer is busy at this instant: keep the last snapshot, retry later
            return self._snap  # type: ignore[return-value]

    def reopen(self) -> Snapshot:
        """A fresh snapshot now (after a read that failed under a concurrent writer)."""
        with self._lock:
            self._snap = self._open()
            self._checked = time.monotonic()
            return self._snap

    def backend(self) -> EmbeddedBackend:
        """The query backend of the current snapshot."""
        return self.snapshot().backend

    def cached(self, key: Hashable, compute: Callable[[EmbeddedBackend], Any]) -> Any:
        """``compute(backend)`` memoised for the current snapshot under ``key``."""
        snap = self.snapshot()
        with self._memo_lock:
            if key in snap.cache:
                snap.cache.move_to_end(key)
                return snap.cache[key]
        try:
            value = compute(snap.backend)  # outside the lock: other answers go on meanwhile
        except (OSError, StoreError):  # read race with the writer's compaction: one retry on a fresh snapshot
            snap = self.reopen()
            value = compute(snap.backend)
        with self._memo_lock:
            snap.cache[key] = value
            while len(snap.cache) > self.cache_size:
                snap.cache.popitem(last=False)
        return value

    def page(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """A rendered page memoised for the current snapshot (least recently used dropped past ``page_bytes``).

        A page another thread is rendering is waited for, not rendered twice;
        a page rendered from an earlier snapshot is returned at once and
        rendered again in the background.
        """
        snap = self.snapshot()
        while True:
            with self._memo_lock:
                if key in snap.pages:
                    snap.pages.move_to_end(key)
                    return snap.pages[key]
                stale = snap.stale.get(key)
                if stale is not None:
                    self._revalidate(snap, key, render)
                    return stale
                busy = self._rendering.get(key)
                if busy is None:
                    self._rendering[key] = threading.Event()
                    break
            busy.wait()  # rendered by another request: read it from the memo (or render if it failed)
        try:
            try:
                body = render()
            except (OSError, StoreError):
                # the writer compacted away files this snapshot still read: reopen once and render again
                snap = self.reopen()
                body = render()
            self._keep(snap, key, body)
            return body
        finally:
            with self._memo_lock:
                self._rendering.pop(key).set()

    def _keep(self, snap: Snapshot, key: Hashable, body: bytes) -> None:
        if len(body) > self.page_bytes:
            return
        with self._memo_lock:
            old = snap.pages.pop(key, None)
            snap.page_bytes -= len(old) if old is not None else 0
            snap.pages[key] = body
            snap.page_bytes += len(body)
            snap.stale.pop(key, None)
            while snap.page_bytes > self.page_bytes:
                _, dropped = snap.pages.popitem(last=False)
                snap.page_bytes -= len(dropped)

    def _revalidate(self, snap: Snapshot, key: Hashable, render: Callable[[], bytes]) -> None:
        """Queue ``key`` for rendering in the background thread (once); caller holds ``_memo_lock``."""
        if key in self._queued:
            return
        self._queued.add(key)
        self._queue.put((snap, key, render))
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._background, name="cchc-web-revalidate", daemon=True)
            self._worker.start()

    def _background(self) -> None:
        while True:
            snap, key, render = self._queue.get()
            try:
                if snap is self._snap:  # a newer snapshot will queue it again if still asked
                    self._keep(snap, key, render())
            except Exception:  # noqa: BLE001 - the page is rendered (and reported) again on its next request
                with self._memo_lock:
                    snap.stale.pop(key, None)
            finally:
                with self._memo_lock:
                    self._queued.discard(key)
                self._queue.task_done()

    def drain(self) -> None:
        """Wait until every queued background rendering is done (for tests and benchmarks)."""
        self._queue.join()

    def sources(self) -> dict[str, str]:
        """Loaded source files of the current snapshot: path → sha256."""
        snap = self.snapshot()
        if snap.sources is None:
            snap.sources = snap.store.sources()
        return snap.sources
