"""Server fixtures (Bolt, SPARQL) and a terminal-summary count of server tests.

``scripts/servers`` (sourced by ``scripts/test``) exports ``CCHC_BOLT_URI``
and ``CCHC_SPARQL_ENDPOINT``. Without them server tests skip locally and
fail in CI (env ``CI`` set). Register with ``pytest_plugins = ["conftest_servers"]``
in ``tests/conftest.py``; test modules may also import the fixtures.
"""

from __future__ import annotations

import os

import pytest

_RAN: dict[str, int] = {"bolt": 0, "sparql_server": 0}


def _server_env(name: str, what: str) -> str:
    v = os.environ.get(name)
    if not v:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not set: CI must run the tests through scripts/test (which starts {what})")
        pytest.skip(f"{name} not set (start {what} with: source scripts/servers && start_servers)")
    return v


@pytest.fixture(scope="session")
def bolt_uri() -> str:
    """URI of the test Bolt server (FalkorDB from scripts/servers)."""
    return _server_env("CCHC_BOLT_URI", "FalkorDB")


@pytest.fixture(scope="session")
def sparql_endpoint() -> str:
    """Base URL of the test SPARQL server (oxigraph serve from scripts/servers)."""
    return _server_env("CCHC_SPARQL_ENDPOINT", "oxigraph")


@pytest.fixture(scope="session")
def bolt_conn(bolt_uri):
    """The one long-lived connection of this process (no authentication)."""
    from cchc_kg.kg.neo4j_writer import connect

    return connect(bolt_uri)


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" and report.passed:
        for m in _RAN:
            if m in report.keywords:
                _RAN[m] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    terminalreporter.write_line(
        f"server tests: {_RAN['bolt']} passed against the Bolt server "
        f"({os.environ.get('CCHC_BOLT_URI') or 'not running'}), "
        f"{_RAN['sparql_server']} against the SPARQL server ({os.environ.get('CCHC_SPARQL_ENDPOINT') or 'not running'})"
    )
