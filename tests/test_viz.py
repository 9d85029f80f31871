"""viz: views from hand-made records, escaping, offline pages, legend counts, CLI."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.model import (
    AgencyRecord, DocumentRecord, Evidence, Extraction, ReferenceRecord, ResponsibilityRecord, SourceText, TargetRecord,
    TaskRecord,
)
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.viz.layout import layered
from cchc_kg.viz.model import EDGE_KINDS, NODE_KINDS, ViewEdge, ViewGraph, ViewNode
from cchc_kg.viz.render import remote_references, render, safe_json
from cchc_kg.viz.views import all_view, find_national_targets, focus_view, responsibilities_view, target_view

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

PROV_TEXT = (
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
    "Thực hiện Chương trình số 9-CTr/TU ngày 01/3/2022 của Tỉnh ủy;\n"
    "Phấn đấu đến năm 2025, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên.\n"
    "Sở Nội vụ chủ trì, Văn phòng UBND tỉnh phối hợp rà soát thủ tục hành chính.\n"
)
DIST_TEXT = "Căn cứ Kế hoạch số 12/KH-UBND ngày 01/4/2022 của UBND tỉnh Xanh;\n"
EVIL_TEXT = f"Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 {PAYLOAD} của Chính phủ;\n"


def ev(quote: str, path: str, text: str) -> Evidence:
    start = text.index(quote)
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    return Evidence(path, start, start + len(quote), text[ls:le], quote)


NQ76 = DocumentRecord(doc_type="NQ", number="76", symbol="76/NQ-CP", issuer_code="CP", issuer="Chính phủ", jurisdiction="Việt Nam",
                      level="national", date="2021-07-15", year=2021, origin="stub", key="nq/2021/76/cp")
CTR9 = DocumentRecord(doc_type="CTr", number="9", symbol="9-CTr/TU", issuer_code="TU", issuer="Tỉnh ủy tỉnh Xanh", jurisdiction="tỉnh Xanh",
                      level="province", year=2022, origin="stub", key="ctr/2022/9/tu-tinh-xanh")
PLAN = DocumentRecord(doc_type="KH", number="12", symbol="12/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Xanh", jurisdiction="tỉnh Xanh",
                      level="province", date="2022-04-01", year=2022, title="Kế hoạch cải cách hành chính năm 2022 của tỉnh Xanh",
                      source="prov.txt", key="kh/2022/12/ubnd-tinh-xanh")
DIST = DocumentRecord(doc_type="KH", number="5", symbol="5/KH-UBND", issuer_code="UBND", issuer="UBND huyện Lam", jurisdiction="huyện Lam",
                      level="district", date="2022-05-02", year=2022, title="Kế hoạch cải cách hành chính huyện Lam",
                      source="dist.txt", key="kh/2022/5/ubnd-huyen-lam")
EVIL = DocumentRecord(doc_type="KH", number="66", symbol="66/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Đỏ", jurisdiction="tỉnh Đỏ",
                      level="province", year=2023, title="Kế hoạch " + PAYLOAD, source="evil.txt", key="kh/2023/66/ubnd-tinh-do")
PLAN_REF = DocumentRecord(doc_type="KH", number="12", symbol="12/KH-UBND", issuer_code="UBND", jurisdiction="tỉnh Xanh", level="province",
                          year=2022, origin="stub", key="kh/2022/12/ubnd-tinh-xanh")

SO_NOI_VU = AgencyRecord("so-noi-vu", "Sở Nội vụ", "tỉnh Xanh", "province")
VP = AgencyRecord("van-phong-ubnd", "Văn phòng UBND tỉnh", "tỉnh Xanh", "province")


def extractions() -> dict[str, tuple[list[Extraction], str]]:
    t_ev = ev("tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên", "prov.txt", PROV_TEXT)
    r_ev = ev("Sở Nội vụ chủ trì, Văn phòng UBND tỉnh phối hợp", "prov.txt", PROV_TEXT)
    task = "Rà soát thủ tục hành chính"
    plan = Extraction(
        document=PLAN,
        references=(
            ReferenceRecord("based_on", NQ76, ev("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "prov.txt", PROV_TEXT)),
            ReferenceRecord("implements", CTR9, ev("Chương trình số 9-CTr/TU ngày 01/3/2022", "prov.txt", PROV_TEXT)),
        ),
        targets=(TargetRecord("tỷ lệ giao dịch thanh toán trực tuyến", 30.0, "%", ">=", 2025, t_ev, "từ 30% trở lên", area="tthc"),),
        tasks=(TaskRecord(task, "tthc", r_ev),),
        responsibilities=(
            ResponsibilityRecord(SO_NOI_VU, "lead", r_ev, area="tthc", task=task),
            ResponsibilityRecord(VP, "support", r_ev, area="tthc", task=task, index=1),
            ResponsibilityRecord(SO_NOI_VU, "monitor", r_ev, target_index=0, index=2),
            ResponsibilityRecord(VP, "advise", r_ev, area="cong-vu", index=3),
        ),
    )
    dist = Extraction(document=DIST, references=(ReferenceRecord("based_on", PLAN_REF, ev("Kế hoạch số 12/KH-UBND ngày 01/4/2022", "dist.txt", DIST_TEXT)),))
    evil = Extraction(document=EVIL, references=(ReferenceRecord("based_on", NQ76, ev("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "evil.txt", EVIL_TEXT)),))
    return {"prov.txt": ([plan], PROV_TEXT), "dist.txt": ([dist], DIST_TEXT), "evil.txt": ([evil], EVIL_TEXT)}


def viz_store() -> GraphStore:
    """An in-memory store built from the records above (catalog included)."""
    files = extractions()
    st = GraphStore.open(None)

    def align(exs):
        out = []
        for ei, ex in enumerate(exs):
            for ti, _ in enumerate(ex.targets):
                out.append((ei, ti, SimpleNamespace(national_id="B07", score=0.91, comparison="equal", explanation="same metric <b>")))
        return out

    build(st, list(files), read=lambda p: SourceText(str(p), files[str(p)][1], "a" * 64),
          extract=lambda src: files[src.path][0], align=align)
    return st


@pytest.fixture(scope="module")
def be() -> EmbeddedBackend:
    return EmbeddedBackend(viz_store())


PLAN_IRI = doc_iri(PLAN.key)


def _edges(view: ViewGraph) -> set[tuple[str, str, str]]:
    return {(e.source.rsplit("/", 1)[-1] if "/" in e.source else e.source, e.target.rsplit("/", 1)[-1], e.kind) for e in view.edges}


def test_focus_view_has_bases_above_and_citers_below(be):
    view = focus_view(be, PLAN_IRI, depth=1)
    ids = {n.id for n in view.nodes}
    assert ids == {PLAN_IRI, doc_iri(NQ76.key), doc_iri(CTR9.key), doc_iri(DIST.key)}
    kinds = {(e.source, e.target): e.kind for e in view.edges}
    assert kinds[(PLAN_IRI, doc_iri(NQ76.key))] == "based_on"
    assert kinds[(PLAN_IRI, doc_iri(CTR9.key))] == "implements"
    assert kinds[(doc_iri(DIST.key), PLAN_IRI)] == "based_on"
    layer = {n.id: n.layer for n in view.nodes}
    assert layer[doc_iri(NQ76.key)] < layer[PLAN_IRI] < layer[doc_iri(DIST.key)]
    assert layer[doc_iri(CTR9.key)] < layer[PLAN_IRI]  # same level, but the plan implements it
    focus = next(n for n in view.nodes if n.focus)
    assert focus.id == PLAN_IRI and ("title", PLAN.title) in focus.tip
    edge = next(e for e in view.edges if e.kind == "based_on" and e.source == PLAN_IRI)
    assert edge.evidence and edge.evidence[0].startswith("Căn cứ Nghị quyết số 76/NQ-CP")


@pytest.mark.parametrize(
    "depth,max_nodes,n_nodes,capped",
    [(0, 300, 1, False), (1, 300, 4, False), (2, 300, 5, False), (2, 2, 2, True)],
)
def test_focus_depth_and_cap(be, depth, max_nodes, n_nodes, capped):
    view = focus_view(be, PLAN_IRI, depth=depth, max_nodes=max_nodes)
    assert len(view.nodes) == n_nodes
    assert bool(view.notes) is capped
    if capped:
        assert "--max-nodes" in view.notes[0]


def test_responsibilities_view_colours_edges_by_role(be):
    view = responsibilities_view(be, PLAN_IRI)
    kinds = {n.kind for n in view.nodes}
    assert {"agency", "area", "task", "target"} <= kinds
    roles = {(n.split("/")[-2] if "/" in n else n, t[:5], k) for n, t, k in ((e.source, e.target, e.kind) for e in view.edges)}
    assert ("so-noi-vu", "task:", "lead") in roles and ("van-phong-ubnd", "task:", "support") in roles
    assert ("van-phong-ubnd", "area:", "advise") in roles
    assert any(e.kind == "monitor" and e.target.startswith("https://w3id.org/cchc/id/fact/target/") for e in view.edges)
    assert view.edge_counts()["lead"] == 1 and view.direction == "LR"
    lead = next(e for e in view.edges if e.kind == "lead")
    assert lead.evidence[0].startswith("Sở Nội vụ chủ trì")
    with pytest.raises(DocumentNotFound):
        responsibilities_view(be, doc_iri(DIST.key))


@pytest.mark.parametrize("query,ids", [("B07", ["B07"]), ("b07", ["B07"]), ("giao dich thanh toan truc tuyen", ["B07"]),
                                        ("thanh toán trực tuyến", ["B06", "B07"])])
def test_find_national_targets(be, query, ids):
    assert [t["national_id"] for t in find_national_targets(be, query)] == ids


def test_target_view_links_local_targets_and_plans(be):
    view = target_view(be, "B07")
    kinds = view.node_counts()
    assert kinds["national-target"] == 1 and kinds["target"] == 1
    assert PLAN_IRI in {n.id for n in view.nodes}
    aligns = [e for e in view.edges if e.kind == "aligns"]
    assert len(aligns) == 1 and aligns[0].label == "equal" and ("explanation", "same metric <b>") in aligns[0].tip
    local = next(n for n in view.nodes if n.kind == "target")
    assert "30" in local.label and "2025" in local.label
    with pytest.raises(DocumentNotFound):
        target_view(be, "không có chỉ tiêu nào như thế")


def test_all_view_and_cap(be):
    full = all_view(be)
    assert full.notes == () and len(full.nodes) == len(be.documents())
    small = all_view(be, max_nodes=3)
    assert len(small.nodes) == 3 and "Showing 3 of" in small.notes[0]
    loaded = {d["iri"] for d in be.documents(loaded_only=True)}
    assert loaded <= {n.id for n in small.nodes}
    assert all(e.source in {n.id for n in small.nodes} and e.target in {n.id for n in small.nodes} for e in small.edges)


def test_legend_counts_match_the_page(be):
    view = focus_view(be, PLAN_IRI, depth=2)
    html = render(view)
    data = json.loads(re.search(r'<script type="application/json" id="cchc-data">(.*?)</script>', html, re.S).group(1))
    assert {x["kind"]: x["count"] for x in data["legend"]["nodes"]} == view.node_counts()
    assert {x["kind"]: x["count"] for x in data["legend"]["edges"]} == view.edge_counts()
    assert sum(view.node_counts().values()) == len(data["nodes"]) == len(view.nodes)
    assert all(k in NODE_KINDS for k in view.node_counts()) and all(k in EDGE_KINDS for k in view.edge_counts())


def test_document_text_is_escaped_everywhere(be):
    evil_iri = doc_iri(EVIL.key)
    view = focus_view(be, evil_iri, depth=1)
    assert any(PAYLOAD in n.label for n in view.nodes)  # views keep text as text
    assert any(PAYLOAD in s for e in view.edges for s in e.evidence)
    html = render(view)
    lower = html.lower()
    assert "<script>window.__pwned" not in lower and "<img src=x" not in lower and "onerror=\"window" not in lower
    # only the two script blocks of the page, plus the JSON data block
    assert html.count("</script>") == 3
    data = re.search(r'id="cchc-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and "\u2028" not in data
    assert any(PAYLOAD in s for s in _strings(json.loads(data)))  # the data keeps the text intact
    assert "script-src 'sha256-" in html and "'unsafe-inline'" not in html.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- x", "a\u2028b\u2029c", "&lt;", "'\"\\"])
def test_safe_json_round_trips(text):
    s = safe_json({"t": text})
    assert "</" not in s and "<!--" not in s and "\u2028" not in s and "\u2029" not in s
    assert json.loads(s) == {"t": text}


def test_pages_reference_nothing_remote(be):
    for view in (focus_view(be, PLAN_IRI), responsibilities_view(be, PLAN_IRI), target_view(be, "B07"), all_view(be)):
        html = render(view)
        assert remote_references(html) == []
        for m in re.finditer(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html):
            assert not re.match(r"(https?:)?//", m.group(1)), m.group(0)
        assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap" not in html.lower()
        assert "w3id.org/cchc/id/doc/" in html  # graph IRIs stay, inside the data


def test_layered_layout_orders_levels():
    nodes = tuple(ViewNode(f"n{i}", "doc-province" if i % 3 else "doc-national", f"N{i}", layer=2.0 if i % 3 else 0.0) for i in range(2000))
    edges = tuple(ViewEdge(f"n{i}", f"n{(i * 7) % 2000 // 3 * 3}", "based_on") for i in range(1, 2000) if i % 3)
    view = ViewGraph("big", "all", nodes, edges)
    pos = layered(view)  # its speed is measured in bench/bench_viz.py, not here
    assert max(y for i, (x, y) in pos.items() if int(i[1:]) % 3 == 0) < min(y for i, (x, y) in pos.items() if int(i[1:]) % 3)
    assert len(set(pos.values())) == 2000  # no two nodes on one spot


def test_big_view_renders_with_physics_off():
    n = 1000
    nodes = tuple(ViewNode(f"n{i}", "doc-province", f"Kế hoạch số {i}/KH-UBND", (("title", "Kế hoạch cải cách hành chính"),), layer=float(i % 3))
                  for i in range(n))
    edges = tuple(ViewEdge(f"n{i}", f"n{(i * 13) % n}", "based_on", evidence=("Căn cứ …",)) for i in range(n) if (i * 13) % n != i)
    html = render(ViewGraph("big", "all", nodes, edges))  # speed: bench/bench_viz.py
    assert '"physics":false' in html


def test_cli_viz_writes_a_page(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import cchc_kg.cli.viz  # noqa: F401 - registers the command
    from cchc_kg.cli.core import app

    st = viz_store()
    dest = tmp_path / "store"
    with GraphStore.open(dest, writable=True, create=True) as disk:
        disk.bulk_load(_nquads(st))
    out = tmp_path / "p.html"
    runner = CliRunner()
    r = runner.invoke(app, ["viz", "--focus", PLAN_IRI, "--store", str(dest), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = runner.invoke(app, ["viz", "--all", "--max-nodes", "2", "--store", str(dest), "-o", str(out)])
    assert r.exit_code == 0 and "Showing 2 of" in r.output
    r = runner.invoke(app, ["viz", "--store", str(dest), "-o", str(out)])
    assert r.exit_code == 2 and "exactly one" in r.output
    r = runner.invoke(app, ["viz", "--target", "zzz qqq", "--store", str(dest), "-o", str(out)])
    assert r.exit_code == 1 and "không có chỉ tiêu quốc gia nào khớp" in r.output


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def _nquads(st: GraphStore) -> bytes:
    import io

    buf = io.BytesIO()
    st.export(buf, "nq")
    return buf.getvalue()
