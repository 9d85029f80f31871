"""Build the store from source files; reading and extraction are strategies.

``kg`` never imports ``loaders``: the CLI passes ``read`` (path → SourceText)
and ``extract`` (SourceText → list[Extraction]). Each file is replaced
atomically in its own named graph, so an interrupted build leaves every
previously stored file intact, and re-running redoes only what changed.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.kg.model import SourceText, Extraction, DocumentRecord
>>> def read(p): return SourceText(path=str(p), text="x", sha256="0" * 64)
>>> def extract(src): return [Extraction(DocumentRecord(doc_type="KH", key="kh/nd/nn-1/x", source=src.path))]
>>> st = GraphStore.open(None)
>>> report = build(st, ["a.txt"], read=read, extract=extract, static=False)
>>> (report.loaded, report.failed, report.documents)
(1, 0, 1)
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cchc_kg.kg.errors import CchcError, WorkerLostError
from cchc_kg.kg.ids import source_graph_iri
from cchc_kg.kg.model import Extraction, SourceText
from cchc_kg.kg.ntriples import SpilledTriples
from cchc_kg.kg.store import CATALOG_GRAPH, ONTOLOGY_GRAPH, GraphStore

__all__ = ["FileResult", "BuildReport", "build", "remove_sources", "ensure_static", "process_file", "default_align", "BATCH_BYTES", "worker_pool", "stop_pool", "source_identity"]

#: flush the write batch once its N-Triples reach this size (bounds memory)
BATCH_BYTES = 32 * 1024 * 1024
#: the subject of a ``cchc:docKey`` line of our own N-Triples: a document the graph describes
_DOC_SUBJECT = re.compile(rb"^<([^>]*)> <https://w3id\.org/cchc/ontology#docKey> ", re.M)

#: Test-only hook (tests/test_interrupt.py): when this environment variable
#: names a directory, :func:`build` stores one file per batch and, once the
#: first batch is committed, creates ``<dir>/paused`` and waits until
#: ``<dir>/resume`` exists, so a test interrupts a build at a known point
#: instead of racing it.  Unset (always, outside tests) it costs one lookup.
PAUSE_ENV = "CCHC_KG_TEST_PAUSE"


def _pause_for_test(folder: str) -> None:
    """Signal ``<folder>/paused`` and block until ``<folder>/resume`` appears (or 10 minutes pass)."""
    d = Path(folder)
    (d / "paused.tmp").write_text(f"pid {os.getpid()}\n", encoding="utf-8")
    os.replace(d / "paused.tmp", d / "paused")  # appears whole
    deadline = time.monotonic() + 600
    while not (d / "resume").exists() and time.monotonic() < deadline:
        time.sleep(0.01)


Reader = Callable[[Path], SourceText]
Extractor = Callable[[SourceText], list[Extraction]]
Aligner = Callable[[Sequence[Extraction]], list[tuple[int, int, Any]]]


@dataclass(frozen=True, slots=True)
class FileResult:
    """Outcome for one file: ``loaded``, ``unchanged`` or ``failed``."""

    path: str
    status: Literal["loaded", "unchanged", "failed"]
    documents: int = 0
    references: int = 0
    targets: int = 0
    responsibilities: int = 0
    triples: int = 0
    error: str | None = None
    reason: str | None = None  # short failure category
    warnings: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()  # document keys


@dataclass(slots=True)
class BuildReport:
    """Summary of a build run (returned as data; the CLI prints it)."""

    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def loaded(self) -> int:
        return sum(r.status == "loaded" for r in self.results)

    @property
    def unchanged(self) -> int:
        return sum(r.status == "unchanged" for r in self.results)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)

    @property
    def documents(self) -> int:
        return sum(r.documents for r in self.results)

    def reasons(self) -> dict[str, int]:
        """Failure reasons tallied."""
        return dict(Counter(r.reason or "error" for r in self.results if r.status == "failed"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": len(self.results),
            "loaded": self.loaded,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "documents": self.documents,
            "references": sum(r.references for r in self.results),
            "targets": sum(r.targets for r in self.results),
            "responsibilities": sum(r.responsibilities for r in self.results),
            "seconds": round(self.seconds, 3),
            "reasons": self.reasons(),
            "problems": [{"path": r.path, "reason": r.reason, "error": r.error} for r in self.results if r.status == "failed"],
        }


def default_align(extractions: Sequence[Extraction]) -> list[tuple[int, int, Any]]:
    """Align every extracted target with the national catalog (cchc_kg.kg.align)."""
    try:
        from cchc_kg.kg import align as _align
        from cchc_kg.kg.catalog import national_targets
    except ImportError:
        return []
    national = list(national_targets())
    out: list[tuple[int, int, Any]] = []
    for ei, ex in enumerate(extractions):
        if not ex.targets or ex.document.level == "national":
            continue
        for al in _align.align(ex.targets, national):
            out.append((ei, al.local_index, al))
    return out


def process_file(
    path: Path, display: str, read: Reader, extract: Extractor, align: Aligner | None,
    spill_dir: str | None = None,
) -> tuple[FileResult, bytes | SpilledTriples | None]:
    """Read, extract and build the N-Triples of one file (runs in a worker).

    With ``spill_dir``, the N-Triples of a very large file are written to a
    file there (:class:`cchc_kg.kg.ntriples.SpilledTriples`) rather than
    returned as bytes, so neither the worker nor the writer holds them.
    """
    from cchc_kg.kg.build import source_ntriples

    try:
        src = read(path) if display == str(path) else _read_as(read, path, display)
        extractions = extract(src)
        alignments = align(extractions) if align else []
        data = source_ntriples(src.path, src.sha256, extractions, alignments=alignments, spill_dir=spill_dir)
    except CchcError as e:
        return FileResult(display, "failed", error=str(e), reason=type(e).__name__), None
    except Exception as e:  # a loader bug must not stop the batch
        return FileResult(display, "failed", error=f"{display}: internal error {type(e).__name__}: {e}", reason="InternalError"), None
    res = FileResult(
        display,
        "loaded",
        documents=len(extractions),
        references=sum(len(x.references) for x in extractions),
        targets=sum(len(x.targets) for x in extractions),
        responsibilities=sum(len(x.responsibilities) for x in extractions),
        triples=data.lines + data.tail.count(b"\n") if isinstance(data, SpilledTriples) else data.count(b"\n"),
        warnings=tuple(src.warnings) + tuple(w for x in extractions for w in x.warnings),
        identities=tuple(x.document.key for x in extractions),
    )
    return res, data


def source_identity(path: str | Path) -> str:
    """The identity of a source file: its resolved real path (symlinks and ``..`` resolved).

    >>> source_identity("/tmp/../tmp/x.txt") == os.path.realpath("/tmp/x.txt")
    True
    """
    return os.path.realpath(path)


def _worker_init(parent: int) -> None:
    """Runs first in every worker: die with the parent, leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: killed when the parent dies
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers never hold the parent's locks and die with it.

    Workers are *spawned* (a fresh interpreter, not a fork), so they do not
    inherit the store's lock file or RocksDB handles; each asks the kernel
    to kill it when the parent dies (``PR_SET_PDEATHSIG``) and ignores
    SIGINT (the parent shuts the pool down). See
    ``docs/decisions/0004-faults-and-outputs.md``.
    """
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and terminate the workers now (on interrupt or error)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # unreadable: process_file reports it


def _read_as(read: Reader, path: Path, display: str) -> SourceText:
    src = read(path)
    if src.path == display:
        return src
    return SourceText(display, src.text, src.sha256, src.format, src.encoding, src.warnings)


def _spill_dir(store: GraphStore) -> str:
    """Where workers write the N-Triples of very large files: ``<store>/spill`` (emptied: a killed build's leftovers go)."""
    if store.directory is None:
        return tempfile.mkdtemp(prefix="cchc-kg-spill-")
    d = store.directory / "spill"
    shutil.rmtree(d, ignore_errors=True)  # the build holds the store's write lock: nobody else uses it
    return str(d)


def spilled_documents(data: SpilledTriples) -> set[str]:
    """IRIs of the documents a spilled graph describes (its ``cchc:docKey`` subjects), read in pieces."""
    found: set[str] = set()
    rest = b""
    with open(data.path, "rb") as fh:
        while block := fh.read(8 * 1024 * 1024):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            found.update(m.decode("utf-8") for m in _DOC_SUBJECT.findall(block, 0, cut))
            rest = block[cut:]
    return found


def ensure_static(store: GraphStore) -> None:
    """(Re)load the ontology and catalog graphs."""
    from rdflib import Graph

    from cchc_kg.kg.catalog_graph import catalog_graph
    from cchc_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

    onto = Graph()
    if ONTOLOGY_PATH.exists():
        onto.parse(ONTOLOGY_PATH, format="turtle")
    del SHAPES_PATH
    store.replace_graph(ONTOLOGY_GRAPH, onto)
    store.replace_graph(CATALOG_GRAPH, catalog_graph())


def build(
    store: GraphStore,
    files: Sequence[str | Path],
    *,
    read: Reader,
    extract: Extractor,
    align: Aligner | None = default_align,
    display: Callable[[Path], str] = str,
    force: bool = False,
    workers: int = 1,
    static: bool = True,
    progress: Callable[[FileResult], None] | None = None,
    batch_files: int = 32,
    summarize: Callable[[GraphStore, set[str]], object] | None = None,
) -> BuildReport:
    """Load ``files`` into ``store``; unchanged files (same sha256) are skipped.

    Every failure becomes a ``failed`` FileResult; the batch goes on.
    Finished files are stored ``batch_files`` at a time (or every
    :data:`BATCH_BYTES` of N-Triples), each batch in one atomic write.

    ``summarize`` (e.g. :func:`cchc_kg.queries.summary.refresh_summaries`)
    keeps per-document summary rows in step: the documents of every graph
    about to be written or dropped are marked pending before the write
    (:mod:`cchc_kg.kg.summary_store`), and ``summarize(store, documents)``
    rewrites their rows at the end of the build (also when nothing changed,
    so a store without rows gets them). A build that dies leaves the marks;
    readers then ignore the rows until the next build finishes them.
    """
    t0 = time.perf_counter()
    report = BuildReport()
    pause = os.environ.get(PAUSE_ENV)  # test-only, see PAUSE_ENV
    if pause:
        batch_files = 1
    if static:
        ensure_static(store)
    # one source = its resolved real path + its content hash: the same file
    # under another spelling (relative, absolute, via a symlink) is the same
    # named graph, "unchanged" when its bytes are
    stored = store.source_graphs()
    paths = [Path(f) for f in files]
    jobs = [(p, display(p)) for p in paths]
    graph_of: dict[str, str] = {}  # shown path → named graph to write
    replaces: dict[str, str] = {}  # shown path → older graph of the same file to drop

    # Finished files are written in batches: one bulk ingest per batch is
    # cheaper than one per file, and a crash keeps each batch whole or absent.
    # A file is reported only once its batch is stored.
    batch: dict[str, bytes] = {}
    waiting: list[FileResult] = []
    paused: list[bool] = []  # the test-only pause happens once

    stale: list[str] = []

    touched: set[str] = set()

    def _flush() -> None:
        if summarize is not None and (batch or stale):
            from cchc_kg.kg.summary_store import documents_in_graph, mark_pending

            docs = {d for g in [*batch, *stale] for d in documents_in_graph(store, g)}
            docs |= {m.decode("utf-8") for data in batch.values() for m in _DOC_SUBJECT.findall(data)}
            mark_pending(store, docs - touched)
            touched.update(docs)
        if batch:
            store.replace_graphs(batch, trusted=True)  # N-Triples from cchc_kg.kg.build.source_ntriples
            batch.clear()
        for g in stale:  # only after the new version is stored
            store.drop_graph(g)
        stale.clear()
        for r in waiting:
            report.results.append(r)
            if progress:
                progress(r)
        waiting.clear()
        if pause and report.loaded and not paused:
            paused.append(True)
            _pause_for_test(pause)

    def _store_spilled(res: FileResult, data: SpilledTriples) -> None:
        # too large for a batch: stored on its own, streamed from its file
        graph = graph_of.get(res.path) or source_graph_iri(source_identity(res.path))
        try:
            if summarize is not None:
                from cchc_kg.kg.summary_store import documents_in_graph, mark_pending

                docs = documents_in_graph(store, graph) | spilled_documents(data)
                mark_pending(store, docs - touched)
                touched.update(docs)
            store.load_graph_file(graph, data.path, tail=data.tail, trusted=True)
        finally:
            data.remove()
        if res.path in replaces:
            store.drop_graph(replaces[res.path])

    def _commit(res: FileResult, data: bytes | SpilledTriples | None, sha: str | None = None) -> None:
        if isinstance(data, SpilledTriples):
            _flush()  # what finished before it is stored first
            _store_spilled(res, data)
            waiting.append(res)
            _flush()
            return
        if data is not None:
            batch[graph_of.get(res.path) or source_graph_iri(source_identity(res.path))] = data
            if res.path in replaces:
                stale.append(replaces[res.path])
        waiting.append(res)
        # a problem is reported at once (with what finished before it), so a
        # caller that stops at the first problem does not wait for a batch
        if res.status == "failed" or len(batch) >= batch_files or sum(map(len, batch.values())) >= BATCH_BYTES:
            _flush()

    pending = []
    seen: set[str] = set()
    for p, shown in jobs:
        real = source_identity(p)
        if real in seen:  # the same file named twice in one batch
            _commit(FileResult(shown, "unchanged"), None)
            continue
        seen.add(real)
        graph = graph_of[shown] = source_graph_iri(real)
        old = graph if graph in stored else None
        legacy = source_graph_iri(shown)  # stores before 0004 keyed graphs by the path as typed
        if old is None and legacy in stored and source_identity(stored[legacy][0]) == real:
            old = legacy
        if old is not None and old != graph:
            replaces[shown] = old
        if not force and old is not None:
            try:
                sha = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                sha = None
            if sha is not None and stored[old][1] == sha:
                _commit(FileResult(shown, "unchanged"), None)
                continue
        pending.append((p, shown))

    spill = _spill_dir(store)
    try:
        if workers > 1 and len(pending) > 1:
            # bounded in-flight work: results (N-Triples) are committed as they
            # complete, so memory stays flat however many files there are; the
            # bound leaves the workers enough queued files to keep busy while
            # this process writes a batch
            pool = worker_pool(workers)
            running: dict[Future[tuple[FileResult, bytes | None]], str] = {}
            try:
                # largest files first: the long ones start early and the small
                # ones fill in at the end, so no worker idles through a long tail
                queue = sorted(pending, key=lambda job: _size(job[0]))
                while queue or running:
                    while queue and len(running) < workers * 8:
                        p, s = queue.pop()
                        running[pool.submit(process_file, p, s, read, extract, align, spill)] = s
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for fut in done:
                        shown = running.pop(fut)
                        try:
                            res, data = fut.result()
                        except BrokenProcessPool:
                            # a worker was killed (OOM killer, kill -9): the
                            # pool is unusable; every file in flight is unread
                            raise WorkerLostError(sorted({shown, *running.values()})) from None
                        _commit(res, data)
            except BaseException:
                stop_pool(pool)
                raise
            pool.shutdown(wait=True)
        else:
            for p, s in pending:
                res, data = process_file(p, s, read, extract, align, spill)
                _commit(res, data)
    except (KeyboardInterrupt, WorkerLostError):
        _flush()  # every file finished before the interruption is kept
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    _flush()
    order = {s: i for i, (_, s) in enumerate(jobs)}
    report.results.sort(key=lambda r: order.get(r.path, 0))
    if static and (report.loaded or force):
        from cchc_kg.kg.changes_graph import refresh_changes

        refresh_changes(store)  # change events depend on the organisations now stored
    if summarize is not None:
        summarize(store, touched)
    report.seconds = time.perf_counter() - t0
    return report


def remove_sources(
    store: GraphStore, paths: Sequence[str | Path], *, summarize: Callable[[GraphStore, set[str]], object] | None = None
) -> list[str]:
    """Drop the named graphs of these loaded files; return the paths removed (as stored).

    A path names a file as it was loaded (any spelling of the same real
    file). Summary rows follow as in :func:`build`.

    >>> from cchc_kg.kg.store import GraphStore
    >>> remove_sources(GraphStore.open(None), ["nowhere.txt"])
    []
    """
    stored = store.source_graphs()
    wanted = {source_identity(p) for p in paths}
    drop = {g: path for g, (path, _sha) in stored.items() if source_identity(path) in wanted}
    touched: set[str] = set()
    if summarize is not None and drop:
        from cchc_kg.kg.summary_store import documents_in_graph, mark_pending

        touched = {d for g in drop for d in documents_in_graph(store, g)}
        mark_pending(store, touched)
    for g in drop:
        store.drop_graph(g)
    if drop:
        from cchc_kg.kg.changes_graph import refresh_changes

        refresh_changes(store)
    if summarize is not None:
        summarize(store, touched)
    return sorted(drop.values())
