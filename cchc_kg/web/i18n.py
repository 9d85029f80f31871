"""Words of the web pages: Vietnamese by default, English with ``?lang=en``.

JSON keys never change with the language; only what people read does.

>>> t("vi", "search"), t("en", "search")
('Tìm kiếm', 'Search')
>>> t("en", "no-such-label")
'no-such-label'
>>> term("vi", "role", "lead"), term("en", "relation", "based_on"), term("vi", "area", "xyz")
('chủ trì', 'based on', 'xyz')
"""

from __future__ import annotations


__all__ = ["LANGS", "LABELS", "TERMS", "t", "term", "pick_lang"]

LANGS = ("vi", "en")

#: label → (Vietnamese, English)
LABELS: dict[str, tuple[str, str]] = {
    "app": ("Đồ thị tri thức CCHC", "CCHC knowledge graph"),
    "search": ("Tìm kiếm", "Search"),
    "search-help": ("Số ký hiệu, từ trong trích yếu, cơ quan ban hành", "Symbol, words of the title, issuer"),
    "type": ("Loại văn bản", "Type"),
    "year": ("Năm", "Year"),
    "level": ("Cấp", "Level"),
    "jurisdiction": ("Địa bàn", "Jurisdiction"),
    "any": ("(tất cả)", "(any)"),
    "loaded-only": ("Chỉ văn bản đã nạp", "Loaded documents only"),
    "results": ("kết quả", "results"),
    "more-results": ("kết quả khác — thu hẹp bộ lọc", "more — narrow the filters"),
    "no-results": ("Không tìm thấy văn bản nào.", "No document found."),
    "symbol": ("Số ký hiệu", "Symbol"),
    "title": ("Trích yếu", "Title"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "date": ("Ngày ban hành", "Date"),
    "origin": ("Nguồn gốc", "Origin"),
    "origin-loaded": ("đã nạp từ tệp", "loaded from a file"),
    "origin-stub": ("được dẫn chiếu (chưa nạp)", "referenced (not loaded)"),
    "origin-catalog": ("danh mục", "catalog"),
    "key": ("Khoá", "Key"),
    "source": ("Tệp nguồn", "Source file"),
    "overview": ("Lược đồ văn bản", "Document overview"),
    "identity": ("Thông tin văn bản", "Identity"),
    "in-force": ("Hiệu lực", "In force"),
    "in-force-yes": ("còn hiệu lực", "in force"),
    "in-force-no": ("hết hiệu lực", "no longer in force"),
    "in-force-unknown": ("chưa rõ (không có trong danh mục hiệu lực)", "unknown (not in the validity catalog)"),
    "effective": ("Có hiệu lực từ", "Effective"),
    "ended": ("Hết hiệu lực từ", "Ended"),
    "replaced-by": ("Được thay thế bởi", "Replaced by"),
    "amended-by": ("Được sửa đổi bởi", "Amended by"),
    "outgoing": ("Văn bản này dẫn chiếu", "This document refers to"),
    "incoming": ("Văn bản dẫn chiếu đến văn bản này", "Documents referring to this one"),
    "relation": ("Quan hệ", "Relation"),
    "document": ("Văn bản", "Document"),
    "evidence": ("Căn cứ trích dẫn", "Evidence"),
    "open-source": ("xem trong tệp nguồn", "show in the source file"),
    "none": ("Không có.", "None."),
    "targets": ("Chỉ tiêu", "Targets"),
    "metric": ("Chỉ tiêu", "Metric"),
    "value": ("Giá trị", "Value"),
    "area": ("Lĩnh vực", "Area"),
    "responsibilities": ("Phân công trách nhiệm", "Responsibilities"),
    "role": ("Vai trò", "Role"),
    "agency": ("Cơ quan", "Agency"),
    "task": ("Nhiệm vụ", "Task"),
    "lineage": ("Căn cứ pháp lý (lên) và văn bản dẫn chiếu (xuống)", "Legal bases (up) and citers (down)"),
    "lineage-short": ("Căn cứ & dẫn chiếu", "Lineage"),
    "bases": ("Căn cứ pháp lý (lên)", "Legal bases (up)"),
    "citers": ("Văn bản dẫn chiếu (xuống)", "Citing documents (down)"),
    "as-of": ("Tại ngày", "As of"),
    "depth": ("Độ sâu", "Depth"),
    "transitive": ("Cả dẫn chiếu gián tiếp", "Citers of citers too"),
    "show": ("Xem", "Show"),
    "cycle": ("vòng lặp", "cycle"),
    "repeated": ("đã nêu ở trên", "see above"),
    "graph": ("Đồ thị", "Graph"),
    "graph-help": ("Bấm vào một nút để mở trang của nó.", "Click a node to open its page."),
    "national-targets": ("Chỉ tiêu quốc gia", "National targets"),
    "national-target": ("Chỉ tiêu quốc gia", "National target"),
    "plans-implementing": ("Kế hoạch thực hiện chỉ tiêu", "Plans implementing it"),
    "local-value": ("Giá trị địa phương", "Local value"),
    "comparison": ("So sánh", "Comparison"),
    "score": ("Độ khớp", "Score"),
    "linked": ("có chuỗi căn cứ", "linked"),
    "unresolved": ("chưa nối được chuỗi căn cứ", "lineage unresolved"),
    "coverage": ("Mức bao phủ", "Coverage"),
    "agencies": ("Cơ quan", "Agencies"),
    "duties": ("nhiệm vụ", "duties"),
    "succession": ("Kế thừa sau sắp xếp 2025", "Succession after the 2025 reorganisation"),
    "held-by": ("Người giữ nhiệm vụ tại ngày", "Held on the date by"),
    "held-now": ("Hiện nay", "Now"),
    "dissolved": ("giải thể", "dissolved"),
    "plan": ("Kế hoạch", "Plan"),
    "language": ("English", "Tiếng Việt"),
    "not-found": ("Không tìm thấy", "Not found"),
    "bad-request": ("Yêu cầu không hợp lệ", "Bad request"),
    "error": ("Lỗi", "Error"),
    "source-text": ("Nội dung tệp nguồn", "Source file text"),
    "source-changed": ("Tệp đã thay đổi sau khi nạp: vị trí đánh dấu có thể lệch.",
                       "The file changed after it was loaded: the highlighted span may be off."),
    "highlight": ("Đoạn được đánh dấu", "Highlighted span"),
    "api": ("API JSON", "JSON API"),
    "documents": ("văn bản", "documents"),
    "cited-by-count": ("số văn bản dẫn chiếu", "citing documents"),
    "unnumbered": ("không số", "unnumbered"),
    "missing": ("chưa đưa vào kế hoạch", "not adopted"),
}


#: words the web pages use instead of the library's (:mod:`cchc_kg.kg.labels`): a plan's value
#: is compared with the national one, so the page says so
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "comparison": {
        "stronger": ("cao hơn quốc gia", "stronger"), "equal": ("bằng quốc gia", "equal"), "weaker": ("thấp hơn quốc gia", "weaker"),
        "different-year": ("khác năm", "different year"), "not-comparable": ("không so sánh được", "not comparable"),
    },
}


