"""cchc-kg: knowledge graph of Vietnamese CCHC documents.

One import name for the whole project: ``cchc_kg.kg`` (records, ids, RDF,
store), ``cchc_kg.loaders`` (text → records), ``cchc_kg.queries`` (graph →
answers), ``cchc_kg.viz`` (views) and ``cchc_kg.ontology`` (ontology files).

This package must stay cheap to import: it imports no graph library.
"""

__version__ = "0.1.0"
