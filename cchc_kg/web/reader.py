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

A read-only RocksDB instance does not hold every file of the store open:
when the writer's compaction deletes a table file the snapshot has not
opened yet, a read fails (``FileNotFoundError: IO error: No such file …
.sst``) and so may a reopen at that instant (``Corruption … MANIFEST``).
:meth:`StoreReader.run` pins one snapshot for all the reads of a request
and, on exactly that class of error (:func:`is_read_race`), runs the whole
request again on a fresh snapshot, at most ``attempts`` times, logging
each retry; when every attempt fails the request gets
:class:`StoreBusyError` (a ``StoreError``: HTTP 503), never a traceback.

>>> import tempfile
>>> StoreReader(tempfile.mkdtemp()).backend()
Traceback (most recent call last):
...
cchc_kg.kg.errors.StoreError: no graph store at ...
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cchc_kg.kg.errors import CchcError, StoreError
from cchc_kg.kg.store import GraphStore, is_transient_read
from cchc_kg.queries.embedded import EmbeddedBackend

__all__ = ["StoreReader", "Snapshot", "StoreBusyError", "is_read_race", "store_signature"]

log = logging.getLogger("cchc_kg.web")
T = TypeVar("T")


class StoreBusyError(StoreError):
    """Every attempt to read the store failed while a writer changed its files (HTTP 503: try again)."""


