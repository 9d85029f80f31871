"""Words people read, in Vietnamese (default) and English, for the library's stable codes.

Every vocabulary keeps one owner: relation words live in the relation
registry (:mod:`cchc_kg.kg.relations`), area/role/level names with their
concepts (:mod:`cchc_kg.kg.concepts`), comparison and comparator words with
the target alignment (:mod:`cchc_kg.kg.align`). This module only gathers
them behind one function, :func:`term`, and adds what a line of text needs:
dates (dd/mm/yyyy in Vietnamese), target values ("giảm tối thiểu 10 %"),
the phrases of the command line (:func:`say`) and the choice of language
(``CCHC_KG_LANG``). JSON keys never change with the language: callers add
``*_label`` fields next to the codes (:func:`add_labels`).

Pure Python, no graph library.

>>> term("vi", "relation", "based_on"), term("en", "relation-inverse", "replaces")
('căn cứ', 'replaced by')
>>> term("vi", "area", "tthc"), term("vi", "comparison", "different-year")
('Cải cách thủ tục hành chính', 'khác năm')
>>> fmt_date("2022-03-23"), fmt_date("2022-03-23", "en"), fmt_date(None)
('23/03/2022', '2022-03-23', '')
>>> fmt_value({"comparator": "reduce>=", "value": 10.0, "unit": "%"})
'giảm tối thiểu 10 %'
>>> fmt_value({"comparator": "reduce>=", "value": 10.0, "unit": "%"}, "en")
'reduce by at least 10%'
>>> say("vi", "n-documents", n=3), say("en", "n-documents", n=3)
('3 văn bản', '3 documents')
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from cchc_kg.kg.align import COMPARATOR_LABELS, COMPARISON_LABELS
from cchc_kg.kg.concepts import (
    AREA_LABELS, AREA_LABELS_EN, LEVEL_LABELS, LEVEL_LABELS_EN, ROLE_LABELS, ROLE_LABELS_EN, ROLE_WORDS,
)
from cchc_kg.kg.relations import BY_NAME

__all__ = ["LANGS", "LANG_ENV", "pick_lang", "env_lang", "term", "fmt_date", "fmt_number", "fmt_value", "say",
           "PHRASES", "add_labels", "translate_message", "CHECK_WORDS", "VALIDITY_WORDS", "ORIGIN_LABELS", "SEVERITY_LABELS", "EVENT_LABELS"]

LANGS = ("vi", "en")
LANG_ENV = "CCHC_KG_LANG"

#: node origins → (Vietnamese, English)
ORIGIN_LABELS: dict[str, tuple[str, str]] = {
    "loaded": ("đã nạp", "loaded"), "stub": ("chỉ được dẫn chiếu, chưa nạp", "referenced, not loaded"),
    "catalog": ("danh mục", "catalog"),
}
#: finding severities of ``check`` → (Vietnamese, English)
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "error": ("LỖI", "ERROR"), "warning": ("CẢNH BÁO", "WARNING"), "info": ("THÔNG TIN", "INFO"),
}
#: organisation-change events → (Vietnamese, English)
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "merger": ("hợp nhất, sáp nhập", "merger"), "status-change": ("đổi tên, chuyển đổi", "status change"),
    "province-merger": ("sắp xếp đơn vị hành chính cấp tỉnh", "province merger"), "dissolution": ("giải thể", "dissolution"),
    "function-transfer": ("chuyển giao chức năng", "function transfer"),
}


def pick_lang(value: str | None) -> str:
    """``"en"`` when asked for English (any case), else ``"vi"``.

    >>> pick_lang("EN"), pick_lang(None), pick_lang("vi")
    ('en', 'vi', 'vi')
    """
    return "en" if (value or "").strip().lower() in ("en", "english") else "vi"


def env_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by ``CCHC_KG_LANG`` (Vietnamese when unset).

    >>> env_lang({"CCHC_KG_LANG": "en"}), env_lang({})
    ('en', 'vi')
    """
    return pick_lang((os.environ if environ is None else environ).get(LANG_ENV))


