"""Align local plan targets with national targets (pure Python, no rdflib).

A local :class:`cchc_kg.kg.model.TargetRecord` matches a national target (from
``cchc_kg.kg.catalog.national_targets()``) when their metrics are similar on folded
Vietnamese text (stop words removed, abbreviations such as TTHC, DVCTT, CPĐT
expanded, syllable unigrams and bigrams, national keywords) and their units
are compatible; year, administrative level and reform area adjust the score.
Each local target gets at most one national target; targets scoring below
``threshold`` stay unmatched.

>>> from cchc_kg.kg.model import Evidence, TargetRecord
>>> ev = Evidence("p.txt", 0, 1, "x", "x")
>>> local = [TargetRecord("TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80.0, "%", ">=", 2025, ev)]
>>> nat = [NationalSpec("B06", "tthc", "Thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80, ">=", "%", 2025)]
>>> [(a.local_index, a.national_id, a.comparison) for a in align(local, nat)]
[(0, 'B06', 'equal')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cchc_kg.kg.ids import fold

__all__ = ["COMPARISON_LABELS", "COMPARATOR_LABELS", "Alignment", "NationalSpec", "align", "metric_similarity", "keyword_in", "DEFAULT_THRESHOLD", "SYNONYMS", "STOPWORDS"]

DEFAULT_THRESHOLD = 0.42

SYNONYMS: dict[str, str] = {
    "tthc": "thu tuc hanh chinh",
    "dvctt": "dich vu cong truc tuyen",
    "dvc": "dich vu cong",
    "cpdt": "chinh phu dien tu",
    "cps": "chinh phu so",
    "cntt": "cong nghe thong tin",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "dvsn": "don vi su nghiep",
    "cbccvc": "can bo cong chuc vien chuc",
    "csdl": "co so du lieu",
    "chinh quyen": "chinh phu",
    "so hoa": "so hoa",
    "ho so tthc": "ho so thu tuc hanh chinh",
}
STOPWORDS = frozenset(
    "cac cua va duoc the trong tren cho voi la co de nhung mot ty le dat toi thieu it nhat "
    "tu tro len khi ma hoac nay do thi bao dam dam bao nham theo tai ve den nam dia phuong "
    "tinh huyen xa thanh pho nganh bo trong ap dung du dieu kien dia ban tong".split()
)
#: comparison of a local value with the national one (``Alignment.comparison``) → (Vietnamese, English)
COMPARISON_LABELS: dict[str, tuple[str, str]] = {
    "stronger": ("cao hơn", "stronger"), "equal": ("bằng", "equal"), "weaker": ("thấp hơn", "weaker"),
    "different-year": ("khác năm", "different year"), "not-comparable": ("không so sánh được", "not comparable"),
}
#: target comparators (as the target extractor writes them) → (Vietnamese, English) words before the value
COMPARATOR_LABELS: dict[str, tuple[str, str]] = {
    ">=": ("tối thiểu", "at least"), ">": ("trên", "over"), "=": ("đạt", ""), "<=": ("tối đa", "at most"),
    "<": ("dưới", "under"), "between": ("từ", "between"), "increase>=": ("tăng tối thiểu", "increase by at least"),
    "increase": ("tăng", "increase by"), "reduce>=": ("giảm tối thiểu", "reduce by at least"),
    "reduce": ("giảm", "reduce by"), "top": ("nhóm", "top"),
}
_CMP_FAMILY = {">=": "up", ">": "up", "=": "up", "between": "up", "increase>=": "inc", "increase": "inc",
               "<=": "down", "<": "down", "reduce>=": "reduce", "reduce": "reduce", "top": "top"}


@dataclass(frozen=True, slots=True)
class NationalSpec:
    """Minimal national-target shape (the catalog's NationalTarget has the same fields)."""

    id: str
    area: str | None
    metric: str
    value: float | None
    comparator: str
    unit: str | None
    year: int | None
    levels: tuple[str, ...] = ("national",)
    keywords: tuple[str, ...] = ()
    breakdown: tuple[dict, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Alignment:
    """A local target (by index in the input) aligned with a national target."""

    local_index: int
    national_id: str
    score: float
    comparison: str  # stronger | equal | weaker | different-year | not-comparable
    explanation: str


@lru_cache(maxsize=16384)
def _normed(text: str) -> tuple[str, ...]:
    f = fold(text)
    f = re.sub(r"[^a-z0-9 ]+", " ", f)
    f = " " + " ".join(f.split()) + " "
    for k, v in sorted(SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        f = f.replace(f" {k} ", f" {v} ")
    f = re.sub(r" giai doan ", " ", f)
    return tuple(w for w in f.split() if w not in STOPWORDS and not (w.isdigit() and len(w) > 1))


def _norm(text: str) -> list[str]:
    """Folded content words of ``text`` (synonyms expanded, stop words and numbers out); cached by text.

    A plan repeats its metric phrases and every local target is compared
    with every national one: without the cache a 60 MB plan spent most of
    its build time here.

    >>> _norm("Tỷ lệ TTHC giai đoạn 2021")
    ['thu', 'tuc', 'hanh', 'chinh']
    """
    return list(_normed(text))


@lru_cache(maxsize=16384)
def _grams_of(text: str) -> tuple[frozenset[str], frozenset[str], str]:
    words = _normed(text)
    return frozenset(words), frozenset(f"{a} {b}" for a, b in zip(words, words[1:])), " " + " ".join(words) + " "


def metric_similarity(local: str, national: str, keywords: Sequence[str] = ()) -> float:
    """Similarity of two metric clauses in [0, 1].

    >>> round(metric_similarity("TTHC được cung cấp trực tuyến mức độ 3 và 4",
    ...                         "Thủ tục hành chính được cung cấp dưới hình thức dịch vụ công trực tuyến mức độ 3, 4"), 2) > 0.5
    True
    """
    lu, lb, _ = _grams_of(local)
    nu, nb, _ = _grams_of(national)
    if not lu or not nu:
        return 0.0
    uni = (len(lu & nu) / len(nu) + len(lu & nu) / len(lu)) / 2  # mutual containment
    dice = 2 * len(lb & nb) / (len(lb) + len(nb)) if lb and nb else 0.0
    bi_cont = len(lb & nb) / len(nb) if nb else 0.0
    kw = 1.0 if keyword_in(local, keywords) else 0.0
    return min(1.0, 0.35 * uni + 0.25 * dice + 0.25 * bi_cont + 0.15 * kw)


def keyword_in(local: str, keywords: Sequence[str]) -> bool:
    """True when one of ``keywords`` (normalised) stands word for word in ``local``.

    >>> keyword_in("Mức độ hài lòng đối với sự phục vụ của cơ quan hành chính Nhà nước",
    ...            ["sự phục vụ của cơ quan hành chính nhà nước"])
    True
    """
    lj = _grams_of(local)[2]
    for k in keywords:
        kk = _grams_of(k)[2]
        if kk.strip() and kk in lj:
            return True
    return False


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return getattr(obj, name, default) if not isinstance(obj, dict) else obj.get(name, default)


def _compare(local_v: float | None, nat_v: float | None, cmp_family: str) -> str:
    if local_v is None or nat_v is None:
        return "not-comparable"
    if abs(local_v - nat_v) < 1e-9:
        return "equal"
    better = local_v < nat_v if cmp_family in ("down", "top") else local_v > nat_v
    return "stronger" if better else "weaker"


def align(
    local: Sequence[Any],
    national: Sequence[Any],
    threshold: float = DEFAULT_THRESHOLD,
    area_penalty: float = 0.75,
) -> list[Alignment]:
    """Best national match of each local target (``local_index`` = position in ``local``).

    Scores are metric similarity times penalties: reform area differs
    (``area_penalty``; waived when one of the national target's keywords
    stands word for word in the local metric, since plans may file a target
    under another heading than the national programme), level outside the
    national scope (0.85), year differs (0.8, comparison ``different-year``).
    Below ``threshold`` → unmatched.
    """
    out: list[Alignment] = []
    for li, t in enumerate(local):
        best: tuple[float, Any, str, str] | None = None
        for n in national:
            n_unit, t_unit = _get(n, "unit"), t.unit
            if (n_unit == "rank") != (t_unit == "rank") or (n_unit and t_unit and n_unit != t_unit and "rank" not in (n_unit, t_unit)):
                continue
            fam_l, fam_n = _CMP_FAMILY.get(t.comparator, "up"), _CMP_FAMILY.get(_get(n, "comparator"), "up")
            if fam_l != fam_n:
                continue
            sim = metric_similarity(t.metric, _get(n, "metric", ""), tuple(_get(n, "keywords", ()) or ()))
            score = sim
            notes = [f"metric similarity {sim:.2f}"]
            nat_value = _get(n, "value")
            levels = tuple(_get(n, "levels", ()) or ((_get(n, "level"),) if _get(n, "level") else ()))
            if t.level:
                for b in _get(n, "breakdown", ()) or ():
                    if t.level in (b.get("levels") or ()):
                        nat_value = b.get("value", nat_value)
                        notes.append(f"{t.level} breakdown value {nat_value:g}")
                        break
                else:
                    if levels and t.level not in levels and "national" not in levels:
                        score *= 0.85
            n_area = _get(n, "area")
            if t.area and n_area and t.area != n_area and not keyword_in(t.metric, tuple(_get(n, "keywords", ()) or ())):
                score *= area_penalty
            n_year = _get(n, "year")
            same_year = t.year is None or n_year is None or t.year == n_year
            if not same_year:
                score *= 0.8
            if score < threshold:
                continue
            comparison = _compare(t.value, nat_value, fam_l) if same_year else "different-year"
            if best is None or score > best[0]:
                best = (score, n, comparison, "; ".join(notes))
        if best is not None:
            score, n, comparison, notes = best
            nv = _get(n, "value")
            expl = (f"local {t.comparator} {t.value:g}{t.unit or ''} ({t.year}) vs national "
                    f"{_get(n, 'id')} {_get(n, 'comparator')} {nv if nv is not None else '?'}{_get(n, 'unit') or ''} "
                    f"({_get(n, 'year')}): {comparison}; {notes}") if t.value is not None else notes
            out.append(Alignment(li, _get(n, "id"), round(min(1.0, score), 4), comparison, expl))
    return out
