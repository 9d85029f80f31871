"""Legal bases and implements on the hand-annotated corpus sample (issue 13) do not regress.

The figures come from ``bench/quality_documents.py`` over ``tests/annotations/gold``;
the documents are read from ``../shared/corpus`` (skipped when it is absent).
"""

import pytest

from bench.quality_documents import GOLD, SHARED, evaluate

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus not available")


@pytest.fixture(scope="module")
def scores():
    return {name: sc.table() for name, sc in evaluate(GOLD, SHARED, ("local", "gazette")).items()}


@pytest.mark.parametrize("sample", ["local", "gazette"])
def test_legal_bases_precision_and_recall(scores, sample):
    t = scores[sample]
    assert t["bases_p"] >= 0.97 and t["bases_r"] >= 0.97, t


def test_implements_recall_and_precision(scores):
    for sample in ("local", "gazette"):
        t = scores[sample]
        assert t["implements_r"] >= 0.95, (sample, t)
        assert t["implements_p"] >= 0.85, (sample, t)
