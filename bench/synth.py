"""A synthetic national corpus with the shape of real CCHC documents.

National resolutions and decrees (the catalog's documents plus generated
ones) → provincial plans, decisions and party programmes → district plans
→ commune plans. Citations follow the real pattern: every plan is *based on*
a few national documents drawn with a Zipf law (so ``76/NQ-CP`` 2021 is
cited by almost everyone, like in the real collection), *implements* the
plan of the level above in its own territory (fan-in ≈ 3–10), and cites a
few decrees; a small share of references is ambiguous (year unknown). Plans
carry targets, tasks and agency responsibilities. Every fact has evidence
whose offsets index a generated text (``text[start:end] == quote``).

Two outputs, same triples:

* :func:`files` yields :class:`SynthFile` (path, text, sha256,
  ``list[cchc_kg.kg.model.Extraction]``): feed them to ``cchc_kg.kg.build.source_graph``.
* :func:`file_nquads` writes the same triples as N-Quads through the
  product's own mapping (``cchc_kg.kg.build.source_ntriples``, no rdflib graph), and
  :func:`write_nquads` renders a whole corpus in worker processes for
  ``GraphStore.bulk_load``.

>>> fs = list(files(60, seed=1))
>>> len(fs), sum(len(f.extractions) for f in fs)
(60, 60)
>>> ex = fs[-1].extractions[0]
>>> all(fs[-1].text[r.evidence.start:r.evidence.end] == r.evidence.quote for r in ex.references)
True
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cchc_kg.kg.build import source_ntriples
from cchc_kg.kg.catalog import national_documents
from cchc_kg.kg.ids import doc_key, slug, source_graph_iri
from cchc_kg.kg.model import (
    AgencyRecord,
    DocumentRecord,
    Evidence,
    Extraction,
    ReferenceRecord,
    ResponsibilityRecord,
    StatedRelation,
    TargetRecord,
    TaskRecord,
)

__all__ = [
    "SCALES",
    "LEVEL_SHARE",
    "DENSITY",
    "DocSpec",
    "Skeleton",
    "SynthFile",
    "SynthAlignment",
    "skeleton",
    "render",
    "files",
    "file_nquads",
    "write_nquads",
]

#: benchmark scales (number of loaded documents)
SCALES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
#: share of loaded documents per administrative level
LEVEL_SHARE = {"national": 0.01, "province": 0.09, "district": 0.30, "commune": 0.60}
YEARS = (2021, 2022, 2023, 2024, 2025)

_SYL = (
    "An", "Bình", "Phú", "Hòa", "Tân", "Long", "Thạnh", "Mỹ", "Đông", "Tây", "Nam", "Bắc",
    "Hưng", "Vĩnh", "Quảng", "Thuận", "Lạc", "Sơn", "Hải", "Trà", "Phước", "Lộc", "Cẩm", "Đức",
)
_TYPE_NAME = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "QĐ": "Quyết định", "TT": "Thông tư", "CT": "Chỉ thị",
    "KH": "Kế hoạch", "CTr": "Chương trình", "BC": "Báo cáo", "HD": "Hướng dẫn", "Luật": "Luật",
    "VBHN": "Văn bản hợp nhất",
}
_NATIONAL_MIX = (("NĐ", "CP", "Chính phủ", 3), ("QĐ", "TTg", "Thủ tướng Chính phủ", 4),
                 ("NQ", "CP", "Chính phủ", 1), ("TT", "BNV", "Bộ Nội vụ", 2), ("CT", "TTg", "Thủ tướng Chính phủ", 1))
# (type, issuer code, issuer-name prefix, weight) per local level
_LOCAL_MIX = {
    "province": (("KH", "UBND", "UBND", 5), ("QĐ", "UBND", "UBND", 2), ("CTr", "TU", "Tỉnh ủy", 1), ("BC", "UBND", "UBND", 2)),
    "district": (("KH", "UBND", "UBND", 6), ("QĐ", "UBND", "UBND", 2), ("CTr", "HU", "Huyện ủy", 1), ("BC", "UBND", "UBND", 1)),
    "commune": (("KH", "UBND", "UBND", 7), ("QĐ", "UBND", "UBND", 2), ("BC", "UBND", "UBND", 1)),
}
_PLANS = frozenset({"KH", "CTr"})
_AREAS = ("the-che", "tthc", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so")
_AREA_TEXT = ("cải cách thể chế", "cải cách thủ tục hành chính", "cải cách tổ chức bộ máy",
              "cải cách chế độ công vụ", "cải cách tài chính công", "xây dựng chính quyền số")
_METRICS = (  # (metric, unit, national target it aligns with)
    ("hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình", "%", "B05"),
    ("người dân, doanh nghiệp hài lòng với việc giải quyết thủ tục hành chính", "%", "B09"),
    ("hồ sơ công việc được xử lý trên môi trường mạng", "%", "B08"),
    ("thủ tục hành chính được số hóa kết quả giải quyết", "%", "B03"),
    ("cán bộ, công chức được bồi dưỡng kiến thức, kỹ năng", "%", None),
    ("thời gian giải quyết thủ tục hành chính được cắt giảm", "%", "B01"),
    ("văn bản quy phạm pháp luật được rà soát, hệ thống hóa", "%", None),
)
_AGENCIES = {
    "province": (("so-noi-vu", "Sở Nội vụ"), ("so-tu-phap", "Sở Tư pháp"), ("van-phong-ubnd", "Văn phòng UBND"),
                 ("so-tai-chinh", "Sở Tài chính"), ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông"),
                 ("cong-an", "Công an")),
    "district": (("phong-noi-vu", "Phòng Nội vụ"), ("phong-tu-phap", "Phòng Tư pháp"),
                 ("van-phong-hdnd-va-ubnd", "Văn phòng HĐND và UBND"), ("phong-tai-chinh-ke-hoach", "Phòng Tài chính - Kế hoạch")),
    "commune": (("ubnd", "UBND"), ("cong-chuc-van-phong-thong-ke", "Công chức Văn phòng - Thống kê"),
                ("cong-chuc-tu-phap-ho-tich", "Công chức Tư pháp - Hộ tịch")),
}
#: facts per loaded document by level, (min, max) drawn uniformly; calibrated on
#: the five real plans of shared/seeds (5–20 references, 6–48 targets, 7–100
#: tasks, 34–125 responsibilities each, 1.4k–3k triples), lighter for communes
DENSITY: dict[str, dict[str, tuple[int, int]]] = {
    "national": {"nat": (1, 3), "cites": (1, 3), "targets": (0, 0), "tasks": (0, 0), "resps": (0, 0)},
    "province": {"nat": (2, 5), "cites": (1, 5), "targets": (8, 30), "tasks": (6, 24), "resps": (10, 40)},
    "district": {"nat": (1, 3), "cites": (1, 3), "targets": (4, 16), "tasks": (3, 12), "resps": (6, 20)},
    "commune": {"nat": (1, 2), "cites": (0, 2), "targets": (2, 8), "tasks": (2, 6), "resps": (3, 8)},
}
_UNIT_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


@dataclass(frozen=True, slots=True)
class Unit:
    """An administrative unit (``parent`` indexes the level above)."""

    level: str
    name: str  # "tỉnh Phú Hòa"
    parent: int


@dataclass(slots=True)
class DocSpec:
    """One loaded document of the skeleton (cheap; rendered later)."""

    index: int
    level: str
    doc_type: str
    code: str
    issuer: str
    number: str
    year: int
    date: str
    unit: int  # index into Skeleton.units[level]; -1 for national
    key: str
    # (relation, target): target is an int (loaded doc) or a catalog key (str)
    cites: list[tuple[str, int | str]] = field(default_factory=list)
    ambiguous: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (symbol, candidate keys)
    stated: list[tuple[str, str, str]] = field(default_factory=list)  # (subject key, predicate, object key)


@dataclass(slots=True)
class Skeleton:
    """Units, the national pool and the document specs of one corpus."""

    seed: int
    units: dict[str, list[Unit]]
    docs: list[DocSpec]
    catalog: dict[str, DocumentRecord]  # key → stub record of catalog documents


@dataclass(frozen=True, slots=True)
class SynthAlignment:
    """Duck type of ``cchc_kg.kg.align.Alignment`` (what ``cchc_kg.kg.plans_graph`` reads)."""

    local_index: int
    national_id: str
    score: float
    comparison: str
    explanation: str


@dataclass(frozen=True, slots=True)
class SynthFile:
    """One synthetic source file: one document and its facts.

    ``alignments`` are ``(extraction_index, target_index, SynthAlignment)``
    as ``cchc_kg.kg.build.source_graph(..., alignments=...)`` takes them.
    """

    path: str
    text: str
    sha256: str
    extractions: list[Extraction]
    alignments: tuple[tuple[int, int, SynthAlignment], ...] = ()


def _names(n: int, word: str, rng: random.Random) -> list[str]:
    pairs = [f"{a} {b}" for a in _SYL for b in _SYL if a != b]
    rng.shuffle(pairs)
    return [f"{word} {pairs[i % len(pairs)]}" + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(n)]


def _catalog_pool() -> dict[str, DocumentRecord]:
    out: dict[str, DocumentRecord] = {}
    for d in national_documents():
        if d.doc_type not in _TYPE_NAME or not d.number:
            continue
        out[d.key] = DocumentRecord(
            doc_type=d.doc_type, number=d.number, symbol=d.symbol, issuer_code=d.issuer_code, issuer=d.issuer,
            jurisdiction="Việt Nam", level="national", date=d.date, year=d.year, origin="stub", key=d.key,
        )
    return out


def skeleton(n: int, *, seed: int = 0) -> Skeleton:
    """Plan a corpus of ``n`` loaded documents: who cites whom (fast, no text).

    >>> sk = skeleton(200)
    >>> len(sk.docs), sorted({d.level for d in sk.docs})
    (200, ['commune', 'district', 'national', 'province'])
    """
    rng = random.Random(seed)
    counts = {lvl: max(2, round(n * share)) for lvl, share in LEVEL_SHARE.items()}
    counts["commune"] = n - counts["national"] - counts["province"] - counts["district"]
    n_prov = 63
    n_dist = max(4, min(700, counts["district"] // 6))
    n_comm = max(8, min(10_000, counts["commune"] // 5))
    units = {
        "province": [Unit("province", nm, -1) for nm in _names(n_prov, "tỉnh", rng)],
        "district": [Unit("district", nm, i % n_prov) for i, nm in enumerate(_names(n_dist, "huyện", rng))],
        "commune": [Unit("commune", nm, i % n_dist) for i, nm in enumerate(_names(n_comm, "xã", rng))],
    }
    catalog = _catalog_pool()
    head = ["nq/2021/76/cp"] if "nq/2021/76/cp" in catalog else []
    cat_keys = head + sorted(k for k in catalog if k not in head)
    numbers: dict[tuple[str, str, int], int] = {}
    docs: list[DocSpec] = []

    def new(level: str, mix: Sequence[tuple[str, str, str, int]], unit: int) -> DocSpec:
        t, code, issuer_word, _ = rng.choices(mix, weights=[m[3] for m in mix])[0]
        year = rng.choice(YEARS)
        uname = units[level][unit].name if level != "national" else "Việt Nam"
        k = (t, uname, year)
        numbers[k] = numbers.get(k, 0) + rng.randint(1, 9)
        num = str(numbers[k])
        jur = None if level == "national" else uname
        issuer = issuer_word if level == "national" else f"{issuer_word} {uname}"
        key = doc_key(t, num, code, year, jurisdiction=jur)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return DocSpec(len(docs), level, t, code, issuer, num, year, date, unit, key)

    # national layer: generated documents ranked after the catalog's
    for _ in range(counts["national"]):
        d = new("national", _NATIONAL_MIX, -1)
        docs.append(d)
    national: list[int | str] = list(cat_keys) + [d.index for d in docs]
    cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.1 for r in range(len(national))))

    def zipf(k: int) -> list[int | str]:
        picks = {national[bisect.bisect_left(cum, rng.random() * cum[-1])] for _ in range(k)}
        return sorted(picks, key=str)

    dn = DENSITY["national"]
    for d in docs:
        d.cites += [("based_on", x) for x in zipf(rng.randint(*dn["nat"])) if x != d.index]
        d.cites += [("cites", x) for x in zipf(rng.randint(*dn["cites"])) if x != d.index and ("based_on", x) not in d.cites]
        if rng.random() < 0.05 and len(cat_keys) > 2:
            a, b = rng.sample(cat_keys[1:], 2)
            d.stated.append((a, rng.choice(("amends", "replaces")), b))
    plans_of: dict[tuple[str, int], list[int]] = {}

    def local(level: str, count: int) -> None:
        above = {"province": None, "district": "province", "commune": "district"}[level]
        n_units = len(units[level])
        for j in range(count):
            u = j % n_units if j < n_units else rng.randrange(n_units)
            d = new(level, _LOCAL_MIX[level], u)
            docs.append(d)
            own = plans_of.get((level, u), [])
            if above is not None:
                parent = units[level][u].parent
                ups = plans_of.get((above, parent), [])
                if ups:
                    d.cites.append(("implements" if d.doc_type in _PLANS else "based_on", rng.choice(ups)))
                if level == "commune":  # communes also cite their province's plan
                    prov = units["district"][parent].parent
                    pp = plans_of.get(("province", prov), [])
                    if pp and rng.random() < 0.5:
                        d.cites.append(("based_on", rng.choice(pp)))
            if own and d.doc_type == "KH" and rng.random() < 0.4:  # party programme of the same unit
                d.cites.append(("implements", own[-1]))
            d.cites += [("based_on", x) for x in zipf(rng.randint(*DENSITY[level]["nat"]))]
            d.cites += [("cites", x) for x in zipf(rng.randint(*DENSITY[level]["cites"])) if ("based_on", x) not in d.cites]
            if rng.random() < 0.03:
                d.ambiguous.append(("76/NQ-CP", ("nq/2013/76/cp", "nq/2021/76/cp")))
            if d.doc_type in _PLANS:
                plans_of.setdefault((level, u), []).append(d.index)

    local("province", counts["province"])
    local("district", counts["district"])
    local("commune", counts["commune"])
    return Skeleton(seed, units, docs, catalog)


# --------------------------------------------------------------------------- rendering


def _record(sk: Skeleton, d: DocSpec, origin: str, source: str | None) -> DocumentRecord:
    if d.doc_type == "CTr":
        symbol = f"{d.number}-CTr/{d.code}"
    elif d.level == "national" and d.doc_type in ("NĐ", "TT"):
        symbol = f"{d.number}/{d.year}/{d.doc_type}-{d.code}"
    else:
        symbol = f"{d.number}/{d.doc_type}-{d.code}"
    jur = "Việt Nam" if d.level == "national" else sk.units[d.level][d.unit].name
    return DocumentRecord(
        doc_type=d.doc_type, number=d.number, symbol=symbol, issuer_code=d.code, issuer=d.issuer,
        jurisdiction=jur, level=d.level, date=d.date, year=d.year, origin=origin,  # type: ignore[arg-type]
        title=(f"{_TYPE_NAME[d.doc_type]} cải cách hành chính năm {d.year}" if origin == "loaded" else None),
        source=source, key=d.key,
    )


class _Text:
    """Accumulates lines and hands out evidence spans."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parts: list[str] = []
        self.pos = 0

    def line(self, before: str, quote: str, after: str) -> Evidence:
        sentence = before + quote + after
        start = self.pos + len(before)
        self.parts.append(sentence + "\n")
        self.pos += len(sentence) + 1
        return Evidence(self.path, start, start + len(quote), sentence, quote)

    def text(self) -> str:
        return "".join(self.parts)


