"""Office exports of query results: .xlsx, .csv and .docx files a department can open.

Like the views, this module renders the results of :mod:`queries` (it never
reads the store): table builders turn a result into rows (header first,
Vietnamese column names), writers put rows in a file. Every file is written
atomically: to a temporary file in the target folder, then ``os.replace``,
so a reader never sees half a file and an interrupted export leaves any
earlier file whole.

* :func:`agencies_table`, :func:`coverage_table`, :func:`cited_by_table`,
  plus :func:`cchc_kg.queries.reports.matrix_rows` / :func:`cchc_kg.queries.reports.ranking_rows`;
* :func:`write_csv` (UTF-8 with BOM, so spreadsheet programs read the
  diacritics), :func:`write_xlsx` (one sheet per table, openpyxl);
* :func:`write_document_docx` — a document page (:func:`cchc_kg.queries.documents.describe`)
  for filing (python-docx).

openpyxl and python-docx are the ``formats`` extra, imported when a file is
written; without them :class:`ExportDependencyError` names the package.

>>> import tempfile, csv, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> write_csv(p, [["Cơ quan", "Vai trò"], ["Sở Nội vụ", "Chủ trì"]]) == p
True
>>> list(csv.reader(p.open(encoding="utf-8-sig")))
[['Cơ quan', 'Vai trò'], ['Sở Nội vụ', 'Chủ trì']]
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cchc_kg.kg.concepts import AREA_LABELS, RELATION_LABELS, ROLE_LABELS
from cchc_kg.kg.errors import CchcError
from cchc_kg.queries.reports import agency_matrix, agency_ranking, matrix_rows, ranking_rows

__all__ = [
    "ExportDependencyError",
    "Table",
    "agencies_table",
    "coverage_table",
    "cited_by_table",
    "document_label",
    "write_csv",
    "write_xlsx",
    "write_document_docx",
    "atomic_write",
    "UnknownExportFormat",
    "export_agencies",
    "export_coverage",
    "export_cited_by",
]

Table = list[list[Any]]  # header row first


class ExportDependencyError(CchcError):
    """An office export needs a package that is not installed (openpyxl, python-docx)."""


class UnknownExportFormat(CchcError):
    """The output file's suffix names no export format this result has."""


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then move it onto ``path``.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


# --------------------------------------------------------------------------- tables


def document_label(d: dict[str, Any] | None) -> str:
    """Short human label of a document dict: symbol (with year) or type, issuer, year.

    >>> document_label({"symbol": "64/KH-UBND", "year": 2022})
    '64/KH-UBND (2022)'
    >>> document_label({"type": "KH", "issuer": "UBND tỉnh Vĩnh Long", "year": 2021})
    'KH UBND tỉnh Vĩnh Long 2021'
    """
    if not d:
        return ""
    if d.get("symbol"):
        return f"{d['symbol']} ({d['year']})" if d.get("year") else d["symbol"]
    parts = [d.get("type"), d.get("issuer"), d.get("year")]
    return " ".join(str(p) for p in parts if p) or d.get("iri", "")


def agencies_table(rows: Sequence[dict[str, Any]], documents: dict[str, dict[str, Any]] | None = None) -> Table:
    """Responsibility rows (:func:`cchc_kg.queries.plans.agencies`) as a table, one row per duty.

    ``documents`` (IRI → document dict) names the plans; IRIs otherwise.
    """
    docs = documents or {}
    out: Table = [["Cơ quan", "Địa bàn", "Vai trò", "Lĩnh vực", "Nhiệm vụ", "Văn bản", "Câu trích", "Vị trí"]]
    for r in rows:
        ev = r.get("evidence") or {}
        a = r["agency"]
        out.append([
            a.get("name") or "", a.get("jurisdiction") or "", ROLE_LABELS.get(r.get("role"), r.get("role") or ""),
            AREA_LABELS.get(r.get("area"), r.get("area") or ""), r.get("task") or "",
            document_label(docs.get(r.get("document"))) or r.get("document") or "",
            " ".join((ev.get("sentence") or "").split()),
            f"{ev['start']}-{ev['end']}" if ev.get("start") is not None else "",
        ])
    return out


