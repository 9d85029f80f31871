"""Shared fixtures: where ../shared lives, and tiny hand-written records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["conftest_servers"]  # Bolt/SPARQL server fixtures and the server-test count

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_dir(name: str) -> Path:
    """``../shared/<name>``; skipped locally when absent, a failure in CI."""
    p = SHARED / name
    if not p.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{p} is missing: CI must run with ../shared beside the checkout")
        pytest.skip(f"{p} not available")
    return p


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_dir("seeds")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return shared_dir("corpus/gazette")
