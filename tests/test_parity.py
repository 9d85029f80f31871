"""One set of answers: embedded SPARQL, networkx and a Bolt server, on the seed documents.

Parity is exact dict equality of every Backend primitive and of the
lineage queries built on them, and of the validity answers (``show``'s
validity block, ``bases --as-of``, ``check``). Long texts are complete on
every backend (the Bolt writer appends chunks), so no field is compared loosely.
"""

from __future__ import annotations

import networkx as nx
import pytest

from cchc_kg.kg.exports import write_graphml
from cchc_kg.kg.ingest import build
from cchc_kg.kg.pgmodel import from_store
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.backend import ALL_RELATIONS
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.lineage import bases, cited_by
from cchc_kg.queries.checks import run_check
from cchc_kg.queries.nx import NetworkxBackend, backend_lineage_path, documents_without_basis, most_cited, shortest_lineage_path
from cchc_kg.queries.validity import mark_in_force, replacement_chain, validity_lookup
from cchc_kg.queries.validity_facts import ValidityFacts
from cchc_kg.queries.validity_sparql import PRIMITIVES, primitives

AS_OF = ("2016-01-01", "2019-01-01", "2022-06-30", "2026-01-01")


@pytest.fixture(scope="module")
def seed_store(seeds_dir):
    from cchc_kg.loaders.pipeline import extract_source
    from cchc_kg.loaders.readers import read_source

    files = sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix != ".md")
    st = GraphStore.open(None)
    rep = build(st, files, read=read_source, extract=extract_source)
    assert rep.failed == 0 and rep.loaded == len(files)
    return st


@pytest.fixture(scope="module")
def embedded(seed_store):
    return EmbeddedBackend(seed_store)


@pytest.fixture(scope="module")
def pushed(seed_store, bolt_conn):
    from cchc_kg.kg.neo4j_writer import push, wipe
    from cchc_kg.queries.cypher import CypherBackend

    wipe(bolt_conn)
    pg = from_store(seed_store)
    first = push(bolt_conn, pg)
    second = push(bolt_conn, pg)
    return CypherBackend(bolt_conn), pg, first, second


def assert_same(ref, other) -> None:
    docs = ref.documents()
    assert docs, "no documents"
    assert other.documents() == docs
    assert other.documents(loaded_only=True) == ref.documents(loaded_only=True)
    for d in docs:
        i = d["iri"]
        assert other.document(i) == ref.document(i), i
        for direction in ("out", "in"):
            assert other.edges(i, direction, ALL_RELATIONS) == ref.edges(i, direction, ALL_RELATIONS), (i, direction)
        assert bases(other, i) == bases(ref, i), i
        assert cited_by(other, i) == cited_by(ref, i), i
        assert cited_by(other, i, transitive=True) == cited_by(ref, i, transitive=True), i
        assert other.targets(i) == ref.targets(i)
        assert other.responsibilities(i) == ref.responsibilities(i)
        for num in {d["number"] or "", (d["number"] or "").upper()}:
            assert other.find_by_numeral(num) == ref.find_by_numeral(num)
    assert other.targets() == ref.targets()
    assert other.responsibilities() == ref.responsibilities()
    assert other.alignments() == ref.alignments()
    # the filtered primitives equal the filtered full answers, on every backend
    every = ref.alignments()
    assert every
    for nat in sorted({a["national"] for a in every}):
        mine = [a for a in every if a["national"] == nat]
        assert ref.alignments(national=nat) == mine
        assert other.alignments(national=nat) == mine
    for doc in sorted({a["document"] for a in every}):
        mine = [a for a in every if a["document"] == doc]
        assert ref.alignments(document=doc) == mine
        assert other.alignments(document=doc) == mine
    assert other.targets(national=True) == ref.targets(national=True)
    nat_targets = ref.targets(national=True)
    assert nat_targets and {t["iri"] for t in nat_targets} < {t["iri"] for t in ref.targets()}
    assert all(t["national_id"] or ref.document(t["document"])["level"] == "national" for t in nat_targets)
    assert other.find_by_law_name("luật cán bộ, công chức") == ref.find_by_law_name("luật cán bộ, công chức")


def _nodes(tree: dict) -> list[dict]:
    return [tree, *(n for c in tree["bases"] for n in _nodes(c))]


