"""The fast N-Triples sink gives exactly the rdflib builder's graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from cchc_kg.kg.build import source_graph, source_ntriples
from cchc_kg.kg.ingest import default_align
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from records import plan_extraction

NASTY = 'tiêu đề "có ngoặc" \\ và } { \' \n xuống dòng <script>'


def test_hand_records_are_isomorphic() -> None:
    ex = plan_extraction()
    a = source_graph("plan.txt", "a" * 64, [ex])
    b = Graph().parse(data=source_ntriples("plan.txt", "a" * 64, [ex]).decode(), format="nt")
    assert len(a) == len(b) and isomorphic(a, b)


def test_literals_with_quotes_backslashes_and_newlines_round_trip() -> None:
    import dataclasses

    ex = plan_extraction()
    ex = dataclasses.replace(ex, document=dataclasses.replace(ex.document, title=NASTY))
    b = Graph().parse(data=source_ntriples("plan.txt", "a" * 64, [ex]).decode(), format="nt")
    assert NASTY in {str(o) for o in b.objects()}


@pytest.mark.parametrize("name", ["000_3e13e4f5f52b4654.txt", "004_1b521d6779d44ea6.txt"])
def test_seed_graphs_are_isomorphic(seeds_dir: Path, name: str) -> None:
    src = read_source(seeds_dir / name)
    exs = extract_source(src)
    al = default_align(exs)
    a = source_graph(src.path, src.sha256, exs, alignments=al)
    b = Graph().parse(data=source_ntriples(src.path, src.sha256, exs, alignments=al).decode(), format="nt")
    assert len(a) == len(b) and isomorphic(a, b)


def test_equal_triples_are_written_once_and_short_lived_literals_never_share_a_line() -> None:
    from rdflib import Literal, URIRef

    from cchc_kg.kg.ntriples import TripleList

    s, p = URIRef("urn:s"), URIRef("urn:p")
    t = TripleList()
    t.add((s, p, Literal("x", lang="vi")))
    t.add((s, p, Literal("x", lang="vi")))  # equal, another object
    assert len(t) == 1
    # literals freed right after use: their ids are reused by CPython, and the
    # serialisation cache (keyed by id, cleared every 65,536 entries) must
    # never hand one literal's text to another
    for i in range(70_000):
        t.add((s, p, Literal(i)))
    lines = t.serialize().decode().splitlines()
    assert len(lines) == 70_001
    assert lines[-1] == '<urn:s> <urn:p> "69999"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    assert len({ln.split('"')[1] for ln in lines[1:]}) == 70_000
