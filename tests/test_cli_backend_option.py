"""``--backend`` on the query commands: the same JSON from every backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc_kg.cli.core import app

runner = CliRunner()
LONG_PHU = "003_dad5fdeea82cee8c.txt"
CAN_THO = "004_1b521d6779d44ea6.txt"


def cli(*args: str, env: dict[str, str] | None = None, codes: tuple[int, ...] = (0,)) -> str:
    res = runner.invoke(app, list(args), env=env)
    assert res.exit_code in codes, f"exit {res.exit_code}: {res.output}"
    return res.stdout


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("backend") / "store"
    cli("build", str(seeds_dir / LONG_PHU), str(seeds_dir / CAN_THO), "--store", str(st))
    return st


def questions(seeds_dir: Path) -> list[list[str]]:
    return [
        ["bases", str(seeds_dir / LONG_PHU)],
        ["cited-by", "17-CTr/HU", "--transitive"],
        ["implements", "thanh toán trực tuyến"],
        ["agencies", "--doc", str(seeds_dir / CAN_THO), "--role", "lead"],
        ["coverage"],
        ["docs"],
        # validity: the same facts on every backend (issue 16 item 5)
        ["bases", str(seeds_dir / LONG_PHU), "--as-of", "2026-01-01"],
        ["show", REPLACED],
        ["agencies", "--doc", str(seeds_dir / CAN_THO), "--as-of", "2026-01-01"],
        ["changes", "--all"],
        ["check", "--as-of", "2026-01-01"],
        ["check", str(seeds_dir / LONG_PHU), "--as-of", "2022-06-30"],  # with SHACL, read from the store
    ]


#: replaced in the catalog (by NĐ 118/2025, verified)
REPLACED = "https://w3id.org/cchc/id/doc/nd/2018/61/cp"
FINDINGS = (0, 1)  # check exits 1 when it finds something


def test_networkx_backend_gives_the_embedded_answers(store: Path, seeds_dir: Path) -> None:
    for q in questions(seeds_dir):
        a = json.loads(cli(*q, "--store", str(store), "--json", codes=FINDINGS))
        b = json.loads(cli(*q, "--store", str(store), "--json", "--backend", "networkx", codes=FINDINGS))
        assert a == b, q
    shown = json.loads(cli("show", REPLACED, "--store", str(store), "--json", "--backend", "networkx"))
    assert shown["validity"]["successors"][0]["relation"] == "replaces" and shown["validity"]["end"]


def test_unknown_backend_is_a_usage_error(store: Path) -> None:
    res = runner.invoke(app, ["docs", "--store", str(store), "--backend", "sqlite"])
    assert res.exit_code == 2 and "unknown backend" in res.output


@pytest.mark.bolt
def test_neo4j_backend_gives_the_embedded_answers(store: Path, seeds_dir: Path, bolt_uri: str) -> None:
    env = {"NEO4J_PASSWORD": ""}
    cli("neo4j", "push", "--uri", bolt_uri, "--store", str(store), "--wipe", "--yes", env=env)
    for q in questions(seeds_dir):
        a = json.loads(cli(*q, "--store", str(store), "--json", codes=FINDINGS))
        b = json.loads(cli(*q, "--store", str(store), "--json", "--backend", "neo4j", "--uri", bolt_uri, env=env, codes=FINDINGS))
        assert a == b, q