def _value_text(v: Any) -> str:
    return ("%g" % v) if isinstance(v, (int, float)) else ""


_COMPARISON = {"equal": "bằng", "stronger": "cao hơn", "weaker": "thấp hơn", "different-year": "khác năm",
               "not-comparable": "không so sánh được"}


def coverage_table(cov: dict[str, Any]) -> Table:
    """The coverage matrix (:func:`cchc_kg.queries.plans.coverage`) with metric names, one row per national target.

    Per plan: the adopted value and how it compares ("80 (bằng)"), or empty.
    """
    head = ["Mã chỉ tiêu", "Chỉ tiêu", "Lĩnh vực", "Chỉ tiêu quốc gia", "Năm"] + [document_label(p) for p in cov["plans"]]
    out: Table = [head]
    for t in cov["targets"]:
        row = cov["cells"][t["iri"]]
        cells = []
        for p in cov["plans"]:
            c = row[p["iri"]]
            if c["status"] == "missing":
                cells.append("")
            else:
                cmp_ = _COMPARISON.get(c.get("comparison") or "", c.get("comparison") or "")
                cells.append(f"{_value_text(c.get('value'))} ({cmp_})" if cmp_ else _value_text(c.get("value")))
        out.append([t.get("national_id") or t["iri"], t.get("metric") or "", AREA_LABELS.get(t.get("area"), t.get("area") or ""),
                    t.get("value_text") or _value_text(t.get("value")), t.get("year") or ""] + cells)
    return out


def cited_by_table(rows: Sequence[dict[str, Any]]) -> Table:
    """Cited-by rows (:func:`cchc_kg.queries.lineage.cited_by`) as a table, one row per citing document."""
    out: Table = [["Cấp", "Quan hệ", "Văn bản", "Cơ quan ban hành", "Năm", "Câu trích", "IRI"]]
    for r in rows:
        ev = (r.get("evidence") or [{}])[0] if r.get("evidence") else {}
        d = r["document"]
        out.append([r.get("depth") or 1, ", ".join(RELATION_LABELS.get(x, x) for x in r.get("relations") or ()),
                    document_label(d), d.get("issuer") or "", d.get("year") or "",
                    " ".join((ev.get("sentence") or "").split()), d.get("iri") or ""])
    return out


# --------------------------------------------------------------------------- writers


def write_csv(path: str | Path, table: Table) -> Path:
    """Write ``table`` as CSV (UTF-8 with BOM), atomically. Returns the path."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in table:
        w.writerow([_cell(v) for v in row])
    data = buf.getvalue()
    return atomic_write(path, lambda tmp: tmp.write_text(data, encoding="utf-8-sig"))


def write_xlsx(path: str | Path, sheets: Sequence[tuple[str, Table]]) -> Path:
    """Write ``(sheet name, table)`` pairs to one .xlsx workbook, atomically.

    The header row is bold and frozen; columns get a readable width.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError as e:  # pragma: no cover - the formats extra is installed in CI
        raise ExportDependencyError("xlsx export needs openpyxl: pip install 'cchc-kg[formats]'") from e
    wb = Workbook()
    wb.remove(wb.active)
    for name, table in sheets:
        ws = wb.create_sheet(_sheet_name(name))
        for row in table:
            ws.append([_cell(v) for v in row])
        if table:
            for c in ws[1]:
                c.font = Font(bold=True)
            ws.freeze_panes = "A2"
            for i, col in enumerate(zip(*table), 1):
                width = min(60, max(8, max(len(str(_cell(v))) for v in col) + 2))
                letter = ws.cell(row=1, column=i).column_letter
                ws.column_dimensions[letter].width = width
                if width >= 60:
                    for c in ws[letter]:
                        c.alignment = Alignment(wrap_text=True, vertical="top")
    return atomic_write(path, lambda tmp: wb.save(tmp))


def _sheet_name(name: str) -> str:
    bad = set('[]:*?/\\')
    return "".join("-" if ch in bad else ch for ch in name)[:31] or "Sheet"