def assert_same_validity(ref, other) -> None:
    """Validity facts, ``show``'s validity, ``bases --as-of`` marks and ``check`` findings are equal."""
    assert all(callable(getattr(other, n, None)) for n in PRIMITIVES) and primitives(other) is other
    a, b = ValidityFacts.from_source(ref, bulk=True), ValidityFacts.from_source(other, bulk=True)
    lazy = ValidityFacts.from_source(other)
    facts = a.all_changes()
    assert facts and {f.origin for f in facts} == {"catalog", "corpus"}
    assert b.all_changes() == facts
    assert b.ended_candidates() == a.ended_candidates()
    iris = sorted({d["iri"] for d in ref.documents()} | {f.target for f in facts} | {f.successor for f in facts})
    for i in iris:
        assert b.document_facts(i) == a.document_facts(i), i
        assert b.validity(i) == lazy.validity(i) == a.validity(i), i
        assert replacement_chain(b, i) == replacement_chain(a, i), i
    # a replaced decree: replaced by whom and since when, on every backend
    replaced = [i for i in iris if a.validity(i)["end"] and any(e["relation"] == "replaces" for e in a.validity(i)["successors"])]
    assert replaced
    for i in replaced:
        v = b.validity(i)
        assert v["end"] and [e["successor"] for e in v["successors"]] == [e["successor"] for e in a.validity(i)["successors"]]
    # bases --as-of marks the same nodes in force (some in force, some not: the comparison is not vacuous)
    marks = set()
    for d in ref.documents(loaded_only=True):
        for on in AS_OF:
            mine = mark_in_force(bases(other, d["iri"]), on, validity_lookup(other))
            assert mine == mark_in_force(bases(ref, d["iri"]), on, validity_lookup(ref)), (d["iri"], on)
            marks |= {n["in_force_at"] for n in _nodes(mine)}
    assert {True, False} <= marks
    # check: the same findings and summary (SHACL reads the RDF store: see docs/validity.md)
    for on in ("2019-01-01", "2026-01-01"):
        mine, theirs = run_check(other, today=on), run_check(ref, today=on)
        assert mine == theirs, on
    assert {f["kind"] for f in theirs["findings"]} >= {"superseded-citation", "agency-reorganised"}
    # the organisation and open-citation primitives orgs_time and check read
    sp = primitives(ref)
    orgs = sorted({r["agency"]["iri"] for r in ref.responsibilities()})
    assert any(sp.change_events_from(o) for o in orgs)
    for o in orgs:
        assert other.change_events_from(o) == sp.change_events_from(o), o
        assert other.organisation(o) == sp.organisation(o), o
    for d in ref.documents(loaded_only=True):
        assert other.open_citations(d["iri"]) == sp.open_citations(d["iri"]), d["iri"]


def test_seed_store_has_every_kind_of_fact(embedded) -> None:
    assert len(embedded.documents(loaded_only=True)) >= 5
    assert embedded.targets() and embedded.responsibilities() and embedded.alignments()


def test_networkx_equals_embedded(seed_store, embedded) -> None:
    assert_same(embedded, NetworkxBackend.from_store(seed_store))


def test_networkx_validity_equals_embedded(seed_store, embedded) -> None:
    assert_same_validity(embedded, NetworkxBackend.from_store(seed_store))


def test_networkx_analytics(seed_store, embedded) -> None:
    g = NetworkxBackend.from_store(seed_store).g
    top = most_cited(g, 3)
    assert top and top[0][1] >= top[-1][1]
    direct = {r["document"]["iri"] for r in cited_by(embedded, top[0][0])}
    assert len(direct) == top[0][1]
    loaded = {d["iri"] for d in embedded.documents(loaded_only=True)}
    assert set(documents_without_basis(g)) <= loaded
    for d in sorted(loaded):
        tree = bases(embedded, d)
        if tree["bases"]:
            goal = tree["bases"][0]["document"]["iri"]
            assert shortest_lineage_path(g, d, goal) == [d, goal]
            assert backend_lineage_path(embedded, d, goal) == [d, goal]
            break
    with pytest.raises(nx.NetworkXNoPath):
        shortest_lineage_path(g, top[0][0], sorted(loaded)[0])


@pytest.mark.bolt
def test_bolt_equals_embedded(embedded, pushed) -> None:
    backend, *_ = pushed
    assert_same(embedded, backend)


@pytest.mark.bolt
def test_bolt_validity_equals_embedded(embedded, pushed) -> None:
    backend, *_ = pushed
    assert_same_validity(embedded, backend)


@pytest.mark.bolt
def test_pushing_twice_changes_nothing(pushed) -> None:
    _, pg, first, second = pushed
    assert (first.server_nodes, first.server_relationships) == (len(pg.nodes), len(pg.rels))
    assert (second.server_nodes, second.server_relationships) == (first.server_nodes, first.server_relationships)


