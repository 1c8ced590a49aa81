"""Import and export of the catalog: JSON and XLSX round trips, all-or-nothing imports with located errors."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Component, Fee, Procedure, ProcedureVersion, Process, Sector, Step, Transition
from motcua.catalog.services import add_fee, new_draft_version, retire_version
from motcua.catalog.services.exchange import export_catalog, export_json, export_xlsx, import_json, import_xlsx
from motcua.catalog.tests.factories import published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(personas):
    """Two procedures: one with a retired version and a draft with a fee, one with a fixed-unit process step."""
    first = published_version(components=2, valid_from=dt.date(2025, 7, 1))
    retire_version(first, last_day=dt.date(2025, 12, 31))
    draft = new_draft_version(first.procedure)
    add_fee(draft, description="Lệ phí cấp bản sao", amount_vnd=8000)
    second = published_version(components=1, limit_days=10, implementing_agency="Sở Tư pháp")
    second.processes.get().steps.filter(code="xu-ly").update(unit_selector="fixed", unit=personas.commune)
    return [first, draft, second]


def empty_catalog() -> None:
    """Delete everything, bypassing the published-law guards as a fresh database would."""
    for model in (Transition, Step, Process, Component, Fee, ProcedureVersion, Procedure, Sector):
        model.objects.all()._raw_delete(model.objects.db)


def json_text() -> str:
    stream = io.StringIO()
    export_json(stream)
    return stream.getvalue()


def test_json_export_then_import_into_an_empty_catalog_exports_identical_json(catalog):
    before = json_text()
    empty_catalog()
    report = import_json(io.StringIO(before))
    assert (report.procedures, report.versions, report.components, report.fees) == (2, 3, 5, 1)
    assert json_text() == before


def test_json_export_carries_versions_processes_steps_with_unit_codes_and_transitions(catalog, personas):
    tree = export_catalog()
    procedure = tree["procedures"][0]
    assert [version["status"] for version in procedure["versions"]] == ["retired", "draft"]
    step = tree["procedures"][1]["versions"][0]["processes"][0]["steps"][1]
    assert step["unit"] == personas.commune.code
    assert {"action": "forward", "to_step": "phe-duyet"} in step["transitions"]


def test_xlsx_export_then_import_into_an_empty_catalog_gives_the_same_catalog(catalog):
    before = export_catalog()
    stream = io.BytesIO()
    export_xlsx(stream)
    empty_catalog()
    stream.seek(0)
    import_xlsx(stream)
    assert export_catalog() == before


def test_xlsx_export_has_one_sheet_per_kind_with_vietnamese_headers(catalog):
    stream = io.BytesIO()
    export_xlsx(stream)
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream)
    assert workbook.sheetnames == ["Thủ tục", "Thành phần hồ sơ", "Phí, lệ phí", "Quy trình", "Bước xử lý"]
    assert workbook["Thành phần hồ sơ"]["D1"].value == "tên giấy tờ"
    assert workbook["Thủ tục"].max_row == 4


def test_import_refuses_an_existing_version_and_saves_nothing(catalog):
    text = json_text()
    with pytest.raises(ValidationError, match="đã có; tệp nhập không ghi đè"):
        import_json(io.StringIO(text))
    assert ProcedureVersion.objects.count() == 3


def test_json_import_reports_each_bad_element_by_path_and_saves_nothing(catalog, personas):
    tree = export_catalog()
    empty_catalog()
    tree["procedures"][0]["versions"][0]["components"][1]["name"] = ""
    tree["procedures"][1]["versions"][0]["processes"][0]["steps"][1]["unit"] = "999.99.99.H68"
    with pytest.raises(ValidationError) as caught:
        import_json(io.StringIO(json.dumps(tree)))
    problems = caught.value.messages
    assert any(p.startswith("procedures[0].versions[0].components[1]: tên giấy tờ:") for p in problems)
    assert "procedures[1].versions[0].processes[0].steps[1]: Không có đơn vị mã “999.99.99.H68”." in problems
    assert not Procedure.objects.exists()


def test_xlsx_import_reports_bad_rows_by_sheet_and_row_number_in_vietnamese(catalog):
    stream = io.BytesIO()
    export_xlsx(stream)
    empty_catalog()
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream)
    workbook["Thành phần hồ sơ"]["D3"] = None
    workbook["Phí, lệ phí"]["C2"] = "không phải loại phí"
    edited = io.BytesIO()
    workbook.save(edited)
    edited.seek(0)
    with pytest.raises(ValidationError) as caught:
        import_xlsx(edited)
    problems = caught.value.messages
    assert any(p.startswith("Trang “Thành phần hồ sơ”, dòng 3: tên giấy tờ:") for p in problems)
    assert any(p.startswith("Trang “Phí, lệ phí”, dòng 2: loại:") for p in problems)
    assert not Procedure.objects.exists()


def test_xlsx_import_refuses_a_row_without_its_version(catalog):
    stream = io.BytesIO()
    export_xlsx(stream)
    empty_catalog()
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream)
    workbook["Thành phần hồ sơ"]["B2"] = 42
    edited = io.BytesIO()
    workbook.save(edited)
    edited.seek(0)
    with pytest.raises(ValidationError, match="dòng 2: không có phiên bản thủ tục tương ứng"):
        import_xlsx(edited)


def test_import_refuses_a_file_of_another_format():
    with pytest.raises(ValidationError, match="Không phải tệp danh mục"):
        import_json(io.StringIO('{"procedures": []}'))


def test_import_refuses_broken_json():
    with pytest.raises(ValidationError, match="JSON không hợp lệ"):
        import_json(io.StringIO("{"))


def test_import_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(ValidationError, match="Không đọc được tệp Excel"):
        import_xlsx(io.BytesIO(b"not a workbook"))
