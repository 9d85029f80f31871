"""Quantified targets (chỉ tiêu) in running text → :class:`cchc_kg.kg.model.TargetRecord`.

Matching runs on a cleaned, folded view (:class:`cchc_kg.loaders.areas.TextView`);
evidence is sliced from the original text. A value counts as a target only
with a cue: a comparator ("tối thiểu", "ít nhất", "từ … trở lên", "trên",
"tối đa", "giảm", "đạt", "phấn đấu" …), or a position at the head of an
item, a clause or a list. Dates, article numbers, document numbers and
percentages inside a metric ("tự bảo đảm dưới 100% chi thường xuyên") are not
targets.

>>> ts = find_targets("- Tối thiểu 80% TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến, "
...                   "trong số đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên.", default_year=2025)
>>> [(t.value, t.comparator, t.year, t.metric) for t in ts]  # doctest: +NORMALIZE_WHITESPACE
[(80.0, '>=', 2025, 'TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến'),
 (30.0, '>=', 2025, 'tỷ lệ giao dịch thanh toán trực tuyến')]
>>> [(t.level, t.value) for t in find_targets("Năm 2021, số hóa kết quả giải quyết TTHC của cấp tỉnh 30%, cấp huyện 20%, cấp xã 10%.")]
[('province', 30.0), ('district', 20.0), ('commune', 10.0)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cchc_kg.kg.model import Evidence, TargetRecord
from cchc_kg.loaders.areas import TextView, area_of_text

__all__ = ["find_targets", "parse_number", "LEVEL_PHRASES", "YEAR_MARKER"]

_NUM = r"(\d{1,3}(?:[.,]\d+)?)"
_VALUE = re.compile(
    r"(?<![\d/.,])" + _NUM + r"\s?(?:%|(phut|gio|ngay lam viec|diem)(?![a-z]))"
    r"(?:\s?[-–]\s?" + _NUM + r"\s?%)?"
)
_TOP = re.compile(r"(?:nhom|top) (\d{1,3}) (?:tinh|dia phuong|quoc gia|nuoc|don vi|tinh, thanh pho)[^.;]{0,80}?(?:dan dau|cao nhat)|(?:nhom|top) (\d{1,3}) (?:dan dau)")

# comparator words immediately before a value (folded), longest first
_CMP_BEFORE: tuple[tuple[str, str], ...] = (
    (r"giam (?:toi thieu|it nhat)(?: binh quan)?", "reduce>="),
    (r"giam(?: binh quan)?(?: toan thanh pho| toan tinh)?", "reduce"),
    (r"tang (?:toi thieu|it nhat)", "increase>="),
    (r"tang", "increase"),
    (r"toi thieu(?: binh quan)?(?: toan \w+ \w+)?|it nhat|khong (?:it|duoi) hon|khong duoi", ">="),
    (r"toi da|khong qua|khong vuot qua", "<="),
    (r"(?:dat |chiem )?tren", ">"),
    (r"duoi", "<"),
)
_CUE = re.compile(
    r"(?:toi thieu|it nhat|toi da|khong qua|khong duoi|tren|giam|tang|dat(?: muc| ty le)?|la|con|chiem|"
    r"phan dau|phan dau|phan dau|dam bao|bao dam co|binh quan|tuong ung la|khoang|xuong|"
    r"cap tinh|cap huyen|cap xa|cua tinh|cua huyen|ngang tam nhiem vu:|co)\s*$"
)
_CLAUSE_HEAD = re.compile(r"(?:^|[;:(]|\bva\b|,|\bdong thoi,?|\btrong (?:so )?do,?)\s*$")
_NOT_TARGET_BEFORE = re.compile(r"(?:cho )?den khi dat(?: ty le)?\s*$|tu bao dam(?: tu)?(?: duoi)?\s*$|\btu\s*$|den duoi\s*$|\bduoi\s*$|den\s*$")
_CHAIN_GAP = re.compile(r"^\s*(?:,|;|va|,\s*va)\s*$")
YEAR_MARKER = re.compile(r"(?:(?:den|vao|trong|toi) )?nam (20\d\d)|giai doan (?:20\d\d) ?[-–] ?(20\d\d)")
_YEAR_AFTER = re.compile(r"[^%;.\n]{0,25}?(?:vao|den|trong) nam (20\d\d)")
_BASELINE = re.compile(r"so voi (?:nam (20\d\d)|giai doan (20\d\d) ?[-–] ?(20\d\d)|cung ky[^,;.]*)")
_VERB = re.compile(r"\b(?:duoc|dat|co|la|thuc hien|giam|tang|hoan thanh|xu ly|su dung|tu bao dam|chiem)\b")
_LEAD_STRIP = re.compile(
    r"(?:\s+|[-+•–;,:]\s*|\d+\.\s*|[a-z]\)\s*|(?:(?:den|vao) )?nam 20\d\d,?\s*|giai doan 20\d\d ?[-–] ?20\d\d,?\s*|"
    r"(?:trong (?:so )?do|dong thoi|phan dau|dam bao|bao dam|va|hang nam|moi nam|tren|toi thieu|it nhat)(?![a-z]),?\s*|"
    r"co\s*(?=tu )|tu(?= \d))+"
)
_TAIL_STRIP = re.compile(r"(?:\s|,|:|;|\.|(?<![a-z])(?:va|va cat|cat|dat(?: muc| ty le| tu)?|la|con|xuong|chiem|tuong ung|toi thieu|it nhat|toi da|binh quan|trung binh|khong qua|tren)(?![a-z]))+$")

# necessary conditions for a _VALUE or _TOP match (cheap line filter)
_DIGIT = re.compile(r"\d")
_MAYBE_VALUE = re.compile(r"\d[^\S\n]?(?:%|phut|gio|ngay lam viec|diem)|(?:nhom|top) \d")
_UNIT_WORD = re.compile(r"%|phut|gio|ngay lam viec|diem|nhom \d|top \d")  # in every _MAYBE_VALUE match

LEVEL_PHRASES: tuple[tuple[str, str], ...] = (
    (r"cap tinh|cua tinh|\btinh\b|cac so, nganh|cac so, ban, nganh|cap tp|cap thanh pho|uy ban nhan dan thanh pho|ubnd thanh pho|bo, tinh", "province"),
    (r"cap huyen|cua huyen|\bhuyen\b|quan, huyen|ubnd cap huyen", "district"),
    (r"cap xa|\bxa\b|xa, phuong, thi tran", "commune"),
)


def parse_number(s: str) -> float:
    """Vietnamese number: ``2,5`` → 2.5, ``1.000`` → 1000.0.

    >>> parse_number("2,5"), parse_number("1.000")
    (2.5, 1000.0)
    """
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}\.\d{3}", s):
        return float(s.replace(".", ""))
    return float(s)


@dataclass
class _Val:
    s: int  # view offsets of the value text (with its comparator)
    e: int
    vs: int  # start of the number itself
    value: float
    unit: str
    comparator: str
    value_text: str
    year: int | None = None
    metric: str = ""
    ms: int = 0
    me: int = 0
    level: str | None = None
    baseline: str | None = None


def _level_of(fold_seg: str) -> str | None:
    found = [(m.start(), lvl) for rx, lvl in LEVEL_PHRASES for m in [re.search(rx, fold_seg)] if m]
    return max(found)[1] if found else None


def _comparator(before: str) -> tuple[str | None, int]:
    before = re.sub(r"(?:tuong ung )?la\s*$", "", before)
    for rx, cmp in _CMP_BEFORE:
        m = re.search(r"(?:" + rx + r")\s*$", before)
        if m:
            return cmp, m.start()
    return None, len(before)


def _split_clauses(fold: str, s: int, e: int) -> list[tuple[int, int]]:
    """Clauses of a sentence: ``;`` (when the part before has a verb) and ", trong (số) đó,"."""
    cuts = [s]
    for m in re.finditer(r";|,? trong (?:so )?do,|\. trong do,?", fold[s:e]):
        cut = s + m.start()
        if fold[cut] == ";" and not _VERB.search(fold[cuts[-1]:cut]):
            continue
        cuts.append(cut)
    cuts.append(e)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, a = [], s
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-+])", text[s:e]):
        out.append((a, s + m.start()))
        a = s + m.end()
    out.append((a, e))
    return [(x, y) for x, y in out if y > x]


def _clean_metric(view: TextView, a: int, b: int) -> tuple[int, int]:
    f = view.fold
    m = _LEAD_STRIP.match(f, a, b)
    if m:
        a = m.end()
    seg = f[a:b]
    t = _TAIL_STRIP.search(seg)
    if t:
        b = a + t.start()
    # drop a trailing "vào năm 2025" / parenthesis-free year tail
    y = re.search(r",?\s*(?:vao|den) nam 20\d\d\s*$", f[a:b])
    if y:
        b = a + y.start()
    p = re.search(r",? (?:de (?:dam bao|bao dam)|nham|cho den khi)\b", f[a:b])
    if p:
        b = a + p.start()
    return a, max(a, b)


def _values_in_clause(view: TextView, cs: int, ce: int) -> list[_Val]:
    f = view.fold
    vals: list[_Val] = []
    prev_end = cs
    prev_cmp: str | None = None
    for m in _VALUE.finditer(f, cs, ce):
        before = f[max(cs, m.start() - 60):m.start()]
        since_prev = f[prev_end:m.start()]
        unit = "%" if m.group(2) is None else {"phut": "phút", "gio": "giờ", "ngay lam viec": "ngày", "diem": "điểm"}[m.group(2)]
        if _NOT_TARGET_BEFORE.search(before) and not re.search(r"tu\s*$", before) or (
            re.search(r"\btu\s*$", before) and not re.match(r"\s*tro len", f[m.end():m.end() + 12])
        ):
            continue
        cmp, cstart = _comparator(before)
        chained = vals and _CHAIN_GAP.match(since_prev) is not None
        cued = (
            cmp is not None
            or _CUE.search(before) is not None
            or _CLAUSE_HEAD.search(f[max(cs, m.start() - 20):m.start()]) is not None
            or f[cs:m.start()].strip(" -+•–.") == ""
            or chained
            or re.match(r"\s*tro len", f[m.end():m.end() + 12]) is not None
        )
        if not cued or (unit != "%" and cmp is None and not re.search(r"(?:con|xuong|dat|trung binh)\s*$", before)):
            continue
        if re.match(r"\s*tro len", f[m.end():m.end() + 12]):
            cmp = cmp or ">="
        if m.group(3):
            cmp = "between"
        if cmp is None and prev_cmp and vals and re.search(r"(?:,|;|\bva)\s*$", before):
            cmp = prev_cmp
        if cmp in (">=", "=", None) and re.search(r"\bgiam\b", f[max(cs, m.start() - 50):m.start()]):
            cmp = "reduce>=" if cmp == ">=" else "reduce"
        if cmp is None:
            cmp = "="
        s = m.start() - (len(before) - cstart) if cmp != "=" else m.start()
        e = m.end()
        tro = re.match(r"\s*tro len", f[e:e + 12])
        if tro:
            e += tro.end()
        vt = view.text[s:e]
        vals.append(_Val(s, e, m.start(), parse_number(m.group(1)), unit, cmp, " ".join(vt.split())))
        prev_end, prev_cmp = e, cmp
    for m in _TOP.finditer(f, cs, ce):
        n = m.group(1) or m.group(2)
        vals.append(_Val(m.start(), m.end(), m.start(), float(n), "rank", "top", " ".join(view.text[m.start():m.end()].split())))
    vals.sort(key=lambda v: v.s)
    return vals


def _assign_metrics(view: TextView, vals: list[_Val], cs: int, ce: int) -> None:
    f = view.fold
    first_before: tuple[int, int] | None = None
    for i, v in enumerate(vals):
        nxt = vals[i + 1].s if i + 1 < len(vals) else ce
        prv = vals[i - 1].e if i else cs
        if v.unit == "rank":
            # "thuộc nhóm 10 … dẫn đầu về <metric>"
            tail = re.search(r"(?:dan dau|cao nhat)(?: ca nuoc)?(?: ve)?\s*", f[v.s:v.e + 30])
            a = v.s + (tail.end() if tail else v.e - v.s)
            v.ms, v.me = _clean_metric(view, min(a, nxt), nxt)
            if v.me <= v.ms:
                v.ms, v.me = _clean_metric(view, cs, v.s)
            continue
        before_txt = f[prv:v.s]
        lp = re.search(r"(?<![a-z])(?:(?:cua|tai|o) )?(?:cap )?(tinh|huyen|xa)\s*$", before_txt)
        if lp and (i == 0 or re.fullmatch(r"[\s,;]*(?:va\s*)?", before_txt[: lp.start()])):
            v.level = {"tinh": "province", "huyen": "district", "xa": "commune"}[lp.group(1)]
            if i == 0 or first_before is None:
                first_before = _clean_metric(view, prv, prv + lp.start())
            v.ms, v.me = first_before
            continue
        after_a, after_b = _clean_metric(view, v.e, nxt)
        after_txt = f[after_a:after_b]
        ends_with_link = re.search(r"(?:dat(?: muc| ty le)?|la|con|xuong(?: trung binh)?(?: con)?|chiem|tuong ung la|toi thieu|dat tu)\s*$", before_txt.rstrip(" ,"))
        only_fluff = not re.search(r"[a-z]{3,}", re.sub(r"(?:vao|den) nam 20\d\d|tro len|/?luot giao dich|/ho so|moi nam", "", after_txt))
        chained_before = i > 0 and _CHAIN_GAP.match(f[prv:v.s]) is not None and vals[i - 1].ms < vals[i - 1].s
        if (ends_with_link or only_fluff or chained_before) and (ends_with_link or i == 0 or chained_before):
            if chained_before and first_before:
                v.ms, v.me = first_before
            else:
                v.ms, v.me = _clean_metric(view, prv, v.s)
                if i > 0 and first_before and re.match(r"(?:tai|cua)\b", f[v.ms:v.me]):
                    head = f[first_before[0]:first_before[1]].rfind(" tai ")
                    if head > 0:
                        v.metric = " ".join((view.text[first_before[0]:first_before[0] + head] + " " + view.text[v.ms:v.me]).split())
                else:
                    first_before = (v.ms, v.me)
        else:
            v.ms, v.me = after_a, after_b
    for i, v in enumerate(vals):
        if i and v.me <= v.ms and not v.metric:
            p = vals[i - 1]
            v.ms, v.me, v.metric = p.ms, p.me, p.metric
    # level breakdown whose shared predicate sits after the last value
    if len(vals) > 1 and all(v.ms > v.s for v in vals):
        last = vals[-1]
        lm = [m for rx, _ in LEVEL_PHRASES for m in re.finditer(rx, f[last.ms:last.me])]
        seg_levels = [_level_of(f[v.ms:v.me]) for v in vals]
        if lm and None not in seg_levels and len(set(seg_levels)) == len(vals):
            tail_start = last.ms + max(m.end() for m in lm)
            for v in vals[:-1]:
                if not _VERB.search(f[v.ms:v.me]):
                    v.metric = " ".join((view.text[v.ms:v.me] + view.text[tail_start:last.me]).split())


def _year_for(view: TextView, v: _Val, sent_s: int, carry: int | None) -> int | None:
    f = view.fold
    m = _YEAR_AFTER.match(f, v.e)
    if m and not re.search(r"duy tri", f[v.e:m.end()]):
        return int(m.group(1))
    best = None
    for y in YEAR_MARKER.finditer(f, sent_s, v.s):
        pre = f[max(sent_s, y.start() - 8):y.start()]
        if "so voi" in f[max(sent_s, y.start() - 10):y.start()] or re.search(r"\d/\s*$|thang \d+ $", pre):
            continue
        best = int(y.group(2) or y.group(1))
    return best if best is not None else carry


def find_targets(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    source: str = "",
    default_year: int | None = None,
    area_at: Callable[[int], str | None] | None = None,
    year_at: Callable[[int], int | None] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    first_index: int = 0,
    view: TextView | None = None,
) -> list[TargetRecord]:
    """Targets in ``text[start:end]``; offsets index ``text``.

    ``area_at``/``year_at`` map an original offset to the reform area and the
    default year of the section it sits in (plans pass their outline);
    ``default_year`` is the plan's horizon; ``skip`` lists original spans
    (tables) handled elsewhere. Area falls back to keywords of the sentence.
    ``view`` is an already built ``TextView(text, start, end)`` (saves building it again).
    """
    end = len(text) if end is None else end
    out: list[TargetRecord] = []
    if view is None:
        if _DIGIT.search(text, start, end) is None:  # every value has a digit
            return out
        view = TextView(text, start, end)
    fold, vtext = view.fold, view.text
    done = -1  # end of the last line read
    # only lines holding a value shape can yield targets (other lines change no state)
    for hit in _UNIT_WORD.finditer(fold):
        if hit.start() < done:
            continue
        ls = vtext.rfind("\n", 0, hit.start()) + 1
        le = vtext.find("\n", hit.start())
        le = len(vtext) if le < 0 else le
        done = le
        if _MAYBE_VALUE.search(fold, ls, le) is None:
            continue
        raw = vtext[ls:le]
        if not raw.strip():
            continue
        o_s, _ = view.span(ls, ls + 1)
        if any(a <= o_s < b for a, b in skip):
            continue
        carry = year_at(o_s) if year_at else None
        carry = carry if carry is not None else default_year
        for ss, se in _sentences(view.text, ls, le):
            vals_all: list[_Val] = []
            for cs, ce in _split_clauses(view.fold, ss, se):
                vals = _values_in_clause(view, cs, ce)
                _assign_metrics(view, vals, cs, ce)
                lvls = [v.level or _level_of(view.fold[v.ms:v.me]) or _level_of(view.fold[max(cs, v.s - 16):v.s]) for v in vals]
                if len(vals) > 1 and len({x for x in lvls if x}) > 1:
                    for v, lv in zip(vals, lvls):
                        v.level = lv
                if len(vals) > 1 and re.search(r"tuong ung", view.fold[cs:ce]):
                    names = [lvl for m in re.finditer(r"cap tinh|cua tinh|\btinh\b|cap huyen|\bhuyen\b|cap xa", view.fold[cs:vals[0].s])
                             for rx, lvl in LEVEL_PHRASES if re.fullmatch(rx, m.group(0))]
                    if len(names) >= len(vals):
                        for v, lv in zip(vals, names[-len(vals):]):
                            v.level = lv
                vals_all.extend(vals)
            for k, v in enumerate(vals_all):
                v.year = _year_for(view, v, ss, carry)
                b = _BASELINE.search(view.fold, v.s, vals_all[k + 1].s if k + 1 < len(vals_all) else se)
                if b:
                    v.baseline = " ".join(view.text[b.start():b.end()].split())
            for v in vals_all:
                if v.year is not None:
                    carry = v.year if YEAR_MARKER.search(view.fold, ss, v.s) else carry
            group = None
            if vals_all:
                group = f"g{view.span(ss, se)[0]}"
            sent_o = view.span(ss, se)
            n_before = len(out)
            sentence = text[sent_o[0]:sent_o[1]]
            for v in vals_all:
                metric = v.metric or " ".join(view.text[v.ms:v.me].split())
                if not metric:
                    continue
                qs, qe = min(v.s, v.ms), max(v.e, v.me)
                a, b = view.span(qs, qe)
                area = area_at(a) if area_at else None
                out.append(
                    TargetRecord(
                        metric=metric.strip(" ,;:."),
                        value=v.value,
                        unit=v.unit,
                        comparator=v.comparator,
                        year=v.year,
                        evidence=Evidence(source, a, b, sentence, text[a:b]),
                        value_text=v.value_text,
                        level=v.level,
                        baseline=v.baseline,
                        area=area or area_of_text(metric),
                        group=group,
                        index=first_index + len(out),
                    )
                )
            group_area = next((t.area for t in out[n_before:] if t.area), None)
            for j in range(n_before, len(out)):
                if out[j].area is None and group_area:
                    out[j] = replace(out[j], area=group_area)
    return out