@pytest.mark.bolt
def test_graphml_has_the_pushed_counts(pushed, tmp_path) -> None:
    _, pg, first, _ = pushed
    p = tmp_path / "seeds.graphml"
    write_graphml(pg, p)
    g = nx.read_graphml(p, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (first.server_nodes, first.server_relationships)


@pytest.mark.bolt
def test_bolt_lineage_path_matches_networkx(seed_store, embedded, pushed) -> None:
    backend, *_ = pushed
    g = NetworkxBackend.from_store(seed_store).g
    for d in embedded.documents(loaded_only=True):
        for e in embedded.edges(d["iri"], "out", ("based_on", "implements")):
            assert backend_lineage_path(backend, d["iri"], e["target"]) == shortest_lineage_path(g, d["iri"], e["target"])


def test_embedded_closure_equals_the_generic_one(embedded) -> None:
    """The batched closure (one query, then index reads) gives what one call per document gives."""
    from cchc_kg.queries.backend import ALL_RELATIONS, CITING_RELATIONS, LINEAGE_RELATIONS, generic_closure

    checked = 0
    for d in embedded.documents():
        for direction, rels in (("out", LINEAGE_RELATIONS), ("in", CITING_RELATIONS), ("out", ALL_RELATIONS)):
            fast = embedded.closure(d["iri"], direction, rels)
            slow = generic_closure(embedded, d["iri"], direction, rels)
            assert fast == slow, (d["iri"], direction)
            checked += len(fast[1])
    assert checked > 100


_EVIDENCE_KEYS = ("sentence", "start", "end", "quote", "source_path", "pinpoint", "confidence", "fact_source")


def _sparql_evidence(store) -> dict[str, set[tuple]]:
    from cchc_kg.queries.sparql_text import _CITATION_EVIDENCE, PREFIXES

    q = PREFIXES + "SELECT ?c ?sentence ?start ?end ?quote ?path ?pin ?conf ?fsrc WHERE { ?c a cchc:Citation ." + _CITATION_EVIDENCE + "}"
    out: dict[str, set[tuple]] = {}
    for r in store.select(q):
        out.setdefault(r["c"], set()).add(tuple(r[k] for k in ("sentence", "start", "end", "quote", "path", "pin", "conf", "fsrc")))
    return out


def test_index_evidence_equals_the_sparql_optional_block(seed_store) -> None:
    """cchc_kg.queries.index_reads reads the same evidence as the OPTIONAL block it replaced in closures."""
    from cchc_kg.queries.index_reads import citation_evidence

    expected = _sparql_evidence(seed_store)
    got = citation_evidence(seed_store.raw, expected)
    assert len(expected) > 100
    assert {c: {tuple(e[k] for k in _EVIDENCE_KEYS) for e in evs} for c, evs in got.items()} == expected


def test_index_evidence_of_odd_fact_nodes() -> None:
    """Several values give one dict per combination; a missing source path is None, as in SPARQL."""
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.index_reads import citation_evidence

    st = GraphStore.open(None)
    C = "https://w3id.org/cchc/ontology#"
    st.replace_graph("urn:g", (
        f'<urn:c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{C}Citation> .\n<urn:c> <{C}sentence> "một"@vi .\n<urn:c> <{C}sentence> "hai"@vi .\n'
        f'<urn:c> <{C}charStart> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        f'<urn:c> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:src> .\n'
    ).encode())
    got = citation_evidence(st.raw, ["urn:c"])["urn:c"]
    assert sorted(e["sentence"] for e in got) == ["hai", "một"]
    assert all(e["start"] == 3 and e["source_path"] is None and e["quote"] is None for e in got)
    assert {tuple(e[k] for k in _EVIDENCE_KEYS) for e in got} == _sparql_evidence(st)["urn:c"]


class _SparqlOnly:
    """The seed store seen through SPARQL only (no index access): the reference path."""

    def __init__(self, store) -> None:
        self.select = store.select


def test_index_targets_equal_the_sparql_targets(seed_store, embedded) -> None:
    """targets(document) read from the indexes gives the dicts the SPARQL query gives."""
    reference = EmbeddedBackend(_SparqlOnly(seed_store))  # type: ignore[arg-type]
    checked = 0
    for d in embedded.documents():
        fast = embedded.targets(d["iri"])
        assert fast == reference.targets(d["iri"]), d["iri"]
        checked += len(fast)
    assert checked > 50
