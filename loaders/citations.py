"""Find legal citations in a document and type them.

``find_mentions`` locates every mention (typed symbols, bare symbols in
lists, short forms such as "NĐ 45/2020" or "Nghị quyết 76", laws by name)
with its date, explicit issuer and pinpoint. ``extract_citations`` types
each mention — ``based_on`` ("Căn cứ …" paragraphs of the preamble),
``implements`` ("Thực hiện …"/"Triển khai thực hiện …" in title or
preamble), ``proposal`` ("Theo đề nghị … Tờ trình …") or ``cites`` —
resolves it (:mod:`cchc_kg.loaders.resolve`) and reads relations the text states
between cited documents (amends, replaces, repeals, guides, implements).

>>> text = "KẾ HOẠCH\\nCải cách\\nCăn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ;\\nI. MỤC TIÊU\\n"
>>> from cchc_kg.kg.model import DocumentRecord
>>> refs = extract_references(text, document=DocumentRecord("KH", key="kh/x"))
>>> [(r.relation, r.target.key, r.evidence.quote) for r in refs]
[('based_on', 'nd/2020/45/cp', 'Nghị định số 45/2020/NĐ-CP ngày 08/4/2020')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace

from functools import lru_cache

from cchc_kg.kg.ids import fold as _fold_full
from cchc_kg.kg.model import DocumentRecord, Evidence, ReferenceRecord, StatedRelation
from cchc_kg.loaders.clean import clean, fold_chars, sentence_bounds
from cchc_kg.loaders.identity import layout
from cchc_kg.loaders.lawcites import law_mentions
from cchc_kg.loaders.tails import pinpoint as _pinpoint
from cchc_kg.loaders.tails import tail as _tail
from cchc_kg.loaders.preamble import clause_relation, preamble_items, self_relations, trim_title
from cchc_kg.loaders.resolve import (
    InheritStrategy,
    Mention,
    ResolutionContext,
    inherit_jurisdiction,
    resolve_mention,
    _known_key,
)
from cchc_kg.loaders.symbols import (
    DATE_PATTERN,
    SYMBOL_PATTERN,
    TYPE_NAME_PATTERN,
    _grab_place,
    symbol_from_match,
    type_from_name,
)

fold = lru_cache(maxsize=65536)(_fold_full)

__all__ = ["find_mentions", "extract_citations", "extract_references", "context_for", "RELATION_PHRASES"]

_S = r"[^\S\n]"
_SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_TYPE_BEFORE = re.compile(
    r"(?<!\w)(?P<t>(?i:" + TYPE_NAME_PATTERN + r")|NĐ|NQ|QĐ|TTLT|TT|CT|KH|CTr|HD|TTr)"
    + r"(?:" + _S + r"{1,4}(?i:số))?" + _S + r"{0,4}:?" + _S + r"{0,4}$"
)
# every branch starts with a literal (no ``[Nn]``) so the regex engine can skip
# to candidate first letters instead of trying the alternation at every offset
_SHORT_RE = re.compile(
    r"(?P<t>NĐ|NQ|QĐ|CT|TT|Nghị định|nghị định|Nghị quyết|nghị quyết|Quyết định|quyết định|Chỉ thị|chỉ thị"
    r"|Thông tư|thông tư|NGHỊ ĐỊNH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG TƯ)"
    + r"(?:" + _S + r"{1,3}(?i:số))?" + _S + r"{1,3}(?P<n>\d{1,5}[a-z]?)(?:" + _S + r"{0,2}/" + _S
    + r"{0,2}(?P<y>(?:19|20)\d\d))?(?![\w/\-–]|\.\d|,\d)"
)

RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    ("sua doi, bo sung", "amends"),
    ("sua doi", "amends"),
    ("thay the", "replaces"),
    ("bai bo", "repeals"),
    ("huong dan thi hanh", "guides"),
    ("quy dinh chi tiet", "guides"),
    ("huong dan", "guides"),
    ("trien khai thuc hien", "implements"),
    ("thuc hien", "implements"),
    ("trien khai", "implements"),
)
_REL_RE = re.compile("|".join(re.escape(p) for p, _ in RELATION_PHRASES))
_REL_OF = dict(RELATION_PHRASES)


# small patterns used per mention/word, compiled once
_SO_END = re.compile(r"\bso\s*:?\s*$")
_BY_END = re.compile(r"\b(boi|theo)\s*:?\s*$")
_BY_SOON = re.compile(r"[^.;]{0,30}\bboi\b")
_TITLE_REL_HEAD = re.compile(r"\s*(sua doi, bo sung|sua doi|bai bo|thay the|huong dan|quy dinh chi tiet)")


# ------------------------------------------------------------------ mentions


def find_mentions(cleaned: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every citation mention in ``cleaned[start:end]`` (no overlaps, in order).

    >>> ms = find_mentions("theo Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP ngày 14/9/2020 và NQ 76")
    >>> [(m.symbol or m.number, m.date, m.form) for m in ms]
    [('107/2020/NĐ-CP', '2020-09-14', 'symbol'), ('108/2020/NĐ-CP', '2020-09-14', 'bare'), ('76', None, 'short')]
    """
    end = len(cleaned) if end is None else end
    # taken offsets, relative to ``start`` (sized to the document, not the file)
    mask = bytearray(max(0, end - start) + 1)
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        return mask.find(1, max(0, s - start), max(0, e - start)) < 0

    class _Taken:
        @staticmethod
        def append(span: tuple[int, int]) -> None:
            a = max(0, span[0] - start)
            b = max(a, span[1] - start)
            mask[a:b] = b"\x01" * (b - a)

    taken = _Taken()

    # laws by name, amending laws, the Constitution, treaties
    for m in law_mentions(cleaned, start, end):
        out.append(m)
        taken.append((m.start, m.end))

    # symbols
    for sm in _SYMBOL_RE.finditer(cleaned, start, end):
        if not free(sm.start(), sm.end()):
            continue
        sy = symbol_from_match(sm)
        sym_start = sm.start()
        dotted = _DOTTED.search(cleaned, max(start, sym_start - 6), sym_start) if cleaned[sym_start - 1:sym_start] == "." else None
        if dotted and free(dotted.start(), sym_start):
            # "66.2/2025/NQ-CP": a dotted number (the symbol pattern starts after the dot)
            sym_start = dotted.start()
            sy = replace(sy, number=dotted.group(0) + sy.number, symbol=dotted.group(0) + sy.symbol)
        before = _TYPE_BEFORE.search(cleaned, max(start, sym_start - 40), sym_start)
        s = sym_start
        dtype = sy.doc_type
        form = "bare"
        law_name = None
        if before:
            s = before.start()
            named = type_from_name(before.group("t"))
            form = "symbol"
            if sy.doc_type is None or named in ("TTLT", "VBHN") or sy.doc_type is None:
                dtype = named if named != "CV" or sy.doc_type is None else sy.doc_type
            if named == "Luật":
                dtype = "Luật"
        if form == "bare":
            prefix = fold_chars(cleaned[max(start, sym_start - 25):sym_start])
            if _FORM_PREFIX.search(prefix):
                continue  # "Mẫu số 01/CNKD": a form, not a document
            if sy.doc_type is None and sy.year is None and not _SO_END.search(prefix):
                continue  # "23/ĐK-TCT" without "số" or a type: too weak to be a citation
        if dtype is None:
            dtype = "Luật" if (sy.issuer_code or "").startswith("QH") and sy.year else ("NQ" if (sy.issuer_code or "").startswith(("QH", "UBTVQH")) else "CV")
        if not free(s, sm.end()):
            s = sym_start
        date, qend, issuer = _tail(cleaned, sm.end(), end)
        out.append(Mention(s, qend, dtype, sy.number, sy.year, sy.issuer_code, sy.symbol, date, issuer, law_name,
                           _pinpoint(cleaned, s), form))
        taken.append((s, qend))

    # short forms
    for hm in _SHORT_RE.finditer(cleaned, start, end):
        if not free(hm.start(), hm.end()) or (hm.start() > 0 and cleaned[hm.start() - 1].isalnum()):
            continue
        dtype = type_from_name(hm.group("t"))
        year = int(hm.group("y")) if hm.group("y") else None
        date, qend, issuer = _tail(cleaned, hm.end(), end)
        out.append(Mention(hm.start(), qend, dtype, hm.group("n"), year, None, None, date, issuer, None,
                           _pinpoint(cleaned, hm.start()), "short"))
        taken.append((hm.start(), qend))

    out.sort(key=lambda m: m.start)
    return _share_list_dates(cleaned, out)


