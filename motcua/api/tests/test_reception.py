"""Receiving a dossier through the API: the same reception service as the desk, answered in the caller's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.dossiers.models import Applicant, Dossier, DossierStatus
from motcua.dossiers.tests.factories import MONDAY, TZ


def body(version, unit, **fields: Any) -> dict[str, Any]:
    """A complete reception at the counter: every published component, digitised."""
    data: dict[str, Any] = {
        "procedure_version_id": version.pk,
        "receiving_unit_id": unit.pk,
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Văn An",
            "identity_number": "068090001234",
            "date_of_birth": "1990-05-17",
            "address": "12 Trần Hưng Đạo, phường Phan Thiết",
            "phone": "0912345678",
            "email": "an@example.vn",
        },
        "channel": "counter",
        "components": [{"component_id": c.pk, "digitised": True} for c in version.components.order_by("order")],
    }
    data.update(fields)
    return data


def nothing_saved() -> bool:
    return not Dossier.objects.exists() and not Applicant.objects.exists()


@time_machine.travel(MONDAY, tick=False)
def test_a_desk_officer_receives_a_dossier_with_a_token(personas, version, with_token):
    response = with_token(personas.desk_officer).post(
        "/api/v1/dossiers", body(version, personas.commune), content_type="application/json"
    )

    assert response.status_code == 201
    dossier = response.json()
    assert dossier["code"] == "000.00.22.H68-251006-0001"
    assert (dossier["status"], dossier["status_label"], dossier["national_status"]) == (
        DossierStatus.RECEIVED,
        "Mới tiếp nhận",
        2,
    )
    assert dossier["lock_version"] == 1
    assert dt.datetime.fromisoformat(dossier["due_at"]) == dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)
    assert dossier["current_step"] == {"code": "tiep-nhan", "name": "Tiếp nhận hồ sơ", "kind": "reception"}
    assert [c["component_id"] for c in dossier["components"]] == list(
        version.components.order_by("order").values_list("pk", flat=True)
    )
    assert Dossier.objects.get().applicant.identity_number == "068090001234"


@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize("who", ["specialist", "outsider", "provincial_monitor"])
def test_only_a_desk_officer_of_the_unit_may_receive_and_nothing_is_saved_otherwise(personas, version, as_user, who):
    response = as_user(getattr(personas, who)).post(
        "/api/v1/dossiers", body(version, personas.commune), content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Bạn không có vai trò “Cán bộ một cửa” tại")
    assert nothing_saved()


@time_machine.travel(MONDAY, tick=False)
def test_a_dossier_missing_a_required_paper_is_refused_with_the_reason_and_nothing_saved(personas, version, as_user):
    optional_only = [{"component_id": c.pk} for c in version.components.filter(required=False)]

    response = as_user(personas.desk_officer).post(
        "/api/v1/dossiers", body(version, personas.commune, components=optional_only), content_type="application/json"
    )

    assert response.status_code == 400
    (message,) = response.json()["errors"]["components"]
    assert message.startswith("Hồ sơ chưa đủ thành phần bắt buộc")
    assert nothing_saved()


@time_machine.travel(MONDAY, tick=False)
def test_a_malformed_body_is_refused_field_by_field_in_vietnamese(personas, version, as_user):
    data = body(version, personas.commune, channel="fax", received_at="hôm qua", colour="blue")
    del data["applicant"]["name"]

    response = as_user(personas.desk_officer).post("/api/v1/dossiers", data, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "applicant.name": ["Trường này là bắt buộc."],
        "channel": ["Giá trị không nằm trong danh sách cho phép."],
        "received_at": ["Cần một thời điểm theo ISO 8601, ví dụ 2025-10-06T08:00:00+07:00."],
        "colour": ["Trường này không được hỗ trợ."],
    }
    assert nothing_saved()


@time_machine.travel(MONDAY, tick=False)
def test_errors_are_in_vietnamese_by_default_and_in_english_when_asked(personas, version, as_user):
    client = as_user(personas.desk_officer)
    data = body(version, personas.commune)
    data["applicant"]["email"] = "không-phải-thư"

    vietnamese = client.post("/api/v1/dossiers", data, content_type="application/json")
    english = client.post("/api/v1/dossiers", data, content_type="application/json", headers={"accept-language": "en"})

    assert vietnamese.json()["errors"] == {"email": ["Nhập địa chỉ email."]}
    assert english.json()["errors"] == {"email": ["Enter a valid email address."]}
    assert english["Content-Language"] == "en"
    assert nothing_saved()