def _pairs(vi: Mapping[str, str], en: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    return {k: (v, en.get(k, k)) for k, v in vi.items()}


_ROLE_WORDS = {k: ROLE_WORDS.get(k, v[:1].lower() + v[1:]) for k, v in ROLE_LABELS.items()}
_KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "role": _pairs(_ROLE_WORDS, ROLE_LABELS_EN),
    "area": _pairs(AREA_LABELS, AREA_LABELS_EN),
    "level": _pairs({k: v[:1].lower() + v[1:] for k, v in LEVEL_LABELS.items()}, LEVEL_LABELS_EN),
    "comparison": COMPARISON_LABELS,
    "comparator": COMPARATOR_LABELS,
    "origin": ORIGIN_LABELS,
    "severity": SEVERITY_LABELS,
    "event": EVENT_LABELS,
}


def term(lang: str, kind: str, code: str | None) -> str:
    """Words for a code of one vocabulary; the code itself when unknown, ``""`` for ``None``.

    ``kind``: relation, relation-inverse, role, area, level, comparison,
    comparator, origin, severity, event.

    >>> term("vi", "role", "lead"), term("en", "role", "lead"), term("vi", "area", "xyz"), term("vi", "role", None)
    ('chủ trì', 'lead', 'xyz', '')
    """
    if code is None:
        return ""
    if kind in ("relation", "relation-inverse"):
        r = BY_NAME.get(code)
        return r.label(lang, inverse=kind == "relation-inverse") if r else code
    pair = _KINDS.get(kind, {}).get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def fmt_date(value: Any, lang: str = "vi") -> str:
    """An ISO date as people write it: ``dd/mm/yyyy`` in Vietnamese, ISO in English; ``""`` for ``None``.

    Anything that is not an ISO date is returned as text.

    >>> fmt_date("2021-07-15"), fmt_date("2021"), fmt_date("2021-07-15", "en")
    ('15/07/2021', '2021', '2021-07-15')
    """
    if value is None or value == "":
        return ""
    s = str(value)
    if lang == "en" or len(s) < 10 or s[4] != "-" or s[7] != "-":
        return s
    return f"{s[8:10]}/{s[5:7]}/{s[:4]}"


def fmt_number(v: Any, lang: str = "vi") -> str:
    """A number without trailing zeros, with the decimal comma in Vietnamese.

    >>> fmt_number(80.0), fmt_number(0.5), fmt_number(0.5, "en"), fmt_number(None)
    ('80', '0,5', '0.5', '?')
    """
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return "?"
    s = "%g" % v
    return s if lang == "en" else s.replace(".", ",")


def fmt_value(t: Mapping[str, Any], lang: str = "vi") -> str:
    """A target's value with its comparator and unit ("tối thiểu 80 %", "at least 80%").

    >>> fmt_value({"comparator": ">=", "value": 80.0, "unit": "%"})
    'tối thiểu 80 %'
    >>> fmt_value({"comparator": "top", "value": 10.0, "unit": "rank"}), fmt_value({"comparator": "=", "value": 30, "unit": "phút"}, "en")
    ('nhóm 10 dẫn đầu', '30 phút')
    """
    cmp, unit = t.get("comparator"), t.get("unit") or ""
    num = fmt_number(t.get("value"), lang)
    if unit == "rank" or cmp == "top":
        return f"nhóm {num} dẫn đầu" if lang != "en" else f"top {num}"
    words = term(lang, "comparator", cmp) if cmp else ""
    if cmp == "=" and lang != "en":
        words = ""
    if unit == "%":
        val = f"{num} %" if lang != "en" else f"{num}%"
    else:
        val = f"{num} {unit}".strip()
    return f"{words} {val}".strip()


