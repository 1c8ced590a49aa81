"""Reading dossiers through the API: one dossier, filtered lists, the timeline, allowed actions and the forms."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act

CODE = "000.00.22.H68-251006-0001"


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "path", ["", "/timeline", "/allowed-actions", "/forms", "/forms/receipt"], ids=lambda path: path or "/"
)
def test_another_units_staff_get_not_found_for_every_dossier_endpoint(personas, dossier, as_user, path):
    response = as_user(personas.outsider).get(f"/api/v1/dossiers/{dossier.code}{path}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hồ sơ.", "errors": {}}


def test_a_dossier_is_shown_to_its_units_staff_and_to_the_provincial_monitor(personas, dossier, as_user):
    desk = as_user(personas.desk_officer).get(f"/api/v1/dossiers/{dossier.code}")
    monitor = as_user(personas.provincial_monitor).get(f"/api/v1/dossiers/{dossier.code}")

    assert desk.status_code == monitor.status_code == 200
    body = desk.json()
    assert body["code"] == CODE
    assert body["procedure"] == {
        "code": dossier.procedure_version.procedure.code,
        "name": dossier.procedure_version.procedure.name,
    }
    assert body["receiving_unit"] == {"id": personas.commune.pk, "code": "000.00.22.H68", "name": personas.commune.name}
    assert body["applicant"]["identity_number"] == "068090001234"
    assert body["lock_version"] == 1
    assert body["overdue"] is True  # due on 9 October 2025; the tests run later


@time_machine.travel(dt.datetime(2025, 10, 8, 9, 0, tzinfo=TZ), tick=False)
def test_the_dossier_list_filters_by_unit_status_procedure_dates_and_lateness(
    personas, version, as_user, django_assert_num_queries
):
    desk = personas.desk_officer
    monday = received(version, personas.commune, desk)  # due Thursday 9 October, 08:00
    other_procedure = published_version()
    tuesday = received(other_procedure, personas.commune, desk, at=MONDAY + dt.timedelta(days=1))
    forwarded = act(
        received(version, personas.commune, desk, at=MONDAY - dt.timedelta(days=5)), "forward", desk, MONDAY
    )
    client = as_user(personas.specialist)

    # session, user, roles, visibility, count, page: six queries however many dossiers there are
    with django_assert_num_queries(6):
        everything = client.get("/api/v1/dossiers")

    assert codes(everything) == [tuesday.code, monday.code, forwarded.code]
    assert everything.json()["count"] == 3
    assert codes(client.get("/api/v1/dossiers", {"status": "processing"})) == [forwarded.code]
    assert codes(client.get("/api/v1/dossiers", {"status": ["processing", "received"]})) == [
        tuesday.code,
        monday.code,
        forwarded.code,
    ]
    assert codes(client.get("/api/v1/dossiers", {"procedure": other_procedure.procedure.code})) == [tuesday.code]
    assert codes(client.get("/api/v1/dossiers", {"overdue": "true"})) == [forwarded.code]
    assert codes(client.get("/api/v1/dossiers", {"overdue": "false"})) == [tuesday.code, monday.code]
    assert codes(client.get("/api/v1/dossiers", {"due_before": "2025-10-09T09:00:00+07:00"})) == [
        monday.code,
        forwarded.code,
    ]
    assert codes(client.get("/api/v1/dossiers", {"received_from": "2025-10-06", "received_to": "2025-10-06"})) == [
        monday.code
    ]
    assert codes(client.get("/api/v1/dossiers", {"unit": "000.00.22.H68"})) == codes(everything)
    assert codes(client.get("/api/v1/dossiers", {"unit": "000.00.23.H68"})) == []
    assert codes(client.get("/api/v1/dossiers", {"limit": 1, "offset": 1})) == [monday.code]
    assert codes(as_user(personas.outsider).get("/api/v1/dossiers")) == []
    assert codes(as_user(personas.provincial_monitor).get("/api/v1/dossiers")) == codes(everything)


def test_the_dossier_list_refuses_bad_filters_in_vietnamese(personas, as_user):
    response = as_user(personas.specialist).get(
        "/api/v1/dossiers", {"status": "lost", "due_before": "mai", "received_from": "06/10/2025"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "status": ["Giá trị không nằm trong danh sách cho phép."],
        "due_before": ["Cần một thời điểm theo ISO 8601, ví dụ 2025-10-06T08:00:00+07:00."],
        "received_from": ["Cần một ngày theo dạng YYYY-MM-DD."],
    }


def test_the_timeline_lists_every_event_in_order(personas, dossier, as_user, django_assert_num_queries):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(minutes=10), note="Chuyển xử lý")
    client = as_user(personas.specialist)

    # session, user, roles, visibility + dossier, events with actors and units
    with django_assert_num_queries(6):
        response = client.get(f"/api/v1/dossiers/{dossier.code}/timeline")

    assert response.status_code == 200
    received_event, forwarded = response.json()
    assert received_event["seq"] == 1
    assert received_event["action"] == "reception.received"
    assert received_event["clock_effect_label"] == "Bắt đầu tính thời gian"
    assert forwarded == {
        "seq": 2,
        "at": "2025-10-06T08:10:00+07:00",
        "action": "processing.forwarded",
        "action_label": "Chuyển bước xử lý",
        "actor": {"username": "desk", "name": str(personas.desk_officer)},
        "role": "desk_officer",
        "role_label": "Cán bộ một cửa",
        "unit": {"id": personas.commune.pk, "code": "000.00.22.H68", "name": personas.commune.name},
        "from_status": "received",
        "to_status": "processing",
        "reason": "Chuyển xử lý",
        "clock_effect": "none",
        "clock_effect_label": "Không ảnh hưởng",
    }


def test_allowed_actions_depend_on_the_callers_role_at_the_current_step(personas, dossier, as_user):
    desk = as_user(personas.desk_officer).get(f"/api/v1/dossiers/{dossier.code}/allowed-actions").json()
    specialist = as_user(personas.specialist).get(f"/api/v1/dossiers/{dossier.code}/allowed-actions").json()
    monitor = as_user(personas.provincial_monitor).get(f"/api/v1/dossiers/{dossier.code}/allowed-actions").json()

    assert desk["lock_version"] == 1
    assert {"action": "forward", "label": "Chuyển bước xử lý"} in desk["actions"]
    # A specialist of the unit may only call for help (SOS) while the dossier waits at the desk.
    assert specialist["actions"] == [{"action": "raise_sos", "label": "Báo SOS"}]
    assert monitor["actions"] == []


def test_the_forms_of_a_dossier_print_as_pdf_and_docx(personas, dossier, as_user):
    client = as_user(personas.desk_officer)

    listed = client.get(f"/api/v1/dossiers/{dossier.code}/forms").json()
    pdf = client.get(f"/api/v1/dossiers/{dossier.code}/forms/receipt")
    docx = client.get(f"/api/v1/dossiers/{dossier.code}/forms/receipt", {"format": "docx"})

    assert [form["kind"] for form in listed] == ["receipt", "control"]
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{dossier.code}-mau-01.pdf"'
    assert pdf.content.startswith(b"%PDF")
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.content.startswith(b"PK")


def test_a_form_the_records_cannot_fill_is_refused_in_vietnamese(personas, dossier, as_user):
    client = as_user(personas.desk_officer)

    stop_notice = client.get(f"/api/v1/dossiers/{dossier.code}/forms/stop_notice")
    unknown = client.get(f"/api/v1/dossiers/{dossier.code}/forms/receipt", {"format": "odt"})

    assert stop_notice.status_code == 400
    assert stop_notice.json()["detail"]
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"format": ["Giá trị không nằm trong danh sách cho phép."]}
    assert type(dossier).objects.get().status == DossierStatus.RECEIVED
