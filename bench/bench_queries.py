"""Query latency on a loaded synthetic store, embedded vs rdflib side by side.

    python bench/bench_queries.py N [--sample 40] [--rdflib] [--ops bases,cited_by,...]

Opens ``bench/results/store-N`` (made by ``bench_store.py load N --keep``)
read-only and times the lineage and plan questions on a fixed sample of
documents. With ``--rdflib`` the same ``EmbeddedBackend`` SPARQL runs on an
in-memory ``rdflib.Dataset`` parsed from TriG, alternating query by query
with the embedded store, so the ratio is measured side by side.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import emit, summary  # noqa: E402

__all__ = ["RdflibStore", "sample_documents", "OPS", "RDFLIB_OPS", "main"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INT = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "gYear")}
_FLOAT = {_XSD + t for t in ("decimal", "double", "float")}


class RdflibStore:
    """Duck type of ``cchc_kg.kg.store.GraphStore.select`` over an ``rdflib.Dataset``."""

    def __init__(self, ds: Any) -> None:
        self.ds = ds

    def select(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from rdflib import BNode, Literal, URIRef

        from cchc_kg.kg.store import Iri

        def term(v: Any) -> Any:
            return URIRef(v.value) if isinstance(v, Iri) else Literal(v)

        def py(t: Any) -> Any:
            if t is None:
                return None
            if isinstance(t, URIRef):
                return str(t)
            if isinstance(t, BNode):
                return "_:" + str(t)
            if isinstance(t, Literal):
                dt = str(t.datatype) if t.datatype else ""
                if dt in _INT:
                    return int(t)
                if dt in _FLOAT:
                    return float(t)
                if dt == _XSD + "boolean":
                    return str(t) == "true"
                return str(t)
            return str(t)

        res = self.ds.query(query, initBindings={k: term(v) for k, v in (params or {}).items()})
        names = [str(v) for v in res.vars]
        return [{n: py(row[n]) for n in names} for row in res]


def sample_documents(store: Any, k: int, seed: int = 0) -> dict[str, list[str]]:
    """A fixed sample of loaded plans per level (IRIs), plus the most cited national document."""
    q = """PREFIX cchc: <https://w3id.org/cchc/ontology#>
    SELECT ?doc ?lvl WHERE { ?doc a cchc:Plan ; cchc:origin "loaded" ; cchc:adminLevel ?lvl }"""
    by: dict[str, list[str]] = {}
    for r in store.select(q):
        by.setdefault(r["lvl"].rsplit("/", 1)[-1], []).append(r["doc"])
    rng = random.Random(seed)
    out = {lvl: sorted(rng.sample(sorted(v), min(k, len(v)))) for lvl, v in sorted(by.items())}
    out["root"] = ["https://w3id.org/cchc/id/doc/nq/2021/76/cp"]
    return out


def _ops(be: Any, s: dict[str, list[str]]) -> dict[str, tuple[list[str], Callable[[str], Any]]]:
    from cchc_kg.queries.lineage import bases, cited_by

    ops: dict[str, tuple[list[str], Callable[[str], Any]]] = {
        "document": (s.get("commune", []) + s.get("district", []), lambda i: be.document(i)),
        "bases": (s.get("commune", []) + s.get("district", []), lambda i: bases(be, i)),
        "cited_by": (s.get("province", []) + s.get("district", []), lambda i: cited_by(be, i)),
        "cited_by_transitive": (s.get("province", []) + s.get("district", []), lambda i: cited_by(be, i, transitive=True)),
        "cited_by_root": (s["root"], lambda i: cited_by(be, i)),
        "cited_by_root_transitive": (s["root"], lambda i: cited_by(be, i, transitive=True)),
        "documents_all": (["-"], lambda _i: be.documents()),
    }
    try:
        from cchc_kg.queries import plans as P
    except ImportError:  # the plans queries are optional
        return ops
    ops["agencies_plan"] = (s.get("province", []) + s.get("district", []), lambda i: P.agencies(be, doc=[i]))
    ops["agencies_all_lead"] = (["-"], lambda _i: P.agencies(be, role="lead"))
    ops["implements"] = (["B05"], lambda q: P.implements(be, q))
    ops["coverage_plan"] = (s.get("province", [])[:5], lambda i: P.coverage(be, of=[i]))
    ops["coverage_all"] = (["-"], lambda _i: P.coverage(be))
    return ops


#: operations rdflib also runs. The whole-collection ones (every document,
#: every responsibility, all coverage, everything citing NQ 76) did not finish
#: in 25 minutes on rdflib at 1k documents: its SPARQL engine evaluates an
#: OPTIONAL as a nested loop over 400k quads.
RDFLIB_OPS = ("document", "bases", "cited_by", "cited_by_transitive", "agencies_plan", "coverage_plan")

#: operations timed per document of the sample (the others run once)
OPS = ("document", "bases", "cited_by", "cited_by_transitive", "agencies_plan", "coverage_plan",
       "cited_by_root", "cited_by_root_transitive", "documents_all", "agencies_all_lead", "implements", "coverage_all")


def _size(r: Any) -> int:
    """Size of an answer: nodes of a ``bases`` tree, plans of ``implements``, else its length."""
    if isinstance(r, dict) and "bases" in r:
        return 1 + sum(_size(c) for c in r["bases"])
    if isinstance(r, list) and r and isinstance(r[0], dict) and "plans" in r[0]:
        return sum(len(x["plans"]) for x in r)
    if isinstance(r, (list, dict)):
        return len(r)
    return 1


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--rdflib", action="store_true")
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--budget", type=float, default=60.0, help="skip repeats of an op once it used this many seconds")
    a = ap.parse_args(argv)

    from bench.bench_store import store_path, trig_path
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.queries.embedded import EmbeddedBackend

    t0 = time.perf_counter()
    st = GraphStore.open(store_path(a.n))
    open_s = time.perf_counter() - t0
    backends = {"embedded": EmbeddedBackend(st)}
    out: dict[str, Any] = {"documents": a.n, "open_seconds": open_s}
    if a.rdflib:
        from rdflib import Dataset

        trig = trig_path(a.n)
        if not trig.exists():
            with open(trig, "wb") as fh:
                st.export(fh, "trig")
        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(trig, format="trig")
        out["rdflib_parse_seconds"] = time.perf_counter() - t0
        backends["rdflib"] = EmbeddedBackend(RdflibStore(ds))  # type: ignore[arg-type]
    s = sample_documents(st, a.sample)
    out["sample"] = {k: len(v) for k, v in s.items()}
    ops = {name: _ops(be, s) for name, be in backends.items()}
    results: dict[str, dict[str, Any]] = {}
    for op in a.ops.split(","):
        if op not in ops["embedded"]:
            continue
        items = ops["embedded"][op][0]
        times: dict[str, list[float]] = {b: [] for b in backends}
        sizes: list[int] = []
        spent = {b: 0.0 for b in backends}
        for it in items:
            for b in backends:  # alternate backends item by item
                if spent[b] > a.budget or (b == "rdflib" and op not in RDFLIB_OPS):
                    continue
                fn = ops[b][op][1]
                t = time.perf_counter()
                r = fn(it)
                dt = time.perf_counter() - t
                spent[b] += dt
                times[b].append(dt)
                if b == "embedded":
                    sizes.append(_size(r))
        results[op] = {b: summary(v) for b, v in times.items() if v}
        results[op]["result_size"] = summary(sizes) if sizes else None
        sys.stderr.write(f"{a.n} {op}: " + ", ".join(f"{b} p50 {results[op][b]['p50']:.4f}" for b in backends if b in results[op]) + "\n")
    out["ops"] = results
    emit(out)


if __name__ == "__main__":
    main()
