"""The ``cchc-kg`` command line: a thin shell over the library.

Exit codes (every command): 0 ok; 1 findings or not found; 2 usage or
input error (bad option, unreadable input, ambiguous DOC, locked, read-only
or damaged store, disk full, unreachable server), always as one line
``error: …``; 130/143 when a build is interrupted by SIGINT/SIGTERM.
This is the only module that wires loaders, kg, queries and viz together;
library exceptions become messages here and in :mod:`cchc_kg.cli.edge`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import signal
import stat
import sys
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from cchc_kg.cli.edge import EdgeGroup, say_error
from cchc_kg.kg.errors import AmbiguousDocument, CchcError, InputError
from cchc_kg.kg.store import GraphStore

__all__ = ["app", "main"]

app = typer.Typer(
    name="cchc-kg",
    help="Knowledge graph of Vietnamese CCHC documents: legal bases, citations, agencies, targets.\n\n"
    "Exit codes: 0 ok, 1 findings/not found, 2 usage or input error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=EdgeGroup,
)

STORE_OPT = typer.Option(
    Path(os.environ.get("CCHC_KG_STORE", ".cchc-kg")), "--store", "-s", help="Store directory (env CCHC_KG_STORE)."
)
JSON_OPT = typer.Option(False, "--json", help="Machine-readable JSON output.")
BACKEND_OPT = typer.Option("embedded", "--backend", "-b", help="embedded (the store) | neo4j (a Bolt server) | networkx.")
URI_OPT = typer.Option(None, "--uri", help="Bolt URI for --backend neo4j (env NEO4J_URI); password from NEO4J_PASSWORD.")
USER_OPT = typer.Option(None, "--user", help="Bolt user (env NEO4J_USER).")
DB_OPT = typer.Option(None, "--database", help="Neo4j database name.")


# -- helpers -------------------------------------------------------------------
def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr (credentials redacted, controls removed) and exit with ``code``."""
    say_error(message, code)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def emit_json(data: Any) -> None:
    """Print data as UTF-8 JSON (DEL, C1 controls and U+2028/9 as ``\\u`` escapes: same data, terminal-safe)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


def handle(exc: CchcError) -> NoReturn:
    """Turn a library exception into a message and its exit code."""
    if isinstance(exc, AmbiguousDocument):
        lines = [f"{exc.query!r} is ambiguous; candidates:"]
        for d in exc.candidates:
            lines.append(f"  {d.get('iri')}  {describe_doc(d)}")
        lines.append("Add the year (e.g. '76/NQ-CP 2021') or pass an IRI.")
        fail("\n".join(lines), 2)
    fail(str(exc), exc.exit_code)


def describe_doc(d: dict[str, Any]) -> str:
    """One-line description of a document dict."""
    parts = [d.get("type") or "?", d.get("symbol") or d.get("key") or d.get("iri")]
    if d.get("date"):
        parts.append(f"({d['date']})")
    elif d.get("year"):
        parts.append(f"({d['year']})")
    if d.get("issuer"):
        parts.append(str(d["issuer"]))
    title = d.get("title")
    if title:
        parts.append("— " + (title if len(title) <= 90 else title[:87] + "…"))
    if d.get("origin") and d["origin"] != "loaded":
        parts.append(f"[{d['origin']}]")
    return " ".join(str(p) for p in parts)


BACKENDS = ("embedded", "neo4j", "networkx")


def bolt_settings(uri: str | None = None, user: str | None = None) -> tuple[str, str | None, str | None]:
    """(uri, user, password) from arguments, then ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD``."""
    u = uri or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
    who = user or os.environ.get("NEO4J_USER") or None
    password = os.environ.get("NEO4J_PASSWORD") or None
    return u, who, password


def make_backend(name: str, *, store: Path | None, uri: str | None = None, user: str | None = None,
                 database: str | None = None) -> Any:
    """A :class:`cchc_kg.queries.backend.Backend` named ``name``.

    ``embedded`` and ``networkx`` read ``store`` (``None`` = an empty
    in-memory store); ``neo4j`` connects to ``uri`` (env ``NEO4J_URI``).
    """
    if name == "embedded":
        from cchc_kg.queries.embedded import EmbeddedBackend

        return EmbeddedBackend(GraphStore.open(store))
    if name == "networkx":
        from cchc_kg.queries.nx import NetworkxBackend

        return NetworkxBackend.from_store(GraphStore.open(store))
    if name == "neo4j":
        from cchc_kg.kg.neo4j_writer import connect
        from cchc_kg.queries.cypher import CypherBackend

        u, who, password = bolt_settings(uri, user)
        return CypherBackend(connect(u, user=who, password=password, database=database))
    raise InputError(f"unknown backend {name!r}; use embedded, neo4j or networkx")


def open_backend(
    store: Path,
    backend: str = "embedded",
    uri: str | None = None,
    user: str | None = None,
    database: str | None = None,
):
    """The query backend chosen on the command line (embedded by default)."""
    return make_backend(backend, store=store, uri=uri, user=user, database=database)


def open_graph(
    store: Path,
    backend: str = "embedded",
    uri: str | None = None,
    user: str | None = None,
    database: str | None = None,
):
    """The :class:`cchc_kg.api.Graph` chosen on the command line (Bolt settings from options, then env)."""
    import cchc_kg

    if backend == "neo4j":
        u, who, password = bolt_settings(uri, user)
        return cchc_kg.open(store, backend=backend, uri=u, user=who, password=password, database=database)
    return cchc_kg.open(store, backend=backend)


def resolve(backend, doc: str) -> list[str]:
    """DOC argument → IRIs (CchcError on failure)."""
    from cchc_kg.loaders.docquery import parse_doc_query
    from cchc_kg.queries.documents import resolve_doc

    q = parse_doc_query(doc)
    if q.kind == "iri":
        import pyoxigraph as ox

        try:
            ox.NamedNode(q.text)
        except ValueError as e:
            raise InputError(f"{doc!r} is not a valid IRI ({e}): pass a full IRI without spaces, a path or a citation") from None
    return resolve_doc(backend, q)


def reader(max_file_mb: int | None = None, max_inflated_mb: int | None = None, max_text_mb: int | None = None):
    """The file reader: full multi-format readers when available, with the size bounds given (MB)."""
    try:
        import functools
        from cchc_kg.loaders.readers import read_source

        from cchc_kg.loaders.readers import read_source

        mb = 1024 * 1024
        bounds = {k: v * mb for k, v in (("max_file_bytes", max_file_mb), ("max_inflated_bytes", max_inflated_mb),
                                         ("max_text_bytes", max_text_mb)) if v is not None}
        return functools.partial(read_source, **bounds) if bounds else read_source
    except ImportError:  # pragma: no cover - readers ship with the package
        from cchc_kg.loaders.pipeline import read_text_file

        return read_text_file


def discover(paths: list[Path]) -> list[Path]:
    """Files to load under ``paths``."""
    try:
        from cchc_kg.loaders.discover import discover as _discover

        return _discover(paths)
    except ImportError:  # pragma: no cover
        out: list[Path] = []
        for p in paths:
            out.extend(sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p])
        return out


# -- commands ------------------------------------------------------------------
@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders to load (recursively)."),
    store: Path = STORE_OPT,
    force: bool = typer.Option(False, "--force", help="Reload files even if unchanged."),
    strict: bool = typer.Option(False, "--strict", help="Any problem is fatal (exit 2 at the first one)."),
    workers: int = typer.Option(1, "--workers", "-j", help="Parallel extraction processes (0 = all cores)."),
    max_file_mb: Optional[int] = typer.Option(None, "--max-file-mb", help="Largest file read, in MB (default 200)."),
    max_inflated_mb: Optional[int] = typer.Option(None, "--max-inflated-mb", help="Largest .docx once unzipped, in MB (default 100)."),
    max_text_mb: Optional[int] = typer.Option(None, "--max-text-mb", help="Most text taken from one file, in MB (default 20)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Load documents into the store and print a summary.

    Exit 0 when every file loaded, 1 when some files were reported (the
    rest is stored), 2 on usage error or, with --strict, at the first problem,
    130 when interrupted, 143 when terminated (finished files are kept;
    re-run to resume). A file past a size bound is reported "too large"
    (raise the bound with --max-file-mb / --max-inflated-mb / --max-text-mb).
    With --force a damaged store is moved aside and built anew.

    Example: cchc-kg build ../shared/seeds --store .cchc-kg
    """
    from cchc_kg.kg.ingest import build as run_build
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.loaders.pipeline import extract_source

    check_input_paths(paths)
    try:
        files = discover(paths)
    except CchcError as e:
        handle(e)
    if not files:
        fail("no loadable files found under " + ", ".join(map(str, paths)))
    if workers == 0:
        workers = os.cpu_count() or 1
    try:
        st = GraphStore.open(store, writable=True, create=True, replace_damaged=force)
    except CchcError as e:
        handle(e)
    if st.took_over is not None:
        typer.echo(f"note: the previous build (pid {st.took_over}) stopped without finishing; its lock is taken over "
                   "and every file it finished is kept", err=True)
    if st.moved_damaged is not None:
        typer.echo(f"note: the damaged store was moved to {st.moved_damaged}; building a new one", err=True)
    problems: list[str] = []
    previous_term = signal.signal(signal.SIGTERM, _on_sigterm)

    with st, typer.progressbar(length=len(files), label="building", file=sys.stderr) as bar:

        def progress(res) -> None:
            bar.update(1)
            if res.status == "failed":
                problems.append(res.error or res.path)
                if strict:
                    raise _StrictStop(res.error or res.path)

        try:
            report = run_build(st, files, read=reader(max_file_mb, max_inflated_mb, max_text_mb), extract=extract_source, workers=workers, force=force, progress=progress)
        except _StrictStop as e:
            fail(f"{e} (--strict: stopping)")
        except KeyboardInterrupt as e:
            typer.echo(
                f"\n{'terminated' if isinstance(e, _Terminated) else 'interrupted'}: every file finished before the "
                "interruption is stored; run the same build again to resume",
                err=True,
            )
            raise typer.Exit(143 if isinstance(e, _Terminated) else 130) from None
        except CchcError as e:
            handle(e)
        finally:
            signal.signal(signal.SIGTERM, previous_term)
    summary = report.as_dict()
    summary["store"] = str(store)
    summary["triples"] = len(GraphStore.open(store))
    if as_json:
        emit_json(summary)
    else:
        for p in problems:
            typer.echo(f"problem: {p}", err=True)
        typer.echo(
            f"{summary['files']} files: {summary['loaded']} loaded, {summary['unchanged']} unchanged, "
            f"{summary['failed']} reported; {summary['documents']} documents, {summary['references']} references, "
            f"{summary['targets']} targets, {summary['responsibilities']} responsibilities; "
            f"{summary['triples']} triples in {store} ({summary['seconds']} s)"
        )
        if summary["reasons"]:
            typer.echo("reported: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["reasons"].items())))
    raise typer.Exit(1 if report.failed else 0)


class _StrictStop(Exception):
    pass


class _Terminated(KeyboardInterrupt):
    """SIGTERM during a build: stop like Ctrl-C (finished files kept, workers stopped)."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def check_input_paths(paths: list[Path]) -> None:
    """Fail (exit 2, one line) on a missing path or one that is not a file or folder (FIFO, device, socket)."""
    missing: list[str] = []
    for p in paths:
        try:
            mode = os.stat(p).st_mode
        except FileNotFoundError:
            missing.append(str(p))
            continue
        except OSError as e:
            fail(f"cannot read {p}: {e.strerror or e}")
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
            fail(f"{p} is {kind}, not a document file: pass files or folders")
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}")


@app.command()
def docs(
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    loaded: bool = typer.Option(False, "--loaded", help="Only documents loaded from files (no stubs/catalog)."),
    search: Optional[str] = typer.Option(None, "--search", help="Filter by symbol/title/issuer substring."),
    all_docs: bool = typer.Option(False, "--all", help="Also list catalog documents nothing loaded refers to."),
    as_json: bool = JSON_OPT,
) -> None:
    """List documents: loaded ones first, then the documents they reference (stubs, catalog).

    Example: cchc-kg docs --json
    """
    from cchc_kg.queries.documents import list_documents

    try:
        rows = list_documents(open_backend(store, backend, uri, user, database), loaded_only=loaded, text=search, include_uncited_catalog=all_docs)
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(rows)
        return
    for d in rows:
        src = f"  <{d['source']}>" if d.get("source") else ""
        typer.echo(describe_doc(d) + src)
    typer.echo(f"{len(rows)} documents", err=True)


@app.command()
def show(
    doc: str = typer.Argument(..., help="Path, IRI or citation string."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Show a document: identity, bases, citations and their evidence.

    Example: cchc-kg show "64/KH-UBND 2022"
    """
    try:
        graph = open_graph(store, backend, uri, user, database)
        answer = graph.document(doc)
        be = graph.backend()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(answer.to_dict())
        return
    for r in answer.items:
        d = r["document"]
        typer.echo(describe_doc(d))
        for k in ("iri", "key", "jurisdiction", "level", "source"):
            if d.get(k):
                typer.echo(f"  {k}: {d[k]}")
        for line in format_validity(r["validity"] or {}, lambda i: _label_of(be, i)):
            typer.echo(line)
        for e in r["relations"]:
            typer.echo(f"  {e['relation']:<12} {describe_doc(e['document'])}")
            for ev in e["evidence"][:3]:
                if ev.get("sentence"):
                    typer.echo(f"      « {_short(ev['sentence'])} » [{ev.get('start')}:{ev.get('end')}]")
        typer.echo(f"  cited by {len(r['cited_by'])} documents")


def _label_of(be, iri: str) -> str:
    try:
        d = be.document(iri)
    except CchcError:
        return iri
    return str(d.get("symbol") or d.get("key") or iri)
def parse_as_of(value: Optional[str]) -> str:
    """``--as-of`` value → ISO date (today when ``None``); exit 2 on a bad date."""
    if value is None:
        return _dt.date.today().isoformat()
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(f"--as-of: not a date (YYYY-MM-DD): {value!r}", 2)


def format_in_force(node: dict[str, Any], as_of: str) -> str:
    """Suffix for a ``bases --as-of`` line: `` [in force 2024-01-01]``, `` [NOT in force …]`` or ``""``.

    >>> format_in_force({"in_force_at": False}, "2026-01-01")
    ' [NOT in force on 2026-01-01]'
    """
    v = node.get("in_force_at")
    if v is True:
        return f" [in force on {as_of}]"
    if v is False:
        return f" [NOT in force on {as_of}]"
    return ""


def _short(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command()
def bases(
    doc: str = typer.Argument(..., help="Path, IRI or citation string."),
    depth: Optional[int] = typer.Option(None, "--depth", "-d", help="Maximum depth (default: unlimited)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Mark which bases were in force at this date (YYYY-MM-DD)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Legal-basis lineage upward (based_on / implements, transitively) as a tree.

    With --as-of each basis is marked in force / no longer in force at that
    date (from the validity catalog; unknown when not catalogued).

    Example: cchc-kg bases ../shared/seeds/003_dad5fdeea82cee8c.txt --depth 3 --as-of 2026-01-01
    """
    from cchc_kg.queries.lineage import flatten_tree

    if as_of:
        as_of = parse_as_of(as_of)
    try:
        answer = open_graph(store, backend, uri, user, database).bases(doc, depth=depth, as_of=as_of)
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(answer.to_dict())
        return
    for tree in answer.trees:
        for lvl, node in flatten_tree(tree):
            pad = "    " * lvl
            rel = f"{node['relation']}: " if node["relation"] else ""
            mark = " (cycle)" if node.get("cycle") else " (see above)" if node.get("repeated") else ""
            if as_of and lvl:
                mark += format_in_force(node, as_of)
            typer.echo(f"{pad}{rel}{describe_doc(node['document'])}{mark}")
            for ev in node["evidence"][:1]:
                if ev.get("sentence"):
                    typer.echo(f"{pad}    « {_short(ev['sentence'])} »")
        typer.echo("")


@app.command("cited-by")
def cited_by(
    doc: str = typer.Argument(..., help="Path, IRI or citation string."),
    transitive: bool = typer.Option(False, "--transitive", "-t", help="Follow citers of citers."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Documents based on / implementing / citing DOC. Exit 1 when none.

    Example: cchc-kg cited-by "45/2020/NĐ-CP" --json
    """
    try:
        rows = open_graph(store, backend, uri, user, database).cited_by(doc, transitive=transitive).to_dict()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(rows)
    else:
        for r in rows:
            typer.echo(f"{'  ' * (r['depth'] - 1)}{','.join(r['relations'])}: {describe_doc(r['document'])}")
            for ev in r["evidence"][:1]:
                if ev.get("sentence"):
                    typer.echo(f"{'  ' * (r['depth'] - 1)}    « {_short(ev['sentence'])} »")
    if not rows:
        typer.echo("no citing documents", err=True)
        raise typer.Exit(1)


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | nt | nq | trig | jsonld"),
    output: Path = typer.Option(..., "--output", "-o", help="Output file ('-' for stdout)."),
    store: Path = STORE_OPT,
) -> None:
    """Export the graph (ttl/nt/jsonld: union graph; nq/trig: with named graphs).

    Example: cchc-kg export --format ttl -o graph.ttl
    """
    from cchc_kg.kg.store import EXPORT_FORMATS, GraphStore

    if fmt not in set(EXPORT_FORMATS) | {"jsonld"}:
        fail(f"unknown format {fmt!r}; use ttl, nt, nq, trig or jsonld")
    from cchc_kg.kg.outputs import atomic_write

    try:
        st = GraphStore.open(store)
        if str(output) == "-":
            st.export(sys.stdout.buffer, fmt)
            return
        with atomic_write(output, "wb") as fh:  # the old file stays if the export fails
            st.export(fh, fmt)
    except CchcError as e:
        handle(e)
    typer.echo(f"wrote {output} ({output.stat().st_size} bytes)", err=True)


@app.command()
def validate(store: Path = STORE_OPT, as_json: bool = JSON_OPT) -> None:
    """Check the stored graph against the SHACL shapes. Exit 1 on violations.

    Example: cchc-kg validate --json
    """
    from cchc_kg.kg.shacl import validate_store
    from cchc_kg.kg.store import GraphStore

    try:
        result = validate_store(GraphStore.open(store))  # in bounded batches of subjects
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(result)
    else:
        typer.echo("conforms" if result["conforms"] else f"{len(result['violations'])} violations")
        for v in result["violations"][:50]:
            typer.echo(f"  {v['focus']}  {v['path']}: {v['message']}")
    if not result["conforms"]:
        raise typer.Exit(1)


_WORDS = {
    "vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN", "checked": "Kiểm tra {n} văn bản (tính đến {d})",
           "found": "{n} phát hiện trong {m} văn bản", "set_aside": "không tính", "none": "không có phát hiện nào",
           "own-clause": "điều khoản thay thế/bãi bỏ của chính văn bản", "law-by-name": "luật viện dẫn theo tên, hiểu theo ngày ký",
           "not-a-reference": "tiêu đề hoặc dòng bị ngắt, không phải viện dẫn", "resolved-by-date": "xác định được theo ngày ký",
           "consolidated-text": "văn bản hợp nhất (trích lại viện dẫn của văn bản gốc)", "own-name": "văn bản tự nêu tên mình",
           "review-mention": "văn bản rà soát/danh mục nêu văn bản đã hết hiệu lực",
           "name-not-in-collection": "tên luật không có văn bản tương ứng trong kho",
           "basis-of-promulgating-document": "kế hoạch kèm theo quyết định có căn cứ",
           "replaced": "bị thay thế", "since": "từ", "by": "bởi", "in_force": "còn hiệu lực", "ended": "hết hiệu lực"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO", "checked": "Checked {n} documents (as of {d})",
           "found": "{n} findings in {m} documents", "set_aside": "set aside", "none": "no findings",
           "own-clause": "the document's own replacing/repealing clause", "law-by-name": "law cited by name, read by the citing date",
           "not-a-reference": "heading or broken line, not a reference", "resolved-by-date": "resolved by the citing date",
           "consolidated-text": "consolidated text (reproduces the citations of the originals)", "own-name": "the document naming itself",
           "review-mention": "a review or list mentioning ended documents",
           "name-not-in-collection": "a law name no document of the collection bears",
           "basis-of-promulgating-document": "an attached plan whose issuing decision states the basis",
           "replaced": "replaced", "since": "since", "by": "by", "in_force": "in force", "ended": "no longer in force"},
}

_RELATED = {
    "vi": {"replaces": "thay thế bởi", "repeals": "bãi bỏ bởi", "amends": "sửa đổi bởi", "validity": "hiệu lực",
           "successor-signed": "ngày ký của văn bản sau", "successor-effective": "ngày hiệu lực của văn bản sau"},
    "en": {"replaces": "replaced by", "repeals": "repealed by", "amends": "amended by", "validity": "validity",
           "successor-signed": "the successor's signing date", "successor-effective": "the successor's entry into force"},
}

def format_validity(v: dict[str, Any], label=lambda iri: iri, lang: str = "vi") -> list[str]:
    """Lines for ``show``: whether a document ended, since when, by what, with the evidence.

    >>> format_validity({"end": "2021-08-15", "in_force": False, "successors": [{"successor": "n", "relation": "replaces",
    ...   "date": "2021-08-15", "date_source": "stated", "confidence": "V", "origin": "catalog", "fact_source": "row 3",
    ...   "sentence": None}], "amended_by": []}, lang="en")
    ['  validity: no longer in force since 2021-08-15', '    replaced by n (2021-08-15; V; catalog: row 3)']
    """
    w, r = _WORDS.get(lang, _WORDS["vi"]), _RELATED.get(lang, _RELATED["vi"])
    if not v.get("successors") and not v.get("end") and v.get("in_force") is None:
        return []
    if v.get("end") or v.get("successors") or v.get("in_force") is False:
        head = f"  {r['validity']}: {w['ended']}" + (f" {w['since']} {v['end']}" if v.get("end") else "")
    else:
        head = f"  {r['validity']}: {w['in_force']}"
    lines = [head]
    for e in list(v.get("successors", ())) + list(v.get("amended_by", ())):
        when = e.get("date") or "?"
        if e.get("date_source") in r:
            when += f" = {r[e['date_source']]}"
        lines.append(f"    {r.get(e['relation'], e['relation'])} {label(e['successor'])} ({when}; {e.get('confidence') or '?'}; "
                     f"{e.get('origin') or '?'}: {e.get('fact_source') or ''})")
        if e.get("sentence"):
            lines.append(f"      « {' '.join(str(e['sentence']).split())[:200]} »")
    return lines


def _register_extensions() -> None:
    """Make sure the commands of the sibling modules (plans, neo4j, viz, check) are on ``app``.

    ``cchc_kg.cli`` (the package) imports them; importing this module imports
    the package first, so this only matters for callers that build ``app`` by hand.
    """
    import importlib

    importlib.import_module("cchc_kg.cli")


def main() -> None:
    """Entry point."""
    _register_extensions()
    app()
