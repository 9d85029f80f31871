"""One exception class per failure; the CLI maps them to messages/exit codes."""

from __future__ import annotations

__all__ = [
    "CchcError",
    "InputError",
    "UnreadableFileError",
    "NoIdentityError",
    "NotOfficialDocumentError",
    "DocumentNotFound",
    "AmbiguousDocument",
    "StoreLockedError",
    "StoreError",
    "BackendError",
    "StoreDamagedError",
    "StoreAccessError",
    "OutputError",
    "QueryRefused",
    "TooLargeError",
    "WorkerLostError",
]


class CchcError(Exception):
    """Base class of every error raised by the library."""

    exit_code = 2


class InputError(CchcError):
    """Bad user input (path, option, query string)."""


class UnreadableFileError(InputError):
    """A source file cannot be read or decoded: ``path`` and ``reason``."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(f"{path}: {reason}" + (f" ({hint})" if hint else ""))


class NoIdentityError(InputError):
    """A file holds no recognisable document identity."""

    HINT = (
        "an official document needs its type heading (KẾ HOẠCH, QUYẾT ĐỊNH, NGHỊ ĐỊNH …) with a "
        "'Số: …' line or an issuing body; if this file is one, check that its text layer is complete, "
        "otherwise leave it out of the batch"
    )

    def __init__(self, path: str, reason: str = "no recognisable document identity", hint: str = HINT) -> None:
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(f"{path}: {reason} ({hint})" if hint else f"{path}: {reason}")


class NotOfficialDocumentError(NoIdentityError):
    """A file is about documents (news, Q&A, commentary, a portal summary), not an official text."""

    HINT = ("only official texts are loaded: leave it out of the batch, or load the document's own text "
            "(with its national motto and 'Số: …')")

    def __init__(self, path: str, reason: str = "not an official document (no national motto, number or type heading)",
                 hint: str = HINT) -> None:
        super().__init__(path, reason, hint)


class DocumentNotFound(CchcError):
    """A DOC argument matches no document."""

    exit_code = 1


class AmbiguousDocument(CchcError):
    """A DOC argument matches several documents; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: list[dict]) -> None:
        self.query, self.candidates = query, candidates
        super().__init__(f"{query!r} matches {len(candidates)} documents")


class StoreLockedError(CchcError):
    """Another process is writing to the store."""


class StoreError(CchcError):
    """The store is missing or damaged."""


class BackendError(CchcError):
    """A query backend (Neo4j/Bolt, SPARQL endpoint) failed."""


class StoreDamagedError(StoreError):
    """The store's files are truncated or corrupted: it must be rebuilt."""

    def __init__(self, directory: str, detail: str = "") -> None:
        self.directory, self.detail = directory, detail
        super().__init__(
            f"the store at {directory} is damaged: rebuild it with "
            f"`cchc-kg build --force PATH… --store {directory}` (or delete the folder and build again)"
        )


class StoreAccessError(StoreError):
    """The store cannot be opened for an operating-system reason (read-only, not a folder …)."""


class OutputError(CchcError):
    """An output file cannot be written: ``path``, ``reason`` and what to do."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path, self.reason, self.hint = path, reason, hint
        super().__init__(f"cannot write {path}: {reason}" + (f" ({hint})" if hint else ""))


class QueryRefused(InputError):
    """A SPARQL query is refused before it runs (update, SERVICE, too large or too deep)."""


class TooLargeError(UnreadableFileError):
    """A source file exceeds a size bound; the hint names the option that raises it."""


class WorkerLostError(CchcError):
    """A parallel build worker died (killed by the system, e.g. out of memory)."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        super().__init__(
            f"a worker process was killed (by the system, perhaps out of memory) while reading {shown}; "
            "every file finished before is stored: run the same build again, with -j 1 or without the largest files"
        )
