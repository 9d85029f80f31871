"""SHACL in bounded batches (issue 18): the same answer as the whole union graph, on the seeds.

The seeds conform, so made-up faults are written into the store first: nodes
missing what the shapes require, values outside the concept lists, a
responsibility pointing at a broken target in another batch (the target's
type is read into the responsibility's batch, its violations must come from
its own batch only), a source file stripped of its hash. Batches of 300
subjects split the seeds' store into dozens of batches.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cchc_kg.kg.ingest import build
from cchc_kg.kg.shacl import shapes_graph, validate_graph, validate_store
from cchc_kg.kg.store import GraphStore
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.checks import loaded_documents, run_check
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.validity import shacl_findings

C = "https://w3id.org/cchc/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BAD = "urn:cchc-test:bad/"


def _faults(doc: str) -> bytes:
    """N-Triples of made-up broken facts owned by ``doc``."""
    t = lambda s, p, o: f"<{s}> <{p}> {o} .\n"  # noqa: E731
    lines = [
        # a responsibility with no agent and a role outside the scheme, for a broken target
        t(BAD + "resp", RDF_TYPE, f"<{C}Responsibility>"),
        t(BAD + "resp", C + "role", f"<{C}nobody>"),
        t(BAD + "resp", C + "forTarget", f"<{BAD}target>"),
        t(BAD + "resp", C + "sourceDocument", f"<{doc}>"),
        # a target without metric, with a comparator outside the list
        t(BAD + "target", RDF_TYPE, f"<{C}Target>"),
        t(BAD + "target", C + "comparator", '"about"'),
        t(BAD + "target", C + "sourceDocument", f"<{doc}>"),
        # a citation missing its type, cited by the document
        t(BAD + "cit", RDF_TYPE, f"<{C}Citation>"),
        t(BAD + "cit", C + "citingDocument", f"<{doc}>"),
        t(BAD + "cit", C + "resolutionStatus", '"resolved"'),
        # an organisation without a name, not owned by any document
        t(BAD + "org", RDF_TYPE, "<http://www.w3.org/ns/org#Organization>"),
    ]
    return "".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    d = tmp_path_factory.mktemp("shacl-batches")
    with GraphStore.open(d, writable=True, create=True) as st:
        build(st, sorted(seeds_dir.glob("*.txt")), read=read_source, extract=extract_source)
        doc = loaded_documents(EmbeddedBackend(st))[0]["iri"]
        st.replace_graph(BAD + "graph", _faults(doc))
        # a source file stripped of its hash (a triple removed from a built graph)
        (sha,) = [q for q in st.raw.quads_for_pattern(None, ox.NamedNode(C + "sha256"), None, None)][:1]
        st.raw.remove(sha)
    return GraphStore.open(d)


@pytest.fixture(scope="module")
def shapes():  # one parse: a property shape's blank node is named anew at each parse
    return shapes_graph()


@pytest.fixture(scope="module")
def whole(store: GraphStore, shapes) -> dict:
    return validate_graph(store.to_rdflib(), shapes=shapes)


def test_the_faults_are_seen(whole: dict) -> None:
    foci = {v["focus"] for v in whole["violations"]}
    assert not whole["conforms"]
    assert {BAD + "resp", BAD + "target", BAD + "cit", BAD + "org"} <= foci
    assert any(v["path"] == C + "sha256" for v in whole["violations"])


@pytest.mark.parametrize("batch_size", [300, 100_000])
def test_batches_give_the_whole_answer(store: GraphStore, shapes, whole: dict, batch_size: int) -> None:
    assert validate_store(store, batch_size=batch_size, shapes=shapes) == whole


def test_findings_of_named_documents_match_the_whole_graph(store: GraphStore) -> None:
    docs = loaded_documents(EmbeddedBackend(store))[:2]
    batched = shacl_findings(store, docs)
    def strip(fs: list[dict]) -> list[dict]:  # the shape of a property constraint is a blank node named at each parse
        return [{k: v for k, v in f.items() if k != "shape"} for f in fs]

    assert strip(batched) == strip(shacl_findings(store.to_rdflib(), docs))
    assert {f["focus"] for f in batched} >= {BAD + "resp", BAD + "target", BAD + "cit"}


def test_check_with_shacl_reports_the_faults(store: GraphStore) -> None:
    be = EmbeddedBackend(store)
    doc = loaded_documents(be)[0]["iri"]
    report = run_check(be, [doc], today="2026-01-01", shacl=True, agencies=False)
    shacl = [f for f in report["findings"] if f["kind"] == "shacl"]
    assert {f["focus"] for f in shacl} == {BAD + "resp", BAD + "target", BAD + "cit"}
    assert all(f["document"] == doc and f["severity"] == "error" for f in shacl)
