"""The one actions endpoint: the same ``perform`` as the staff UI, a 409 on a stale version, nothing half-applied."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, EventAction, ReturnMethod
from motcua.dossiers.tests.factories import MONDAY


def post_action(client, dossier: Dossier, action: str, expected_version: int, **payload: Any):
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": action, "expected_version": expected_version, "payload": payload},
        content_type="application/json",
    )


def unchanged(dossier: Dossier) -> bool:
    """The dossier still has only its reception event and the state it was received in."""
    stored = Dossier.objects.get(pk=dossier.pk)
    return (stored.lock_version, stored.status, DossierEvent.objects.filter(dossier=dossier).count()) == (
        1,
        DossierStatus.RECEIVED,
        1,
    )


def test_a_dossier_goes_from_reception_to_return_entirely_through_the_api(personas, dossier, with_token):
    desk, specialist, leader = (
        with_token(p) for p in (personas.desk_officer, personas.specialist, personas.unit_leader)
    )
    steps = [
        (desk, "forward", {"note": "Chuyển xử lý", "paper_handed_over": True}),
        (specialist, "confirm_paper", {}),
        (specialist, "forward", {"note": "Đủ điều kiện"}),
        (leader, "attach_result", {"name": "Giấy xác nhận tình trạng hôn nhân", "signed_on": "2025-10-07"}),
        (leader, "approve", {}),
        (desk, "return_result", {"method": ReturnMethod.AT_COUNTER, "recipient": "Nguyễn Văn An"}),
    ]
    version = dossier.lock_version
    for minutes, (client, action, payload) in enumerate(steps, start=1):
        with time_machine.travel(MONDAY + dt.timedelta(hours=minutes), tick=False):
            response = post_action(client, dossier, action, version, **payload)
        assert response.status_code == 200, response.json()
        version = response.json()["lock_version"]

    assert response.json()["status"] == DossierStatus.RETURNED
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True)) == [
        EventAction.RECEIVED,
        EventAction.FORWARDED,
        EventAction.PAPER_CONFIRMED,
        EventAction.FORWARDED,
        EventAction.RESULT_ATTACHED,
        EventAction.APPROVED,
        EventAction.RESULT_RETURNED,
    ]


def test_a_stale_expected_version_gets_409_and_changes_nothing(personas, dossier, as_user):
    response = post_action(as_user(personas.desk_officer), dossier, "forward", expected_version=0)

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Hồ sơ {dossier.code} vừa được người khác cập nhật; hãy tải lại và thực hiện lại.",
        "errors": {},
        "current_version": 1,
    }
    assert unchanged(dossier)


def test_an_action_the_callers_role_may_not_take_at_this_step_gets_422_in_vietnamese(personas, dossier, as_user):
    response = post_action(as_user(personas.specialist), dossier, "forward", expected_version=1)

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Bạn không có vai trò được phép “Chuyển bước xử lý” hồ sơ này ở bước “Tiếp nhận hồ sơ”."
    )
    assert unchanged(dossier)


def test_an_action_the_process_does_not_offer_now_gets_422(personas, dossier, as_user):
    response = post_action(as_user(personas.desk_officer), dossier, "approve", expected_version=1)

    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [response.json()["detail"]]
    assert unchanged(dossier)


def test_the_provincial_monitor_may_read_but_not_act(personas, dossier, as_user):
    response = post_action(as_user(personas.provincial_monitor), dossier, "forward", expected_version=1)

    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn chỉ được xem, không được xử lý hồ sơ này."
    assert unchanged(dossier)


def test_another_units_staff_cannot_learn_that_the_dossier_exists(personas, dossier, as_user):
    response = post_action(as_user(personas.outsider), dossier, "forward", expected_version=1)

    assert response.status_code == 404
    assert unchanged(dossier)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        pytest.param({"colour": "blue"}, {"__all__": ["Trường không được hỗ trợ: colour."]}, id="unknown field"),
        pytest.param(
            {"to_user_id": "ai đó"}, {"__all__": ["Giá trị của trường “to_user_id” không hợp lệ."]}, id="bad value"
        ),
        pytest.param(
            {"note": "x", "file": "dossiers/2025/10/giay-to-cua-nguoi-khac.pdf"},
            {"payload": ["Không nhận tệp qua API bằng đường dẫn; hãy đính kèm tệp trong giao diện cán bộ."]},
            id="file path",
        ),
    ],
)
def test_a_bad_payload_gets_400_in_vietnamese_and_changes_nothing(personas, dossier, as_user, payload, errors):
    response = post_action(as_user(personas.desk_officer), dossier, "forward", expected_version=1, **payload)

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert unchanged(dossier)


def test_an_unknown_action_or_a_missing_version_is_refused_before_anything_runs(personas, dossier, as_user):
    response = as_user(personas.desk_officer).post(
        f"/api/v1/dossiers/{dossier.code}/actions", {"action": "delete"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "action": ["Giá trị không nằm trong danh sách cho phép."],
        "expected_version": ["Trường này là bắt buộc."],
    }
    assert unchanged(dossier)


def test_a_financial_obligation_is_notified_and_its_payment_confirmed_through_the_api(personas, dossier, with_token):
    desk, specialist = with_token(personas.desk_officer), with_token(personas.specialist)
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        version = post_action(desk, dossier, "forward", dossier.lock_version).json()["lock_version"]
    with time_machine.travel(MONDAY + dt.timedelta(hours=2), tick=False):
        response = post_action(
            specialist,
            dossier,
            "request_payment",
            version,
            description="Lệ phí trước bạ",
            amount=1250000,
            notice_date="2025-10-06",
            reason="Nghị định 10/2022",
        )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["due_at"]) == (DossierStatus.WAITING_PAYMENT, None)
    with time_machine.travel(MONDAY + dt.timedelta(hours=3), tick=False):
        early = post_action(
            desk,
            dossier,
            "confirm_payment",
            response.json()["lock_version"],
            receipt_reference="BL-1",
            paid_on="2025-10-05",
        )
        assert early.status_code == 400 and "paid_on" in early.json()["errors"]
        response = post_action(
            desk,
            dossier,
            "confirm_payment",
            response.json()["lock_version"],
            receipt_reference="BL-1",
            paid_on="2025-10-06",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == DossierStatus.PROCESSING and response.json()["due_at"] is not None
