"""Text renderings of query answers for people: the lines the command line prints.

Vietnamese by default, English with ``lang="en"``; words come from
:mod:`cchc_kg.kg.labels`, document handles from :mod:`cchc_kg.kg.handles`
(every document line starts with a handle that ``show``/``bases``/
``cited-by`` accept). Evidence sentences are cut to a window centred on the
cited words (:func:`evidence_window`), so a long preamble sentence still
shows the number it cites.

>>> d = {"type": "KH", "symbol": "53/KH-UBND", "year": 2022, "date": "2022-05-31", "issuer": "UBND huyện A",
...      "title": "Kế hoạch cải cách hành chính", "origin": "loaded", "key": "kh/2022/53/ubnd-huyen-a"}
>>> doc_line(d)
'53/KH-UBND 2022 — KH ngày 31/05/2022, UBND huyện A: Kế hoạch cải cách hành chính'
>>> doc_line(d, "en")
'53/KH-UBND 2022 — KH dated 2022-05-31, UBND huyện A: Kế hoạch cải cách hành chính'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cchc_kg.kg.handles import doc_handle
from cchc_kg.kg.labels import add_labels, fmt_date, fmt_value, say, term
from cchc_kg.kg.relations import RELATIONS

__all__ = ["doc_line", "evidence_window", "label_json", "page_lines", "bases_lines", "cited_by_lines",
           "targets_lines", "implements_lines", "resp_line", "in_force_mark", "PAGE_RELATIONS", "finding_tag",
           "finding_message"]

#: relation order of a document page (the portals' "lược đồ")
PAGE_RELATIONS: tuple[str, ...] = tuple(r.name for r in RELATIONS)


def _short(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def doc_line(d: Mapping[str, Any], lang: str = "vi", *, title: int = 90) -> str:
    """One line for a document: its handle first, then type, date, issuer, title and origin."""
    h = doc_handle(d)
    bits = [str(d.get("type") or "?")]
    if d.get("date"):
        bits[0] += f" {say(lang, 'date')} {fmt_date(d['date'], lang)}"
    elif d.get("year") and str(d["year"]) not in h:
        bits[0] += f" {say(lang, 'year')} {d['year']}"
    head = bits[0]
    if d.get("issuer") and str(d["issuer"]) not in h:
        head += f", {d['issuer']}"
    line = f"{h} — {head}"
    if d.get("title") and title:
        line += f": {_short(str(d['title']), title)}"
    if d.get("origin") and d["origin"] != "loaded":
        line += f" [{term(lang, 'origin', d['origin'])}]"
    return line


def evidence_window(sentence: str | None, quote: str | None = None, width: int = 200) -> str:
    """The sentence cut to ``width`` characters around ``quote`` (the cited words), with … where cut.

    >>> s = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; " * 3 + "Căn cứ Nghị định số 45/2020/NĐ-CP."
    >>> evidence_window(s, "Nghị định số 45/2020/NĐ-CP", 60)
    '…19 tháng 6 năm 2015; Căn cứ Nghị định số 45/2020/NĐ-CP.'
    >>> evidence_window("Ngắn.", None)
    'Ngắn.'
    """
    s = " ".join((sentence or "").split())
    if len(s) <= width:
        return s
    q = " ".join((quote or "").split())
    at = s.find(q) if q else -1
    if at < 0:
        return s[: width - 1] + "…"
    mid = at + len(q) // 2
    start = max(0, min(mid - width // 2, len(s) - width))
    end = min(len(s), start + width)
    if start > 0:  # do not cut a word
        sp = s.find(" ", start, at if at > start else start + 1)
        start = sp + 1 if 0 <= sp < at else start
    out = s[start:end]
    return ("…" if start > 0 else "") + out + ("…" if end < len(s) else "")


def _evidence(ev: Mapping[str, Any], pad: str, width: int = 160) -> str | None:
    if not ev.get("sentence"):
        return None
    return f"{pad}« {evidence_window(ev['sentence'], ev.get('quote'), width)} »"


def label_json(data: Any, lang: str = "vi") -> Any:
    """JSON data with ``*_label`` words beside each code and a ``handle`` beside each document (keys kept)."""
    def rec(x: Any) -> Any:
        if isinstance(x, list):
            return [rec(v) for v in x]
        if isinstance(x, dict):
            out = {k: rec(v) for k, v in x.items()}
            if "iri" in x and "key" in x and "symbol" in x and "handle" not in x:
                out["handle"] = doc_handle(x)
            return out
        return x
    return add_labels(rec(data), lang)


def in_force_mark(value: bool | None, as_of: str, lang: str = "vi") -> str:
    """`` [còn hiệu lực ngày …]``, `` [HẾT hiệu lực ngày …]`` or ``""`` when unknown."""
    if value is True:
        return f" [{say(lang, 'in-force-on', d=fmt_date(as_of, lang))}]"
    if value is False:
        return f" [{say(lang, 'not-in-force-on', d=fmt_date(as_of, lang))}]"
    return ""


def page_lines(item: Mapping[str, Any], lang: str = "vi", *, as_of: str | None = None, in_force: bool | None = None,
               validity: Sequence[str] = (), verbose: int = 0, evidence: int = 2) -> list[str]:
    """The "lược đồ" page of a document: identity, status at ``as_of``, each relation both ways with evidence.

    ``item``: a :func:`cchc_kg.queries.documents.describe` answer (``document``,
    ``relations`` outgoing, ``incoming``); ``validity``: lines of the validity
    facts; ``in_force``: the status at ``as_of`` (``None`` = unknown).
    """
    d = item["document"]
    lines = [doc_line(d, lang, title=0), f"  {say(lang, 'handle')}: {doc_handle(d)}"]
    if d.get("title"):
        lines.append(f"  {_short(str(d['title']), 300)}")
    for k in ("issuer", "jurisdiction", "level", "source"):
        if d.get(k):
            v = term(lang, "level", d[k]) if k == "level" else d[k]
            lines.append(f"  {say(lang, k)}: {v}")
    if d.get("date"):
        lines.append(f"  {say(lang, 'signed')}: {fmt_date(d['date'], lang)}")
    if d.get("origin"):
        lines.append(f"  {say(lang, 'origin')}: {term(lang, 'origin', d['origin'])}")
    if verbose > 0:
        lines += [f"  iri: {d.get('iri')}", f"  {say(lang, 'key')}: {d.get('key')}"]
    if as_of:
        status = in_force_mark(in_force, as_of, lang).strip(" []") or say(lang, "in-force-unknown", d=fmt_date(as_of, lang))
        lines.append(f"  {say(lang, 'status')}: {status}")
    lines += list(validity)
    lines.append(f"  {say(lang, 'overview')}:")
    groups: list[tuple[str, bool, list[Mapping[str, Any]]]] = []
    for name in PAGE_RELATIONS:
        out = [e for e in item.get("relations", ()) if e["relation"] == name]
        inc = [e for e in item.get("incoming", ()) if e["relation"] == name]
        groups += [(name, False, out), (name, True, inc)]
    shown = 0
    for name, inverse, edges in groups:
        if not edges:
            continue
        shown += 1
        lines.append(f"    {term(lang, 'relation-inverse' if inverse else 'relation', name)} ({len(edges)}):")
        for e in edges:
            lines.append(f"      {doc_line(e['document'], lang)}")
            for ev in e.get("evidence", ())[:evidence]:
                line = _evidence(ev, "          ")
                if line:
                    lines.append(line)
    if not shown:
        lines.append(f"    ({say(lang, 'none')})")
    return lines


def bases_lines(trees: Sequence[Mapping[str, Any]], lang: str = "vi", *, as_of: str | None = None) -> list[str]:
    """A ``bases`` answer as an indented tree, each basis with its relation and evidence."""
    from cchc_kg.queries.lineage import flatten_tree

    lines: list[str] = []
    for tree in trees:
        for lvl, node in flatten_tree(dict(tree)):
            pad = "    " * lvl
            rel = f"{term(lang, 'relation', node['relation'])}: " if node["relation"] else ""
            mark = f" ({say(lang, 'cycle')})" if node.get("cycle") else f" ({say(lang, 'see-above')})" if node.get("repeated") else ""
            if as_of and lvl:
                mark += in_force_mark(node.get("in_force_at"), as_of, lang)
            lines.append(f"{pad}{rel}{doc_line(node['document'], lang)}{mark}")
            for ev in node["evidence"][:1]:
                line = _evidence(ev, pad + "    ")
                if line:
                    lines.append(line)
        lines.append("")
    return lines


def cited_by_lines(rows: Sequence[Mapping[str, Any]], lang: str = "vi") -> list[str]:
    """A ``cited-by`` answer: relation words, the citing document, its evidence."""
    lines: list[str] = []
    for r in rows:
        pad = "  " * (r["depth"] - 1)
        rels = ", ".join(term(lang, "relation", x) for x in r["relations"])
        lines.append(f"{pad}{rels}: {doc_line(r['document'], lang)}")
        for ev in r["evidence"][:1]:
            line = _evidence(ev, pad + "    ")
            if line:
                lines.append(line)
    return lines


def targets_lines(rows: Sequence[Mapping[str, Any]], lang: str = "vi") -> list[str]:
    """A ``targets`` answer: per plan, year, value, level, reform area and metric."""
    lines: list[str] = []
    for r in rows:
        lines.append(doc_line(r["document"], lang))
        for t in r["targets"]:
            lvl = f" [{term(lang, 'level', t['level'])}]" if t.get("level") else ""
            area = term(lang, "area", t.get("area")) or say(lang, "no-area")
            lines.append(f"  {t.get('year') or '----'} {fmt_value(t, lang):>18}{lvl} — {_short(t['metric'], 110)} ({area})")
    return lines


def implements_lines(res: Sequence[Mapping[str, Any]], lang: str = "vi",
                     name: Callable[[str], str] = lambda iri: iri.rsplit("/doc/", 1)[-1]) -> list[str]:
    """An ``implements`` answer: national target, then each plan's value, comparison and lineage (no raw scores)."""
    lines: list[str] = []
    for r in res:
        lines.append(national_target_line(r["national_target"], lang))
        for p in r["plans"]:
            lines.extend(implementing_plan_lines(p, lang, name))
    return lines


