"""Issue-2 acceptance on the real seed documents, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from cchc_kg.cli.core import app
from cchc_kg.kg.store import GraphStore

runner = CliRunner()
LONG_PHU = "003_dad5fdeea82cee8c.txt"
CAN_THO = "004_1b521d6779d44ea6.txt"
VINH_LONG = "000_3e13e4f5f52b4654.txt"


def cli(*args: str, code: int | None = 0) -> str:
    res = runner.invoke(app, list(args))
    if code is not None:
        assert res.exit_code == code, f"exit {res.exit_code}: {res.output}"
    return res.stdout


@pytest.fixture(scope="module")
def store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    st = tmp_path_factory.mktemp("seeds") / "store"
    # README.md in the seeds folder is reported (no identity): exit 1, rest stored
    out = cli("build", str(seeds_dir), "--store", str(st), "--json", code=1)
    summary = json.loads(out)
    assert summary["loaded"] == 5 and summary["failed"] == 1
    assert summary["problems"][0]["path"].endswith("README.md")
    return st


def docs_by_file(store: Path) -> dict[str, list[dict]]:
    docs = json.loads(cli("docs", "--store", str(store), "--json"))
    out: dict[str, list[dict]] = {}
    for d in docs:
        if d["source"]:
            out.setdefault(Path(d["source"]).name, []).append(d)
    return out


def test_docs_lists_seeds_with_source_and_stubs(store: Path) -> None:
    docs = json.loads(cli("docs", "--store", str(store), "--json"))
    for d in docs:
        assert {"iri", "type", "number", "symbol", "issuer", "jurisdiction", "date", "year", "title", "source"} <= set(d)
    loaded = [d for d in docs if d["source"]]
    assert len({Path(d["source"]).name for d in loaded}) == 5
    assert len(loaded) == 6  # Vĩnh Long holds a decision and its plan
    stubs = [d for d in docs if d["origin"] == "stub"]
    assert any(d["symbol"] == "61/KH-UBND" for d in stubs)


def test_long_phu_identity_and_bases(store: Path, seeds_dir: Path) -> None:
    (d,) = docs_by_file(store)[LONG_PHU]
    assert (d["symbol"], d["date"], d["issuer"]) == ("53/KH-UBND", "2022-05-31", "UBND huyện Long Phú")
    tree = json.loads(cli("bases", str(seeds_dir / LONG_PHU), "--store", str(store), "--json"))
    first = {(n["document"]["symbol"], n["document"]["year"]): n for n in tree["bases"]}
    assert ("61/KH-UBND", 2022) in first and ("17-CTr/HU", 2022) in first
    assert first[("61/KH-UBND", 2022)]["document"]["issuer"] == "UBND tỉnh Sóc Trăng"
    assert first[("61/KH-UBND", 2022)]["relation"] == "based_on"


def test_can_tho_implements_party_programme(store: Path, seeds_dir: Path) -> None:
    (d,) = docs_by_file(store)[CAN_THO]
    assert (d["symbol"], d["date"]) == ("64/KH-UBND", "2022-03-23")
    shown = json.loads(cli("show", str(seeds_dir / CAN_THO), "--store", str(store), "--json"))
    impl = [e for e in shown["relations"] if e["relation"] == "implements"]
    assert any(e["document"]["symbol"].upper() == "26-CTR/TU" and e["document"]["year"] == 2021 for e in impl)


def test_cited_by_nd45_returns_vinh_long_plan(store: Path) -> None:
    rows = json.loads(cli("cited-by", "45/2020/NĐ-CP", "--store", str(store), "--json"))
    assert any(Path(r["document"]["source"] or "").name == VINH_LONG for r in rows)
    # short form and the folded form resolve to the same document
    assert json.loads(cli("cited-by", "NĐ 45/2020", "--store", str(store), "--json")) == rows


def test_vinh_long_plan_bases_show_nq76_with_evidence(store: Path) -> None:
    plans = [d for d in docs_by_file(store)[VINH_LONG] if d["type"] == "KH"]
    assert len(plans) == 1
    tree = json.loads(cli("bases", plans[0]["iri"], "--store", str(store), "--json"))
    nq = [n for n in tree["bases"] if n["document"]["key"] == "nq/2021/76/cp"]
    assert nq, [n["document"]["key"] for n in tree["bases"]]
    ev = nq[0]["evidence"][0]
    assert "76/NQ-CP" in ev["sentence"] and ev["sentence"].lstrip().startswith("Căn cứ")
    assert ev["source_path"].endswith(VINH_LONG)
    text = (Path(ev["source_path"])).read_text(encoding="utf-8")
    assert text[ev["start"]: ev["end"]] == ev["quote"]


def test_ambiguous_symbol_exits_2_with_candidates(store: Path) -> None:
    res = runner.invoke(app, ["bases", "76/NQ-CP", "--store", str(store)])
    assert res.exit_code == 2
    assert "76/NQ-CP 2021" in res.output and "76/NQ-CP 2013" in res.output  # the candidates' handles
    for h in ("76/NQ-CP 2021", "76/NQ-CP 2013"):  # … and each one is accepted back
        assert runner.invoke(app, ["bases", h, "--store", str(store)]).exit_code == 0


def test_unknown_document_exits_1(store: Path) -> None:
    res = runner.invoke(app, ["show", "999/KH-UBND 2001", "--store", str(store)])
    assert res.exit_code == 1 and res.output.startswith("lỗi: không có văn bản nào khớp với '999/KH-UBND 2001'")
    res = runner.invoke(app, ["show", "999/KH-UBND 2001", "--store", str(store), "--lang", "en"])
    assert res.exit_code == 1 and res.output.startswith("error: no document matches")


def test_graph_passes_shacl(store: Path) -> None:
    res = runner.invoke(app, ["validate", "--store", str(store), "--json"])
    report = json.loads(res.stdout)
    assert report["violations"] == [] and res.exit_code == 0


def test_building_twice_gives_an_isomorphic_graph(store: Path, seeds_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "again"
    cli("build", str(seeds_dir), "--store", str(other), code=1)
    cli("build", str(seeds_dir), "--store", str(other), "--force", code=1)
    a = GraphStore.open(store).to_rdflib()
    b = GraphStore.open(other).to_rdflib()
    assert len(a) == len(b) and isomorphic(a, b)


def test_rebuild_skips_unchanged_files(store: Path, seeds_dir: Path) -> None:
    summary = json.loads(cli("build", str(seeds_dir), "--store", str(store), "--json", code=1))
    assert summary["unchanged"] == 5 and summary["loaded"] == 0


def test_export_formats(store: Path, tmp_path: Path) -> None:
    from rdflib import Graph

    for fmt, rdflib_fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        cli("export", "--format", fmt, "-o", str(out), "--store", str(store))
        g = Graph().parse(out, format=rdflib_fmt)
        assert len(g) > 1000


def test_sparql_query_file(store: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?a eli:based_on ?b }\n",
        encoding="utf-8",
    )
    rows = json.loads(cli("query", str(q), "--store", str(store), "--json"))
    assert rows[0]["n"] > 10