_DOTTED = re.compile(r"(?<![\w.])\d{1,4}\.$")
_FORM_PREFIX = re.compile(r"\b(?:mau|bieu|phu luc|ky hieu)\b[^,;.]{0,12}$")
_LIST_GAP = re.compile(r"[\s,]*(?:và|hoặc)?[\s,]*")


def _share_list_dates(cleaned: str, ms: list[Mention]) -> list[Mention]:
    """Mentions listed with ", "/"và" share the date/issuer written after the last."""
    if not ms:
        return ms
    groups: list[list[int]] = [[0]]
    for i in range(1, len(ms)):
        prev, cur = ms[i - 1], ms[i]
        if prev.date is None and _LIST_GAP.fullmatch(cleaned[prev.end:cur.start]) and cur.form != "short":
            groups[-1].append(i)
        else:
            groups.append([i])
    out = list(ms)
    for g in groups:
        if len(g) < 2:
            continue
        last = ms[g[-1]]
        dtype = ms[g[0]].doc_type
        for i in g[:-1]:
            m = out[i]
            out[i] = replace(m, date=m.date or last.date, issuer=m.issuer or last.issuer)
        for i in g[1:]:
            m = out[i]
            if m.form == "bare" and m.doc_type == "CV" and dtype:
                out[i] = replace(m, doc_type=dtype)
    return out