def term(lang: str, kind: str, value: str | None) -> str:
    """The words for a vocabulary code (``relation``, ``relation-inverse``, ``role``, ``level``, ``area``,
    ``event``, ``comparison``); the code when unknown, ``—`` for none.

    One owner per vocabulary: the words come from :func:`cchc_kg.kg.labels.term`
    (the relation registry, the concept schemes), the same as the CLI's.

    >>> term("vi", "relation-inverse", "based_on"), term("en", "role", "lead"), term("vi", "area", None)
    ('được căn cứ bởi', 'lead', '—')
    """
    if value is None:
        return "—"
    pair = TERMS.get(kind, {}).get(value)
    if pair is not None:
        return pair[1] if lang == "en" else pair[0]
    from cchc_kg.kg.labels import term as library_term

    return library_term(lang, kind, value) or value


def t(lang: str, label: str) -> str:
    """The words for ``label`` in ``lang`` (the label itself when unknown)."""
    pair = LABELS.get(label)
    if pair is None:
        return label
    return pair[1] if lang == "en" else pair[0]


def pick_lang(value: str | None) -> str:
    """``"en"`` when asked for English, else Vietnamese.

    >>> pick_lang("EN"), pick_lang(None), pick_lang("fr")
    ('en', 'vi', 'vi')
    """
    return "en" if (value or "").strip().lower() == "en" else "vi"
