"""The catalog management commands: export, import by extension, and the reference import."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.tests.factories import published_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_then_import_catalog_by_extension_refuses_existing_versions(tmp_path, suffix):
    published_version()
    path = tmp_path / f"catalog{suffix}"
    call_command("export_catalog", str(path), stdout=io.StringIO())
    assert path.stat().st_size > 0
    with pytest.raises(CommandError, match="đã có"):
        call_command("import_catalog", str(path), stdout=io.StringIO())
    assert ProcedureVersion.objects.count() == 1


def test_import_catalog_refuses_an_unknown_extension(tmp_path):
    with pytest.raises(CommandError, match=r"\.json hoặc \.xlsx"):
        call_command("import_catalog", str(tmp_path / "catalog.csv"))


def test_import_reference_procedures_reports_drafts_with_their_problems(tmp_path):
    path = tmp_path / "procedures.json"
    path.write_text(
        '{"procedures": [{"code": null, "name": "Đổi giấy phép lái xe", "field": null, "level": "province",'
        ' "agency": null, "time_limit": {"value": null, "unit": null, "note": null}, "fees": null,'
        ' "components": [], "legal_basis": [], "result": null, "online": null, "sources": [], "notes": ""}]}',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_reference_procedures", "--path", str(path), "--valid-from", "2025-07-01", stdout=out)
    assert "LD.DEMO.001" in out.getvalue()
    assert "! Phiên bản chưa có thành phần hồ sơ nào." in out.getvalue()
    assert Procedure.objects.count() == 1
