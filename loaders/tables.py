"""Appendix tables of plans: rebuild rows, then targets, tasks, responsibilities.

Plan appendices are tables (STT / nội dung / mục tiêu 2025 / 2030 / cơ quan
chủ trì / cơ quan phối hợp). In text they arrive as markdown ``|`` rows,
tab-separated rows, or *flattened* one cell per line (blank lines between
cells, a lone NBSP for an empty cell). :func:`find_tables` rebuilds
:class:`TableRow` records (cells keep original offsets); :func:`table_facts`
turns them into records.

>>> t = "STT\\n\\nNội dung\\n\\nCơ quan chủ trì\\n\\nCơ quan phối hợp\\n\\nĐến năm 2025\\n\\nĐến năm 2030\\n\\nII\\n\\nCải cách thủ tục hành chính\\n\\n1\\n\\nCông khai TTHC\\n\\nTối thiểu 80% TTHC được công khai\\n\\n100% TTHC được công khai\\n\\nVăn phòng UBND tỉnh\\n\\nSở, ban, ngành tỉnh\\n"
>>> rows = [r for tb in find_tables(t) for r in tb.rows]
>>> [(r.stt, r.area, [t for t, _, _ in r.targets], r.lead[0][0]) for r in rows]
[('1', 'tthc', ['Tối thiểu 80% TTHC được công khai', '100% TTHC được công khai'], 'Văn phòng UBND tỉnh')]
>>> rows[0].years
(2025, 2030)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from cchc_kg.kg.model import DocumentRecord, Evidence, ResponsibilityRecord, TargetRecord, TaskRecord
from cchc_kg.loaders.agencies import find_agencies, is_agency_cell
from cchc_kg.loaders.areas import area_of_heading, area_of_text, fold_chars
from cchc_kg.loaders.targets import find_targets

__all__ = ["Cell", "TableRow", "Table", "find_tables", "table_facts"]

Cell = tuple[str, int, int]  # text, start, end (offsets into the source text)

_STT = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}|[a-zđ])[.)]?$")
_YEAR = re.compile(r"(?:(?:den |vao )?nam )?(20\d\d)")


@dataclass
class TableRow:
    """One rebuilt row (continuation rows repeat the content and agencies)."""

    stt: str
    section: str | None
    area: str | None
    content: list[Cell]
    targets: list[Cell]  # one per year column (empty cells dropped from years too)
    years: tuple[int | None, ...]
    lead: list[Cell] = field(default_factory=list)
    support: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    start: int
    end: int
    kind: str  # flat | pipe | tsv
    years: tuple[int, ...]
    rows: list[TableRow]


def _cells_flat(text: str, start: int, end: int) -> list[Cell]:
    cells: list[Cell] = []
    pos = start
    for line in text[start:end].split("\n"):
        s = pos
        pos += len(line) + 1
        if line == "" or line.strip("\r") == "":
            continue
        stripped = line.strip(" \t\r\u00a0")
        if not stripped:
            cells.append(("", s, s))
            continue
        lead = len(line) - len(line.lstrip(" \t\r\u00a0"))
        cells.append((stripped.replace("**", ""), s + lead, s + lead + len(stripped)))
    return cells


def _is_header_end(cells: list[Cell], i: int) -> bool:
    return bool(_STT.match(cells[i][0]))


def _parse_segment(seg: list[Cell], ny: int, jur: str | None, lvl: str) -> list[tuple[list[Cell], list[Cell], list[Cell], list[Cell]]]:
    """Split a row's cells into (content, targets, lead, support) groups."""
    if not seg:
        return []
    i = 0
    content: list[Cell] = []
    if seg[0][0].startswith(("-", "+", "•")):
        while i < len(seg) and seg[i][0].startswith(("-", "+", "•")):
            content.append(seg[i])
            i += 1
    else:
        content.append(seg[0])
        i = 1
    groups = []
    while i < len(seg):
        targets: list[Cell] = []
        while i < len(seg) and len(targets) < max(ny, 1) and not (seg[i][0] and is_agency_cell(seg[i][0], jur, lvl)):
            targets.append(seg[i])
            i += 1
        lead = [seg[i]] if i < len(seg) else []
        i += 1 if lead else 0
        support = [seg[i]] if i < len(seg) and (not seg[i][0] or is_agency_cell(seg[i][0], jur, lvl)) else []
        i += 1 if support else 0
        groups.append((content, targets, [c for c in lead if c[0]], [c for c in support if c[0]]))
        if not lead and not support and not targets:
            break
    return groups


