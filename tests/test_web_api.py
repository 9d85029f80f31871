"""API parity (issue 17): on the seeds, every /api/… answer equals the CLI's --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from cchc_kg.cli.core import app as cli_app  # noqa: E402
from cchc_kg.web.app import create_app  # noqa: E402

runner = CliRunner()
LONG_PHU = "003_dad5fdeea82cee8c.txt"
CAN_THO = "004_1b521d6779d44ea6.txt"
VINH_LONG = "000_3e13e4f5f52b4654.txt"


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("web-seeds") / "store"
    res = runner.invoke(cli_app, ["build", str(seeds_dir), "--store", str(st), "--json"])
    assert res.exit_code == 1, res.output  # README.md is reported, the five seeds load
    return st


@pytest.fixture(scope="module")
def client(store: Path) -> TestClient:
    return TestClient(create_app(store))


def cli_json(store: Path, *args: str) -> object:
    """The CLI's JSON without what it adds for people (``*_label``, ``handle``; ``show``'s status at a date)."""
    res = runner.invoke(cli_app, [*args, "--store", str(store), "--json"])
    assert res.exit_code in (0, 1), res.output
    data = _plain(json.loads(res.stdout))
    if args[0] == "show":
        for item in data if isinstance(data, list) else [data]:
            item.pop("as_of", None), item.pop("in_force_at", None)
    return data


def _plain(x: object) -> object:
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items() if not k.endswith("_label") and k != "handle"}
    return x


def cases(seeds: Path) -> list[tuple[list[str], str, dict]]:
    """(CLI arguments, API path, API parameters) asking the same question."""
    out: list[tuple[list[str], str, dict]] = [
        (["docs"], "/api/docs", {}),
        (["docs", "--loaded"], "/api/docs", {"loaded": "true"}),
        (["docs", "--all"], "/api/docs", {"all": "true"}),
        (["docs", "--search", "cải cách"], "/api/docs", {"search": "cải cách"}),
        (["cited-by", "45/2020/NĐ-CP"], "/api/cited-by", {"doc": "45/2020/NĐ-CP"}),
        (["cited-by", "76/NQ-CP 2021", "--transitive"], "/api/cited-by", {"doc": "76/NQ-CP 2021", "transitive": "true"}),
        (["implements", "thanh toán trực tuyến"], "/api/implements", {"query": "thanh toán trực tuyến"}),
        (["implements", "B06"], "/api/implements", {"query": "B06"}),
        (["coverage"], "/api/coverage", {}),
        (["agencies"], "/api/agencies", {}),
        (["agencies", "--role", "lead", "--as-of", "2026-01-01"], "/api/agencies", {"role": "lead", "as_of": "2026-01-01"}),
        (["agency", "Sở Nội vụ"], "/api/agency", {"name": "Sở Nội vụ"}),
        (["agency", "Sở Nội vụ", "--as-of", "2026-01-01"], "/api/agency", {"name": "Sở Nội vụ", "as_of": "2026-01-01"}),
    ]
    for f in sorted(p for p in seeds.iterdir() if p.suffix == ".txt"):
        d = str(f)
        out += [
            (["show", d], "/api/show", {"doc": d}),
            (["bases", d], "/api/bases", {"doc": d}),
            (["bases", d, "--depth", "1", "--as-of", "2026-01-01"], "/api/bases", {"doc": d, "depth": "1", "as_of": "2026-01-01"}),
            (["cited-by", d], "/api/cited-by", {"doc": d}),
            (["targets", d], "/api/targets", {"doc": d}),
            (["targets", d, "--area", "tthc"], "/api/targets", {"doc": d, "area": "tthc"}),
            (["agencies", "--doc", d], "/api/agencies", {"doc": d}),
            (["coverage", "--of", d], "/api/coverage", {"of": d}),
        ]
    return out


def test_every_api_answer_equals_the_cli_json(store, client, seeds_dir):
    checked = 0
    for args, path, params in cases(seeds_dir):
        expected = cli_json(store, *args)
        r = client.get(path, params=params)
        assert r.status_code == 200, (args, r.text[:300])
        assert r.json() == expected, args
        checked += 1
    assert checked >= 50


def test_answers_are_not_empty_on_the_seeds(client, seeds_dir):
    """Guards the parity test against comparing two empty answers."""
    assert len(client.get("/api/docs", params={"loaded": "true"}).json()) == 6
    shown = client.get("/api/show", params={"doc": str(seeds_dir / CAN_THO)}).json()
    assert shown["document"]["symbol"] == "64/KH-UBND" and shown["relations"]
    assert client.get("/api/cited-by", params={"doc": "45/2020/NĐ-CP"}).json()
    assert client.get("/api/targets", params={"doc": str(seeds_dir / CAN_THO)}).json()["targets"]
    assert client.get("/api/agency", params={"name": "Sở Nội vụ"}).json()["organisations"]
    tree = client.get("/api/bases", params={"doc": str(seeds_dir / LONG_PHU), "as_of": "2026-01-01"}).json()
    assert tree["bases"] and all("in_force_at" in n for n in tree["bases"])


def test_not_found_and_bad_input_match_the_cli_exit_codes(store, client):
    res = runner.invoke(cli_app, ["show", "999/KH-XYZ 1999", "--store", str(store), "--json"])
    assert res.exit_code == 1
    assert client.get("/api/show", params={"doc": "999/KH-XYZ 1999"}).status_code == 404
    res = runner.invoke(cli_app, ["agencies", "--role", "boss", "--store", str(store), "--json"])
    assert res.exit_code == 2
    assert client.get("/api/agencies", params={"role": "boss"}).status_code == 400


def test_openapi_lists_every_route(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {f"/api/{n}" for n in ("docs", "show", "bases", "cited-by", "targets", "implements", "coverage", "agencies", "agency")}


def test_seed_pages_render(client, seeds_dir):
    from cchc_kg.web.pages import doc_url

    for d in client.get("/api/docs").json():
        r = client.get(doc_url(d["iri"]))
        assert r.status_code == 200, d["iri"]
        assert 'id="outgoing"' in r.text
    for url in ("/", "/?lang=en", "/targets", "/target?q=B06", "/agency?name=" + "Sở Nội vụ"):
        r = client.get(url)
        assert r.status_code == 200, url
    assert "Tìm kiếm" in client.get("/").text and "Search" in client.get("/?lang=en").text
    target = client.get("/target?q=B06").text
    assert 'class="rel coverage"' in target and "bằng quốc gia" in target  # every plan: adopted value or missing
    plan = doc_url(client.get("/api/show", params={"doc": str(seeds_dir / CAN_THO)}).json()["document"]["iri"])
    assert '<td class="r">thực hiện</td>' in client.get(plan).text  # relation words in Vietnamese …
    assert '<td class="r">implements</td>' in client.get(plan + "?lang=en").text  # … or English; JSON keys unchanged


def test_serve_command_binds_loopback_and_checks_the_store(store, monkeypatch):
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    res = runner.invoke(cli_app, ["serve", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    assert seen["app"].state.reader.directory == store
    res = runner.invoke(cli_app, ["serve", "--store", str(store.parent / "nope")])
    assert res.exit_code == 2 and "chưa có kho đồ thị" in res.output