def is_read_race(exc: BaseException) -> bool:
    """True for the errors a reader gets when a concurrent writer changes the store's files under it.

    A failed (re)open (``StoreError``), or a storage error of the engine
    saying a file vanished or a manifest was half written; any other error
    (a bug, a bad query) is not retried.

    >>> is_read_race(FileNotFoundError("IO error: No such file or directory: While open a file for random read: 000289.sst"))
    True
    >>> is_read_race(StoreError("no graph store at /x")), is_read_race(RuntimeError("boom")), is_read_race(KeyError("x"))
    (True, False, False)
    """
    if isinstance(exc, StoreBusyError):
        return False
    if isinstance(exc, StoreError):
        return True
    return isinstance(exc, (OSError, RuntimeError)) and is_transient_read(exc)


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

    def __init__(self, directory: str | Path, *, refresh: float = 1.0, cache_size: int = 512, page_bytes: int = 64 << 20,
                 attempts: int = 4, backoff: float = 0.02) -> None:
        self.directory = Path(directory)
        self.refresh = refresh
        self.cache_size = cache_size
        self.page_bytes = page_bytes
        #: pause of the background renderer after each page, as a share of the time the page took
        self.yield_ratio = 1.0
        self.attempts = max(1, attempts)
        self.backoff = backoff
        #: read races met and retried (for the benchmark and the log)
        self.races = 0
        self._local = threading.local()  # the snapshot pinned by the request running in this thread
        self._renderers: OrderedDict[Hashable, Callable[[], bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._memo_lock = threading.Lock()  # guards the two memo tables of every snapshot
        self._snap: Snapshot | None = None
        self._checked = 0.0
        self._rendering: dict[Hashable, threading.Event] = {}  # pages being rendered now
        self._queue: queue.Queue[tuple[Snapshot, Hashable, Callable[[], bytes]]] = queue.Queue()
        self._queued: set[Hashable] = set()
        self._worker: threading.Thread | None = None
        self._opening: threading.Thread | None = None  # a newer snapshot being opened

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
        """The snapshot to answer with: the one pinned by :meth:`run` in this thread, else the current one.

        At most every ``refresh`` seconds the store's files are listed; when
        they changed, a newer snapshot is opened in a background thread and
        answers come from the last one until it is ready (no request waits
        for an opening, which costs tens of milliseconds on a large store).
        With ``refresh=0`` the store is checked, and reopened, on every call.
        """
        pinned = getattr(self._local, "snap", None)
        if pinned is not None:
            return pinned
        snap = self._snap
        if snap is not None and time.monotonic() - self._checked < self.refresh:
            return snap
        return self._refresh(blocking=True)  # type: ignore[return-value]

    def _refresh(self, *, blocking: bool) -> Snapshot | None:
        if not self._lock.acquire(blocking=blocking):
            return self._snap  # another thread is checking: answer from the current snapshot
        try:
            now = time.monotonic()
            snap = self._snap
            if snap is not None and now - self._checked < self.refresh:
                return snap
            self._checked = now
            if snap is None:
                self._snap = self._open()
            elif self._opening is None and store_signature(self.directory) != snap.signature:
                if self.refresh > 0:
                    self._opening = threading.Thread(target=self._open_behind, name="cchc-web-open", daemon=True)
                    self._opening.start()
                else:
                    self._open_now()
            return self._snap
        finally:
            self._lock.release()

    def _open_now(self) -> None:
        """Open the newer snapshot (caller holds ``_lock``); a read race keeps the last one until the next check."""
        try:
            self._snap = self._open()
        except (CchcError, OSError, RuntimeError) as e:
            if not is_read_race(e):
                raise
            log.info("store %s changing, keeping the last snapshot: %s", self.directory, e)

    def _open_behind(self) -> None:
        try:
            snap = self._open()
        except Exception as e:  # noqa: BLE001 - a failed opening keeps the last snapshot; logged
            if is_read_race(e):
                log.info("store %s changing, keeping the last snapshot: %s", self.directory, e)
            else:
                log.exception("cannot open a newer snapshot of %s", self.directory)
        else:
            with self._lock:
                self._snap = snap
        finally:
            self._opening = None

    def reopen(self, failed: Snapshot | None = None) -> Snapshot:
        """A fresh snapshot now (after a read that failed under a concurrent writer).

        When ``failed`` is given and another thread has already replaced it,
        that newer snapshot is returned (fifty requests meeting one race open
        the store once).
        """
        with self._lock:
            if failed is not None and self._snap is not None and self._snap is not failed:
                return self._snap
            self._snap = self._open()
            self._checked = time.monotonic()
            return self._snap

    def run(self, fn: Callable[[], T]) -> T:
        """``fn()`` with every read of this thread on one snapshot, run again on a fresh one after a read race.

        At most ``attempts`` runs; each race is logged; when all fail,
        :class:`StoreBusyError`. Inside another ``run`` (a page reading
        memoised answers), ``fn`` runs on the outer snapshot and the outer
        ``run`` retries.
        """
        if getattr(self._local, "snap", None) is not None:
            return fn()
        return self._attempts(lambda _snap: fn())[0]

    def _attempts(self, fn: Callable[[Snapshot], T]) -> tuple[T, Snapshot]:
        last: BaseException | None = None
        snap: Snapshot | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                if snap is None:
                    snap = self.snapshot()
                elif last is not None:
                    time.sleep(self.backoff * (attempt - 1))  # let the writer finish switching files
                    snap = self.reopen(snap)
                self._local.snap = snap
                try:
                    return fn(snap), snap
                finally:
                    self._local.snap = None
            except Exception as e:  # noqa: BLE001 - only read races are retried, the rest re-raised
                if not is_read_race(e):
                    raise
                last = e
                self.races += 1
                log.warning("read race with a writer of %s (attempt %d of %d): %s: %s",
                            self.directory, attempt, self.attempts, type(e).__name__, e)
        raise StoreBusyError(f"the store {self.directory} kept changing while it was read ({self.attempts} attempts; "
                             f"a build is writing it): try again in a moment") from last

    def backend(self) -> EmbeddedBackend:
        """The query backend of the current snapshot."""
        return self.snapshot().backend

    def cached(self, key: Hashable, compute: Callable[[EmbeddedBackend], Any]) -> Any:
        """``compute(backend)`` memoised for the current snapshot under ``key`` (retried after a read race)."""
        snap = self.snapshot()
        with self._memo_lock:
            if key in snap.cache:
                snap.cache.move_to_end(key)
                return snap.cache[key]
        if getattr(self._local, "snap", None) is not None:  # inside run(): the outer run retries
            value = compute(snap.backend)
        else:
            value, snap = self._attempts(lambda s: compute(s.backend))  # outside the lock: other answers go on
        with self._memo_lock:
            snap.cache[key] = value
            while len(snap.cache) > self.cache_size:
                snap.cache.popitem(last=False)
        return value

    def page(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """A rendered page memoised for the current snapshot (least recently used dropped past ``page_bytes``).

        A page another thread is rendering is waited for, not rendered twice;
        a page rendered from an earlier snapshot is returned at once and
        rendered again in the background. ``render`` runs inside :meth:`run`
        (one snapshot, retried after a read race) and is kept to render the
        page again when a later snapshot makes it stale (:meth:`peek`).
        """
        snap = self.snapshot()
        while True:
            with self._memo_lock:
                self._remember(key, render)
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
            if getattr(self._local, "snap", None) is not None:
                body = render()
            else:
                body, snap = self._attempts(lambda _s: render())
            self._keep(snap, key, body)
            return body
        finally:
            with self._memo_lock:
                self._rendering.pop(key).set()

    def peek(self, key: Hashable) -> bytes | None:
        """The memoised page under ``key`` at once, or ``None`` (then the route answers).

        Never waits, renders or opens the store (safe on the event loop): a
        stale page is returned and queued for rendering again with the
        renderer :meth:`page` kept for it. The refresh check it may do lists
        the store's files; a newer snapshot is opened in the background.
        """
        snap = self._snap
        if snap is None:
            return None
        if time.monotonic() - self._checked >= self.refresh:
            if self.refresh <= 0:
                return None  # reopened on every request: by the route, off the event loop
            snap = self._refresh(blocking=False)  # a directory listing at most; a newer snapshot opens behind
            if snap is None:
                return None
        with self._memo_lock:
            body = snap.pages.get(key)
            if body is not None:
                snap.pages.move_to_end(key)
                return body
            stale = snap.stale.get(key)
            render = self._renderers.get(key)
            if stale is not None and render is not None:
                self._revalidate(snap, key, render)
                return stale
        return None

    def _remember(self, key: Hashable, render: Callable[[], bytes]) -> None:
        """Keep the latest renderer of ``key`` (caller holds ``_memo_lock``); bounded like the answers."""
        self._renderers[key] = render
        self._renderers.move_to_end(key)
        while len(self._renderers) > 8 * self.cache_size:
            self._renderers.popitem(last=False)

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
                    self._local.snap = snap  # render on the snapshot whose stale page it replaces
                    t0 = time.monotonic()
                    try:
                        body = render()
                    finally:
                        self._local.snap = None
                    self._keep(snap, key, body)
                    # yield as long as the rendering took: the requests (served stale meanwhile)
                    # keep at least half of the interpreter while a build commits every second
                    time.sleep(min(time.monotonic() - t0, 0.5) * self.yield_ratio)
            except Exception as e:  # noqa: BLE001 - the page is rendered (and reported) again on its next request
                if is_read_race(e):  # keep serving the stale page; a later request queues it again
                    self.races += 1
                    log.warning("read race with a writer of %s while rendering again: %s: %s", self.directory, type(e).__name__, e)
                else:
                    with self._memo_lock:
                        snap.stale.pop(key, None)
            finally:
                with self._memo_lock:
                    self._queued.discard(key)
                self._queue.task_done()

    def drain(self) -> None:
        """Wait until a newer snapshot being opened is ready and every queued background rendering is done (tests)."""
        opening = self._opening
        if opening is not None:
            opening.join()
        self._queue.join()

    def sources(self) -> dict[str, str]:
        """Loaded source files of the current snapshot: path → sha256."""
        snap = self.snapshot()
        if snap.sources is None:
            if getattr(self._local, "snap", None) is not None:
                snap.sources = snap.store.sources()
            else:
                value, snap = self._attempts(lambda s: s.store.sources())
                snap.sources = value
        return snap.sources
