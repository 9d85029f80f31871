"""Bolt push throughput and query latency vs the embedded store and networkx (not a test).

    source scripts/servers && start_servers
    .venv/bin/python bench/bench_bolt.py --docs 2000 [--uri $CCHC_BOLT_URI] [--json out.json]
    stop_servers

Builds a synthetic corpus (``bench/synth.py`` when present, else a small
generator below), projects it to the property graph, pushes it to the
Bolt server (rows/s) and times ``document``, ``edges`` and ``cited_by``
on a sample of documents for each backend.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cchc_kg.kg.build import source_graph  # noqa: E402
from cchc_kg.kg.ids import source_graph_iri  # noqa: E402
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord  # noqa: E402
from cchc_kg.kg.store import GraphStore  # noqa: E402


def _small_corpus(n: int, seed: int = 0):
    """Fallback generator: n plans, each based on 1–3 of 30 national decrees, implementing an older plan."""
    rng = random.Random(seed)
    nationals = [DocumentRecord(doc_type="NĐ", number=str(i), symbol=f"{i}/2020/NĐ-CP", issuer_code="CP", year=2020,
                                origin="stub", key=f"nd/2020/{i}/cp") for i in range(1, 31)]
    plans: list[DocumentRecord] = []
    for i in range(n):
        path = f"synth/{i:05d}.txt"
        doc = DocumentRecord(doc_type="KH", number=str(i + 1), symbol=f"{i + 1}/KH-UBND", issuer_code="UBND",
                             issuer="UBND tỉnh Mẫu", jurisdiction="tỉnh Mẫu", level="province", year=2022,
                             title=f"Kế hoạch cải cách hành chính số {i + 1}", source=path, key=f"kh/2022/{i + 1}/ubnd-tinh-mau")
        lines, refs = [], []
        for nd in rng.sample(nationals, rng.randint(1, 3)):
            q = f"Nghị định số {nd.symbol}"
            lines.append(f"Căn cứ {q};")
        if plans:
            lines.append(f"Thực hiện Kế hoạch số {rng.choice(plans).symbol};")
        text = "\n".join(lines) + "\n"
        for line in lines:
            start = text.index(line)
            if line.startswith("Căn cứ"):
                sym = line[len("Căn cứ Nghị định số "):-1]
                target = next(x for x in nationals if x.symbol == sym)
                q = line[len("Căn cứ "):-1]
                refs.append(ReferenceRecord("based_on", target, Evidence(path, start + 7, start + 7 + len(q), line, q)))
            else:
                sym = line[len("Thực hiện Kế hoạch số "):-1]
                target = next(x for x in plans if x.symbol == sym)
                q = line[len("Thực hiện "):-1]
                refs.append(ReferenceRecord("implements", target, Evidence(path, start + 10, start + 10 + len(q), line, q)))
        plans.append(doc)
        yield path, "%064x" % i, [Extraction(document=doc, references=tuple(refs))]


def corpus(n: int):
    try:
        from bench import synth  # type: ignore[import-not-found]
    except ImportError:
        try:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import synth  # type: ignore[import-not-found,no-redef]
        except ImportError:
            synth = None
    if synth is not None and hasattr(synth, "files"):
        for f in synth.files(n, seed=1):
            yield f.path, f.sha256, f.extractions
        return
    yield from _small_corpus(n)


def timed(fn, *args, **kw) -> float:
    t = time.perf_counter()
    fn(*args, **kw)
    return (time.perf_counter() - t) * 1000


def latency(backend: Any, iris: list[str]) -> dict[str, float]:
    from cchc_kg.queries.backend import ALL_RELATIONS
    from cchc_kg.queries.lineage import cited_by

    out = {}
    for name, f in (
        ("document_ms", lambda i: backend.document(i)),
        ("edges_out_ms", lambda i: backend.edges(i, "out", ALL_RELATIONS)),
        ("cited_by_ms", lambda i: cited_by(backend, i)),
    ):
        out[name] = round(statistics.median(timed(f, i) for i in iris), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--uri", default=os.environ.get("CCHC_BOLT_URI"))
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()

    from cchc_kg.kg.neo4j_writer import connect, push, wipe
    from cchc_kg.kg.pgmodel import from_store
    from cchc_kg.queries.cypher import CypherBackend
    from cchc_kg.queries.embedded import EmbeddedBackend
    from cchc_kg.queries.nx import NetworkxBackend

    st = GraphStore.open(None)
    t = time.perf_counter()
    for path, sha, exs in corpus(a.docs):
        st.replace_graph(source_graph_iri(path), source_graph(path, sha, exs, plan_facts=True))
    res: dict[str, Any] = {"documents": a.docs, "triples": len(st), "build_s": round(time.perf_counter() - t, 2)}
    t = time.perf_counter()
    pg = from_store(st)
    res.update(project_s=round(time.perf_counter() - t, 2), nodes=len(pg.nodes), relationships=len(pg.rels))
    embedded = EmbeddedBackend(st)
    docs = sorted(i for i, n in pg.nodes.items() if "Document" in n.labels and n.props.get("key"))
    sample = random.Random(0).sample(docs, min(a.sample, len(docs)))
    res["embedded"] = latency(embedded, sample)
    t = time.perf_counter()
    nxb = NetworkxBackend(NetworkxBackend.from_store(st).g)
    res["networkx_build_s"] = round(time.perf_counter() - t, 2)
    res["networkx"] = latency(nxb, sample)
    if a.uri:
        conn = connect(a.uri, password=os.environ.get("NEO4J_PASSWORD") or None, user=os.environ.get("NEO4J_USER"))
        wipe(conn)
        t = time.perf_counter()
        s = push(conn, pg, progress=None)
        secs = time.perf_counter() - t
        res["bolt_push"] = {"dialect": s.dialect, "seconds": round(secs, 2), "batches": s.batches,
                            "rows_per_s": round((s.nodes + s.relationships) / secs, 1)}
        res["bolt"] = latency(CypherBackend(conn), sample)
    print(json.dumps(res, indent=2))
    if a.json:
        a.json.write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
