"""Financial obligations in the staff workspace: the two forms on the dossier page, the queue, and access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def processing(personas, version) -> Dossier:
    return act(received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY)


@pytest.fixture
def waiting(personas, processing) -> Dossier:
    return act(
        processing,
        "request_payment",
        personas.specialist,
        MONDAY + HOUR,
        description="Thuế thu nhập cá nhân",
        amount=3_500_000,
        notice_number="27/TB-CCT",
        reason="Luật Đất đai 2024",
    )


def _request(dossier: Dossier, **fields) -> dict:
    data = {"lock_version": dossier.lock_version, "description": "Lệ phí trước bạ", "reason": "Nghị định 10/2022"}
    return {f"request_payment-{name}": value for name, value in {**data, **fields}.items()}


def _confirm(dossier: Dossier, **fields) -> dict:
    data = {"lock_version": dossier.lock_version, "receipt_reference": "BL-0042", "paid_on": "2025-10-06"}
    return {f"confirm_payment-{name}": value for name, value in {**data, **fields}.items()}


def _url(dossier: Dossier, action: str) -> str:
    return reverse("dossiers:action", args=[dossier.code, action])


def test_payment_actions_send_anonymous_visitors_to_sign_in(client, processing):
    for action in ("request_payment", "confirm_payment"):
        response = client.post(_url(processing, action), {})
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_payment_actions_are_refused_to_a_role_that_does_not_work_dossiers(client, personas, processing):
    client.force_login(personas.catalog_admin)
    assert client.post(_url(processing, "request_payment"), _request(processing)).status_code == 403


def test_a_provincial_monitor_may_not_notify_obligations(client, personas, processing):
    client.force_login(personas.provincial_monitor)
    assert client.post(_url(processing, "request_payment"), _request(processing)).status_code == 403
    processing.refresh_from_db()
    assert processing.status == DossierStatus.PROCESSING


def test_another_units_staff_get_not_found_for_payment_actions(client, personas, waiting):
    client.force_login(personas.outsider)
    assert client.post(_url(waiting, "confirm_payment"), _confirm(waiting)).status_code == 404


def test_the_step_holder_notifies_obligations_from_the_dossier_page(client, personas, processing):
    client.force_login(personas.specialist)
    page = client.get(reverse("dossiers:detail", args=[processing.code])).content.decode()
    assert 'id="action-request_payment"' in page
    response = client.post(_url(processing, "request_payment"), _request(processing, amount=1_250_000))
    assert response.status_code == 302
    processing.refresh_from_db()
    assert (processing.status, processing.due_at) == (DossierStatus.WAITING_PAYMENT, None)
    page = client.get(reverse("dossiers:detail", args=[processing.code])).content.decode()
    assert "Đang chờ công dân thực hiện nghĩa vụ tài chính" in page and "Lệ phí trước bạ" in page
    assert "Chờ công dân thực hiện nghĩa vụ tài chính" in page  # the clock reads paused, and why


def test_the_desk_finds_a_dossier_waiting_for_payment_in_its_queue_and_confirms_the_payment(client, personas, waiting):
    client.force_login(personas.desk_officer)
    queue = client.get(reverse("dossiers:queue", args=["cho-bo-sung"])).content.decode()
    assert waiting.code in queue
    page = client.get(reverse("dossiers:detail", args=[waiting.code])).content.decode()
    assert 'id="action-confirm_payment"' in page and "27/TB-CCT" in page
    response = client.post(_url(waiting, "confirm_payment"), _confirm(waiting))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == DossierStatus.PROCESSING and waiting.due_at is not None


def test_a_payment_dated_before_the_notice_comes_back_with_the_services_message(client, personas, waiting):
    client.force_login(personas.desk_officer)
    response = client.post(_url(waiting, "confirm_payment"), _confirm(waiting, paid_on="2025-10-05"))
    assert response.status_code == 422
    assert "trước ngày thông báo nghĩa vụ tài chính" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == DossierStatus.WAITING_PAYMENT
