"""cchc_kg.kg.concepts mirrors the SKOS prefLabels of the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from cchc_kg.kg.concepts import AREA_LABELS, LEVEL_LABELS, ROLE_LABELS
from cchc_kg.ontology import ONTOLOGY_PATH

ONTO = Graph().parse(ONTOLOGY_PATH, format="turtle")


def vi_labels(scheme: str) -> dict[str, str]:
    out = {}
    for c in ONTO.subjects(SKOS.inScheme, URIRef(f"https://w3id.org/cchc/concept/{scheme}")):
        (label,) = [str(l) for l in ONTO.objects(c, SKOS.prefLabel) if l.language == "vi"]
        out[str(c).rsplit("/", 1)[-1]] = label
    return out


@pytest.mark.parametrize("scheme,labels", [("area", AREA_LABELS), ("role", ROLE_LABELS), ("level", LEVEL_LABELS)])
def test_labels_match_the_ontology(scheme: str, labels: dict[str, str]) -> None:
    assert labels == vi_labels(scheme)
