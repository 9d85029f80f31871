"""CLI command ``check`` (validity over time) and helpers the other commands reuse.

``format_in_force`` marks a ``bases --as-of`` tree node; ``format_holders``
prints an ``agency --as-of`` answer (:func:`cchc_kg.queries.orgs_time.holder_at`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.cli.core import (
    BACKEND_OPT, DB_OPT, JSON_OPT, STORE_OPT, URI_OPT, USER_OPT, app, describe_doc, emit_json, fail, handle,
    open_graph, parse_as_of,
)
from cchc_kg.cli.validity_text import _RELATED, _WORDS, format_in_force, format_validity  # noqa: F401 - shared with show
from cchc_kg.kg.errors import CchcError
from cchc_kg.kg.handles import doc_handle

__all__ = [
    "check_cmd", "changes_cmd", "parse_as_of", "format_finding", "format_in_force", "format_holders",
    "format_validity", "finding_row", "FORMATS",
]

FORMATS = ("table", "csv", "json", "markdown")
#: column names of the csv / markdown reports (stable)
COLUMNS = ("severity", "kind", "classification", "document", "subject", "count", "no_longer_in_force", "signed",
           "source_path", "start", "end", "message")


def _step(s: dict[str, Any], label, lang: str = "vi") -> str:
    from cchc_kg.kg.labels import fmt_date, term

    bits = [term(lang, "relation", s["relation"]), fmt_date(s.get("date"), lang) or ("chưa rõ ngày" if lang == "vi" else "date unknown")]
    if s.get("confidence"):
        bits.append(str(s["confidence"]))
    return f"{label(s['replaces'])} → {label(s['document'])} ({', '.join(bits)})"


def format_finding(f: dict[str, Any], label=lambda iri: iri, lang: str = "vi") -> list[str]:
    """Text lines for one finding of :func:`cchc_kg.queries.checks.run_check`."""
    from cchc_kg.viz.text import finding_message, finding_tag

    tag = finding_tag(f, lang)
    sev = _WORDS.get(lang, _WORDS["vi"])[f["severity"]]
    lines = [f"  {sev:<10} {tag}: {finding_message(f, lang, label)}"]
    for s in f.get("chain", ()):
        if "relation" in s and "document" in s and "replaces" in s:
            lines.append(f"          {_step(s, label, lang)}")
        elif "type" in s:
            res = ", ".join(f"{o.get('name')} ({o.get('jurisdiction')})" for o in s.get("resulting", ())) or "—"
            from cchc_kg.kg.labels import fmt_date, term

            lines.append(f"          {fmt_date(s['date'], lang)} {term(lang, 'event', s['type'])}: → {res} [{s.get('confidence')}; {s.get('fact_source')}]")
    for a in f.get("amended_by", ()):
        lines.append(f"          {_RELATED.get(lang, _RELATED['vi'])['amends']} {label(a['document'])} ({a.get('date') or '?'})")
    from cchc_kg.viz.text import evidence_window

    for ev in (f.get("evidence") or [])[:1]:
        if ev.get("sentence"):
            lines.append(f"          « {evidence_window(ev['sentence'], ev.get('quote'), 160)} »")
    return lines


def format_holders(h: dict[str, Any]) -> list[str]:
    """Text lines for :func:`cchc_kg.queries.orgs_time.holder_at`."""
    a = h["agency"]
    names = lambda hs: ", ".join(f"{x.get('name')} ({x.get('jurisdiction')})" for x in hs) or "nobody (dissolved)"  # noqa: E731
    lines = [f"{a.get('name') or a['iri']} ({a.get('jurisdiction')})",
             f"  on {h['date']}: {names(h['holders'])}"]
    for e in h["chain"]:
        lines.append(f"    {e['date']} {e['type']} [{e['id']}, {e['confidence']}; {e['fact_source']}]")
    if h["now"]["date"] != h["date"]:
        lines.append(f"  now ({h['now']['date']}): {names(h['now']['holders'])}")
    for t in h.get("function_transfers", ()):
        lines.append(f"    function '{t['function']}' → {names(t['resulting'])} ({t['date']})")
    return lines


def finding_row(f: dict[str, Any]) -> dict[str, Any]:
    """One flat row of a finding for the csv / markdown reports (keys :data:`COLUMNS`)."""
    ev = (f.get("evidence") or [{}])[0] or {}
    subject = f.get("cited_symbol") or f.get("reference") or (f.get("agency") or {}).get("name") or f.get("focus") or ""
    return {
        "severity": f["severity"], "kind": f["kind"], "classification": f.get("classification") or "",
        "document": f["document"], "subject": subject, "count": f.get("count", 1),
        "no_longer_in_force": f.get("no_longer_in_force") or "", "signed": f.get("signed") or "",
        "source_path": ev.get("source_path") or "", "start": ev.get("start") if ev.get("start") is not None else "",
        "end": ev.get("end") if ev.get("end") is not None else "", "message": f["message"],
    }







def _progress_printer():
    """A progress callback printing stages to stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()

    def show(stage: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r  {time.monotonic() - started:5.1f} s  {stage} {done}/{total}\033[K")
        sys.stderr.flush()

    return show


@app.command("check")
def check_cmd(
    docs: Optional[list[str]] = typer.Argument(None, help="Paths, IRIs or citation strings (default: every loaded document)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Check as of this date (YYYY-MM-DD; default today)."),
    shacl: Optional[bool] = typer.Option(None, "--shacl/--no-shacl",
                                         help="Also validate against the SHACL shapes (default: only when DOCs are given)."),
    min_severity: str = typer.Option("info", "--min-severity", help="info | warning | error: leave out lower severities."),
    kinds: Optional[list[str]] = typer.Option(None, "--kind", help="Only these finding kinds (repeatable), e.g. superseded-citation."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json | markdown."),
    lang: Optional[str] = typer.Option(None, "--lang", help="vi (default) | en: language of the report (env CCHC_KG_LANG)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Out-of-date citations, open references, plans without basis, reorganised agencies.

    Summary first (counts by severity and kind, and what was set aside), then
    the findings. Exit 1 when there are findings, 0 when clean, 2 on usage error.

    Example: cchc-kg check --min-severity warning --format markdown --as-of 2026-01-01
    """
    from cchc_kg.queries.checks import SEVERITIES
    from cchc_kg.queries.validity import FINDING_KINDS

    today = parse_as_of(as_of)
    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        fail(f"--format: one of {', '.join(FORMATS)}, not {fmt!r}", 2)
    if min_severity not in SEVERITIES:
        fail(f"--min-severity: one of {', '.join(SEVERITIES)}, not {min_severity!r}", 2)
    bad = [k for k in kinds or () if k not in FINDING_KINDS]
    if bad:
        fail(f"--kind: unknown {', '.join(bad)}; one of {', '.join(FINDING_KINDS)}", 2)
    from cchc_kg.cli.options import current_lang

    lang = lang or current_lang()
    if lang not in _WORDS:
        fail(f"--lang: vi or en, not {lang!r}", 2)
    progress = _progress_printer()
    try:
        graph = open_graph(store, backend, uri, user, database)
        report = graph.check(docs, as_of=today, shacl=shacl, progress=progress).to_dict()
        be = graph.backend()
    except CchcError as e:
        handle(e)
    if progress:
        sys.stderr.write("\r\033[K")
    floor = SEVERITIES.index(min_severity)
    findings = [f for f in report["findings"] if SEVERITIES.index(f["severity"]) >= floor and (not kinds or f["kind"] in kinds)]
    _emit_report(be, report, findings, fmt, lang)
    raise typer.Exit(1 if findings else 0)


def _summary_lines(report: dict[str, Any], findings: list[dict[str, Any]], lang: str) -> list[str]:
    w = _WORDS[lang]
    s = report["summary"]
    docs_hit = len({f["document"] for f in findings})
    from cchc_kg.kg.labels import fmt_date

    lines = [w["checked"].format(n=s["documents_checked"], d=fmt_date(report["as_of"], lang)) + ": "
             + (w["found"].format(n=len(findings), m=docs_hit) if findings else w["none"])]
    by_sev = {k: sum(1 for f in findings if f["severity"] == k) for k in ("error", "warning", "info")}
    lines.append("  " + ", ".join(f"{w[k]} {n}" for k, n in by_sev.items()))
    kinds: dict[str, int] = {}
    for f in findings:
        k = f["kind"] + (f"/{f['classification']}" if f.get("classification") else "")
        kinds[k] = kinds.get(k, 0) + 1
    from cchc_kg.viz.text import finding_tag

    for k, n in sorted(kinds.items()):
        kind, _, cls = k.partition("/")
        words = finding_tag({"kind": kind}, lang) + (f" — {finding_tag({'kind': kind, 'classification': cls}, lang)}" if cls else "")
        lines.append(f"  {words:<60} {n:>6}")
    if s["set_aside"]:
        lines.append(f"  {w['set_aside']}: " + "; ".join(f"{w.get(k, k)} {n}" for k, n in s["set_aside"].items()))
    return lines


def _emit_report(be: Any, report: dict[str, Any], findings: list[dict[str, Any]], fmt: str, lang: str) -> None:
    if fmt == "json":
        emit_json({"as_of": report["as_of"], "summary": report["summary"], "findings": findings})
        return
    if fmt == "csv":
        import csv

        out = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        out.writeheader()
        for f in findings:
            out.writerow(finding_row(f))
        return
    if fmt == "markdown":
        for line in _summary_lines(report, findings, lang):
            typer.echo(line if line.startswith("  ") is False else "-" + line[1:])
        typer.echo("")
        typer.echo("| " + " | ".join(COLUMNS) + " |")
        typer.echo("|" + "---|" * len(COLUMNS))
        for f in findings:
            row = finding_row(f)
            typer.echo("| " + " | ".join(str(row[c]).replace("|", "\\|").replace("\n", " ") for c in COLUMNS) + " |")
        return
    labels: dict[str, str] = {}

    def label(iri: str) -> str:
        if iri not in labels:
            try:
                labels[iri] = doc_handle(be.document(iri))
            except CchcError:
                labels[iri] = iri
        return labels[iri]

    for line in _summary_lines(report, findings, lang):
        typer.echo(line)
    current = None
    for f in findings:
        if f["document"] != current:
            current = f["document"]
            try:
                typer.echo(describe_doc(be.document(current)))
            except CchcError:
                typer.echo(current)
        for line in format_finding(f, label, lang):
            typer.echo(line)


@app.command("changes")
def changes_cmd(
    from_corpus: bool = typer.Option(True, "--from-corpus/--all", help="Only facts stated in loaded documents (default), or the catalog's too."),
    relation: Optional[str] = typer.Option(None, "--relation", help="replaces | repeals | amends."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Replacement, repeal and amendment facts, with their evidence (source file, span, sentence).

    Example: cchc-kg changes --from-corpus --relation replaces
    """
    try:
        graph = open_graph(store, backend, uri, user, database)
        facts = graph.changes(from_corpus=from_corpus, relation=relation).facts
        be = graph.backend()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json([f.as_dict() for f in facts])
    else:
        labels: dict[str, str] = {}

        def label(iri: str) -> str:
            if iri not in labels:
                try:
                    labels[iri] = doc_handle(be.document(iri))
                except CchcError:
                    labels[iri] = iri
            return labels[iri]

        from cchc_kg.cli.options import current_lang, info
        from cchc_kg.kg.labels import fmt_date, say, term
        from cchc_kg.viz.text import evidence_window

        lang = current_lang()
        unknown = "chưa rõ ngày" if lang == "vi" else "date unknown"
        for f in facts:
            flags = ",".join(x for x, on in (("self", f.self_stated), ("partial", f.partial)) if on)
            typer.echo(f"{label(f.successor)} — {term(lang, 'relation', f.relation)} — {label(f.target)} "
                       f"[{f.origin}, {f.confidence}{', ' + flags if flags else ''}]")
            if f.origin == "corpus":
                typer.echo(f"    {f.source_path} [{f.start}:{f.end}] « {evidence_window(f.sentence, None, 200)} »")
            else:
                typer.echo(f"    {fmt_date(f.date, lang) or unknown}; {f.fact_source}")
        info(say(lang, "facts", n=len(facts)))
    raise typer.Exit(0 if facts else 1)