def national_target_line(nt: Mapping[str, Any], lang: str = "vi") -> str:
    """The heading line of a national target in ``implements``: id, metric, value, year, national document."""
    nd = nt.get("national_document") or {}
    src = f" — {doc_handle(nd)}" if nd.get("key") else ""
    return f"{nt.get('national_id') or nt['iri']}: {_short(nt['metric'], 140)} — {fmt_value(nt, lang)} ({nt.get('year')}){src}"


def implementing_plan_lines(p: Mapping[str, Any], lang: str = "vi",
                            name: Callable[[str], str] = lambda iri: iri.rsplit("/doc/", 1)[-1]) -> list[str]:
    """The lines of one plan under a national target: the plan, its aligned targets, its lineage (or the inferred link)."""
    lines = [f"  {doc_line(p['document'], lang)}"]
    for lt in p["local_targets"]:
        cmp = term(lang, "comparison", lt.get("comparison"))
        lines.append(f"      {fmt_value(lt, lang)} ({lt.get('year')}), {cmp}: {_short(lt['metric'], 90)}")
    if p.get("lineage"):
        lines.append(f"      {say(lang, 'lineage')}: " + " → ".join(name(i) for i in p["lineage"][0]))
    else:
        chain = " → ".join(name(i) for i in p.get("partial_lineage") or []) or say(lang, "nothing")
        lines.append(f"      {say(lang, 'lineage-unresolved', chain=chain)}")
        link = p.get("inferred_link")
        if link and link.get("national_document", {}).get("key"):
            ids = ", ".join(sorted({str(v.get("national_id")) for v in link.get("via_targets") or ()}))
            lines.append(f"      {say(lang, 'inferred-link', src=name(link['from']) if link.get('from') else '?', dst=doc_handle(link['national_document']), ids=ids)}")
    return lines