def write_document_docx(path: str | Path, page: dict[str, Any], cited: Sequence[dict[str, Any]] | None = None) -> Path:
    """Write a document page (:func:`cchc_kg.queries.documents.describe`) to .docx for filing, atomically.

    Heading, identity table, then each relation with its document and the
    evidence sentence, then the documents citing it: ``cited`` (rows of
    :func:`cchc_kg.queries.lineage.cited_by`, named and with their relation) when
    given, else the page's ``cited_by`` IRIs.
    """
    try:
        from docx import Document
    except ImportError as e:  # pragma: no cover
        raise ExportDependencyError("docx export needs python-docx: pip install 'cchc-kg[formats]'") from e
    d = page["document"]
    doc = Document()
    doc.add_heading(document_label(d) or d.get("iri", ""), level=1)
    if d.get("title"):
        doc.add_paragraph(d["title"])
    ident = [(label, d.get(k)) for label, k in (("Số, ký hiệu", "symbol"), ("Loại văn bản", "type"),
                                                ("Cơ quan ban hành", "issuer"), ("Ngày ban hành", "date"),
                                                ("Năm", "year"), ("Địa bàn", "jurisdiction"), ("Khóa", "key"),
                                                ("IRI", "iri")) if d.get(k)]
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, v in ident:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = label, str(v)
    doc.add_heading("Quan hệ", level=2)
    rel = doc.add_table(rows=1, cols=3)
    rel.style = "Table Grid"
    hdr = rel.rows[0].cells
    hdr[0].text, hdr[1].text, hdr[2].text = "Quan hệ", "Văn bản", "Câu trích"
    for e in page.get("relations") or ():
        ev = (e.get("evidence") or [{}])[0] if e.get("evidence") else {}
        cells = rel.add_row().cells
        cells[0].text = RELATION_LABELS.get(e["relation"], e["relation"])
        cells[1].text = document_label(e["document"])
        cells[2].text = " ".join((ev.get("sentence") or "").split())
    citers = list(cited) if cited is not None else [{"document": {"iri": str(i)}, "relations": []} for i in page.get("cited_by") or ()]
    doc.add_heading(f"Được dẫn chiếu bởi ({len(citers)})", level=2)
    for c in citers:
        rels = ", ".join(RELATION_LABELS.get(x, x) for x in c.get("relations") or ())
        label = document_label(c["document"]) or c["document"].get("iri", "")
        doc.add_paragraph(f"{label} — {rels}" if rels else label, style="List Bullet")
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))


# --------------------------------------------------------------------------- one call per result


def _by_suffix(path: str | Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise UnknownExportFormat(f"{path}: unknown export format {suffix or '(none)'!r}; use {', '.join('.' + a for a in allowed)}")
    return suffix


def export_agencies(
    path: str | Path,
    rows: Sequence[dict[str, Any]],
    documents: dict[str, dict[str, Any]] | None = None,
    *,
    deadline: Callable[[str], Any] | None = None,
) -> Path:
    """Responsibilities to .xlsx (sheets: duties, area × agency matrix, ranking) or .csv (duties).

    ``deadline`` finds deadlines for the ranking (e.g. :func:`cchc_kg.loaders.deadlines.find_deadline`).
    """
    fmt = _by_suffix(path, ("xlsx", "csv"))
    duties = agencies_table(rows, documents)
    if fmt == "csv":
        return write_csv(path, duties)
    return write_xlsx(path, [("Trách nhiệm", duties), ("Ma trận", matrix_rows(agency_matrix(rows))),
                             ("Xếp hạng", ranking_rows(agency_ranking(rows, deadline=deadline)))])


def export_coverage(path: str | Path, cov: dict[str, Any]) -> Path:
    """The coverage matrix to .xlsx or .csv."""
    fmt = _by_suffix(path, ("xlsx", "csv"))
    table = coverage_table(cov)
    return write_csv(path, table) if fmt == "csv" else write_xlsx(path, [("Bao phủ", table)])


def export_cited_by(path: str | Path, rows: Sequence[dict[str, Any]]) -> Path:
    """Cited-by rows to .xlsx or .csv."""
    fmt = _by_suffix(path, ("xlsx", "csv"))
    table = cited_by_table(rows)
    return write_csv(path, table) if fmt == "csv" else write_xlsx(path, [("Được dẫn chiếu", table)])