def _rows_from_cells(cells: list[Cell], ny: int, years: tuple[int, ...], jur: str | None, lvl: str) -> list[TableRow]:
    rows: list[TableRow] = []
    i = 0
    section, area = None, None
    while i < len(cells):
        stt = cells[i][0]
        if not _STT.match(stt) and stt != "":
            i += 1
            continue
        j = i + 1
        # section row: roman numeral + a short area title
        if re.fullmatch(r"[IVXLC]+\.?", stt) and j < len(cells) and len(cells[j][0]) < 90 and area_of_heading(cells[j][0]):
            section, area = cells[j][0], area_of_heading(cells[j][0])
            i = j + 1
            continue
        k = j
        while k < len(cells) and not (_STT.match(cells[k][0]) and cells[k][0]) and not (
            cells[k][0] == "" and k + 1 < len(cells) and cells[k + 1][0].startswith("-") and k > j + 2
            and (not cells[k - 1][0] or is_agency_cell(cells[k - 1][0], jur, lvl))
        ):
            k += 1
        seg = cells[j:k]
        if re.fullmatch(r"[IVXLC]+\.?", stt) and seg:
            # a roman row that is itself a data row ends the previous section
            section, area = None, area_of_heading(seg[0][0]) if len(seg[0][0]) < 90 else None
        prev_lead: list[Cell] = []
        prev_support: list[Cell] = []
        for content, targets, lead, support in _parse_segment(seg, ny, jur, lvl):
            lead = lead or prev_lead
            support = support or prev_support
            ys = years if len(targets) == len(years) else years[: len(targets)]
            rows.append(TableRow(stt, section, area, content, targets, tuple(ys), lead, support))
            prev_lead, prev_support = lead, support
        i = k if k > i else i + 1
    return rows


_FLAT_HEAD = re.compile(r"(?m)^[ \t\u00a0]*stt[ \t\u00a0]*$")
_FLAT_END = re.compile(r"(noi nhan|tm\.|kt\.|[ivx]+\. [a-z])")


def _flat_tables(text: str, start: int, end: int, jur: str | None, lvl: str, fold: str | None = None) -> list[Table]:
    """Flattened tables; ``fold`` is ``fold_chars(text[start:end])`` when already known."""
    out: list[Table] = []
    if fold is None:
        fold = fold_chars(text[start:end])
    heads = [start + m.start() for m in _FLAT_HEAD.finditer(fold)]
    if not heads:
        return out
    # cells of the whole span once; a header's cells are a suffix of them
    # (each header sits at the start of a line of the span)
    all_cells = _cells_flat(text, heads[0], end)
    starts = [c[1] for c in all_cells]
    is_end: dict[int, bool] = {}  # cell index → running text resumes there

    def ends_at(n: int) -> bool:
        got = is_end.get(n)
        if got is None:
            got = is_end[n] = _FLAT_END.match(fold_chars(all_cells[n][0])) is not None
        return got

    for hs in heads:
        first = bisect.bisect_left(starts, hs)
        cells = all_cells  # indexed from ``first``
        n_cells = len(cells)
        header: list[Cell] = []
        i = first
        while i < n_cells and i - first < 14 and not (i > first and _is_header_end(cells, i)):
            header.append(cells[i])
            i += 1
        hf = " | ".join(fold_chars(c[0]) for c in header)
        if "chu tri" not in hf and "noi dung" not in hf:
            continue
        years = tuple(int(y.group(1)) for c in header for y in [_YEAR.search(fold_chars(c[0]))] if y)
        # the table ends where running text resumes (a signature or a roman heading)
        k = i
        while k < n_cells and not ends_at(k):
            k += 1
        body = cells[i:k]
        rows = _rows_from_cells(body, len(years) or 1, years or (None,), jur, lvl)  # type: ignore[arg-type]
        tend = body[-1][2] if body else hs
        out.append(Table(hs, tend, "flat", years, rows))
    return out


def _split_row(line: str, sep: str) -> list[tuple[str, int, int]]:
    parts, pos = [], 0
    body = line
    if sep == "|":
        body = line.strip()
        off = line.index(body[0]) if body else 0
        body = body.strip("|")
        off += 1 if line.strip().startswith("|") else 0
    else:
        off = 0
    for p in body.split(sep):
        st = p.strip()
        lead = len(p) - len(p.lstrip())
        parts.append((st.replace("**", ""), off + pos + lead, off + pos + lead + len(st)))
        pos += len(p) + 1
    return parts


def _line_at(text: str, pos: int, start: int, end: int) -> tuple[str, int]:
    """The line of ``text[start:end]`` (split on ``\\n``) holding ``pos``, and its start."""
    ls = text.rfind("\n", start, pos) + 1 or start
    ls = max(ls, start)
    le = text.find("\n", pos, end)
    return text[ls:le if le >= 0 else end], ls