# ------------------------------------------------------------------ typing


_SENT_END = re.compile(r"\.[^\S\n]+(?=[A-ZĐÀ-Ỹ])")
_OWN_NUMBER = re.compile(r"[^\S\n]*(?:(?i:" + TYPE_NAME_PATTERN + r")[^\S\n]+)?(?:Số|SỐ|số)\b")


def _relation_in_gap(gap: str) -> tuple[str, bool] | None:
    """Last relation phrase in a gap and whether it is passive ("được … bởi")."""
    if ";" in gap or len(gap) > 300 or _SENT_END.search(gap):
        return None
    gap_folded = fold_chars(gap)
    last = None
    for m in _REL_RE.finditer(gap_folded):
        if last is None or m.start() >= last.end():
            last = m
    if last is None:
        return None
    tail = gap_folded[last.end():]
    if len(tail.strip()) > 45 or " va " in f" {tail} " or "," in tail:
        return None
    pred = _REL_OF[last.group(0)]
    before = gap_folded[max(0, last.start() - 12):last.start()]
    after = gap_folded[last.end():last.end() + 40]
    passive = "duoc" in before or bool(_BY_END.search(after)) or bool(_BY_SOON.match(after))
    return pred, passive


# "tỉnh"/"TỈNH" not preceded by a word character: literal first, look-behind after
_PROVINCE_WORD = re.compile(r"(?:tỉnh(?<!\wtỉnh)|TỈNH(?<!\wTỈNH))" + _S + r"+")


def context_for(document: DocumentRecord, cleaned: str, start: int, end: int, mentions: list[Mention]) -> ResolutionContext:
    """Resolution context of a document: its province/district and dated symbols.

    >>> t = "Huyện Long Phú, tỉnh Sóc Trăng"
    >>> context_for(DocumentRecord("KH", jurisdiction="huyện Long Phú", level="district"), t, 0, len(t), []).province
    'tỉnh Sóc Trăng'
    """
    province = document.jurisdiction if document.level == "province" else None
    district = document.jurisdiction if document.level == "district" else None
    if province is None:
        counts: Counter[str] = Counter()
        for m in _PROVINCE_WORD.finditer(cleaned[start:min(end, start + 60000)]):
            place, _ = _grab_place(cleaned[start + m.end():start + m.end() + 50])
            if place:
                counts[place] += 1
        if counts:
            province = f"tỉnh {counts.most_common(1)[0][0]}"
    known: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for m in mentions:
        y = m.year or (int(m.date[:4]) if m.date else None)
        if y and m.number:
            known[_known_key(m.doc_type, m.number, m.issuer_code)].add(y)
    return ResolutionContext(document, province, district, {k: frozenset(v) for k, v in known.items()})


