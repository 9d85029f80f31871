"""Ontology files shipped with the package (``cchc.ttl``, ``shapes.ttl``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH"]

ONTOLOGY_PATH = Path(__file__).with_name("cchc.ttl")
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")
