"""``check`` on the real corpora against the hand annotations (tests/annotations/check).

Precision of the annotated findings still reported may not regress, and the
findings annotated right must still be found. Builds a store of
``../shared/corpus/gazette`` and ``../shared/corpus/local`` (slow).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from kg.ingest import build
from kg.store import GraphStore
from loaders.discover import discover
from loaders.pipeline import extract_source
from loaders.readers import read_source
from queries.checks import run_check
from queries.embedded import EmbeddedBackend

pytestmark = pytest.mark.slow

ANNOTATIONS = Path(__file__).parent / "annotations" / "check" / "annotations.json"


@pytest.fixture(scope="module")
def report(corpus_dir: Path, tmp_path_factory) -> dict:
    local = corpus_dir.parent / "local"
    if not local.is_dir():
        pytest.skip(f"{local} is missing")
    st_dir = tmp_path_factory.mktemp("corpus-check")
    with GraphStore.open(st_dir, writable=True, create=True) as st:
        build(st, discover([corpus_dir, local]), read=read_source, extract=extract_source,
              workers=min(2, os.cpu_count() or 1))
    data = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    return {"check": run_check(EmbeddedBackend(GraphStore.open(st_dir)), today=data["as_of"]), "annotations": data}


def test_annotated_precision_does_not_regress(report):
    found = {f["key"]: f for f in report["check"]["findings"]}
    items = report["annotations"]["items"]
    assert len(items) >= 100
    present = [i for i in items if i["key"] in found]
    assert len(present) >= 100, f"only {len(present)} annotated findings are still reported"
    by_sev = Counter((found[i["key"]]["severity"], i["right"]) for i in present)
    errors = [i for i in present if found[i["key"]]["severity"] == "error"]
    assert errors and sum(i["right"] for i in errors) / len(errors) >= 0.95, by_sev
    assert sum(i["right"] for i in present) / len(present) >= 0.9, by_sev


def test_annotated_right_findings_are_still_found(report):
    found = {f["key"] for f in report["check"]["findings"]}
    right = [i for i in report["annotations"]["items"] if i["right"]]
    kept = [i for i in right if i["key"] in found]
    assert len(kept) / len(right) >= 0.9, sorted({i["kind"] for i in right if i["key"] not in found})


def test_no_finding_against_a_documents_own_replacing_clause(report):
    own = report["check"]["summary"]["set_aside"].get("own-clause", 0)
    assert own > 0  # the corpus has decrees replacing others; their clauses are set aside, not reported
    for f in report["check"]["findings"]:
        if f["kind"] == "superseded-citation":
            assert all(step["document"] != f["document"] for step in f["chain"]), f["key"]