def extract_citations(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    document: DocumentRecord,
    source: str = "",
    cleaned: str | None = None,
    inherit: InheritStrategy = inherit_jurisdiction,
) -> tuple[list[ReferenceRecord], list[StatedRelation]]:
    """Typed, resolved references and stated relations of ``text[start:end]``.

    >>> t = "QUYẾT ĐỊNH\\nX\\nCăn cứ Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 130/2005/NĐ-CP;\\nQUYẾT ĐỊNH:\\n"
    >>> refs, rels = extract_citations(t, document=DocumentRecord("QĐ", key="qd/x"))
    >>> [(r.relation, r.target.key) for r in refs], [(x.subject.key, x.predicate, x.object.key) for x in rels]
    ([('based_on', 'nd/2013/117/cp'), ('cites', 'nd/2005/130/cp')], [('nd/2013/117/cp', 'amends', 'nd/2005/130/cp')])
    """
    cleaned = clean(text) if cleaned is None else cleaned
    end = len(text) if end is None else end
    lay = layout(cleaned, start, end)
    mentions = find_mentions(cleaned, start, end)
    ctx = context_for(document, cleaned, start, end, mentions)
    source = source or document.source or ""

    # item (clause) and relation kind of each offset range: the title, then each opening clause
    items = preamble_items(cleaned, lay, start, end, document.doc_type)
    title = trim_title(cleaned, lay.title)
    body_lo = max(items[-1][1] if items else start, lay.heading[1] if lay.heading else start)

    # items are sorted and disjoint (title, then preamble clauses): bisect them;
    # the linear scan stays for any other layout
    item_starts = [it[0] for it in items]
    disjoint = all(items[k][1] <= items[k + 1][0] and items[k][0] <= items[k][1] for k in range(len(items) - 1))

    def item_of(pos: int) -> tuple[int, int, str] | None:
        if disjoint:
            # the last item starting at or before pos is the only one that can hold it
            k = bisect_right(item_starts, pos) - 1
            return items[k] if k >= 0 and pos < items[k][1] else None
        for it in items:
            if it[0] <= pos < it[1]:
                return it
        return None

    resolved = [resolve_mention(m, ctx, inherit=inherit) for m in mentions]
    refs: list[ReferenceRecord] = []
    rels: list[StatedRelation] = []
    prev_item = None
    prev_rel = "cites"
    pinned: set[tuple[int, int]] = set()  # mentions of what this document replaces/repeals only in part
    whole: set[str] = set()  # documents it replaces/repeals as a whole
    selfs = {i: (pred, at) for i, pred, at in self_relations(cleaned, body_lo, end, [(m.start, m.end) for m in mentions])}
    for i, (m, res) in enumerate(zip(mentions, resolved)):
        it = item_of(m.start)
        relation = "cites"
        if it is not None and it[2] != "cites":
            relation = it[2]
            if title and it[0] == title[0] and prev_item != it and not _TITLE_OBJECT.match(fold_chars(cleaned[it[0]:m.start])):
                relation = "cites"  # "Kế hoạch thực hiện chế độ … (Quyết định số …)": not the title's object
            if prev_item == it and i > 0:
                relation = clause_relation(cleaned[mentions[i - 1].end:m.start], prev_rel, it[2])
        prev_item = it
        prev_rel = relation
        if res.key == document.key or (m.symbol and document.symbol and fold(m.symbol) == fold(document.symbol)):
            continue
        if lay.heading and m.start < lay.heading[0] and _OWN_NUMBER.match(cleaned, cleaned.rfind("\n", 0, m.start) + 1):
            continue  # the document's own "Số: …" line
        s, e = sentence_bounds(cleaned, m.start, m.end)
        ev = Evidence(source, m.start, m.end, text[s:e], text[m.start:m.end])
        part = None
        if i in selfs:  # "Bãi bỏ khoản 3, khoản 4 Điều 12 …", "Thay thế Mẫu số 05 ban hành kèm theo …"
            part = m.pinpoint or part_named(cleaned, max(selfs[i][1], mentions[i - 1].end if i else 0), m.start)
        refs.append(ReferenceRecord(relation, res.target, ev, m.pinpoint or part, res.status, res.candidates))
        # stated relation with the previous mention of the same sentence
        if i > 0:
            p = mentions[i - 1]
            if p.end <= m.start and "\n" not in cleaned[p.end:m.start]:
                found = _relation_in_gap(cleaned[p.end:m.start])
                if found:
                    pred, passive = found
                    subj, obj = (res.target, resolved[i - 1].target) if passive else (resolved[i - 1].target, res.target)
                    rs, re_ = sentence_bounds(cleaned, p.start, m.end)
                    rels.append(StatedRelation(subj, pred, obj, Evidence(source, p.start, m.end, text[rs:re_], text[p.start:m.end])))
        if i in selfs:
            # an operative clause of this document: "Quyết định này thay thế …", "Bãi bỏ …"
            pred, at = selfs[i]
            rs, re_ = sentence_bounds(cleaned, at, m.end)
            rels.append(StatedRelation(document, pred, res.target, Evidence(source, at, m.end, text[rs:re_], text[at:m.end])))
            # "Bãi bỏ Điều 5 Nghị định số …" changes an article, it does not end the decree:
            # its reference, with the pinpoint, stays and marks the change partial
            if part:
                pinned.add((m.start, m.end))
            else:
                whole.add(res.target.key)
        inner_ctx = replace(ctx, citing=replace(ctx.citing, date=res.target.date)) if m.amended_laws else ctx
        for inner_m in m.amended_laws:
            # a law named in an amending law's title: the one in force when the amending law was adopted
            inner = resolve_mention(replace(inner_m, date=None), inner_ctx)
            ls, le = inner_m.start, inner_m.end
            rs, re_ = sentence_bounds(cleaned, m.start, m.end)
            rels.append(StatedRelation(res.target, "amends", inner.target, Evidence(source, ls, le, text[rs:re_], text[ls:le])))
    refs, title_rels = _title_implements(refs, title, document)
    rels.extend(title_rels)
    refs = _first_edge_only(refs)
    # what the document itself replaces or repeals is stated by that relation (with its evidence); a plain
    # "cites" edge to it as well would read as citing a document no longer in force (a drafting error)
    acted_on = whole
    if acted_on:  # a partial change keeps its (pinned) reference: it marks the change partial
        refs = [r for r in refs if not (r.relation == "cites" and r.target.key in acted_on) or r.evidence.span() in pinned]
    # the document's own title: "Sửa đổi, bổ sung … Thông tư số …", "Hướng dẫn thi hành Luật …"
    if title:
        tf = fold_chars(cleaned[title[0]:title[1]])
        head = _TITLE_REL_HEAD.match(tf)
        if head:
            pred = _REL_OF.get(head.group(1), "guides")
            for m, res in zip(mentions, resolved):
                if title[0] <= m.start < title[1] and res.key != document.key:
                    rs, re_ = sentence_bounds(cleaned, m.start, m.end)
                    rels.append(StatedRelation(document, pred, res.target, Evidence(source, m.start, m.end, text[rs:re_], text[m.start:m.end])))
                    break
    return refs, rels


