import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.organization.models import Unit, UnitKind, UnitLevel
from motcua.organization.services import commune_unit_code
from motcua.organization.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_communes", *args, stdout=out)
    return out.getvalue()


def test_import_creates_the_124_communes_of_lam_dong():
    output = _run("--province", "68")
    units = Unit.objects.filter(level=UnitLevel.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE)
    assert units.count() == 124
    assert "tạo mới 124" in output
    ward = Unit.objects.get(area_code="24781")
    assert ward.code == "000.00.24781.H68"
    assert ward.name == "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"
    assert ward.valid_from == dt.date(2025, 7, 1)
    assert Unit.objects.get(code="000.00.23272.H68").name == "Ủy ban nhân dân đặc khu Phú Quý"


def test_import_twice_changes_nothing_and_says_so():
    _run("--province", "68")
    before = list(Unit.objects.values_list("pk", "code", "name", "area_code", "parent_id", "valid_from"))
    output = _run("--province", "68")
    assert "Không có thay đổi" in output
    assert list(Unit.objects.values_list("pk", "code", "name", "area_code", "parent_id", "valid_from")) == before


def test_import_attaches_communes_to_the_given_parent_and_validity():
    province = UnitFactory(code="000.00.00.H68", level=UnitLevel.PROVINCE, valid_from=dt.date(2025, 7, 1))
    _run("--province", "68", "--parent", province.code, "--valid-from", "2025-08-01")
    assert province.children.count() == 124
    assert set(province.children.values_list("valid_from", flat=True)) == {dt.date(2025, 8, 1)}


def test_import_refuses_a_parent_that_is_not_active_over_the_communes_validity():
    province = UnitFactory(code="000.00.00.H68", level=UnitLevel.PROVINCE, valid_from=dt.date(2026, 1, 1))
    with pytest.raises(CommandError, match="Đơn vị cấp trên"):
        _run("--province", "68", "--parent", province.code)
    assert not Unit.objects.filter(level=UnitLevel.COMMUNE).exists()


def test_import_restores_a_renamed_commune_and_reports_the_update():
    _run("--province", "68")
    Unit.objects.filter(code=commune_unit_code(68, 24781)).update(name="Tên sai")
    output = _run("--province", "68")
    assert "cập nhật 1" in output
    assert Unit.objects.get(code="000.00.24781.H68").name == "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"


def test_import_refuses_an_unknown_province_or_parent():
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        _run("--province", "99")
    with pytest.raises(CommandError, match="Không có đơn vị cấp trên"):
        _run("--province", "68", "--parent", "000.00.00.H99")
