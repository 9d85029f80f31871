"""A fast triple sink: the graph builders write into it, it serialises N-Triples.

``cchc_kg.kg.build`` adds triples through ``.add((s, p, o))``. An ``rdflib.Graph``
costs ~30 µs per triple (indexes, contexts); building a file's graph only to
serialise it for the store needs none of that. :class:`TripleList` keeps the
triples in insertion order, drops duplicates and writes N-Triples itself.
``tests/test_ntriples.py`` checks it gives a graph isomorphic to the rdflib
path on the seeds.

>>> from rdflib import Literal, URIRef
>>> t = TripleList()
>>> t.add((URIRef("urn:a"), URIRef("urn:p"), Literal('say "hi"\\n', lang="vi")))
>>> t.add((URIRef("urn:a"), URIRef("urn:p"), Literal(5)))
>>> print(t.serialize().decode(), end="")
<urn:a> <urn:p> "say \\"hi\\"\\n"@vi .
<urn:a> <urn:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["TripleList", "TripleFile", "SpilledTriples", "SPILL_CHARS", "term_nt"]

_XSD_STRING = XSD.string


def _escape(s: str) -> str:
    # Most sentences need no escaping; str.translate with a dict walks every
    # character in Python-level lookups (≈150x slower than these ``in`` checks).
    if "\\" in s or '"' in s or "\n" in s or "\r" in s:
        return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return s


def term_nt(t: object) -> str:
    """One RDF term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        hit = _LITERALS.get(id(t))
        if hit is not None and hit[0] is t:
            return hit[1]
        lex = _escape(str(t))
        if t.language:
            nt = f'"{lex}"@{t.language}'
        elif t.datatype is not None and t.datatype != _XSD_STRING:
            nt = f'"{lex}"^^<{t.datatype}>'
        else:
            nt = f'"{lex}"'
        if len(_LITERALS) >= _LITERALS_MAX:
            _LITERALS.clear()
        _LITERALS[id(t)] = (t, nt)  # holding t keeps its id from being reused
        return nt
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


# id(literal) → (literal, N-Triples form). cchc_kg.kg.vocab.lit hands out the same
# object for a repeated literal, so its serialisation is done once.
_LITERALS: dict[int, tuple[Literal, str]] = {}
_LITERALS_MAX = 1 << 16


class TripleList:
    """Insertion-ordered, de-duplicated triples with an ``rdflib.Graph``-like ``add``."""

    def __init__(self) -> None:
        # line → None: a dict keeps insertion order and drops duplicates, and
        # hashing the finished line is cheaper than hashing three rdflib terms
        self._lines: dict[str, None] = {}

    def add(self, triple: tuple[object, object, object]) -> None:
        s, p, o = triple
        # exact-type checks inline the common case (an IRI) without a call
        sn = f"<{s}>" if type(s) is URIRef else term_nt(s)
        pn = f"<{p}>" if type(p) is URIRef else term_nt(p)
        on = f"<{o}>" if type(o) is URIRef else term_nt(o)
        self._lines[f"{sn} {pn} {on} .\n"] = None

    def bind(self, prefix: str, namespace: object) -> None:
        """Prefixes mean nothing in N-Triples (kept for Graph compatibility)."""

    def __len__(self) -> int:
        return len(self._lines)

    def serialize(self) -> bytes:
        """The triples as UTF-8 N-Triples."""
        return "".join(self._lines).encode("utf-8")


#: a :class:`TripleFile` writes its lines to disk once they hold this many characters
SPILL_CHARS = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SpilledTriples:
    """The N-Triples of one source graph too large to hold in memory, in a file.

    ``path`` holds every line but the ``held`` ones, which are in ``tail``:
    a loader writes ``tail`` only after the file is stored (the source's
    hash goes last, so a graph whose load died is not taken for complete).
    ``lines`` counts the lines written (a triple repeated far apart may be
    written twice; the store keeps one).
    """

    path: str
    lines: int
    tail: bytes

    def remove(self) -> None:
        """Delete the file (no error if it is gone)."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


class TripleFile(TripleList):
    r"""A :class:`TripleList` bounded in memory: past ``limit`` characters its lines go to a file in ``directory``.

    Small graphs never touch the disk: :meth:`finish` returns their N-Triples
    as bytes, exactly as :meth:`TripleList.serialize` would. A large graph
    is written out in chunks of about ``limit`` characters (duplicates are
    dropped within a chunk) and :meth:`finish` returns a
    :class:`SpilledTriples`. Lines whose predicate is in ``hold`` are kept
    apart (the :attr:`SpilledTriples.tail`).

    >>> import tempfile
    >>> from rdflib import URIRef
    >>> d = tempfile.mkdtemp()
    >>> t = TripleFile(d, limit=60, hold=(URIRef("urn:hash"),))
    >>> t.add((URIRef("urn:s"), URIRef("urn:hash"), URIRef("urn:h")))
    >>> for i in range(3):
    ...     t.add((URIRef("urn:s"), URIRef("urn:p"), URIRef(f"urn:o{i}")))
    >>> out = t.finish()
    >>> out.lines, out.tail
    (3, b'<urn:s> <urn:hash> <urn:h> .\n')
    >>> open(out.path, "rb").read().count(b"\n"); out.remove()
    3
    """

    def __init__(self, directory: str | Path, *, limit: int | None = None, hold: tuple[object, ...] = ()) -> None:
        super().__init__()
        self._dir = Path(directory)
        self._limit = SPILL_CHARS if limit is None else limit
        self._chars = 0
        self._hold = frozenset(f"<{p}>" for p in hold)
        self._tail: list[str] = []
        self._fh: object | None = None
        self._path = ""
        self._written = 0

    def add(self, triple: tuple[object, object, object]) -> None:
        s, p, o = triple
        sn = f"<{s}>" if type(s) is URIRef else term_nt(s)
        pn = f"<{p}>" if type(p) is URIRef else term_nt(p)
        on = f"<{o}>" if type(o) is URIRef else term_nt(o)
        line = f"{sn} {pn} {on} .\n"
        if pn in self._hold:
            if line not in self._tail:
                self._tail.append(line)
            return
        if line in self._lines:
            return
        self._lines[line] = None
        self._chars += len(line)
        if self._chars >= self._limit:
            self._spill()

    def _spill(self) -> None:
        if self._fh is None:
            self._dir.mkdir(parents=True, exist_ok=True)
            fd, self._path = tempfile.mkstemp(prefix="spill-", suffix=".nt", dir=self._dir)
            self._fh = os.fdopen(fd, "wb")
        self._fh.write("".join(self._lines).encode("utf-8"))  # type: ignore[attr-defined]
        self._written += len(self._lines)
        self._lines.clear()
        self._chars = 0

    def __len__(self) -> int:
        return self._written + len(self._lines) + len(self._tail)

    def serialize(self) -> bytes:
        raise TypeError("a TripleFile is read through finish()")

    def finish(self) -> bytes | SpilledTriples:
        """The graph: N-Triples bytes (held lines last) if it stayed small, else the file it was written to."""
        tail = "".join(self._tail).encode("utf-8")
        if self._fh is None:
            return "".join(self._lines).encode("utf-8") + tail
        try:
            if self._lines:
                self._spill()
        finally:
            self._fh.close()  # type: ignore[attr-defined]
        return SpilledTriples(self._path, self._written, tail)

    def discard(self) -> None:
        """Close and delete the file, if one was started (an extraction that failed midway)."""
        if self._fh is not None:
            self._fh.close()  # type: ignore[attr-defined]
            Path(self._path).unlink(missing_ok=True)
            self._fh = None
