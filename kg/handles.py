"""Handles: the short name of a document that people read, copy and pass back to a command.

A handle is what ``docs``, ``show``, ``bases``, ``cited-by`` … print first on
every document line, and what they accept as ``DOC``
(:func:`cchc_kg.loaders.docquery.parse_doc_query` reads it back):

* a numbered document: its symbol, with the year when the symbol holds none
  (``45/2020/NĐ-CP``, ``53/KH-UBND 2022``, ``26-CTr/TU 2021``), and the type
  in front when the symbol does not name it (``Luật 76/2015/QH13``,
  ``HD 3759/BNV-CCHC 2021``);
* an unnumbered one: type, ``không số``, issuer and the first four hex
  digits of the key's content hash (``KH không số UBND tỉnh Vĩnh Long #be77``),
  which keeps two unnumbered plans of one issuer apart.

Handles never depend on the language or on the other documents of a store.

>>> doc_handle({"type": "NĐ", "symbol": "45/2020/NĐ-CP", "year": 2020, "key": "nd/2020/45/cp"})
'45/2020/NĐ-CP'
>>> doc_handle({"type": "KH", "symbol": "53/KH-UBND", "year": 2022, "key": "kh/2022/53/ubnd-huyen-long-phu"})
'53/KH-UBND 2022'
>>> doc_handle({"type": "Luật", "symbol": "76/2015/QH13", "year": 2015, "key": "luat/2015/76/qh13"})
'Luật 76/2015/QH13'
>>> doc_handle({"type": "KH", "symbol": None, "issuer": "UBND tỉnh Vĩnh Long", "key": "kh/nd/nn-be77ed0e/ubnd-tinh-vinh-long"})
'KH không số UBND tỉnh Vĩnh Long #be77'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cchc_kg.kg.ids import fold, slug

__all__ = ["doc_handle", "UNNUMBERED", "HASH_CHARS", "symbol_names_type"]

UNNUMBERED = "không số"
HASH_CHARS = 4
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SYMBOL_TYPE = re.compile(r"^\d+[a-zA-Z]?(?:/\d{4})?/([^/-]+)-|^\d+[a-zA-Z]?-([^/]+)/")


def symbol_names_type(symbol: str, doc_type: str | None) -> bool:
    """Whether ``symbol`` spells the document type (``45/2020/NĐ-CP`` does, ``3759/BNV-CCHC`` does not).

    >>> symbol_names_type("17-CTr/HU", "CTr"), symbol_names_type("3759/BNV-CCHC", "HD"), symbol_names_type("76/2015/QH13", "Luật")
    (True, False, False)
    """
    if not doc_type:
        return True
    m = _SYMBOL_TYPE.match(symbol)
    return bool(m) and slug(m.group(1) or m.group(2)) == slug(doc_type)


def doc_handle(d: Mapping[str, Any]) -> str:
    """The handle of a document dict (``type``, ``symbol``, ``year``, ``issuer``, ``key``; ``iri`` as a last resort)."""
    symbol = d.get("symbol")
    doc_type = d.get("type")
    key = str(d.get("key") or "")
    if symbol:
        h = str(symbol)
        if not symbol_names_type(h, doc_type):
            h = f"{doc_type} {h}"
        year = d.get("year") or (d.get("date") or "")[:4] or None
        if year and not _YEAR.search(str(symbol)):
            h = f"{h} {year}"
        return h
    parts = key.split("/")
    if len(parts) == 4 and parts[2].startswith("nn-"):
        issuer = d.get("issuer") or parts[3].replace("-", " ")
        year = f" {parts[1]}" if parts[1].isdigit() else ""
        return f"{doc_type or parts[0].upper()} {UNNUMBERED} {issuer}{year} #{parts[2][3:3 + HASH_CHARS]}"
    return str(d.get("iri") or key or "?")


def unnumbered_fold(text: str) -> bool:
    """Whether a DOC argument names an unnumbered document (``… không số …`` / ``unnumbered``)."""
    f = fold(text)
    return " khong so" in f or f.startswith("khong so") or "unnumbered" in f
