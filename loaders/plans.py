"""Plan content → targets, tasks and responsibilities (the pipeline entry point).

:func:`extract_plan_facts` reads the outline of a plan (roman sections,
numbered area headings, ``a) Mục tiêu`` / ``b) Nhiệm vụ`` sub-sections, the
"Tổ chức thực hiện" section with its numbered agency headings), then runs
:mod:`cchc_kg.loaders.targets`, :mod:`cchc_kg.loaders.tables` and :mod:`cchc_kg.loaders.agencies`.
Every offset indexes the whole source text.

>>> from cchc_kg.kg.model import DocumentRecord
>>> text = ("KẾ HOẠCH\\nI. MỤC TIÊU\\n1. Cải cách thủ tục hành chính\\n- Tối thiểu 80% TTHC được cung cấp trực tuyến.\\n"
...         "II. TỔ CHỨC THỰC HIỆN\\n1. Sở Nội vụ\\nLà cơ quan thường trực tổ chức triển khai Kế hoạch.\\n"
...         "2. Văn phòng UBND tỉnh\\nChủ trì triển khai nội dung cải cách TTHC.\\n")
>>> doc = DocumentRecord(doc_type="KH", jurisdiction="tỉnh Vĩnh Long", level="province", year=2021)
>>> ts, ks, rs = extract_plan_facts(text, 0, len(text), doc, "a.txt")
>>> [(t.value, t.area) for t in ts]
[(80.0, 'tthc')]
>>> [(r.agency.kind, r.role, r.area) for r in rs]
[('so-noi-vu', 'standing', None), ('van-phong-ubnd', 'lead', 'tthc')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace

from cchc_kg.kg.model import DocumentRecord, Evidence, ResponsibilityRecord, TargetRecord, TaskRecord
from cchc_kg.loaders.agencies import AgencyMention, find_agencies, roles_in
from cchc_kg.loaders.areas import TextView, area_of_folded_heading, areas_in, logical_lines
from cchc_kg.loaders.tables import find_tables, table_facts
from cchc_kg.loaders.targets import find_targets

__all__ = ["extract_plan_facts", "plan_horizon", "parent_province"]

_SUBJECT_LEAD = re.compile(r"\W*(?:[a-z]\)\s*)?(?:giao |de nghi )?(?:giam doc |thu truong |chanh van phong )?")
_PHOI_HOP = re.compile(r"phoi hop(?: chat che)?(?: voi)?\s")
_OTHER_DUTY = re.compile(r"\b(?:tham muu|trinh|bao cao|huong dan)\b")
_MARKER = re.compile(r"^\s*(?:[IVXLC]+\.|\d+\.|[a-zđ]\)|[-+•–])\s*")
_NUM_MARKER = re.compile(r"^\s*(?:\d+\.)\s*")
_END_PART = re.compile(r"\s*(?:phu luc|noi nhan|tm\.|kt\.)")
#: closing boilerplate of a plan ("Trên đây là …", "Trong quá trình (triển khai) thực hiện, nếu …"): never a task or a duty
CLOSING = re.compile(r"\s*(?:tren day la\b|trong qua trinh (?:to chuc |trien khai )?(?:to chuc |trien khai )?thuc hien\b[^.;]{0,40}?\b(?:neu|co kho khan|phat sinh))")
_SUB_TARGET = re.compile(r"(?:muc tieu|chi tieu)")
_SUB_TASK = re.compile(r"nhiem vu|giai phap")
_NAM_YEAR = re.compile(r"nam (20\d\d)")
_LEAD_AT = re.compile(r"\s*,?\s*(?:chu tri|la co quan)")
_CHANNEL = re.compile(r"\((?:thong )?qua |phan anh (?:truc tiep )?ve |gui ve ")
_SENT_GAP = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹa-zđ])")
_ROLE_AT = re.compile(r"\s*,?\s*(?:chu tri|la co quan thuong truc|phoi hop|tham muu|theo doi|co trach nhiem|chiu trach nhiem)")


def plan_horizon(view_fold: str, year: int | None = None) -> int | None:
    """Horizon year of a plan from its head ("giai đoạn 2021 - 2025" → 2025).

    >>> plan_horizon("ke hoach cai cach hanh chinh giai doan 2021 - 2025 tren dia ban")
    2025
    """
    head = view_fold[:3000]
    m = re.search(r"giai doan (20\d\d) ?[-–] ?(20\d\d)", head)
    if m:
        return int(m.group(2))
    m = re.search(r"den nam (20\d\d)", head)
    if m:
        return int(m.group(1))
    return year


def parent_province(text: str) -> str | None:
    """Most-named province in a district plan ("tỉnh Sóc Trăng"), or None.

    >>> parent_province("UBND tỉnh Sóc Trăng … cải cách hành chính tỉnh Sóc Trăng")
    'tỉnh Sóc Trăng'
    """
    names = re.findall(r"tỉnh ((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})", text)
    return f"tỉnh {Counter(names).most_common(1)[0][0]}" if names else None


class _Outline:
    """Change points (original offset → area, default year) for the targets stage."""

    def __init__(self) -> None:
        self.pos: list[int] = []
        self.areas: list[str | None] = []
        self.years: list[int | None] = []

    def mark(self, pos: int, area: str | None, year: int | None) -> None:
        self.pos.append(pos)
        self.areas.append(area)
        self.years.append(year)

    def area_at(self, o: int) -> str | None:
        i = bisect.bisect_right(self.pos, o) - 1
        return self.areas[i] if i >= 0 else None

    def year_at(self, o: int) -> int | None:
        i = bisect.bisect_right(self.pos, o) - 1
        return self.years[i] if i >= 0 else None


def _ev(text: str, view: TextView, source: str, s: int, e: int, ss: int | None = None, se: int | None = None) -> Evidence:
    a, b = view.span(s, e)
    sa, sb = view.span(ss if ss is not None else s, se if se is not None else e)
    return Evidence(source, a, b, text[sa:sb], text[a:b])


def extract_plan_facts(
    text: str,
    start: int,
    end: int,
    document: DocumentRecord,
    source: str,
) -> tuple[tuple[TargetRecord, ...], tuple[TaskRecord, ...], tuple[ResponsibilityRecord, ...]]:
    """Targets, tasks and responsibilities of the plan in ``text[start:end]``."""
    view = TextView(text, start, end)
    jur, lvl = document.jurisdiction, document.level
    parent = parent_province(text[start:end]) if lvl == "district" else None
    horizon = plan_horizon(view.fold, document.year)
    tables = find_tables(text, start, end, jur, lvl, fold=view.source_fold)
    skip = [(t.start, t.end) for t in tables]
    lines = logical_lines(view)
    outline = _Outline()
    tasks: list[TaskRecord] = []
    resps: list[ResponsibilityRecord] = []
    mode, sub, area, year = "other", None, None, horizon
    heading_agencies: list[AgencyMention] = []
    outline.mark(start, None, horizon)

    added: set[tuple] = set()  # a repeated duty is kept once (as _dedupe would), never held: a plan of
    # 600k duty lines naming the same agency stays small

    def add_resp(agency, role, ev, area_=None, task=None) -> None:  # type: ignore[no-untyped-def]
        key = (agency.kind, agency.jurisdiction, role, area_, task, None)
        if key in added:
            return
        added.add(key)
        resps.append(ResponsibilityRecord(agency, role, ev, area=area_, task=task, index=len(resps)))

    def duty(s: int, e: int, subjects: list[AgencyMention]) -> None:
        for ss, se in _sentences(view.text, s, e):
            body = view.text[ss:se]
            f = view.fold[ss:se]
            if CLOSING.match(f):
                continue
            own = find_agencies(body, jur, lvl, parent=parent)
            subj = [m.agency for m in subjects]
            if own and _SUBJECT_LEAD.fullmatch(f[: own[0].start]):
                subj = [own[0].agency]
            if not subj:
                continue
            roles = roles_in(body)
            areas = areas_in(body) or areas_in(body, weak=True) or [None]
            ev = _ev(text, view, source, ss, se)
            for ag in subj:
                for role in roles:
                    for ar in (areas if role in ("lead", "monitor", "implement", "support", "advise") else [None]):
                        add_resp(ag, role, ev, ar, None if ar else " ".join(body.split())[:200])
            # named co-agencies after "phối hợp (với)"
            pm = _PHOI_HOP.search(f)
            if pm and "chu tri" in f[: pm.start()] or (pm and subj and "chu tri" in f):
                for m in own:
                    if m.start >= pm.end() and m.agency.kind not in {a.kind for a in subj}:
                        between = f[pm.end():m.start]
                        if len(between) > 60 or _OTHER_DUTY.search(between):
                            break
                        add_resp(m.agency, "support", _ev(text, view, source, ss + m.start, ss + m.end, ss, se), areas[0])

    nxt_at = [-1] * len(lines)  # index of the next non-blank line
    following = -1
    for k in range(len(lines) - 1, -1, -1):
        nxt_at[k] = following
        if lines[k].kind != "blank":
            following = k

    for k, ln in enumerate(lines):
        if ln.kind == "blank":
            continue
        o = view.span(ln.start, ln.start + 1)[0]
        if skip and any(a <= o < b for a, b in skip):
            continue
        f = view.fold[ln.start:ln.end]
        body = _MARKER.sub("", ln.text)
        if ln.kind == "roman":
            t = f
            if "to chuc thuc hien" in t:
                mode = "org"
            elif "kinh phi" in t:
                mode = "other"
            elif "nhiem vu" in t and ("muc tieu" in t or "noi dung" in t):
                mode = "mixed"
            elif "nhiem vu" in t:
                mode = "task"
            elif "chi tieu" in t or "muc tieu" in t:
                mode = "target"
            else:
                mode = "other"
            sub, area, year = None, area_of_folded_heading(f[len(ln.text) - len(body):]), horizon
            heading_agencies = []
            outline.mark(o, area, year)
            continue
        if _END_PART.match(f):
            mode, heading_agencies = "other", []
            continue
        closing = CLOSING.match(_MARKER.sub("", f))
        if closing:
            # boilerplate line; "Trên đây là …" also ends the plan's body
            if closing.group(0).lstrip().startswith("tren day la"):
                mode, sub, heading_agencies = "other", None, []
            continue
        if mode == "org":
            if ln.kind == "number":
                ms = find_agencies(body, jur, lvl, parent=parent)
                fb = _NUM_MARKER.sub("", f)
                if ms and ms[0].start <= 16:
                    cut = _ROLE_AT.search(fb)
                    limit = cut.start() if cut else len(body)
                    off = len(ln.text) - len(body)
                    heading_agencies = [replace(m, start=ln.start + off + m.start, end=ln.start + off + m.end)
                                        for m in ms if m.start < limit]
                    if cut and len(body) - cut.start() > 20:
                        duty(ln.start + off + cut.start(), ln.end, heading_agencies)
                else:
                    heading_agencies = []
                    duty(ln.start, ln.end, [])
                continue
            duty(ln.start, ln.end, heading_agencies)
            continue
        # plan body: areas, years, tasks
        if ln.kind == "number":
            a = area_of_folded_heading(f[len(ln.text) - len(body):])
            nxt = lines[nxt_at[k]] if nxt_at[k] >= 0 else None
            is_heading = a is not None or ("%" not in body and nxt is not None and nxt.kind in ("bullet", "letter"))
            if is_heading:
                area, sub = a, None
                outline.mark(o, area, year)
                continue
        if ln.kind == "letter":
            fbody = f[len(ln.text) - len(body):].strip()  # == fold_body(body)
            if _SUB_TARGET.match(fbody):
                sub = "target"
                ym = _NAM_YEAR.search(f)
                year = int(ym.group(1)) if ym else horizon
                outline.mark(o, area, year)
                continue
            if _SUB_TASK.match(fbody):
                sub = "task"
                continue
        eff = sub or ("task" if mode == "task" else "target" if mode in ("target", "mixed") else mode)
        if eff == "task" and ln.kind in ("bullet", "number", "text") and len(body.strip()) > 15:
            tasks.append(TaskRecord(" ".join(body.split()), area, _ev(text, view, source, ln.start + len(ln.text) - len(body), ln.end),
                                    len(tasks)))
        # running-text responsibilities outside "Tổ chức thực hiện"
        if mode != "org" and ("chu tri" in f or "co quan thuong truc" in f):
            for m in find_agencies(ln.text, jur, lvl, parent=parent):
                if _ROLE_AT.match(f, m.end) and _LEAD_AT.match(f, m.end):
                    duty(ln.start + m.start, ln.end, [replace(m, start=ln.start + m.start, end=ln.start + m.end)])
                    break

    # standing body named as the channel of reports ("thông qua Sở Nội vụ")
    for m in _CHANNEL.finditer(view.fold):
        ms = find_agencies(view.text[m.end():m.end() + 60], jur, lvl, parent=parent)
        if ms and ms[0].start == 0 and ms[0].agency.kind in ("so-noi-vu", "phong-noi-vu"):
            s0 = m.end()
            ls = view.text.rfind("\n", 0, s0) + 1
            le = view.text.find("\n", s0)
            add_resp(ms[0].agency, "standing", _ev(text, view, source, s0 + ms[0].start, s0 + ms[0].end, ls, le if le > 0 else len(view.text)))

    targets = find_targets(text, start, end, source=source, default_year=horizon, area_at=outline.area_at,
                           year_at=outline.year_at, skip=skip, view=view)
    t2, k2, r2 = table_facts(text, tables, document, source, first_target=len(targets), first_task=len(tasks),
                             first_resp=len(resps), parent=parent)
    targets += t2
    tasks += k2
    resps += r2
    return tuple(targets), tuple(tasks), tuple(_dedupe(resps))


def fold_body(s: str) -> str:
    from cchc_kg.loaders.areas import fold_chars
    return fold_chars(s).strip()


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, a = [], s
    for m in _SENT_GAP.finditer(text[s:e]):
        out.append((a, s + m.start()))
        a = s + m.end()
    out.append((a, e))
    return [(x, y) for x, y in out if text[x:y].strip()]


def _dedupe(resps: list[ResponsibilityRecord]) -> list[ResponsibilityRecord]:
    seen: set[tuple] = set()
    out = []
    for r in resps:
        key = (r.agency.kind, r.agency.jurisdiction, r.role, r.area, r.task, r.target_index)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(r, index=len(out)))
    return out
