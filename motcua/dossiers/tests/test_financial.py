"""Financial obligations during processing: the notice pauses the clock (national status 6), the payment resumes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import ClockEffect, ClockPause, DossierStatus, EventAction, PauseKind, StepVisit
from motcua.dossiers.services import ActionNotAllowed, allowed_actions, recompute_due_at
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.sync.models import OutboxMessage

HOUR = dt.timedelta(hours=1)
WEDNESDAY_10 = dt.datetime(2025, 10, 8, 10, 0, tzinfo=TZ)


@pytest.fixture
def processing(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def _notify(dossier, actor, at, **fields):
    fields = {"description": "Lệ phí trước bạ", "reason": "Điều 12 Nghị định 10/2022", **fields}
    return act(dossier, "request_payment", actor, at, **fields)


def _pay(dossier, actor, at, paid_on, **fields):
    fields = {"receipt_reference": "BL-0042", **fields}
    return act(dossier, "confirm_payment", actor, at, paid_on=paid_on, **fields)


def test_a_financial_obligation_request_pauses_the_clock_and_sends_national_code_6(personas, processing):
    dossier = _notify(
        processing,
        personas.specialist,
        MONDAY + 2 * HOUR,
        amount=1_250_000,
        notice_number="15/TB-CCT",
        notice_date=dt.date(2025, 10, 6),
    )
    assert (dossier.status, dossier.due_at) == (DossierStatus.WAITING_PAYMENT, None)
    pause = ClockPause.objects.get(dossier=dossier)
    assert (pause.kind, pause.started_at, pause.ended_at) == (PauseKind.WAITING_PAYMENT, MONDAY + 2 * HOUR, None)
    assert StepVisit.objects.get(dossier=dossier, left_at__isnull=True).due_at is None
    event = dossier.events.last()
    assert (event.action, event.clock_effect, event.reason) == (
        EventAction.PAYMENT_REQUESTED,
        ClockEffect.PAUSED,
        "Điều 12 Nghị định 10/2022",
    )
    assert event.payload == {
        "description": "Lệ phí trước bạ",
        "amount": 1_250_000,
        "notice_number": "15/TB-CCT",
        "notice_date": "2025-10-06",
    }
    message = OutboxMessage.objects.get(dossier=dossier, event_seq=event.seq)
    assert (message.national_status, message.body["TrangThaiHoSo"]) == (6, 6)
    assert DossierStatus.WAITING_PAYMENT.national_code == 6


def test_confirming_payment_resumes_the_clock_and_recomputes_the_appointment(personas, processing):
    original_due = processing.due_at
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)  # Monday 10:00
    dossier = _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 7))
    # Two working days paused (Monday 10:00 → Wednesday 10:00): Thursday 08:00 moves over the weekend.
    assert original_due == dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)
    assert dossier.due_at == dt.datetime(2025, 10, 13, 8, 0, tzinfo=TZ)
    assert dossier.status == DossierStatus.PROCESSING
    assert recompute_due_at(dossier) == dossier.due_at
    assert ClockPause.objects.get(dossier=dossier).ended_at == WEDNESDAY_10
    assert StepVisit.objects.get(dossier=dossier, left_at__isnull=True).due_at is not None
    event = dossier.events.last()
    assert (event.action, event.clock_effect) == (EventAction.PAYMENT_CONFIRMED, ClockEffect.RESUMED)
    assert event.payload["receipt_reference"] == "BL-0042" and event.payload["paid_on"] == "2025-10-07"
    assert OutboxMessage.objects.get(dossier=dossier, event_seq=event.seq).national_status == 4


def test_payment_cannot_be_confirmed_before_it_was_requested(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    with pytest.raises(ValidationError, match="trước ngày thông báo"):
        _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 5))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WAITING_PAYMENT
    assert ClockPause.objects.get(dossier=dossier).ended_at is None


def test_payment_cannot_be_dated_in_the_future(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    with pytest.raises(ValidationError, match="sau ngày hôm nay"):
        _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 9))


def test_a_payment_needs_its_receipt_reference(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    with pytest.raises(ValidationError, match="biên lai"):
        _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 7), receipt_reference=" ")


def test_a_notice_needs_what_to_pay_and_a_reason_and_a_positive_amount(personas, processing):
    with pytest.raises(ValidationError, match="nội dung nghĩa vụ"):
        _notify(processing, personas.specialist, MONDAY + 2 * HOUR, description="")
    with pytest.raises(ValidationError, match="lý do"):
        _notify(processing, personas.specialist, MONDAY + 2 * HOUR, reason=" ")
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        _notify(processing, personas.specialist, MONDAY + 2 * HOUR, amount=0)
    assert not ClockPause.objects.exists()


def test_only_the_step_holder_may_notify_obligations_and_only_while_processing(personas, processing):
    with pytest.raises(ActionNotAllowed):
        _notify(processing, personas.desk_officer, MONDAY + 2 * HOUR)
    with pytest.raises(ActionNotAllowed):
        _notify(processing, personas.outsider, MONDAY + 2 * HOUR)
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    with pytest.raises(ActionNotAllowed, match="Chờ thực hiện nghĩa vụ tài chính"):
        _notify(dossier, personas.specialist, MONDAY + 3 * HOUR)


def test_the_step_holder_or_the_receiving_desk_may_confirm_the_payment(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    assert "confirm_payment" in allowed_actions(dossier, personas.desk_officer, MONDAY + 3 * HOUR)
    assert "confirm_payment" in allowed_actions(dossier, personas.specialist, MONDAY + 3 * HOUR)
    with pytest.raises(ActionNotAllowed):
        _pay(dossier, personas.outsider, MONDAY + 3 * HOUR, dt.date(2025, 10, 6))
    dossier = _pay(dossier, personas.specialist, MONDAY + 3 * HOUR, dt.date(2025, 10, 6))
    assert dossier.status == DossierStatus.PROCESSING


def test_while_waiting_for_payment_the_dossier_cannot_move_on(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    with pytest.raises(ActionNotAllowed, match="Chờ thực hiện nghĩa vụ tài chính"):
        act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)


def test_a_procedure_that_may_not_pause_keeps_its_clock_running_while_waiting_for_payment(personas):
    version = published_version(pausable=False)
    dossier = act(received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY)
    due = dossier.due_at
    dossier = _notify(dossier, personas.specialist, MONDAY + 2 * HOUR)
    assert (dossier.status, dossier.due_at) == (DossierStatus.WAITING_PAYMENT, due)
    with pytest.raises(ValidationError, match="trước ngày thông báo"):
        _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 5))
    dossier = _pay(dossier, personas.desk_officer, WEDNESDAY_10, dt.date(2025, 10, 6))
    assert (dossier.status, dossier.due_at) == (DossierStatus.PROCESSING, due)
    assert dossier.events.last().clock_effect == ClockEffect.NONE
    assert not ClockPause.objects.exists()


def test_a_dossier_waiting_for_payment_can_be_withdrawn_and_its_pause_ends(personas, processing):
    dossier = _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "withdraw", personas.unit_leader, MONDAY + 3 * HOUR, reason="Công dân xin rút")
    assert dossier.status == DossierStatus.WITHDRAWN
    assert ClockPause.objects.get(dossier=dossier).ended_at == MONDAY + 3 * HOUR


def test_a_notice_cannot_be_dated_in_the_future(personas, processing):
    with pytest.raises(ValidationError, match="Ngày thông báo"):
        _notify(processing, personas.specialist, MONDAY + 2 * HOUR, notice_date=dt.date(2025, 10, 7))


def test_a_notice_is_refused_while_a_pause_is_already_open(personas, processing):
    # Only a data fault leaves a processing dossier paused: the notice must not open a second pause on top of it.
    ClockPause.objects.create(dossier=processing, kind=PauseKind.WAITING_APPLICANT, started_at=MONDAY, reason="x")
    with pytest.raises(ValidationError, match="đang tạm dừng"):
        _notify(processing, personas.specialist, MONDAY + 2 * HOUR)
    processing.refresh_from_db()
    assert processing.status == DossierStatus.PROCESSING