_PART_WORD = re.compile(r"\b(?:dieu|khoan|diem|chuong|muc|phan|phu luc|bieu mau|mau)\b")
_PART_TAIL = re.compile(r"(?:[\s,]|\b(?:cua|tai|thuoc|ban hanh|kem theo)\b)+$")


def part_named(cleaned: str, lo: int, hi: int) -> str | None:
    """The part of a document named before its mention in an operative clause, or ``None``.

    ``cleaned[lo:hi]`` runs from the clause's verb (or the previous mention)
    to the mention: "Bãi bỏ khoản 3, khoản 4 Điều 12 " names a part,
    "Nghị định này thay thế " does not.

    >>> t = "Bãi bỏ khoản 3, khoản 4 Điều 12 của Thông tư số 6/2017/TT-BX"
    >>> part_named(t, 0, t.index("Thông tư"))
    'khoản 3, khoản 4 Điều 12'
    >>> t = "Thay thế Mẫu số 05/TNDN ban hành kèm theo Thông tư số 8/2021/TT-BTC"
    >>> part_named(t, 0, t.index("Thông tư"))
    'Mẫu số 05/TNDN'
    >>> part_named("thay thế Quyết định số 1/QĐ-UBND", 0, 9) is None
    True
    """
    seg = cleaned[lo:hi]
    f = fold_chars(seg)
    m = _PART_WORD.search(f)
    if m is None or len(f) != len(seg):
        return None
    cut = _PART_TAIL.search(f, m.end())
    return " ".join(seg[m.start():cut.start() if cut else len(seg)].split()) or None


