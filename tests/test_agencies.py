"""Agency recognition, normalisation and roles."""

import pytest

from cchc_kg.loaders.agencies import find_agencies, is_agency_cell, normalize_agency, roles_in

PROV = ("tỉnh Vĩnh Long", "province")


@pytest.mark.parametrize(
    "text,juris,expected",
    [
        ("Sở Nội vụ", PROV, [("so-noi-vu", "Sở Nội vụ", "tỉnh Vĩnh Long", False)]),
        ("VP UBND tỉnh", PROV, [("van-phong-ubnd", "Văn phòng UBND tỉnh", "tỉnh Vĩnh Long", False)]),
        ("Văn phòng Uỷ ban nhân dân tỉnh", PROV, [("van-phong-ubnd", "Văn phòng UBND tỉnh", "tỉnh Vĩnh Long", False)]),
        ("Ủy ban nhân dân tỉnh", PROV, [("ubnd", "UBND tỉnh", "tỉnh Vĩnh Long", False)]),
        ("UBND tỉnh Sóc Trăng", ("huyện Long Phú", "district"), [("ubnd", "UBND tỉnh", "tỉnh Sóc Trăng", False)]),
        ("Sở KH&ĐT", PROV, [("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư", "tỉnh Vĩnh Long", False)]),
        ("Công an tỉnh", PROV, [("cong-an", "Công an tỉnh", "tỉnh Vĩnh Long", False)]),
        ("Phòng Nội vụ", ("huyện Long Phú", "district"), [("phong-noi-vu", "Phòng Nội vụ", "huyện Long Phú", False)]),
        ("Văn phòng HĐND và UBND huyện", ("huyện Long Phú", "district"),
         [("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND huyện", "huyện Long Phú", False)]),
        ("các sở, ban, ngành tỉnh", PROV, [("so-ban-nganh", "Các sở, ban, ngành", "tỉnh Vĩnh Long", True)]),
        ("UBND các huyện, thị xã, thành phố", PROV, [("ubnd-cap-huyen", "UBND cấp huyện", "tỉnh Vĩnh Long", True)]),
        ("UBND các xã, phường, thị trấn", PROV, [("ubnd-cap-xa", "UBND cấp xã", "tỉnh Vĩnh Long", True)]),
        ("Báo Vĩnh Long", PROV, [("bao", "Báo Vĩnh Long", "tỉnh Vĩnh Long", False)]),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", PROV, [("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh Vĩnh Long", False)]),
        ("Kho bạc Nhà nước tỉnh", PROV, [("kho-bac-nha-nuoc", "Kho bạc Nhà nước", "tỉnh Vĩnh Long", False)]),
        ("Cục Thuế tỉnh", PROV, [("cuc-thue", "Cục Thuế", "tỉnh Vĩnh Long", False)]),
        ("Bảo hiểm xã hội tỉnh", PROV, [("bao-hiem-xa-hoi", "Bảo hiểm xã hội", "tỉnh Vĩnh Long", False)]),
        ("chính sách bảo hiểm xã hội", PROV, []),
        ("Báo cáo kết quả", PROV, []),
    ],
)
def test_find_agencies(text: str, juris: tuple, expected: list) -> None:
    got = find_agencies(text, *juris)
    assert [(m.agency.kind, m.agency.name, m.agency.jurisdiction, m.agency.is_group) for m in got] == expected


@pytest.mark.parametrize(
    "duty,roles",
    [
        ("Là cơ quan thường trực tổ chức triển khai thực hiện Kế hoạch.", ["standing"]),
        ("Chủ trì, phối hợp với Sở Tư pháp triển khai nội dung cải cách thể chế.", ["lead"]),
        ("Phối hợp với Sở Nội vụ thực hiện công tác tuyên truyền.", ["support"]),
        ("Tham mưu UBND tỉnh bố trí kinh phí.", ["advise"]),
        ("Theo dõi, tổng hợp việc triển khai nội dung cải cách thể chế.", ["monitor"]),
        ("Đôn đốc, kiểm tra các cơ quan thực hiện Kế hoạch.", ["monitor"]),
        ("Triển khai nội dung cải cách tài chính công.", ["lead"]),
        ("Xây dựng chuyên mục về cải cách hành chính.", ["implement"]),
    ],
)
def test_roles(duty: str, roles: list) -> None:
    assert roles_in(duty) == roles


def test_cells_and_normalize() -> None:
    assert is_agency_cell("Sở, ban ngành TP, UBND quận, huyện")
    assert not is_agency_cell("Giảm 10% biên chế sự nghiệp")
    assert normalize_agency("Uỷ ban nhân dân tỉnh", "tỉnh X", "province").kind == normalize_agency("UBND tỉnh", "tỉnh X", "province").kind
    with pytest.raises(ValueError):
        normalize_agency("không có cơ quan nào")


def test_gazette_header_is_not_a_newspaper() -> None:
    from cchc_kg.loaders.agencies import find_agencies

    assert find_agencies("Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tỉnh Vĩnh Long", "province") == []
    assert [m.agency.name for m in find_agencies("Công báo tỉnh và Báo Ấp Bắc", "tỉnh Tiền Giang", "province")] == ["Báo Ấp Bắc"]