def resp_line(r: Mapping[str, Any], lang: str = "vi") -> str:
    """One responsibility: role, agency, jurisdiction, reform area, task."""
    a = r["agency"]
    area = f" {term(lang, 'area', r['area'])}" if r.get("area") else ""
    task = f"{':' if area else ' —'} {_short(r['task'], 80)}" if r.get("task") else ""
    grp = f" ({say(lang, 'group')})" if a.get("is_group") else ""
    return f"  {term(lang, 'role', r['role']):<11} {a['name']}{grp} [{a.get('jurisdiction') or '?'}]{area}{task}"


def finding_tag(f: Mapping[str, Any], lang: str = "vi") -> str:
    """The words for a finding's classification (or kind) of ``check``."""
    from cchc_kg.queries.validity import FINDING_LABELS

    code = f.get("classification") or f["kind"]
    pair = FINDING_LABELS.get(code)
    return code if pair is None else pair[1] if lang == "en" else pair[0]


def finding_message(f: Mapping[str, Any], lang: str = "vi", label: Callable[[str], str] = lambda iri: iri) -> str:
    """A ``check`` finding in words, from its fields (the library's English ``message`` in English)."""
    if lang == "en":
        return str(f.get("message") or "")
    kind = f["kind"]
    if kind == "superseded-citation":
        msg = f"dẫn chiếu {label(f['cited'])}, đã hết hiệu lực"
        if f.get("no_longer_in_force"):
            msg += f" từ {fmt_date(f['no_longer_in_force'])}"
        if f.get("current"):
            msg += "; nay được thay thế bởi " + ", ".join(label(c) for c in f["current"])
        return msg
    if kind in ("unresolved-reference", "ambiguous-reference"):
        msg = f"dẫn chiếu {f.get('reference')!r}: {f.get('count')} lần trong {f.get('documents')} văn bản"
        return msg + (f", {len(f['candidates'])} văn bản ứng viên" if f.get("candidates") else "")
    if kind == "no-legal-basis":
        return "kế hoạch không nêu căn cứ (không có quan hệ căn cứ / thực hiện / theo đề nghị)"
    if kind == "agency-reorganised":
        names = ", ".join(f"{x.get('name')} ({x.get('jurisdiction')})" for x in f.get("holders") or ()) or "không còn (đã giải thể)"
        return f"{(f.get('agency') or {}).get('name') or '?'}: nay là {names}"
    return str(f.get("message") or "")
