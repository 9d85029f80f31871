"""One relation registry (issue 16 item 4): the artefacts that name relation kinds agree with it."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cchc_kg.kg import relations as reg
from cchc_kg.kg.build import RELATION_PREDICATES
from cchc_kg.kg.model import CITATION_RELATIONS
from cchc_kg.kg.pgmodel import DOCUMENT_RELATIONS
from cchc_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH
from cchc_kg.queries.backend import ALL_RELATIONS, CITING_RELATIONS, LINEAGE_RELATIONS
from cchc_kg.queries.sparql_text import RELATION_IRIS
from cchc_kg.viz.model import EDGE_KINDS

NAMES = tuple(r.name for r in reg.RELATIONS)


def test_derived_artefacts_follow_the_registry() -> None:
    assert {k: str(v) for k, v in RELATION_PREDICATES.items()} == reg.relation_predicates()
    assert DOCUMENT_RELATIONS == reg.cypher_types()  # property-graph relationship types
    assert {k: EDGE_KINDS[k] for k in NAMES} == reg.edge_legend()


def test_other_artefacts_agree_with_the_registry() -> None:
    assert RELATION_IRIS == reg.relation_predicates()  # SPARQL
    assert ALL_RELATIONS == NAMES
    assert LINEAGE_RELATIONS == tuple(r.name for r in reg.RELATIONS if r.lineage)
    assert CITING_RELATIONS == tuple(r.name for r in reg.RELATIONS if r.citing) == CITATION_RELATIONS


def test_citation_cue_words_agree_with_the_registry() -> None:
    from cchc_kg.loaders import preamble

    assert preamble.KIND_OF == reg.cue_words()


def test_ontology_and_shapes_hold_every_predicate() -> None:
    onto = Graph().parse(ONTOLOGY_PATH, format="turtle")
    for r in reg.RELATIONS:
        p = URIRef(r.predicate)
        if r.predicate.startswith(reg.CCHC_NS):  # the project's own terms: declared, with the registry's labels
            assert (p, RDF.type, OWL.ObjectProperty) in onto, r.name
            labels = {(str(o), o.language) for o in onto.objects(p, RDFS.label)}
            assert {(r.label_vi, "vi"), (r.label_en, "en")} <= labels, (r.name, labels)
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    allowed = {str(i) for lst in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#in"))
               for i in shapes.items(lst)}
    assert set(reg.relation_predicates().values()) <= allowed


def test_a_new_kind_touches_only_the_registry() -> None:
    """A made-up kind added to the registry appears in every derived artefact."""
    made_up = reg.RelationKind("supersedes", "thay thế toàn bộ", "supersedes", reg.CCHC_NS + "supersedes",
                               "supersedes (thay thế toàn bộ)", "#123456", (3, 3), 1.0, cues=("thay the toan bo",),
                               inverse="superseded_by")
    kinds = (*reg.RELATIONS, made_up)
    assert reg.relation_predicates(kinds)["supersedes"] == reg.CCHC_NS + "supersedes"
    assert reg.cypher_types(kinds)[reg.CCHC_NS + "supersedes"] == "SUPERSEDES"
    assert reg.edge_legend(kinds)["supersedes"] == ("supersedes (thay thế toàn bộ)", "#123456", [3, 3], 1.0)
    assert reg.cue_words(kinds)["thay the toan bo"] == "supersedes"
    # and nothing else moves: the existing kinds derive as before
    assert {k: v for k, v in reg.relation_predicates(kinds).items() if k != "supersedes"} == reg.relation_predicates()


def test_kinds_are_frozen_and_unique() -> None:
    assert len(set(NAMES)) == len(NAMES) and len({r.predicate for r in reg.RELATIONS}) == len(NAMES)
    assert len({r.inverse for r in reg.RELATIONS}) == len(NAMES) and all(r.inverse for r in reg.RELATIONS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        reg.RELATIONS[0].name = "x"  # type: ignore[misc]