def render(sk: Skeleton, i: int) -> SynthFile:
    """The text and records of loaded document ``i`` (deterministic)."""
    d = sk.docs[i]
    rng = random.Random(sk.seed * 1_000_003 + i)
    level_dir = d.level if d.level == "national" else f"{d.level}/{slug(sk.units[d.level][d.unit].name)}"
    path = f"synth/{level_dir}/{d.key.replace('/', '_')}.txt"
    tx = _Text(path)
    doc = _record(sk, d, "loaded", path)
    tx.line("", d.issuer.upper(), "")
    ident = tx.line("Số: ", doc.symbol or "", "")
    doc = replace(doc, evidence=ident)
    tx.line("", _TYPE_NAME[d.doc_type].upper(), "")
    tx.line("", doc.title or "", "")
    refs: list[ReferenceRecord] = []
    for rel, target in d.cites:
        rec = sk.catalog[target] if isinstance(target, str) else _record(sk, sk.docs[target], "stub", None)
        verb = {"based_on": "Căn cứ ", "implements": "Thực hiện ", "cites": "Theo quy định tại "}[rel]
        q = f"{_TYPE_NAME.get(rec.doc_type or '', 'Văn bản')} số {rec.symbol}" + (f" ngày {rec.date[8:10]}/{rec.date[5:7]}/{rec.date[:4]}" if rec.date else "")
        ev = tx.line(verb, q, f" của {rec.issuer};")
        pin = f"khoản {rng.randint(1, 5)} Điều {rng.randint(1, 40)}" if rel == "cites" and rng.random() < 0.3 else None
        refs.append(ReferenceRecord(rel, rec, ev, pinpoint=pin))  # type: ignore[arg-type]
    for sym, cands in d.ambiguous:
        ev = tx.line("Căn cứ ", f"Nghị quyết số {sym}", " của Chính phủ;")
        stub = DocumentRecord(doc_type="NQ", number=sym.split("/")[0], symbol=sym, issuer_code="CP", origin="stub", key=doc_key("NQ", sym.split("/")[0], "CP", None))
        refs.append(ReferenceRecord("based_on", stub, ev, status="ambiguous", candidates=cands))
    stated = []
    for a, pred, b in d.stated:
        ra, rb = sk.catalog[a], sk.catalog[b]
        ev = tx.line("", f"{_TYPE_NAME.get(ra.doc_type or '', '')} số {ra.symbol}", f" {pred} {rb.symbol}.")
        stated.append(StatedRelation(ra, pred, rb, ev))
    targets: list[TargetRecord] = []
    aligns: list[tuple[int, int, SynthAlignment]] = []
    tasks: list[TaskRecord] = []
    resps: list[ResponsibilityRecord] = []
    if d.doc_type in _PLANS and d.level != "national":
        dens = DENSITY[d.level]
        for ti in range(rng.randint(*dens["targets"])):
            metric, unit, nid = rng.choice(_METRICS)
            value = float(rng.choice((50, 60, 70, 80, 90, 95, 100)))
            year = rng.choice((d.year, 2025, 2030))
            ev = tx.line("- Phấn đấu ", f"{value:g}%", f" {metric} đến năm {year}.")
            area = _AREAS[rng.randrange(len(_AREAS))]
            targets.append(TargetRecord(metric, value, unit, ">=", year, ev, value_text=f"{value:g}%", level=d.level, area=area, index=ti))
            if nid and rng.random() < 0.5:
                cmp = rng.choice(("stronger", "equal", "weaker", "different-year"))
                aligns.append((0, ti, SynthAlignment(ti, nid, round(rng.uniform(0.5, 1.0), 4), cmp, f"synthetic: {cmp}")))
        for ki in range(rng.randint(*dens["tasks"])):
            a = rng.randrange(len(_AREAS))
            ev = tx.line(f"{ki + 1}. ", f"Đẩy mạnh {_AREA_TEXT[a]}", f" trên địa bàn {doc.jurisdiction}.")
            tasks.append(TaskRecord(ev.quote, _AREAS[a], ev, index=ki))
        agencies = _AGENCIES[d.level]
        for ri in range(rng.randint(*dens["resps"])):
            kind, name = agencies[rng.randrange(len(agencies))]
            role = "lead" if ri == 0 or rng.random() < 0.4 else "support"
            ev = tx.line("", name, f" {'chủ trì' if role == 'lead' else 'phối hợp'} thực hiện nhiệm vụ.")
            ag = AgencyRecord(kind, name, doc.jurisdiction, d.level, surface=name)
            task = tasks[rng.randrange(len(tasks))].text if tasks and rng.random() < 0.5 else None
            tgt = rng.randrange(len(targets)) if targets and rng.random() < 0.3 else None
            resps.append(ResponsibilityRecord(ag, role, ev, area=_AREAS[rng.randrange(len(_AREAS))], task=task, target_index=tgt, index=ri))  # type: ignore[arg-type]
    text = tx.text()
    ex = Extraction(doc, tuple(refs), tuple(stated), tuple(targets), tuple(tasks), tuple(resps))
    return SynthFile(path, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), [ex], tuple(aligns))


