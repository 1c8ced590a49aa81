"""Processing along the pinned process: who may do what at which step, hand-overs, paper, conflicts, the result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import DossierStatus, EventAction, Judgement, ReturnMethod, StepVisit
from motcua.dossiers.services import ActionNotAllowed, ConflictError, allowed_actions, perform
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def dossier(personas, version):
    return received(version, personas.commune, personas.desk_officer)


@pytest.fixture
def at_processing(personas, dossier):
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def test_an_action_the_process_does_not_allow_at_this_step_is_refused_naming_action_and_step(personas, dossier):
    with pytest.raises(ActionNotAllowed) as error:
        act(dossier, "approve", personas.desk_officer, MONDAY + HOUR)
    message = error.value.messages[0]
    assert "Phê duyệt" in message
    assert "Tiếp nhận hồ sơ" in message


def test_an_unknown_action_is_refused(personas, dossier):
    with pytest.raises(ActionNotAllowed, match="không có trong hệ thống"):
        act(dossier, "teleport", personas.desk_officer, MONDAY + HOUR)


def test_only_the_holder_of_the_step_role_in_its_unit_may_act(personas, dossier):
    with pytest.raises(ActionNotAllowed, match="vai trò"):
        act(dossier, "forward", personas.specialist, MONDAY + HOUR)
    with pytest.raises(ActionNotAllowed):
        act(dossier, "forward", personas.outsider, MONDAY + HOUR)


def test_a_stale_version_is_a_conflict_and_nothing_is_applied(personas, dossier):
    stale = dossier.lock_version
    act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    with pytest.raises(ConflictError) as error:
        perform(
            dossier=dossier.code,
            action="send_back",
            actor=personas.specialist,
            payload={"reason": "Thiếu chữ ký"},
            expected_version=stale,
            at=MONDAY + 2 * HOUR,
        )
    assert error.value.current_version == stale + 1
    assert dossier.events.count() == 2


def test_forward_judges_the_step_left_and_sets_the_next_steps_due_instant(personas, dossier):
    late = MONDAY + dt.timedelta(days=1)  # tiep-nhan was due Monday 09:12
    dossier = act(dossier, "forward", personas.desk_officer, late, note="Chuyển", to_user_id=personas.specialist.pk)
    left, entered = StepVisit.objects.filter(dossier=dossier).order_by("entered_at")
    assert (left.judgement, left.left_by, left.note) == (Judgement.LATE, personas.desk_officer, "Chuyển")
    assert entered.holder == personas.specialist
    assert entered.due_at is not None and entered.due_at > late
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.current_step.code == "xu-ly"


def test_the_named_receiver_must_hold_the_next_steps_role(personas, dossier):
    with pytest.raises(ValidationError, match="vai trò"):
        act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, to_user_id=personas.unit_leader.pk)


def test_paper_handed_over_must_be_confirmed_by_the_receiver_before_it_moves_on(personas, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, paper_handed_over=True)
    with pytest.raises(ValidationError, match="hồ sơ giấy"):
        act(dossier, "forward", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "confirm_paper", personas.specialist, MONDAY + 2 * HOUR)
    visit = StepVisit.objects.get(dossier=dossier, left_at__isnull=True)
    assert visit.paper_confirmed_by == personas.specialist
    with pytest.raises(ValidationError, match="chờ xác nhận"):
        act(dossier, "confirm_paper", personas.specialist, MONDAY + 3 * HOUR)
    dossier = act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)
    assert dossier.current_step.code == "phe-duyet"


def test_send_back_needs_a_reason_and_returns_to_the_previous_step(personas, at_processing):
    with pytest.raises(ValidationError, match="lý do"):
        act(at_processing, "send_back", personas.specialist, MONDAY + 2 * HOUR, reason="")
    dossier = act(at_processing, "send_back", personas.specialist, MONDAY + 2 * HOUR, reason="Sai tờ khai")
    assert (dossier.status, dossier.current_step.code) == (DossierStatus.RECEIVED, "tiep-nhan")
    assert dossier.events.last().reason == "Sai tờ khai"


def test_the_result_cannot_be_returned_before_one_is_attached(personas, at_processing):
    dossier = act(at_processing, "forward", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 3 * HOUR)
    assert dossier.status == DossierStatus.PROCESSED
    assert dossier.finished_at == MONDAY + 3 * HOUR
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        act(dossier, "return_result", personas.desk_officer, MONDAY + 4 * HOUR, method="counter", recipient="An")
    dossier = act(dossier, "attach_result", personas.desk_officer, MONDAY + 4 * HOUR, name="Giấy xác nhận")
    assert dossier.results.get().code == f"{dossier.code}-KQ(1)"
    dossier = act(
        dossier, "return_result", personas.desk_officer, MONDAY + 5 * HOUR, method=ReturnMethod.POSTAL, recipient="An"
    )
    assert (dossier.status, dossier.returned_at) == (DossierStatus.RETURNED, MONDAY + 5 * HOUR)
    assert dossier.result_return.method == ReturnMethod.POSTAL
    assert dossier.current_step is None


def test_returning_after_the_appointment_is_judged_late(personas, at_processing):
    dossier = act(at_processing, "forward", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + 3 * HOUR, name="Giấy xác nhận")
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 3 * HOUR)
    dossier = act(
        dossier, "return_result", personas.desk_officer, dossier.due_at + HOUR, method="counter", recipient="An"
    )
    assert dossier.judgement == Judgement.LATE


def test_the_leader_may_refuse_to_resolve_with_reasons(personas, at_processing):
    dossier = act(at_processing, "forward", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "refuse", personas.unit_leader, MONDAY + 3 * HOUR, reason="Không đủ điều kiện")
    assert dossier.status == DossierStatus.PROCESSED
    assert dossier.events.last().action == EventAction.REFUSED


def test_the_actions_offered_depend_on_step_role_and_unit(personas, at_processing):
    now = MONDAY + 2 * HOUR
    assert set(allowed_actions(at_processing, personas.specialist, now)) == {
        "forward",
        "send_back",
        "request_supplement",
        "request_payment",
        "consult",
        "attach_result",
        "reschedule",
        "raise_sos",
    }
    assert set(allowed_actions(at_processing, personas.desk_officer, now)) == {"withdraw", "raise_sos"}
    assert set(allowed_actions(at_processing, personas.unit_leader, now)) == {
        "stop",
        "withdraw",
        "correct",
        "reschedule",
        "raise_sos",
    }
    assert allowed_actions(at_processing, personas.outsider, now) == []


def test_confirming_the_paper_is_offered_only_while_a_paper_hand_over_is_pending(personas, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, paper_handed_over=True)
    assert "confirm_paper" in allowed_actions(dossier, personas.specialist, MONDAY + HOUR)
