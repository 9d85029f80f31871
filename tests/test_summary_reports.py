"""`cited-by --transitive` and `agencies` read from summary rows answer exactly as the per-document path.

Two stores: the five seed documents built as the CLI builds them, and a small
synthetic national corpus (``bench/synth.py``, 120 made-up files) whose rows are
written as ``bench_store.py summarize`` writes them. On each, the transitive
citers of every document and everything ``agencies`` reports are computed
twice — from the rows written at build time, and with the rows switched off
(the closure query and the one-query read of all responsibilities) — and
must be equal down to the JSON text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cchc_kg.queries.summary_read as R
from cchc_kg.api import Graph
from cchc_kg.cli import app
from cchc_kg.kg.ingest import build, ensure_static
from cchc_kg.kg.store import GraphStore
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.lineage import cited_by
from cchc_kg.queries.plans import agencies, agency, implements, iter_agencies
from cchc_kg.queries.summary import refresh_summaries, summary_index
from cchc_kg.viz.text import label_json

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import file_nquads, files  # noqa: E402

NQ76 = "https://w3id.org/cchc/id/doc/nq/2021/76/cp"


@pytest.fixture(scope="module")
def seed_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("seed-rows") / "store"
    with GraphStore.open(d, writable=True, create=True) as st:
        build(st, sorted(seeds_dir.glob("*.txt")), read=read_source, extract=extract_source, summarize=refresh_summaries)
    return d


@pytest.fixture(scope="module")
def synth_store() -> GraphStore:
    st = GraphStore.open(None)
    ensure_static(st)  # the catalog and its national targets first, as bench_store.py load does
    st.bulk_load("".join(file_nquads(f.path, f.sha256, f.extractions, f.alignments) for f in files(120, seed=3)).encode("utf-8"))
    refresh_summaries(st, None)
    return st


def _documents(st: GraphStore) -> list[str]:
    return sorted(d["iri"] for d in EmbeddedBackend(st).documents())


def _answers(st: GraphStore) -> dict[str, object]:
    be = EmbeddedBackend(st)  # a fresh backend: nothing cached from the other path
    return {
        "cited_by": {i: cited_by(be, i, transitive=True) for i in _documents(st)},
        "agencies": agencies(be),
        "lead": agencies(be, role="chủ trì"),
        "area": agencies(be, area="tthc"),
        "as_of": list(Graph.over(be).iter_agencies(as_of="2026-01-01")),
        "implements": [implements(be, q) for q in ("B05", "B06", "thanh toán trực tuyến")],
        "agency": [agency(be, q) for q in ("Sở Nội vụ", "Ủy ban nhân dân", "phòng nội vụ")],
    }


def _both(st: GraphStore, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, object], dict[str, object]]:
    assert summary_index(st) is not None, "rows written"
    fast = _answers(st)
    with monkeypatch.context() as m:
        m.setattr(R, "summary_index", lambda store: None)
        slow = _answers(st)
    return fast, slow


def _check_equal(fast: dict[str, object], slow: dict[str, object]) -> None:
    for k in slow:
        assert fast[k] == slow[k], k
        assert json.dumps(fast[k], default=str) == json.dumps(slow[k], default=str), f"{k}: same keys, same order"


def test_seed_store_rows_answer_as_the_queries(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with GraphStore.open(seed_store) as st:
        fast, slow = _both(st, monkeypatch)
    _check_equal(fast, slow)
    assert sum(len(v) for v in slow["cited_by"].values()) > 5, "some documents have citers"
    assert len(slow["agencies"]) > 50 and slow["lead"] and slow["area"]
    assert any(a["organisations"] for a in slow["agency"])


def test_synthetic_store_rows_answer_as_the_queries(synth_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(synth_store, monkeypatch)
    _check_equal(fast, slow)
    assert len(slow["cited_by"][NQ76]) > 60, "the national resolution's closure is large"
    assert any(r["depth"] == 3 for r in slow["cited_by"][NQ76])
    assert len({r["document"] for r in slow["agencies"]}) > 10
    assert sum(len(r["plans"]) for r in slow["implements"][0]) > 10, "plans aligned to B05"


def test_an_unknown_role_fails_before_the_first_row(synth_store: GraphStore) -> None:
    with pytest.raises(ValueError, match="unknown role"):
        iter_agencies(EmbeddedBackend(synth_store), role="boss")  # not even iterated


def test_cli_agencies_json_streams_the_same_array(seed_store: Path) -> None:
    res = CliRunner().invoke(app, ["agencies", "--json", "--store", str(seed_store)])
    assert res.exit_code == 0, res.output
    with GraphStore.open(seed_store) as st:
        expected = agencies(EmbeddedBackend(st))
    assert expected
    assert json.loads(res.stdout) == json.loads(json.dumps(label_json(expected, "vi"), default=str))
    assert res.stdout == json.dumps(json.loads(res.stdout), ensure_ascii=False, indent=2) + "\n"
    text = CliRunner().invoke(app, ["agencies", "--role", "chủ trì", "--store", str(seed_store)])
    assert text.exit_code == 0 and text.stdout.count("\n") > 10


def test_with_rows_the_reports_run_no_query(synth_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows are really what answers: no SPARQL query runs (the closure and the all-duties query are skipped)."""
    calls: list[str] = []
    real = GraphStore.select
    monkeypatch.setattr(GraphStore, "select", lambda self, q, params=None: calls.append(q) or real(self, q, params))
    be = EmbeddedBackend(synth_store)
    assert len(cited_by(be, NQ76, transitive=True)) > 60 and len(agencies(be)) > 100
    assert calls == []
