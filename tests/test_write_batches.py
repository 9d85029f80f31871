"""Batched writes (GraphStore.replace_graphs, cchc_kg.kg.ingest.build) store exactly what file-by-file writes store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import cchc_kg.kg.build as kb
from cchc_kg.kg.build import source_ntriples
from cchc_kg.kg.ids import source_graph_iri
from cchc_kg.kg.ingest import build, default_align
from cchc_kg.kg.store import GraphStore
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.readers import read_source

A = b"<urn:a> <urn:p> <urn:b> .\n"
B = b'<urn:a> <urn:p> "b \\" .\\n"@vi .\n'  # a literal holding ' .\n' once unescaped
C = b"<urn:c> <urn:p> <urn:d> .\n"


def _quads(st: GraphStore) -> set[bytes]:
    out = io.BytesIO()
    st.export(out, "nq", include_static=False)
    return set(out.getvalue().splitlines())


@pytest.mark.parametrize("directory", [False, True], ids=["memory", "disk"])
def test_replace_graphs_writes_new_graphs_and_replaces_old_ones(tmp_path: Path, directory: bool) -> None:
    with GraphStore.open(tmp_path / "s" if directory else None, writable=True, create=True) as st:
        st.replace_graph("urn:g:old", C)
        n = st.replace_graphs({"urn:g:new": A + B, "urn:g:old": A}, trusted=True)
        assert n == 3
        assert sorted(g for g in st.graphs() if g.startswith("urn:g:")) == ["urn:g:new", "urn:g:old"]
        rows = st.select("SELECT ?g ?o WHERE { GRAPH ?g { <urn:a> <urn:p> ?o } }")
        assert sorted((r["g"], r["o"]) for r in rows) == [("urn:g:new", 'b " .\n'), ("urn:g:new", "urn:b"), ("urn:g:old", "urn:b")]
        assert not st.select("SELECT ?s WHERE { GRAPH <urn:g:old> { ?s ?p <urn:d> } }"), "the old version of urn:g:old is gone"


def test_a_bad_graph_iri_fails_before_anything_is_written() -> None:
    st = GraphStore.open(None)
    with pytest.raises(ValueError):
        st.replace_graphs({"urn:g:ok": A, "not an iri": C})
    assert not [g for g in st.graphs() if g.startswith("urn:g:")]


def _files(seeds_dir: Path) -> list[Path]:
    return sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt")


@pytest.mark.parametrize("batch_files,workers", [(1, 1), (2, 1), (32, 2)])
def test_batched_builds_store_the_same_quads(seeds_dir: Path, tmp_path: Path, batch_files: int, workers: int) -> None:
    files = _files(seeds_dir)
    with GraphStore.open(tmp_path / "ref", writable=True, create=True) as ref:
        for f in files:  # file by file, the pre-batching path
            src = read_source(f)
            exs = extract_source(src)
            ref.replace_graph(source_graph_iri(src.path), source_ntriples(src.path, src.sha256, exs, alignments=default_align(exs)))
        expected = _quads(ref)
    seen: list[tuple[str, bool]] = []
    with GraphStore.open(tmp_path / "b", writable=True, create=True) as st:

        def progress(res) -> None:  # type: ignore[no-untyped-def]
            # a file is reported only once its batch is in the store
            seen.append((res.path, res.path in st.sources()))

        report = build(st, files, read=read_source, extract=extract_source, static=False,
                       workers=workers, batch_files=batch_files, progress=progress)
        assert report.loaded == len(files) and not report.failed
        assert [r.path for r in report.results] == [str(f) for f in files], "results keep the input order"
        assert sorted(seen) == sorted((str(f), True) for f in files)
        assert _quads(st) == expected


def test_cited_document_memo_changes_no_triple(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = read_source(_files(seeds_dir)[0])
    exs = extract_source(src)
    assert sum(len(x.references) for x in exs) > len({r.target.key for x in exs for r in x.references}), "repeats exist"
    fast = source_ntriples(src.path, src.sha256, exs)
    monkeypatch.setattr(kb, "_add_cited", lambda g, d, seen: kb.add_document(g, d))
    assert source_ntriples(src.path, src.sha256, exs) == fast


def _hand_build(st: GraphStore, names: list[str], *, interrupt_at: str | None = None, fail_at: str | None = None,
                progress=None) -> None:  # type: ignore[no-untyped-def]
    from cchc_kg.kg.errors import NoIdentityError
    from cchc_kg.kg.model import SourceText
    from records import plan_extraction

    def read(p: Path) -> SourceText:
        return SourceText(str(p), "x", "0" * 64)

    def extract(src: SourceText):  # type: ignore[no-untyped-def]
        if src.path == interrupt_at:
            raise KeyboardInterrupt
        if src.path == fail_at:
            raise NoIdentityError(f"{src.path}: no recognisable document identity")
        return [plan_extraction()]

    build(st, [Path(n) for n in names], read=read, extract=extract, static=False, batch_files=32, progress=progress)


def test_an_interrupted_build_keeps_every_finished_file() -> None:
    st = GraphStore.open(None)
    with pytest.raises(KeyboardInterrupt):
        _hand_build(st, ["a.txt", "b.txt", "c.txt", "d.txt"], interrupt_at="c.txt")
    assert sorted(st.sources()) == ["a.txt", "b.txt"], "finished files are stored although their batch was not full"


def test_a_problem_is_reported_at_once_with_the_files_before_it_stored() -> None:
    st = GraphStore.open(None)
    seen: list[tuple[str, str, list[str]]] = []

    class Stop(Exception):
        pass

    def progress(res) -> None:  # type: ignore[no-untyped-def]
        seen.append((res.path, res.status, sorted(st.sources())))
        if res.status == "failed":
            raise Stop  # what `cchc-kg build --strict` does

    with pytest.raises(Stop):
        _hand_build(st, ["a.txt", "b.txt", "c.txt", "d.txt"], fail_at="b.txt", progress=progress)
    assert seen == [("a.txt", "loaded", ["a.txt"]), ("b.txt", "failed", ["a.txt"])]
    assert sorted(st.sources()) == ["a.txt"], "nothing after the first problem was processed"
