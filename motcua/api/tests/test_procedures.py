"""Procedures through the API: a searchable list, and one procedure with the version in force and its contents."""

from __future__ import annotations

import datetime as dt

from motcua.catalog.models import Fee, VersionStatus
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    SectorFactory,
)
from motcua.organization.models import UnitLevel


def test_the_procedure_list_searches_and_filters_by_level_and_sector(personas, as_user, django_assert_num_queries):
    land = SectorFactory(code="DAT_DAI", name="Đất đai")
    ProcedureFactory(code="1.000001.H68", name="Đăng ký khai sinh")
    ProcedureFactory(code="1.000002.H68", name="Đăng ký kết hôn")
    ProcedureFactory(code="2.000003.H68", name="Đăng ký đất đai lần đầu", sector=land, level=UnitLevel.PROVINCE)
    client = as_user(personas.specialist)

    # session, user, roles, count, page: the same five queries whatever the number of procedures
    with django_assert_num_queries(5):
        everything = client.get("/api/v1/procedures").json()
    searched = client.get("/api/v1/procedures", {"q": "kết hôn"}).json()
    by_level = client.get("/api/v1/procedures", {"level": "province"}).json()
    by_sector = client.get("/api/v1/procedures", {"sector": "HO_TICH"}).json()

    assert everything["count"] == 3
    assert everything["items"][2] == {
        "code": "2.000003.H68",
        "name": "Đăng ký đất đai lần đầu",
        "level": "province",
        "level_label": "Cấp tỉnh",
        "sector": {"code": "DAT_DAI", "name": "Đất đai"},
    }
    assert [item["code"] for item in searched["items"]] == ["1.000002.H68"]
    assert [item["code"] for item in by_level["items"]] == ["2.000003.H68"]
    assert [item["code"] for item in by_sector["items"]] == ["1.000001.H68", "1.000002.H68"]


def test_the_procedure_list_refuses_an_unknown_level_in_vietnamese(personas, as_user):
    response = as_user(personas.specialist).get("/api/v1/procedures", {"level": "district"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"level": ["Giá trị không nằm trong danh sách cho phép."]}


def test_a_procedure_shows_the_version_in_force_with_components_fees_and_time_limit(personas, as_user):
    version = ProcedureVersionFactory(valid_from=dt.date(2025, 1, 1))
    for order in (1, 2, 3):
        ComponentFactory(version=version, order=order, required=order == 1)
    Fee.objects.create(version=version, description="Lệ phí cấp giấy", amount_vnd=10000)
    version.status = VersionStatus.PUBLISHED
    version.save()
    client = as_user(personas.specialist)

    response = client.get(f"/api/v1/procedures/{version.procedure.code}")
    before = client.get(f"/api/v1/procedures/{version.procedure.code}", {"on": "2024-12-31"})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == version.procedure.code
    in_force = body["version_in_force"]
    assert in_force["id"] == version.pk
    assert in_force["status"] == VersionStatus.PUBLISHED
    assert in_force["time_limit"]["value"] == "3.00"
    assert in_force["time_limit"]["unit"] == "working_days"
    assert in_force["time_limit"]["unit_label"] == "ngày làm việc"
    assert [(c["order"], c["required"]) for c in in_force["components"]] == [(1, True), (2, False), (3, False)]
    assert in_force["fees"] == [
        {"kind": "charge", "description": "Lệ phí cấp giấy", "amount_vnd": 10000, "payable_when": "on_submission"}
    ]
    assert before.json()["version_in_force"] is None


def test_an_unknown_procedure_is_not_found(personas, as_user):
    response = as_user(personas.specialist).get("/api/v1/procedures/9.999999.H68")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy thủ tục.", "errors": {}}
