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
from collections.abc import Iterable
from typing import Any, NoReturn, Optional

import typer

from cchc_kg.cli.edge import EdgeGroup, say_error
from cchc_kg.cli.options import current_lang, info, root, verbosity
from cchc_kg.cli.validity_text import format_effective, format_validity
from cchc_kg.kg.errors import AmbiguousDocument, CchcError

__all__ = ["app", "main"]

app = typer.Typer(
    name="cchc-kg",
    help="Knowledge graph of Vietnamese CCHC documents: legal bases, citations, agencies, targets.\n\n"
    "Exit codes: 0 ok, 1 findings/not found, 2 usage or input error.",
    no_args_is_help=True,
    add_completion=True,
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


app.callback()(root)


# -- helpers -------------------------------------------------------------------
def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr (credentials redacted, controls removed) and exit with ``code``."""
    say_error(message, code)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def emit_json(data: Any, labels: bool = True) -> None:
    """Print data as UTF-8 JSON (DEL, C1 controls and U+2028/9 as ``\\u`` escapes: same data, terminal-safe).

    With ``labels`` every vocabulary code gains a ``*_label`` sibling in the
    current language and every document a ``handle`` (keys never renamed).
    """
    if labels:
        from cchc_kg.viz.text import label_json

        data = label_json(data, current_lang())
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


def emit_json_rows(rows: Iterable[Any], labels: bool = True) -> int:
    """Print a JSON array one element at a time, as the rows come; the same text as :func:`emit_json` of the list.

    Returns the number of rows.
    """
    from cchc_kg.viz.text import label_json

    n = 0
    lang = current_lang()
    for r in rows:
        if labels:
            r = label_json(r, lang)
        text = json.dumps(r, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")
        typer.echo(("[\n  " if n == 0 else ",\n  ") + _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text), nl=False)
        n += 1
    typer.echo("[]" if n == 0 else "\n]")
    return n


def handle(exc: CchcError) -> NoReturn:
    """Turn a library exception into a message and its exit code."""
    if isinstance(exc, AmbiguousDocument):
        from cchc_kg.kg.labels import say

        lang = current_lang()
        lines = [say(lang, "ambiguous", q=exc.query)]
        for d in exc.candidates:
            lines.append(f"  {describe_doc(d)}")
        lines.append(say(lang, "ambiguous-hint"))
        fail("\n".join(lines), 2)
    fail(str(exc), exc.exit_code)


def describe_doc(d: dict[str, Any]) -> str:
    """One line for a document, its handle first, in the current language (:func:`cchc_kg.viz.text.doc_line`)."""
    from cchc_kg.viz.text import doc_line

    return doc_line(d, current_lang())


BACKENDS = ("embedded", "neo4j", "networkx")


def bolt_settings(uri: str | None = None, user: str | None = None) -> tuple[str, str | None, str | None]:
    """(uri, user, password) from arguments, then ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD``."""
    u = uri or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
    who = user or os.environ.get("NEO4J_USER") or None
    password = os.environ.get("NEO4J_PASSWORD") or None
    return u, who, password


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
    from cchc_kg.kg.labels import say, translate_message

    check_input_paths(paths)
    lang = current_lang()
    problems: list[str] = []

    def note(kind: str, value: Any) -> None:
        if kind == "took-over":
            typer.echo(say(lang, "note-took-over", pid=value), err=True)
        else:
            typer.echo(say(lang, "note-moved-damaged", path=value), err=True)

    previous_term = signal.signal(signal.SIGTERM, _on_sigterm)
    bar = None
    try:
        graph = open_graph(store)

        def progress(res) -> None:
            if bar is not None:
                bar.update(1)
            if res.status == "failed":
                problems.append(res.error or res.path)
                if strict:
                    raise _StrictStop(res.error or res.path)

        with typer.progressbar(length=len(discover(paths)), label=say(lang, "building"), file=sys.stderr) as bar:
            answer = graph.build(paths, force=force, workers=workers, progress=progress, max_file_mb=max_file_mb,
                                 max_inflated_mb=max_inflated_mb, max_text_mb=max_text_mb, notes=note)
    except _StrictStop as e:
        fail(f"{e} (--strict: stopping)")
    except KeyboardInterrupt as e:
        typer.echo("\n" + say(lang, "terminated" if isinstance(e, _Terminated) else "interrupted"), err=True)
        raise typer.Exit(143 if isinstance(e, _Terminated) else 130) from None
    except CchcError as e:
        handle(e)
    finally:
        signal.signal(signal.SIGTERM, previous_term)
    summary = answer.to_dict()
    summary["store"] = str(store)
    if as_json:
        emit_json(summary)
    else:
        for p in problems:
            typer.echo(f"{say(lang, 'problem')}: {translate_message(p, lang)}", err=True)
        typer.echo(say(lang, "build-summary", **{**summary, "store": store}))
        if summary["reasons"]:
            typer.echo(f"{say(lang, 'reported')}: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["reasons"].items())))
    raise typer.Exit(1 if summary["failed"] else 0)


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
    try:
        rows = open_graph(store, backend, uri, user, database).iter_documents(loaded=loaded, search=search, all=all_docs)
        if as_json:
            emit_json_rows(rows)
            return
        n = 0
        for d in rows:  # printed as they come
            src = f"  <{d['source']}>" if d.get("source") and verbosity() > 0 else ""
            typer.echo(describe_doc(d) + src)
            n += 1
    except CchcError as e:
        handle(e)
    from cchc_kg.kg.labels import say

    info(say(current_lang(), "n-documents", n=n))


@app.command()
def show(
    doc: str = typer.Argument(..., help="Handle (as printed by docs), path, IRI or citation string."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="In-force status at this date (YYYY-MM-DD; default today)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """A document's page ("lược đồ"): identity, status at a date, every relation both ways with its evidence.

    Example: cchc-kg show "64/KH-UBND 2022" --as-of 2026-01-01
    """
    try:
        graph = open_graph(store, backend, uri, user, database)
        day = parse_as_of(as_of)
        answer = graph.document(doc, as_of=day)  # the page's status at the date (JSON: "as_of", "in_force_at")
        be = graph.backend()
    except CchcError as e:
        handle(e)
    from cchc_kg.viz.text import page_lines

    lang = current_lang()
    items = answer.items
    if as_json:
        emit_json(answer.to_dict())
        return
    for n, r in enumerate(items):
        if n:
            typer.echo("")
        validity = format_effective(r["validity"] or {}, lang) + format_validity(r["validity"] or {}, lambda i: _label_of(be, i), lang)
        for line in page_lines(r, lang, as_of=day, in_force=r["in_force_at"], validity=validity, verbose=verbosity()):
            typer.echo(line)


def _label_of(be, iri: str) -> str:
    from cchc_kg.kg.handles import doc_handle

    try:
        d = be.document(iri)
    except CchcError:
        return iri
    return doc_handle(d)


def parse_as_of(value: Optional[str]) -> str:
    """``--as-of`` value → ISO date (today when ``None``); exit 2 on a bad date."""
    if value is None:
        return _dt.date.today().isoformat()
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        fail(f"--as-of: không phải ngày dạng YYYY-MM-DD: {value!r}" if current_lang() == "vi"
             else f"--as-of: not a date (YYYY-MM-DD): {value!r}", 2)


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
    if as_of:
        as_of = parse_as_of(as_of)
    try:
        answer = open_graph(store, backend, uri, user, database).bases(doc, depth=depth, as_of=as_of)
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(answer.to_dict())
        return
    from cchc_kg.viz.text import bases_lines

    for line in bases_lines(answer.trees, current_lang(), as_of=as_of):
        typer.echo(line)


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
        rows = open_graph(store, backend, uri, user, database).iter_cited_by(doc, transitive=transitive)
        if as_json:
            n = emit_json_rows(rows)  # the same JSON array, written as the rows come
        else:
            from cchc_kg.viz.text import cited_by_lines

            n, lang = 0, current_lang()
            for r in rows:  # printed as they come
                for line in cited_by_lines([r], lang):
                    typer.echo(line)
                n += 1
    except CchcError as e:
        handle(e)
    if not n:
        from cchc_kg.kg.labels import say

        info(say(current_lang(), "no-citers"))
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
    from cchc_kg.kg.store import EXPORT_FORMATS

    if fmt not in set(EXPORT_FORMATS) | {"jsonld"}:
        fail(f"unknown format {fmt!r}; use ttl, nt, nq, trig or jsonld")
    from cchc_kg.kg.outputs import atomic_write

    try:
        graph = open_graph(store)
        if str(output) == "-":
            graph.export(sys.stdout.buffer, fmt)
            return
        with atomic_write(output, "wb") as fh:  # the old file stays if the export fails
            graph.export(fh, fmt)
    except CchcError as e:
        handle(e)
    from cchc_kg.kg.labels import say

    info(say(current_lang(), "wrote", path=output, size=output.stat().st_size))


@app.command()
def validate(store: Path = STORE_OPT, as_json: bool = JSON_OPT) -> None:
    """Check the stored graph against the SHACL shapes. Exit 1 on violations.

    Example: cchc-kg validate --json
    """
    try:
        result = open_graph(store).validate()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(result)
    else:
        from cchc_kg.kg.labels import say

        lang = current_lang()
        typer.echo(say(lang, "conforms") if result["conforms"] else say(lang, "violations", n=len(result["violations"])))
        for v in result["violations"][:50]:
            typer.echo(f"  {v['focus']}  {v['path']}: {v['message']}")
    if not result["conforms"]:
        raise typer.Exit(1)


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
