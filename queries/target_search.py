"""Ranked search over national targets, for planners' own words.

A planner types "dịch vụ công trực tuyến toàn trình" or "tinh giản biên
chế"; the catalog says "mức độ 4" and "giảm biên chế sự nghiệp". This
module ranks national targets against such a query:

* text is folded (:func:`cchc_kg.kg.ids.fold`: tone-placement variants such as
  *số hóa* / *số hoá*, Đ/đ and case fold equal) and cut into words;
* phrases of one synonym group (:data:`SYNONYM_GROUPS`: *toàn trình* ↔
  *mức độ 4*, *SIPAS* ↔ *sự hài lòng về sự phục vụ*, *TTHC* ↔ *thủ tục hành
  chính* …) are rewritten to one canonical phrase on both sides;
* a target's words are its metric and its catalog keywords; each query word
  weighs by its rarity in the catalog (IDF), so *số hóa* outweighs *hồ sơ*;
* the score mixes how much of the query the target holds (words and word
  pairs), how much of the target the query names, and a bonus when the whole
  query is a phrase of the metric or of a keyword.

Results come best first; ties go to the later programme, then the earlier
target year, then the id.
When no target reaches the threshold the search returns "did you mean"
suggestions: the nearest catalog phrase of the query's length (when it finds
targets), and the nearest targets.

Pure functions over target records: :class:`cchc_kg.kg.catalog.NationalTarget`
objects or the target dicts of a backend (``national_id``, ``metric``).

>>> res = search_targets("dịch vụ công trực tuyến toàn trình")
>>> res.hits[0].id
'B03'
>>> search_targets("tinh giản biên chế").hits[0].id
'B20'
>>> search_targets("thanh toan truc tuyen").hits[0].id in ("B06", "B07")
True
>>> search_targets("sổ tay nấu ăn").hits
()
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cchc_kg.kg.catalog import NationalTarget, national_targets
from cchc_kg.kg.ids import fold

__all__ = [
    "TargetHit",
    "TargetSearch",
    "SYNONYM_GROUPS",
    "STOPWORDS",
    "DEFAULT_THRESHOLD",
    "PHRASE_GAP",
    "normalise",
    "search_targets",
]

DEFAULT_THRESHOLD = 0.45
#: words a query phrase may skip inside a metric ("hài lòng [của người dân, doanh nghiệp] về giải quyết …")
PHRASE_GAP = 4

# Each group: phrases a planner may use for one notion (folded form). The first
# phrase is canonical; every other phrase is rewritten to it before scoring.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("muc do 4", "toan trinh", "muc 4", "dvc muc do 4"),
    ("muc do 3 muc do 4", "muc do 3 4", "muc do 3 va 4", "muc do 3 va muc do 4", "muc 3 4"),
    ("muc do 3", "mot phan", "muc 3"),
    ("dich vu cong truc tuyen", "dvctt", "dvc truc tuyen"),
    ("dich vu cong", "dvc"),
    ("thu tuc hanh chinh", "tthc"),
    ("su phuc vu co quan hanh chinh nha nuoc", "sipas", "chi so hai long su phuc vu hanh chinh",
     "hai long su phuc vu hanh chinh", "su phuc vu co quan hanh chinh", "su phuc vu cqhcnn"),
    ("chi so cai cach hanh chinh", "par index", "parindex", "chi so cchc"),
    ("cai cach hanh chinh", "cchc"),
    ("giam bien che", "tinh gian bien che", "cat giam bien che", "tinh gian"),
    ("don vi su nghiep cong lap", "dvsn cong lap", "dvsncl", "dvsn"),
    ("co so du lieu", "csdl"),
    ("chinh phu dien tu", "cpdt", "chinh quyen dien tu"),
    ("chinh phu so", "cps", "chinh quyen so"),
    ("cong dich vu cong quoc gia", "cong dvcqg", "cong dvc quoc gia"),
    ("mot cua dien tu", "he thong mot cua dien tu"),
    ("thanh toan truc tuyen", "thanh toan dien tu", "thanh toan khong dung tien mat"),
    ("dinh danh dien tu", "dinh danh", "tai khoan dinh danh"),
    ("hai long", "su hai long", "muc do hai long", "chi so hai long"),
    ("van ban quy pham phap luat", "vbqppl", "qppl"),
    ("can bo cong chuc vien chuc", "cbccvc"),
    ("tu chu tai chinh", "tu bao dam chi thuong xuyen", "tu chu"),
    ("moi truong kinh doanh", "xep hang moi truong kinh doanh"),
    ("y te giao duc cong lap", "y te giao duc"),
)

STOPWORDS = frozenset(
    "cac cua va duoc the trong tren cho voi la co de nhung mot ty le dat toi thieu it nhat tu tro len khi "
    "ma hoac nay thi nham theo tai ve den nam so luong hinh thuc doi".split()
)
# "số" folds to "so" like "sở" and "sổ": kept (it is part of "số hóa"), weighed by IDF.

_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class TargetHit:
    """One national target matching the query.

    ``id``: national id ("B06"), or the target IRI for targets without one.
    ``matched``: the (canonical, folded) query words the target holds.
    ``phrase``: True when the whole query is a phrase of the metric or a keyword.
    """

    id: str
    score: float
    matched: tuple[str, ...]
    phrase: bool
    target: Any  # the record searched (NationalTarget or dict)


@dataclass(frozen=True, slots=True)
class TargetSearch:
    """Result of :func:`search_targets`: hits best first, or suggestions."""

    query: str
    hits: tuple[TargetHit, ...]
    suggestions: tuple[str, ...] = ()  # "did you mean" queries, then "id: metric" of near targets

    @property
    def found(self) -> bool:
        return bool(self.hits)


@lru_cache(maxsize=1)
def _rewrites() -> tuple[tuple[str, str], ...]:
    pairs = [(p, g[0]) for g in SYNONYM_GROUPS for p in g[1:]]
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


def normalise(text: str) -> list[str]:
    """Folded words of ``text`` with synonyms rewritten and stop words dropped.

    >>> normalise("Số hoá hồ sơ TTHC") == normalise("số hóa hồ sơ thủ tục hành chính")
    True
    >>> normalise("DVC toàn trình")
    ['dich', 'vu', 'cong', 'muc', 'do', '4']
    """
    f = " " + " ".join(_NON_WORD.sub(" ", fold(text)).split()) + " "
    for phrase, canon in _rewrites():
        f = f.replace(f" {phrase} ", f" {canon} ")
        f = f.replace(f" {phrase} ", f" {canon} ")  # overlapping occurrences
    return [w for w in f.split() if w not in STOPWORDS]


def _get(t: Any, name: str, default: Any = None) -> Any:
    return t.get(name, default) if isinstance(t, dict) else getattr(t, name, default)


def _ident(t: Any) -> str:
    return _get(t, "national_id") or (t.id if isinstance(t, NationalTarget) else None) or _get(t, "iri") or ""


@lru_cache(maxsize=1)
def _catalog_keywords() -> dict[str, tuple[str, ...]]:
    return {t.id: t.keywords for t in national_targets()}


def _phrases(t: Any) -> list[str]:
    """Metric and keywords of a target (catalog keywords looked up by national id)."""
    kws = _get(t, "keywords")
    if kws is None:
        kws = _catalog_keywords().get(_get(t, "national_id") or "", ())
    return [_get(t, "metric") or "", *kws]


@dataclass(frozen=True, slots=True)
class _Doc:
    words: frozenset[str]
    pairs: frozenset[str]
    joined: tuple[str, ...]  # " w1 w2 … " of the metric and of each keyword
    size: int


def _doc(t: Any) -> _Doc:
    words: set[str] = set()
    pairs: set[str] = set()
    joined = []
    metric_words = normalise(_get(t, "metric") or "")
    for ph in _phrases(t):
        ws = normalise(ph)
        words.update(ws)
        pairs.update(f"{a} {b}" for a, b in zip(ws, ws[1:]))
        joined.append(" " + " ".join(ws) + " ")
    return _Doc(frozenset(words), frozenset(pairs), tuple(joined), max(1, len(set(metric_words))))


def _idf(docs: Sequence[_Doc]) -> dict[str, float]:
    n = len(docs)
    df: dict[str, int] = {}
    for d in docs:
        for w in d.words:
            df[w] = df.get(w, 0) + 1
    return {w: math.log(1 + n / c) for w, c in df.items()}


def _score(q: list[str], d: _Doc, idf: dict[str, float], default_idf: float) -> tuple[float, tuple[str, ...], bool]:
    qset = list(dict.fromkeys(q))
    total = sum(idf.get(w, default_idf) for w in qset)
    matched = tuple(w for w in qset if w in d.words)
    if not matched or total == 0:
        return 0.0, (), False
    uni = sum(idf.get(w, default_idf) for w in matched) / total
    qpairs = {f"{a} {b}" for a, b in zip(q, q[1:])}
    bi = len(qpairs & d.pairs) / len(qpairs) if qpairs else uni
    spec = len(set(matched)) / d.size  # how much of the metric the query names
    is_phrase = len(q) >= 2 and any(_in_order(q, j.split(), PHRASE_GAP) for j in d.joined)
    base = 0.55 * uni + 0.25 * bi + 0.2 * min(1.0, spec)
    return 0.85 * base + (0.15 if is_phrase else 0.0), matched, is_phrase


@lru_cache(maxsize=1)
def _catalog_programmes() -> dict[str, str]:
    return {t.id: t.programme for t in national_targets()}


def _programme_year(t: Any) -> int:
    prog = _get(t, "programme") or _catalog_programmes().get(_get(t, "national_id") or "", "")
    m = re.search(r"/((?:19|20)\d\d)/", f"/{prog}/")
    return int(m.group(1)) if m else 0


def _in_order(q: list[str], words: list[str], gap: int) -> bool:
    """True when ``q`` occurs in ``words`` in order, spanning at most ``len(q) + gap`` words.

    >>> _in_order(["hai", "long", "giai"], "hai long nguoi dan giai".split(), 2)
    True
    """
    for start, w in enumerate(words):
        if w != q[0]:
            continue
        k, i = 1, start + 1
        while k < len(q) and i < len(words) and i - start < len(q) + gap:
            if words[i] == q[k]:
                k += 1
            i += 1
        if k == len(q):
            return True
    return False


def _sort_key(h: TargetHit) -> tuple:
    """Best score; among equals the later programme, then the earlier target year."""
    year = _get(h.target, "year")
    return (-h.score, -_programme_year(h.target), year if isinstance(year, int) else 9999, h.id)


def search_targets(
    query: str,
    targets: Iterable[Any] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    relative: float = 0.0,
    limit: int | None = None,
    suggest: bool = True,
) -> TargetSearch:
    """National targets matching ``query``, best first.

    ``targets``: records to search (default: the built-in catalog). A query
    equal to a national id ("B06", case-insensitive) returns that target
    alone. Hits score at least ``threshold`` and at least ``relative`` × the
    best score; ``limit`` caps their number. With no hit, ``suggestions``
    holds "did you mean" queries and the nearest targets ("B03: …"), unless
    ``suggest`` is false.

    >>> [h.id for h in search_targets("b06").hits]
    ['B06']
    >>> search_targets("thnah tona trưc tuyn").suggestions[0]
    'thanh toán trực tuyến'
    """
    pool = list(national_targets() if targets is None else targets)
    q_raw = query.strip()
    exact = [t for t in pool if _ident(t).lower() == q_raw.lower() and q_raw]
    if exact:
        return TargetSearch(query, tuple(TargetHit(_ident(t), 1.0, (), True, t) for t in exact))
    q = normalise(q_raw)
    if not q or not pool:
        return TargetSearch(query, (), ())
    docs = [_doc(t) for t in pool]
    idf = _idf(docs)
    default_idf = math.log(1 + len(docs))  # a word no target has: as rare as can be
    scored = []
    for t, d in zip(pool, docs):
        s, matched, phrase = _score(q, d, idf, default_idf)
        if s > 0:
            scored.append(TargetHit(_ident(t), round(s, 4), matched, phrase, t))
    scored.sort(key=_sort_key)
    best = scored[0].score if scored else 0.0
    hits = [h for h in scored if h.score >= threshold and h.score >= relative * best]
    if limit is not None:
        hits = hits[:limit]
    if hits or not suggest:
        return TargetSearch(query, tuple(hits))
    return TargetSearch(query, (), _suggest(q_raw, pool, scored))


def _windows(pool: Sequence[Any], size: int) -> dict[str, str]:
    """Folded → original text of every run of ``size`` words in metrics and keywords."""
    out: dict[str, str] = {}
    for t in pool:
        for ph in _phrases(t):
            ws = re.findall(r"\w+", ph)
            for k in range(max(1, len(ws) - size + 1)):
                win = ws[k:k + size]
                out.setdefault(fold(" ".join(win)), " ".join(win).lower())
    return out


def _suggest(query: str, pool: Sequence[Any], scored: Sequence[TargetHit], n: int = 3) -> tuple[str, ...]:
    """A respelt query close to a catalog phrase (when it finds targets), then the nearest targets."""
    words = re.findall(r"\w+", query)
    out: list[str] = []
    if words:
        windows = _windows(pool, len(words))
        near = difflib.get_close_matches(fold(" ".join(words)), list(windows), n=3, cutoff=0.8)
        for cand in near:
            if search_targets(windows[cand], pool, suggest=False).hits:
                out.append(windows[cand])
                break
    seen = set()
    for h in scored:
        m = _get(h.target, "metric") or ""
        if m in seen:
            continue
        seen.add(m)
        out.append(f"{h.id}: {m}")
        if len(seen) >= n:
            break
    return tuple(out)
