"""SHACL validation of a built graph against ``ontology/shapes.ttl``.

>>> from rdflib import Graph
>>> validate_graph(Graph())["conforms"]
True
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.namespace import SH

from cchc_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

__all__ = ["validate_graph", "shapes_graph"]


def shapes_graph() -> Graph:
    """The project's SHACL shapes."""
    g = Graph()
    g.parse(SHAPES_PATH, format="turtle")
    return g


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> dict[str, Any]:
    """Validate ``data``; returns ``{"conforms": bool, "violations": [...]}``.

    The ontology is passed as extra graph so concept-scheme membership
    (e.g. a role concept ``skos:inScheme`` the role scheme) can be checked.
    """
    import pyshacl

    onto = Graph()
    if ONTOLOGY_PATH.exists():
        onto.parse(ONTOLOGY_PATH, format="turtle")
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes or shapes_graph(), ont_graph=onto, inference="none", allow_warnings=True, advanced=True
    )
    violations = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        violations.append(
            {
                "focus": str(report.value(r, SH.focusNode)),
                "path": str(report.value(r, SH.resultPath)),
                "message": str(report.value(r, SH.resultMessage)),
                "shape": str(report.value(r, SH.sourceShape)),
            }
        )
    violations.sort(key=lambda v: (v["focus"], v["path"]))
    return {"conforms": bool(conforms), "violations": violations}