#: phrases of the command line: key → (Vietnamese, English), ``str.format`` fields
PHRASES: dict[str, tuple[str, str]] = {
    "n-documents": ("{n} văn bản", "{n} documents"),
    "building": ("đang xây dựng", "building"),
    "build-summary": ("{files} tệp: {loaded} đã nạp, {unchanged} không đổi, {failed} có vấn đề; {documents} văn bản, "
                      "{references} dẫn chiếu, {targets} chỉ tiêu, {responsibilities} phân công; {triples} bộ ba "
                      "trong {store} ({seconds} giây)",
                      "{files} files: {loaded} loaded, {unchanged} unchanged, {failed} reported; {documents} documents, "
                      "{references} references, {targets} targets, {responsibilities} responsibilities; {triples} "
                      "triples in {store} ({seconds} s)"),
    "reported": ("có vấn đề", "reported"),
    "problem": ("vấn đề", "problem"),
    "error": ("lỗi", "error"),
    "unnumbered": ("không số", "unnumbered"),
    "date": ("ngày", "dated"),
    "year": ("năm", "year"),
    "cited-by-n": ("được dẫn chiếu bởi {n} văn bản", "cited by {n} documents"),
    "no-citers": ("không có văn bản nào dẫn chiếu", "no citing documents"),
    "cycle": ("vòng lặp", "cycle"),
    "see-above": ("đã nêu ở trên", "see above"),
    "in-force-on": ("còn hiệu lực ngày {d}", "in force on {d}"),
    "not-in-force-on": ("HẾT hiệu lực ngày {d}", "NOT in force on {d}"),
    "in-force-unknown": ("hiệu lực ngày {d}: chưa rõ (không có trong danh mục hiệu lực)",
                         "in force on {d}: unknown (not in the validity catalog)"),
    "status": ("Tình trạng", "Status"),
    "handle": ("Ký hiệu tra cứu", "Handle"),
    "identity": ("Thông tin văn bản", "Identity"),
    "type": ("Loại", "Type"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "signed": ("Ngày ban hành", "Signed"),
    "jurisdiction": ("Địa bàn", "Jurisdiction"),
    "level": ("Cấp", "Level"),
    "source": ("Tệp nguồn", "Source file"),
    "origin": ("Nguồn gốc", "Origin"),
    "key": ("Khoá", "Key"),
    "overview": ("Lược đồ văn bản", "Document overview"),
    "none": ("không có", "none"),
    "coverage-head": ("chỉ tiêu|quốc gia", "target|national"),
    "plans-legend": ("kế hoạch", "plans"),
    "no-target-matches": ("không có chỉ tiêu quốc gia nào khớp với {q!r}", "no national target matches {q!r}"),
    "did-you-mean": ("có phải bạn muốn tìm: {s}", "did you mean: {s}"),
    "lineage": ("chuỗi căn cứ", "lineage"),
    "lineage-unresolved": ("chuỗi căn cứ chưa nối được: đồ thị dừng ở {chain}, không có liên kết tới văn bản quốc gia",
                           "lineage unresolved: the graph reaches {chain}, with no link to the national document"),
    "nothing": ("không có gì", "nothing"),
    "inferred-link": ("liên kết suy ra (chưa có trong văn bản): {src} → {dst}, qua chỉ tiêu {ids} đã đối chiếu",
                      "inferred link (not stated in the documents): {src} → {dst}, through the aligned target(s) {ids}"),
    "group": ("nhóm", "group"),
    "n-responsibilities": ("{n} nhiệm vụ", "{n} responsibilities"),
    "held-by": ("ngày {d} do {names} đảm nhiệm", "held on {d} by: {names}"),
    "nobody": ("không còn ai (đã giải thể)", "nobody (dissolved)"),
    "confidence": ("độ tin cậy", "confidence"),
    "conforms": ("đồ thị phù hợp các ràng buộc SHACL", "conforms"),
    "violations": ("{n} vi phạm", "{n} violations"),
    "wrote": ("đã ghi {path} ({size} byte)", "wrote {path} ({size} bytes)"),
    "note-took-over": ("lưu ý: lần xây dựng trước (pid {pid}) dừng giữa chừng; khoá của nó được tiếp quản và mọi tệp "
                       "đã xong vẫn được giữ",
                       "note: the previous build (pid {pid}) stopped without finishing; its lock is taken over "
                       "and every file it finished is kept"),
    "note-moved-damaged": ("lưu ý: kho bị hỏng đã được chuyển sang {path}; đang xây dựng kho mới",
                           "note: the damaged store was moved to {path}; building a new one"),
    "interrupted": ("đã ngắt: mọi tệp xong trước khi ngắt đều được lưu; chạy lại đúng lệnh này để tiếp tục",
                    "interrupted: every file finished before the interruption is stored; run the same build again to resume"),
    "terminated": ("đã bị dừng: mọi tệp xong trước khi dừng đều được lưu; chạy lại đúng lệnh này để tiếp tục",
                   "terminated: every file finished before the interruption is stored; run the same build again to resume"),
    "wiped": ("đã xoá {n} nút", "wiped {n} nodes"),
    "wrote-csv": ("đã ghi {nodes} và {rels} ({n} nút, {r} quan hệ)", "wrote {nodes} and {rels} ({n} nodes, {r} relationships)"),
    "wrote-cypher": ("đã ghi {path} ({k} câu lệnh); chạy: cypher-shell -f {path}", "wrote {path} ({k} statements); run: cypher-shell -f {path}"),
    "wrote-graph": ("đã ghi {path} ({n} nút, {r} cạnh)", "wrote {path} ({n} nodes, {r} edges)"),
    "put-graphs": ("đã đẩy {g} đồ thị ({t} bộ ba) lên {endpoint}", "put {g} graphs ({t} triples) to {endpoint}"),
    "confirm-wipe": ("Xoá mọi nút và quan hệ trong {where}?", "Delete every node and relationship in {where}?"),
    "pushing": ("đang đẩy lên {dialect}", "pushing to {dialect}"),
    "pushed": ("đã ghi {nodes} nút và {rels} quan hệ trong {batches} lô ({chunks} đoạn văn bản nối thêm, {seconds} giây) "
               "lên {uri} [{dialect}]; máy chủ đang giữ {server_nodes} nút, {server_rels} quan hệ",
               "wrote {nodes} nodes and {rels} relationships in {batches} batches ({chunks} appended text chunks, "
               "{seconds} s) to {uri} [{dialect}]; server holds {server_nodes} nodes, {server_rels} relationships"),
    "import-hint": ("nhập: neo4j-admin database import full --nodes={n} --relationships={r} --multiline-fields=true",
                    "import: neo4j-admin database import full --nodes={n} --relationships={r} --multiline-fields=true"),
    "serving": ("đang phục vụ {store} tại http://{host}:{port}/ (chỉ đọc; Ctrl-C để dừng)",
                "serving {store} on http://{host}:{port}/ (read-only; Ctrl-C to stop)"),
    "target": ("chỉ tiêu", "target"),
    "national": ("quốc gia", "national"),
    "plans": ("kế hoạch", "plans"),
    "no-area": ("(chưa rõ lĩnh vực)", "(no reform area)"),
    "validity": ("hiệu lực", "validity"),
    "ambiguous": ("{q!r} khớp với nhiều văn bản:", "{q!r} is ambiguous; candidates:"),
    "ambiguous-hint": ("Dùng ký hiệu tra cứu in ở đầu dòng (ví dụ '76/NQ-CP 2021') hoặc IRI.",
                       "Pass the handle printed first on the line (e.g. '76/NQ-CP 2021') or an IRI."),
    "facts": ("{n} sự kiện", "{n} facts"),
    "note": ("lưu ý", "note"),
    "wrote-view": ("đã ghi {path}: {nodes} nút, {edges} cạnh ({seconds} giây)", "wrote {path}: {nodes} nodes, {edges} edges ({seconds} s)"),
}


#: words of the ``check`` report and of the validity lines, per language
CHECK_WORDS: dict[str, dict[str, str]] = {
    "vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN", "checked": "Kiểm tra {n} văn bản (tính đến {d})",
           "found": "{n} phát hiện trong {m} văn bản", "set_aside": "không tính", "none": "không có phát hiện nào",
           "own-clause": "điều khoản thay thế/bãi bỏ của chính văn bản", "law-by-name": "luật viện dẫn theo tên, hiểu theo ngày ký",
           "not-a-reference": "tiêu đề hoặc dòng bị ngắt, không phải viện dẫn", "resolved-by-date": "xác định được theo ngày ký",
           "resolved-by-year": "xác định được theo năm ghi sau tên luật",
           "consolidated-text": "văn bản hợp nhất (trích lại viện dẫn của văn bản gốc)", "own-name": "văn bản tự nêu tên mình",
           "review-mention": "văn bản rà soát/danh mục nêu văn bản đã hết hiệu lực",
           "name-not-in-collection": "tên luật không có văn bản tương ứng trong kho",
           "basis-of-promulgating-document": "kế hoạch kèm theo quyết định có căn cứ",
           "replaced": "bị thay thế", "since": "từ", "by": "bởi", "in_force": "còn hiệu lực", "ended": "hết hiệu lực"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO", "checked": "Checked {n} documents (as of {d})",
           "found": "{n} findings in {m} documents", "set_aside": "set aside", "none": "no findings",
           "own-clause": "the document's own replacing/repealing clause", "law-by-name": "law cited by name, read by the citing date",
           "not-a-reference": "heading or broken line, not a reference", "resolved-by-date": "resolved by the citing date",
           "resolved-by-year": "resolved by the year written after the law's name",
           "consolidated-text": "consolidated text (reproduces the citations of the originals)", "own-name": "the document naming itself",
           "review-mention": "a review or list mentioning ended documents",
           "name-not-in-collection": "a law name no document of the collection bears",
           "basis-of-promulgating-document": "an attached plan whose issuing decision states the basis",
           "replaced": "replaced", "since": "since", "by": "by", "in_force": "in force", "ended": "no longer in force"},
}

