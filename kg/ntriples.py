"""A fast triple sink: the graph builders write into it, it serialises N-Triples.

``kg.build`` adds triples through ``.add((s, p, o))``. An ``rdflib.Graph``
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
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term_nt(t: object) -> str:
    """One RDF term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        lex = str(t).translate(_ESCAPES)
        if t.language:
            return f'"{lex}"@{t.language}'
        if t.datatype is not None and t.datatype != _XSD_STRING:
            return f'"{lex}"^^<{t.datatype}>'
        return f'"{lex}"'
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


class TripleList:
    """Insertion-ordered, de-duplicated triples with an ``rdflib.Graph``-like ``add``."""

    def __init__(self) -> None:
        self._seen: set[tuple[object, object, object]] = set()
        self._lines: list[str] = []

    def add(self, triple: tuple[object, object, object]) -> None:
        if triple in self._seen:
            return
        self._seen.add(triple)
        s, p, o = triple
        self._lines.append(f"{term_nt(s)} {term_nt(p)} {term_nt(o)} .\n")

    def bind(self, prefix: str, namespace: object) -> None:
        """Prefixes mean nothing in N-Triples (kept for Graph compatibility)."""

    def __len__(self) -> int:
        return len(self._lines)

    def serialize(self) -> bytes:
        """The triples as UTF-8 N-Triples."""
        return "".join(self._lines).encode("utf-8")