def files(n: int, *, seed: int = 0) -> Iterator[SynthFile]:
    """Every file of an ``n``-document corpus, in skeleton order."""
    sk = skeleton(n, seed=seed)
    for i in range(len(sk.docs)):
        yield render(sk, i)


# --------------------------------------------------------------------------- N-Quads


def file_nquads(
    path: str, sha256: str, extractions: Sequence[Extraction], alignments: Sequence[tuple[int, int, object]] = ()
) -> str:
    """N-Quads of one file: the triples of ``cchc_kg.kg.build.source_ntriples`` in the file's named graph.

    One mapping serves the product and the benchmarks (no second writer to keep in step).

    >>> f = next(files(30))
    >>> file_nquads(f.path, f.sha256, f.extractions, f.alignments).count("\\n") > 10
    True
    """
    graph = f" <{source_graph_iri(path)}> .\n"
    nt = source_ntriples(path, sha256, extractions, alignments=alignments).decode("utf-8")
    return "".join(line[:-2] + graph for line in nt.splitlines())


_SK: Skeleton | None = None  # set in the parent before forking workers


def _render_chunk(args: tuple[int, int, str]) -> tuple[int, int]:
    lo, hi, out = args
    assert _SK is not None
    quads = 0
    with open(out, "w", encoding="utf-8") as fh:
        buf: list[str] = []
        for i in range(lo, hi):
            f = render(_SK, i)
            s = file_nquads(f.path, f.sha256, f.extractions, f.alignments)
            quads += s.count("\n")
            buf.append(s)
            if len(buf) >= 500:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return hi - lo, quads


def write_nquads(n: int, out: str | Path, *, seed: int = 0, workers: int | None = None) -> dict[str, int]:
    """Render an ``n``-document corpus to one N-Quads file using worker processes.

    Returns ``{"documents", "quads", "bytes"}``.
    """
    import multiprocessing as mp

    global _SK
    _SK = skeleton(n, seed=seed)
    workers = workers or os.cpu_count() or 1
    out = Path(out)
    chunks = max(workers * 4, 1)
    step = -(-n // chunks)
    parts = [(lo, min(n, lo + step), f"{out}.part{k}") for k, lo in enumerate(range(0, n, step))]
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            res = pool.map(_render_chunk, parts)
    else:
        res = [_render_chunk(p) for p in parts]
    with open(out, "wb") as fh:
        for _, _, p in parts:
            with open(p, "rb") as part:
                while chunk := part.read(1 << 24):
                    fh.write(chunk)
            os.unlink(p)
    _SK = None
    return {"documents": sum(r[0] for r in res), "quads": sum(r[1] for r in res), "bytes": out.stat().st_size}