VALIDITY_WORDS: dict[str, dict[str, str]] = {
    "vi": {"replaces": "bị thay thế bởi", "repeals": "bị bãi bỏ bởi", "amends": "bị sửa đổi bởi", "validity": "hiệu lực",
           "successor-signed": "ngày ký của văn bản sau", "successor-effective": "ngày hiệu lực của văn bản sau",
           "effective": "có hiệu lực từ", "clause": "theo điều khoản hiệu lực", "catalog": "theo danh mục"},
    "en": {"replaces": "replaced by", "repeals": "repealed by", "amends": "amended by", "validity": "validity",
           "successor-signed": "the successor's signing date", "successor-effective": "the successor's entry into force",
           "effective": "in force from", "clause": "by its entry-into-force clause", "catalog": "by the catalog"},
}


def say(lang: str, key: str, **fields: Any) -> str:
    """A phrase of the command line in ``lang``, with its fields filled in (the key when unknown)."""
    pair = PHRASES.get(key)
    if pair is None:
        return key
    return (pair[1] if lang == "en" else pair[0]).format(**fields)


#: the common failure messages of the library (English, as raised) → their Vietnamese wording
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), vi) for p, vi in (
    (r"^no document matches (?P<q>.+)$", "không có văn bản nào khớp với {q}: xem danh sách bằng `cchc-kg docs`"),
    (r"^no document was loaded from (?P<q>.+)$", "không có văn bản nào được nạp từ {q}"),
    (r"^no document (?P<q>.+)$", "không có văn bản {q}"),
    (r"^no graph store at (?P<d>\S+) \(run `(?P<cmd>[^`]+)` first\)$", "chưa có kho đồ thị tại {d} (chạy `{cmd}` trước)"),
    (r"^no graph store at (?P<d>\S+)$", "chưa có kho đồ thị tại {d}"),
    (r"^no such file or folder: (?P<p>.+)$", "không có tệp hoặc thư mục: {p}"),
    (r"^no such file or folder(?P<p>.*): check the path$", "không có tệp hoặc thư mục{p}: kiểm tra đường dẫn"),
    (r"^permission denied(?P<p>.*): check the permissions or choose another path$",
     "không có quyền truy cập{p}: kiểm tra quyền hoặc chọn đường dẫn khác"),
    (r"^no space left on the device(?P<p>.*): free some space and run again \(files written before are intact\)$",
     "hết dung lượng đĩa{p}: giải phóng bớt rồi chạy lại (các tệp đã ghi trước đó vẫn nguyên vẹn)"),
    (r"^the store at (?P<d>\S+) is damaged: rebuild it with `(?P<cmd>[^`]+)` \(or delete the folder and build again\)$",
     "kho tại {d} bị hỏng: xây dựng lại bằng `{cmd}` (hoặc xoá thư mục rồi xây dựng lại)"),
    (r"^the store at (?P<d>\S+) is read-only: .*$", "kho tại {d} chỉ đọc được: sửa quyền hoặc chép sang thư mục ghi được"),
    (r"^(?P<p>.+): not an official document \(no national motto, number or type heading\).*$",
     "{p}: không phải văn bản hành chính (không có quốc hiệu, số hay tên loại văn bản): bỏ tệp này khỏi lô, "
     "hoặc nạp chính văn bản (có quốc hiệu và 'Số: …')"),
    (r"^no loadable files found under (?P<p>.+)$", "không tìm thấy tệp nào nạp được trong {p}"),
    (r"^unknown format (?P<f>'[^']*'); use (?P<u>.+)$", "định dạng {f} không hỗ trợ; dùng {u}"),
    (r"^no national target matches (?P<q>.+)$", "không có chỉ tiêu quốc gia nào khớp với {q}"),
    (r"^the store (?P<d>\S+) is being written by (?P<h>.+); wait for it to finish$",
     "kho {d} đang được ghi bởi {h}; chờ tiến trình đó xong rồi chạy lại"),
    (r"^the store (?P<d>\S+) is in use by another writer; wait for it to finish$",
     "kho {d} đang được một tiến trình khác ghi; chờ tiến trình đó xong rồi chạy lại"),
    (r"^the store (?P<d>\S+) was being written by pid (?P<pid>\d+), which is no longer running, but (?P<who>.+) still hold "
     r"its lock: stop them(?P<stop>.*) and run again$",
     "kho {d} đang được ghi bởi pid {pid}, tiến trình này đã dừng nhưng vẫn còn tiến trình giữ khoá ({who}): "
     "dừng chúng{stop} rồi chạy lại"),
    (r"^(?P<e>.+) \(--strict: stopping\)$", "{e} (--strict: dừng lại)"),
    (r"^cannot read (?P<p>.+?): (?P<e>.+)$", "không đọc được {p}: {e}"),
    (r"^(?P<p>.+) is (?P<k>a FIFO|a device|a socket|not a regular file), not a document file: pass files or folders$",
     "{p} không phải tệp văn bản ({k}): hãy chỉ ra tệp hoặc thư mục"),
    (r"^(?P<p>.+) is not a regular file \(a FIFO, device or folder\): pass a query file$",
     "{p} không phải tệp thường (FIFO, thiết bị hay thư mục): hãy chỉ ra một tệp truy vấn"),
    (r"^no such query file: (?P<p>.+)$", "không có tệp truy vấn: {p}"),
    (r"^unknown report (?P<k>'[^']*'); use one of (?P<u>.+)$", "không có báo cáo {k}; chọn một trong: {u}"),
    (r"^report (?P<k>\S+) needs exactly one --doc$", "báo cáo {k} cần đúng một --doc"),
    (r"^no endpoint: pass --endpoint URL or set CCHC_SPARQL_ENDPOINT$",
     "chưa có địa chỉ máy chủ: truyền --endpoint URL hoặc đặt biến CCHC_SPARQL_ENDPOINT"),
    (r"^not wiped; nothing written$", "không xoá; chưa ghi gì"),
    (r"^authentication failed: (?P<r>.+)$", "xác thực thất bại: {r}"),
))


