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

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["TripleList", "term_nt"]

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
