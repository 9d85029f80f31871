"""The synthetic corpus generator (bench/synth.py) makes a valid small graph."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import file_nquads, files, skeleton  # noqa: E402
from cchc_kg.kg.build import source_graph  # noqa: E402
from cchc_kg.kg.ids import source_graph_iri  # noqa: E402
from cchc_kg.kg.store import GraphStore  # noqa: E402
from cchc_kg.queries.embedded import EmbeddedBackend  # noqa: E402
from cchc_kg.queries.lineage import bases, cited_by  # noqa: E402

N = 120


@pytest.fixture(scope="module")
def corpus():
    return list(files(N, seed=3))


@pytest.fixture(scope="module")
def store(corpus):
    st = GraphStore.open(None)
    st.bulk_load("".join(file_nquads(f.path, f.sha256, f.extractions, f.alignments) for f in corpus).encode("utf-8"))
    return st


@pytest.mark.parametrize(
    "check",
    ["evidence_spans", "levels", "plan_facts", "citations_resolve", "deterministic"],
)
def test_structure(corpus, check):
    sk = skeleton(N, seed=3)
    if check == "evidence_spans":
        for f in corpus:
            ex = f.extractions[0]
            spans = [r.evidence for r in ex.references] + [t.evidence for t in ex.targets] + [r.evidence for r in ex.responsibilities]
            assert all(f.text[e.start:e.end] == e.quote and e.quote for e in spans)
    elif check == "levels":
        assert {d.level for d in sk.docs} == {"national", "province", "district", "commune"}
    elif check == "plan_facts":
        plans = [f for f in corpus if f.extractions[0].document.doc_type == "KH" and f.extractions[0].document.level == "province"]
        assert plans and all(f.extractions[0].targets and f.extractions[0].responsibilities for f in plans)
    elif check == "citations_resolve":
        keys = {d.key for d in sk.docs} | set(sk.catalog)
        cited = [r.target.key for f in corpus for r in f.extractions[0].references if r.status == "resolved"]
        assert cited and set(cited) <= keys
    elif check == "deterministic":
        assert [f.sha256 for f in files(N, seed=3)] == [f.sha256 for f in corpus]


def test_direct_nquads_equal_kg_build(corpus):
    for f in corpus[::7]:
        g = source_graph(f.path, f.sha256, f.extractions, alignments=f.alignments)
        ref = {(t.subject, t.predicate, t.object) for t in ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)}
        quads = list(ox.parse(file_nquads(f.path, f.sha256, f.extractions, f.alignments).encode(), format=ox.RdfFormat.N_QUADS))
        assert {(q.subject, q.predicate, q.object) for q in quads} == ref
        assert {q.graph_name.value for q in quads} == {source_graph_iri(f.path)}


def test_graph_answers_lineage_questions(store):
    be = EmbeddedBackend(store)
    docs = be.documents(loaded_only=True)
    assert len(docs) == N
    commune = next(d for d in docs if d["level"] == "commune" and d["key"].startswith("kh/"))
    tree = bases(be, commune["iri"])
    assert tree["bases"], "a commune plan has a legal basis"
    top = cited_by(be, "https://w3id.org/cchc/id/doc/nq/2021/76/cp")
    assert len(top) > N // 4, "the head national resolution has a high fan-in"