def _grid_tables(text: str, start: int, end: int, jur: str | None, lvl: str, fold: str | None = None) -> list[Table]:
    out: list[Table] = []
    if fold is None:
        fold = fold_chars(text[start:end])
    free = start  # lines before this offset belong to a block already read
    for hm in re.finditer("stt", fold):
        if start + hm.start() < free:
            continue
        line, ls = _line_at(text, start + hm.start(), start, end)
        if ls < free:
            continue
        free = ls + len(line) + 1  # this line is read (as a header or not)
        sep = "|" if line.count("|") >= 3 else ("\t" if line.count("\t") >= 2 else None)
        if sep is None:
            continue
        block = []
        while line.count(sep) >= 2:
            block.append((line, ls))
            free = ls + len(line) + 1
            if free > end:
                break
            line, ls = _line_at(text, free, start, end)
        grid = [[(t, ls + s, ls + e) for t, s, e in _split_row(l, sep)] for l, ls in block
                if not re.fullmatch(r"[\s|:\-]+", l)]
        hdr_n = 0
        while hdr_n < len(grid) and not _STT.match(grid[hdr_n][0][0] or "x"):
            hdr_n += 1
        ncol = max(len(r) for r in grid)
        names = [" ".join(fold_chars(r[c][0]) for r in grid[:hdr_n] if c < len(r)) for c in range(ncol)]
        ycols = [(c, int(m.group(1))) for c, n in enumerate(names) for m in [_YEAR.search(n)] if m]
        if not ycols:
            ycols = [(c, None) for c, n in enumerate(names) if "muc tieu" in n or "chi tieu" in n]
        lead_c = next((c for c, n in enumerate(names) if "chu tri" in n), None)
        sup_c = next((c for c, n in enumerate(names) if "phoi hop" in n), None)
        cont_c = next((c for c, n in enumerate(names) if "noi dung" in n or "nhiem vu" in n), 1)
        rows: list[TableRow] = []
        section, area = None, None
        for r in grid[hdr_n:]:
            def cell(c: int | None) -> tuple[str, int, int]:
                return r[c] if c is not None and c < len(r) else ("", 0, 0)
            rest = [x for k, x in enumerate(r) if k not in (0, cont_c) and x[0]]
            if re.fullmatch(r"[IVXLC]+\.?", r[0][0]) and not rest and area_of_heading(cell(cont_c)[0]):
                section, area = cell(cont_c)[0], area_of_heading(cell(cont_c)[0])
                continue
            targets = [cell(c) for c, _ in ycols]
            rows.append(TableRow(r[0][0], section, area, [cell(cont_c)] if cell(cont_c)[0] else [],
                                 targets, tuple(y for _, y in ycols),
                                 [cell(lead_c)] if cell(lead_c)[0] else [], [cell(sup_c)] if cell(sup_c)[0] else []))
        out.append(Table(block[0][1], block[-1][1] + len(block[-1][0]), "pipe" if sep == "|" else "tsv",
                         tuple(y for _, y in ycols if y), rows))
    return out


def find_tables(text: str, start: int = 0, end: int | None = None, jurisdiction: str | None = None,
                level: str = "unknown", *, fold: str | None = None) -> list[Table]:
    """Every plan table in ``text[start:end]`` (flattened, markdown or TSV).

    ``fold`` is ``fold_chars(text[start:end])`` when the caller has it already.
    """
    end = len(text) if end is None else end
    if fold is None:
        fold = fold_chars(text[start:end])
    return sorted(_grid_tables(text, start, end, jurisdiction, level, fold)
                  + _flat_tables(text, start, end, jurisdiction, level, fold), key=lambda t: t.start)


def _sentence(text: str, s: int, e: int) -> str:
    return text[s:e]


def table_facts(
    text: str,
    tables: list[Table],
    document: DocumentRecord,
    source: str,
    *,
    first_target: int = 0,
    first_task: int = 0,
    first_resp: int = 0,
    parent: str | None = None,
) -> tuple[list[TargetRecord], list[TaskRecord], list[ResponsibilityRecord]]:
    """Targets (per year cell), tasks (row content) and lead/support duties of rows."""
    targets: list[TargetRecord] = []
    tasks: list[TaskRecord] = []
    resps: list[ResponsibilityRecord] = []
    jur, lvl = document.jurisdiction, document.level
    for tb in tables:
        for row in tb.rows:
            content_text = " ".join(" ".join(c[0].lstrip("-+• ").split()) for c in row.content[:1])
            area = row.area or (area_of_text(" ".join(c[0] for c in row.content)) if row.content else None)
            row_first: int | None = None
            for (ct, cs, ce), year in zip(row.targets, row.years or (None,) * len(row.targets)):
                if not ct:
                    continue
                got = find_targets(text, cs, ce, source=source, default_year=year,
                                   year_at=(lambda _o, y=year: y), area_at=(lambda _o, a=area: a),
                                   first_index=first_target + len(targets))
                if got and row_first is None:
                    row_first = got[0].index
                targets.extend(got)
            for (ct, cs, ce) in row.content:
                tasks.append(TaskRecord(" ".join(ct.lstrip("-+• ").split()), area,
                                        Evidence(source, cs, ce, text[cs:ce], text[cs:ce]), first_task + len(tasks)))
            for role, cells in (("lead", row.lead), ("support", row.support)):
                for (ct, cs, ce) in cells:
                    for m in find_agencies(text[cs:ce], jur, lvl, parent=parent):
                        a, b = cs + m.start, cs + m.end
                        resps.append(ResponsibilityRecord(
                            m.agency, role, Evidence(source, a, b, text[cs:ce], text[a:b]),  # type: ignore[arg-type]
                            area=area, task=content_text or None, target_index=row_first,
                            index=first_resp + len(resps)))
    return targets, tasks, resps