def translate_message(message: str, lang: str = "vi") -> str:
    """A library failure message in ``lang``: the common ones reworded in Vietnamese, the rest unchanged.

    >>> translate_message("no document matches '99/KH-UBND'")
    "không có văn bản nào khớp với '99/KH-UBND': xem danh sách bằng `cchc-kg docs`"
    >>> translate_message("no document matches 'x'", "en"), translate_message("something else")
    ("no document matches 'x'", 'something else')
    """
    if lang == "en":
        return message
    for pattern, vi in _MESSAGES:
        m = pattern.match(message)
        if m:
            return vi.format(**m.groupdict())
    return message


_LABELLED = {"relation": "relation", "role": "role", "area": "area", "level": "level", "comparison": "comparison",
             "origin": "origin"}


def add_labels(obj: Any, lang: str = "vi") -> Any:
    """A copy of JSON-shaped data where each vocabulary code gains a ``*_label`` sibling (keys never renamed).

    ``relation``, ``role``, ``area``, ``level``, ``comparison`` and ``origin``
    get ``relation_label`` …; ``relations`` (a list) gets ``relations_label``.

    >>> add_labels({"relation": "based_on", "rows": [{"role": "lead", "area": "tthc"}]})
    {'relation': 'based_on', 'rows': [{'role': 'lead', 'area': 'tthc', 'role_label': 'chủ trì', 'area_label': 'Cải cách thủ tục hành chính'}], 'relation_label': 'căn cứ'}
    """
    if isinstance(obj, list):
        return [add_labels(x, lang) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: add_labels(v, lang) for k, v in obj.items()}
    for key, kind in _LABELLED.items():
        v = obj.get(key)
        if isinstance(v, str) and f"{key}_label" not in obj:
            out[f"{key}_label"] = term(lang, kind, v)
    rels = obj.get("relations")
    if isinstance(rels, list) and rels and all(isinstance(x, str) for x in rels) and "relations_label" not in obj:
        out["relations_label"] = [term(lang, "relation", x) for x in rels]
    return out
