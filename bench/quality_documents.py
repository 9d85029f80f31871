"""Identity, attachments, legal bases and implements on annotated corpus files.

Run: ``python bench/quality_documents.py`` (a table per sample; ``--json``
for machine output, ``--errors`` to list every disagreement, ``--sample
local|gazette|seeds`` to restrict). The gold annotations are
``tests/annotations/gold/*.json`` (hand-annotated, keys and spans only: see
``tests/annotations/README.md``); the documents themselves are read from
``../shared/corpus`` and ``../shared/seeds``.

Fields, per sample:

- ``identity``: main documents whose symbol and year are both right (a
  document without a number must come out without one);
- ``issuer``, ``type``, ``date``: accuracy on the main documents;
- ``attached``: precision/recall of attached documents (type and parent);
- ``bases`` / ``implements``: precision/recall of the cited documents, as
  a multiset per document, matched on (type, number, year) — or (law name,
  year) for a law cited by name only;
- ``not_official``: files that are about documents (news, Q&A) and must be
  reported, not stored;
- ``forms``: stored documents whose heading lies in an annotated form or
  template (must be 0).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cchc_kg.kg.errors import CchcError
from cchc_kg.kg.ids import fold
from cchc_kg.loaders.pipeline import extract_source, read_text_file

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "annotations" / "gold"
SHARED = ROOT.parent / "shared"

__all__ = ["evaluate", "cite_id", "issuer_id", "Scores", "GOLD", "SHARED"]

_ABBREV = (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"), ("ttg", "thu tuong chinh phu"))


def issuer_id(name: str | None) -> str:
    """Issuer name folded for comparison (abbreviations expanded).

    >>> issuer_id("UBND tỉnh Vĩnh Long") == issuer_id("Ủy ban nhân dân Tỉnh Vĩnh Long")
    True
    """
    if not name:
        return ""
    s = fold(name)
    for short, long in _ABBREV:
        s = re.sub(rf"\b{short}\b", long, s)
    return " ".join(s.split())


def _number(n: str | None) -> str:
    n = (n or "").strip().lower()
    return n.lstrip("0") or n


_AMENDING = re.compile(r"^sua doi,? bo sung(?: mot so dieu)?(?: cua)? (?:bo luat|luat) (?P<first>.+?)(?=,| so | va | nam |$)")


def _law_name(name: str) -> str:
    """Folded law name; an amending law is named by the first law it amends."""
    s = fold(name)
    s = re.sub(r"^(bo luat|luat)\s+", "", s).strip(" ,.;")
    m = _AMENDING.match(s)
    return "amends " + m.group("first").strip() if m else s


def cite_id(kind: str, number: str | None, year: int | None, law: str | None = None) -> tuple[str, str, str]:
    """Comparable identity of a cited document.

    >>> cite_id("NĐ", "045", 2020)
    ('nd', '45', '2020')
    >>> cite_id("Luật", None, 2015, "Luật Tổ chức chính quyền địa phương")
    ('luat', 'name:to chuc chinh quyen dia phuong', '2015')
    """
    t = fold(kind or "").replace(" ", "")
    if number:
        return (t, _number(number), str(year) if year else "?")
    return (t, "name:" + _law_name(law or ""), str(year) if year else "?")


_SYM_TYPE = re.compile(r"[/-]([A-Za-zĐđ]+)[-/]")


def _gold_cite(g: dict) -> tuple[str, str, str]:
    if "law" in g:
        return cite_id("Luật" if not fold(g["law"]).startswith("hien phap") else "HP", None, g.get("year"), g["law"])
    sym = g["symbol"]
    num = re.match(r"\s*(\d+[a-zđ.\d]*)", sym)
    year = g.get("year")
    m = re.search(r"/((?:19|20)\d\d)/", sym)
    if m:
        year = int(m.group(1))
    kind = g.get("type") or ""
    return cite_id(kind, num.group(1) if num else sym, year)


def _pred_cites(target) -> list[tuple[str, str, str]]:
    """The ids a predicted target can match (number form and, for laws, name form)."""
    out = []
    kind = target.doc_type or ""
    if fold(target.law_name or "").startswith("hien phap"):
        kind = "HP"
    if target.number:
        out.append(cite_id(kind, target.number, target.year))
    if target.law_name:
        out.append(cite_id(kind or "Luật", None, target.year, target.law_name))
        out.append(cite_id(kind or "Luật", None, None, target.law_name))
    return out


def _match(golds: list[tuple[str, str, str]], preds: list[list[tuple[str, str, str]]]) -> tuple[int, list, list]:
    """Greedy one-to-one matching; a gold year '?' matches any year."""
    left = list(range(len(preds)))
    missed = []
    tp = 0
    for g in golds:
        hit = None
        for i in left:
            for p in preds[i]:
                if p == g or (g[2] == "?" and p[:2] == g[:2]) or (p[2] == "?" and p[:2] == g[:2] and g[1].startswith("name:")):
                    hit = i
                    break
            if hit is not None:
                break
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
            tp += 1
    return tp, missed, [preds[i][0] for i in left]


@dataclass
class Scores:
    """Counts for one sample; :meth:`table` turns them into figures."""

    files: int = 0
    official: int = 0
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def ratio(self, ok: str, total: str) -> float | None:
        return self.counts[ok] / self.counts[total] if self.counts[total] else None

    def table(self) -> dict[str, float | int | None]:
        c = self.counts
        return {
            "files": self.files,
            "official": self.official,
            "identity": self.ratio("id_ok", "main"),
            "type": self.ratio("type_ok", "main"),
            "issuer": self.ratio("issuer_ok", "main"),
            "date": self.ratio("date_ok", "dated"),
            "attached_p": self.ratio("att_tp", "att_pred"),
            "attached_r": self.ratio("att_tp", "att_gold"),
            "bases_p": self.ratio("bases_tp", "bases_pred"),
            "bases_r": self.ratio("bases_tp", "bases_gold"),
            "implements_p": self.ratio("impl_tp", "impl_pred"),
            "implements_r": self.ratio("impl_tp", "impl_gold"),
            "not_official": self.ratio("nonoff_ok", "nonoff"),
            "forms_stored": c["forms_stored"],
            "failed_files": c["failed"],
        }


def _score_relation(sc: Scores, name: str, gold: list[dict], refs, rel: str, tag: str) -> None:
    golds = [_gold_cite(g) for g in gold]
    preds = [_pred_cites(r.target) for r in refs if r.relation == rel]
    preds = [p for p in preds if p]
    tp, missed, extra = _match(golds, preds)
    key = "bases" if rel == "based_on" else "impl"
    sc.counts[f"{key}_tp"] += tp
    sc.counts[f"{key}_gold"] += len(golds)
    sc.counts[f"{key}_pred"] += len(preds)
    for m in missed:
        sc.errors.append(f"{tag} missed {rel} {m}")
    for x in extra:
        sc.errors.append(f"{tag} extra {rel} {x}")


def _symbol_norm(s: str | None) -> str:
    if not s:
        return ""
    s = fold(s).replace(" ", "").replace("*", "")
    return re.sub(r"^0+(?=\d)", "", s)


def evaluate_file(gold: dict, path: Path, sc: Scores) -> None:
    """Score one annotated file into ``sc``."""
    name = gold["file"]
    sc.files += 1
    try:
        exs = extract_source(read_text_file(path))
    except CchcError as exc:
        exs = []
        reported = type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - a crash is a failure of the file, scored as such
        exs = []
        reported = "crash"
        sc.counts["failed"] += 1
        sc.errors.append(f"{name} crash {type(exc).__name__}: {exc}")
    else:
        reported = None
    if gold["kind"] != "official":
        sc.counts["nonoff"] += 1
        if not exs:
            sc.counts["nonoff_ok"] += 1
        else:
            sc.errors.append(f"{name} stored a non-document ({gold['kind']}) as {exs[0].document.symbol or exs[0].document.doc_type}")
        return
    sc.official += 1
    if not exs:
        sc.counts["failed"] += 1
        sc.errors.append(f"{name} no document extracted ({reported})")
    gdocs = gold["documents"]
    main = [g for g in gdocs if g["role"] == "main"]
    # main documents pair with predicted documents not attached to another (in order)
    pred_main = [ex for ex in exs if ex.document.part == 0 or not _is_attachment(ex, exs)]
    pred_att = [ex for ex in exs if ex not in pred_main]
    for k, g in enumerate(main):
        tag = f"{name}#{k}"
        sc.counts["main"] += 1
        ex = pred_main[k] if k < len(pred_main) else None
        d = ex.document if ex else None
        sym_ok = d is not None and _symbol_norm(d.symbol) == _symbol_norm(g.get("symbol"))
        year_ok = d is not None and d.year == g.get("year")
        if sym_ok and year_ok:
            sc.counts["id_ok"] += 1
        else:
            sc.errors.append(f"{tag} identity: got {d.symbol if d else None!r} {d.year if d else None}, gold {g.get('symbol')!r} {g.get('year')}")
        if d is not None and fold(d.doc_type or "") == fold(g["doc_type"]):
            sc.counts["type_ok"] += 1
        else:
            sc.errors.append(f"{tag} type: got {d.doc_type if d else None!r}, gold {g['doc_type']!r}")
        if d is not None and issuer_id(d.issuer) == issuer_id(g.get("issuer")):
            sc.counts["issuer_ok"] += 1
        else:
            sc.errors.append(f"{tag} issuer: got {d.issuer if d else None!r}, gold {g.get('issuer')!r}")
        sc.counts["dated"] += 1
        if d is not None and d.date == g.get("date"):
            sc.counts["date_ok"] += 1
        else:
            sc.errors.append(f"{tag} date: got {d.date if d else None!r}, gold {g.get('date')!r}")
        refs = ex.references if ex else ()
        _score_relation(sc, name, g.get("bases", []), refs, "based_on", tag)
        _score_relation(sc, name, g.get("implements", []), refs, "implements", tag)
    # attachments: type + parent
    gatt = Counter(fold(g["doc_type"]) for g in gdocs if g["role"] == "attached")
    patt = Counter(fold(ex.document.doc_type or "") for ex in pred_att)
    tp = sum((gatt & patt).values())
    sc.counts["att_tp"] += tp
    sc.counts["att_gold"] += sum(gatt.values())
    sc.counts["att_pred"] += sum(patt.values())
    for t in (gatt - patt):
        sc.errors.append(f"{name} missed attachment {t}")
    for t in (patt - gatt):
        sc.errors.append(f"{name} extra attachment {t}")
    for g in [g for g in gdocs if g["role"] == "attached"]:
        ex = next((e for e in pred_att if fold(e.document.doc_type or "") == fold(g["doc_type"])), None)
        if ex is not None:
            _score_relation(sc, name, g.get("bases", []), ex.references, "based_on", f"{name}+{g['doc_type']}")
            _score_relation(sc, name, g.get("implements", []), ex.references, "implements", f"{name}+{g['doc_type']}")
    forms = [tuple(s) for s in gold.get("not_documents", [])]
    for ex in exs[1:]:
        ev = ex.document.evidence
        if ev and any(s <= ev.start < e + 200 for s, e in forms):
            sc.counts["forms_stored"] += 1
            sc.errors.append(f"{name} stored a form/template as {ex.document.doc_type} at {ev.start}")


def _is_attachment(ex, exs) -> bool:
    return ex.document.part > 0 and ex is not exs[0]


def evaluate(gold_dir: Path = GOLD, shared: Path = SHARED, samples: tuple[str, ...] = ("local", "gazette", "seeds")) -> dict[str, Scores]:
    """Scores per sample over every gold file found."""
    out: dict[str, Scores] = {}
    for gp in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gp.read_text("utf-8"))
        sample = gold["file"].split("/", 1)[0]
        if sample not in samples:
            continue
        base = shared / "seeds" if sample == "seeds" else shared / "corpus"
        path = base / (gold["file"].split("/", 1)[1] if sample == "seeds" else gold["file"])
        evaluate_file(gold, path, out.setdefault(sample, Scores()))
    return out


def _fmt(v) -> str:
    return "—" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--sample", action="append")
    a = ap.parse_args(argv)
    res = evaluate(samples=tuple(a.sample) if a.sample else ("local", "gazette", "seeds"))
    if a.json:
        print(json.dumps({k: v.table() for k, v in res.items()}, indent=1))
    else:
        names = list(res)
        fields = list(next(iter(res.values())).table()) if res else []
        print("| field | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for f in fields:
            print(f"| {f} | " + " | ".join(_fmt(res[n].table()[f]) for n in names) + " |")
    if a.errors:
        for n, sc in res.items():
            for e in sc.errors:
                print(f"[{n}] {e}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