def _first_edge_only(refs: list[ReferenceRecord]) -> list[ReferenceRecord]:
    """A document cited as a base (or implemented) in two clauses is one base: later mentions cite it."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in refs:
        if r.relation in ("based_on", "implements"):
            k = (r.relation, r.target.key)
            if k in seen:
                r = replace(r, relation="cites")
            seen.add(k)
        out.append(r)
    return out


_TITLE_OBJECT = re.compile(
    r"^[\s*_|]*(?:\(\s*)?(?:trien khai thuc hien|tiep tuc thuc hien|thuc hien|trien khai|tiep tuc)(?:\s+thi hanh)?(?:\s+cac)?\s*$"
)


def _title_implements(
    refs: list[ReferenceRecord], title: tuple[int, int] | None, document: DocumentRecord
) -> tuple[list[ReferenceRecord], list[StatedRelation]]:
    """A title "Kế hoạch triển khai Quyết định số X" states that the document implements X.

    When the opening already implements X, the title is a citation; when
    the opening rests on X ("Căn cứ Chương trình số X"), the title says
    how, and both edges stay; a title alone is a statement of the document:
    a stated relation (document implements X, with the title as evidence),
    not a reference edge.
    """
    if title is None:
        return refs, []
    in_title = [r for r in refs if r.relation == "implements" and title[0] <= r.evidence.start < title[1]]
    if not in_title:
        return refs, []
    outside = [r for r in refs if not title[0] <= r.evidence.start < title[1]]
    implemented = {r.target.key for r in outside if r.relation == "implements"}
    based = {r.target.key for r in outside if r.relation == "based_on"}
    # the opening implements X already: the title is a citation; the opening rests on X: the title says
    # how (both edges); the title alone: a statement of the document (stated relation), no reference edge
    alone = [r for r in in_title if r.target.key not in implemented and r.target.key not in based]
    rels = [StatedRelation(document, "implements", r.target, r.evidence) for r in alone]
    drop = {id(r) for r in in_title if r.target.key in implemented or r in alone}
    return [replace(r, relation="cites") if id(r) in drop else r for r in refs], rels


def extract_references(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    document: DocumentRecord,
    source: str = "",
    cleaned: str | None = None,
    inherit: InheritStrategy = inherit_jurisdiction,
) -> list[ReferenceRecord]:
    """References only (see :func:`extract_citations`).

    >>> t = "KẾ HOẠCH\\nX\\n\\nI. MỤC TIÊU\\nTheo NĐ 45/2020 về dịch vụ công.\\n"
    >>> [(r.relation, r.target.key) for r in extract_references(t, document=DocumentRecord("KH", key="kh/x"))]
    [('cites', 'nd/2020/45/cp')]
    """
    return extract_citations(text, start, end, document=document, source=source, cleaned=cleaned, inherit=inherit)[0]
