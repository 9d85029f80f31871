"""The relation registry: every kind of document → document relation, defined once.

A relation kind has its record/JSON name (``based_on``), Vietnamese and
English labels, the RDF predicate of the direct edge, the Cypher
relationship type, the view's legend label, colour and line style, the
(folded) cue words that state it in a preamble, and the name of its inverse.
The RDF mapping (:data:`cchc_kg.kg.build.RELATION_PREDICATES`), the
property graph's relationship types (via that mapping) and the view legend
(:data:`cchc_kg.viz.model.EDGE_KINDS`) are derived from it;
``tests/test_relations.py`` checks the rest (SPARQL relation IRIs, backend
relation lists, citation cue words, ontology and SHACL terms) against it.

Pure data: no graph library.

>>> BY_NAME["implements"].cypher_type, BY_NAME["implements"].label_vi
('IMPLEMENTS', 'thực hiện')
>>> relation_predicates()["based_on"]
'http://data.europa.eu/eli/ontology#based_on'
>>> [r.name for r in RELATIONS if r.lineage]
['based_on', 'implements']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ELI_NS", "CCHC_NS", "RelationKind", "RELATIONS", "BY_NAME", "relation_predicates", "cypher_types",
           "edge_legend", "cue_words"]

ELI_NS = "http://data.europa.eu/eli/ontology#"
CCHC_NS = "https://w3id.org/cchc/ontology#"


@dataclass(frozen=True, slots=True)
class RelationKind:
    """One kind of relation between two documents."""

    name: str  # record and JSON name, e.g. "based_on"
    label_vi: str
    label_en: str
    predicate: str  # IRI of the direct RDF edge
    legend: str  # label in the views' legend
    colour: str  # edge colour in the views
    dashes: bool | tuple[int, ...] = False  # vis-network dash pattern
    width: float = 2.0
    cues: tuple[str, ...] = ()  # folded preamble words stating it ("can cu" → based_on)
    inverse: str = ""  # name of the relation read the other way
    lineage: bool = False  # followed upward by ``bases``
    citing: bool = False  # counted by ``cited-by``
    inverse_vi: str = ""  # the relation read from the other end ("được căn cứ bởi")
    inverse_en: str = ""

    def label(self, lang: str = "vi", *, inverse: bool = False) -> str:
        """The words for this relation in ``lang`` ("vi" or "en"), read forward or from the other end.

        >>> BY_NAME["replaces"].label(), BY_NAME["replaces"].label(inverse=True), BY_NAME["replaces"].label("en", inverse=True)
        ('thay thế', 'bị thay thế bởi', 'replaced by')
        """
        if inverse:
            return (self.inverse_en or f"{self.label_en} (inverse)") if lang == "en" else (self.inverse_vi or f"bị {self.label_vi} bởi")
        return self.label_en if lang == "en" else self.label_vi

    @property
    def cypher_type(self) -> str:
        """Relationship type in the property graph (Neo4j/FalkorDB)."""
        return self.name.upper()


RELATIONS: tuple[RelationKind, ...] = (
    RelationKind("based_on", "căn cứ", "based on", ELI_NS + "based_on", "based on (căn cứ)", "#1e88e5", False, 2.0,
                 cues=("can cu",), inverse="basis_of", inverse_vi="được căn cứ bởi", inverse_en="basis of", lineage=True, citing=True),
    RelationKind("implements", "thực hiện", "implements", CCHC_NS + "implements", "implements (thực hiện)", "#43a047",
                 False, 3.0, cues=("thuc hien", "trien khai thuc hien", "trien khai", "tiep tuc thuc hien"),
                 inverse="implemented_by", inverse_vi="được thực hiện bởi", inverse_en="implemented by", lineage=True, citing=True),
    RelationKind("proposal", "theo đề nghị tại", "on proposal of", CCHC_NS + "onProposalOf",
                 "on proposal of (theo đề nghị)", "#8e24aa", (2, 4), 1.5, cues=("theo de nghi", "xet de nghi", "xet to trinh"),
                 inverse="proposes", inverse_vi="là đề nghị cho", inverse_en="proposal for", citing=True),
    RelationKind("cites", "dẫn chiếu", "cites", ELI_NS + "cites", "cites", "#9e9e9e", (6, 6), 1.0,
                 inverse="cited_by", inverse_vi="được dẫn chiếu bởi", inverse_en="cited by", citing=True),
    RelationKind("amends", "sửa đổi", "amends", ELI_NS + "amends", "amends", "#fb8c00", (10, 4), 2.0,
                 inverse="amended_by", inverse_vi="bị sửa đổi bởi", inverse_en="amended by"),
    RelationKind("replaces", "thay thế", "replaces", CCHC_NS + "replaces", "replaces", "#e53935", (10, 4), 2.0,
                 inverse="replaced_by", inverse_vi="bị thay thế bởi", inverse_en="replaced by"),
    RelationKind("repeals", "bãi bỏ", "repeals", ELI_NS + "repeals", "repeals", "#6d4c41", (10, 4), 2.0,
                 inverse="repealed_by", inverse_vi="bị bãi bỏ bởi", inverse_en="repealed by"),
    RelationKind("guides", "hướng dẫn", "guides", CCHC_NS + "guides", "guides", "#00897b", (4, 4), 1.5,
                 inverse="guided_by", inverse_vi="được hướng dẫn bởi", inverse_en="guided by"),
    RelationKind("promulgates", "ban hành kèm theo", "promulgates", CCHC_NS + "promulgates",
                 "promulgates (ban hành kèm theo)", "#212121", False, 3.0, inverse="promulgated_by", inverse_vi="được ban hành kèm theo", inverse_en="promulgated by"),
    RelationKind("follows", "kế tiếp", "follows", CCHC_NS + "follows", "follows (kế tiếp)", "#8d6e63", (8, 3), 1.5,
                 inverse="followed_by", inverse_vi="được kế tiếp bởi", inverse_en="followed by"),
)

BY_NAME: dict[str, RelationKind] = {r.name: r for r in RELATIONS}


def relation_predicates(kinds: Iterable[RelationKind] = RELATIONS) -> dict[str, str]:
    """Relation name → predicate IRI, in registry order."""
    return {r.name: r.predicate for r in kinds}


def cypher_types(kinds: Iterable[RelationKind] = RELATIONS) -> dict[str, str]:
    """Predicate IRI → Cypher relationship type."""
    return {r.predicate: r.cypher_type for r in kinds}


def edge_legend(kinds: Iterable[RelationKind] = RELATIONS) -> dict[str, tuple[str, str, bool | list[int], float]]:
    """Relation name → (legend label, colour, dashes, width), the shape of the views' edge kinds."""
    return {r.name: (r.legend, r.colour, list(r.dashes) if isinstance(r.dashes, tuple) else r.dashes, r.width)
            for r in kinds}


def cue_words(kinds: Iterable[RelationKind] = RELATIONS) -> dict[str, str]:
    """Folded cue words → relation name."""
    return {c: r.name for r in kinds for c in r.cues}
