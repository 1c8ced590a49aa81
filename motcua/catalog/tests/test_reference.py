"""The converter of the shared reference file of real procedures."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from motcua.catalog.models import (
    ComponentForm,
    DataSource,
    FeeKind,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.services import publication_problems, version_in_force
from motcua.catalog.services.reference import DEFAULT_PATH, import_reference_procedures, sector_code

pytestmark = pytest.mark.django_db

JULY = dt.date(2025, 7, 1)

ENTRIES = [
    {
        "code": None,
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "level": "commune",
        "agency": "UBND cấp xã",
        "time_limit": {"value": None, "unit": "trong ngày", "note": "Ngay trong ngày tiếp nhận."},
        "fees": [{"amount_vnd": None, "description": "Lệ phí đăng ký khai sinh: miễn đối với đăng ký đúng hạn."}],
        "components": [
            {
                "name": "Tờ khai",
                "form": "bản chính",
                "copies": 1,
                "required": True,
                "condition": None,
                "from_population_db": False,
            },
            {
                "name": "Giấy tờ tùy thân",
                "form": "bản chính (xuất trình)",
                "copies": 1,
                "required": True,
                "condition": None,
                "from_population_db": True,
            },
            {
                "name": "Giấy tờ khác",
                "form": "bản vẽ",
                "copies": None,
                "required": False,
                "condition": "Nếu có",
                "from_population_db": False,
            },
        ],
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"],
        "result": "Giấy khai sinh",
        "online": {"available": True, "mode": None},
        "sources": ["https://example.gov.vn/khai-sinh"],
        "notes": "PARTIAL.",
    },
    {
        "code": "1.004873",
        "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "field": "Hộ tịch",
        "level": "commune",
        "agency": "UBND cấp xã",
        "time_limit": {"value": 3, "unit": "ngày làm việc", "note": "03 ngày làm việc"},
        "fees": None,
        "components": [
            {
                "name": "Tờ khai",
                "form": "bản sao",
                "copies": 1,
                "required": True,
                "condition": None,
                "from_population_db": False,
            }
        ],
        "legal_basis": [],
        "result": "None",
        "online": {"available": True, "mode": "toàn trình"},
        "sources": [],
        "notes": "MOSTLY VERIFIED.",
    },
    {
        "code": None,
        "name": "Đổi giấy phép lái xe",
        "field": None,
        "level": "province",
        "agency": "Phòng Cảnh sát giao thông",
        "time_limit": {"value": None, "unit": None, "note": "Not verified"},
        "fees": [{"amount_vnd": 135000, "description": "Phí sát hạch"}],
        "components": [
            {
                "name": "Đơn đề nghị",
                "form": None,
                "copies": None,
                "required": True,
                "condition": None,
                "from_population_db": False,
            }
        ],
        "legal_basis": ["Luật Trật tự, an toàn giao thông đường bộ năm 2024"],
        "result": None,
        "online": None,
        "sources": [],
        "notes": "PARTIAL.",
    },
]


@pytest.fixture
def reference_file(tmp_path):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps({"source_note": "test", "procedures": ENTRIES}, ensure_ascii=False), encoding="utf-8")
    return path


def test_reference_import_uses_the_national_code_or_a_deterministic_local_code(reference_file):
    versions = import_reference_procedures(reference_file, valid_from=JULY)
    assert [version.procedure.code for version in versions] == ["LD.DEMO.001", "1.004873", "LD.DEMO.003"]
    assert "mã trên CSDL quốc gia về TTHC chưa được xác minh" in versions[0].notes
    assert "chưa được xác minh" not in versions[1].notes


def test_reference_import_publishes_the_publishable_and_leaves_the_rest_as_explained_drafts(reference_file):
    birth, marriage, licence = import_reference_procedures(reference_file, valid_from=JULY)
    assert (birth.status, marriage.status, licence.status) == (
        VersionStatus.PUBLISHED,
        VersionStatus.PUBLISHED,
        VersionStatus.DRAFT,
    )
    assert version_in_force(birth.procedure, JULY) == birth
    assert any("Chưa có thời hạn giải quyết" in str(p) for p in publication_problems(licence, valid_from=JULY))


def test_reference_import_maps_time_limits_forms_population_data_fees_and_online_mode(reference_file):
    birth, marriage, licence = import_reference_procedures(reference_file, valid_from=JULY)
    assert (birth.time_limit_unit, birth.time_limit_value) == (TimeLimitUnit.WITHIN_DAY, None)
    assert (marriage.time_limit_unit, marriage.time_limit_value) == (TimeLimitUnit.WORKING_DAYS, 3)
    forms = list(birth.components.values_list("form", "data_source"))
    assert forms == [
        (ComponentForm.ORIGINAL, DataSource.NONE),
        (ComponentForm.PRESENTED, DataSource.POPULATION),
        ("", DataSource.NONE),
    ]
    assert "(Hình thức theo nguồn: bản vẽ)" in birth.components.get(order=3).condition
    assert list(birth.fees.values_list("kind", "amount_vnd")) == [(FeeKind.CHARGE, None)]
    assert list(licence.fees.values_list("kind", "amount_vnd")) == [(FeeKind.FEE, 135000)]
    assert not marriage.fees.exists()
    assert (birth.online_mode, marriage.online_mode, licence.online_mode) == (
        OnlineMode.PARTIAL,
        OnlineMode.FULL,
        OnlineMode.NONE,
    )
    assert birth.legal_basis == "Luật Hộ tịch số 60/2014/QH13\nNghị định 123/2015/NĐ-CP"
    assert "https://example.gov.vn/khai-sinh" in birth.notes
    assert marriage.result_document == ""


def test_reference_import_derives_a_missing_sector_from_the_name(reference_file):
    *_rest, licence = import_reference_procedures(reference_file, valid_from=JULY)
    assert licence.procedure.sector.name == "Đường bộ"
    assert Sector.objects.get(code="HO_TICH").name == "Hộ tịch"


def test_reference_import_twice_creates_nothing_new(reference_file):
    first = import_reference_procedures(reference_file, valid_from=JULY)
    second = import_reference_procedures(reference_file, valid_from=JULY)
    assert first == second
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == (3, 3)


def test_sector_codes_are_ascii():
    assert sector_code("Đăng ký, quản lý cư trú") == "DANG_KY_QUAN_LY_CU_TRU"


def test_the_reference_file_imports_fifteen_procedures_and_publishes_all_with_a_time_limit():
    versions = import_reference_procedures(valid_from=JULY)
    assert len(versions) == 15
    drafts = [version.procedure.name for version in versions if version.status == VersionStatus.DRAFT]
    assert drafts == ["Đổi giấy phép lái xe"]


def test_the_packaged_reference_file_is_the_shared_one_when_shared_is_beside_the_clone():
    shared = DEFAULT_PATH.parents[4] / "shared" / "data" / "procedures.json"
    if not shared.exists():
        pytest.skip(f"no shared folder beside the clone ({shared}); nothing to compare")
    assert shared.read_bytes() == DEFAULT_PATH.read_bytes(), "refresh motcua/catalog/reference/procedures.json"
