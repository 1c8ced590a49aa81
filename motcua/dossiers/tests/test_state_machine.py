"""Property: random action sequences never leave a dossier in a state its process does not allow, the event chain
always verifies, and the clock always recomputes from the records to the stored appointment — new appointments
(apology letters) included, which are approved at most once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.catalog.models import Transition
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import (
    CLOSED_STATUSES,
    AppointmentChange,
    AppointmentChangeState,
    ClockPause,
    Dossier,
    DossierStatus,
    EventAction,
    PauseKind,
    Sos,
    SosState,
    StepVisit,
    SupplementationRequest,
)
from motcua.dossiers.services import ACTIONS, ActionNotAllowed, allowed_actions, perform, recompute_due_at
from motcua.dossiers.services.context import status_for_step
from motcua.dossiers.tests.factories import MONDAY, received

PERSONAS = ("desk_officer", "specialist", "unit_leader", "provincial_monitor", "outsider")
# Hypothesis favours small values, so "rarely" is a middle value of a range, not its minimum.
RARELY = st.integers(0, 59).map(lambda n: n == 29)
SOMETIMES = st.integers(0, 4).map(lambda n: n == 2)
ENDINGS = {"stop", "withdraw"}  # offered almost always, so drawn rarely: sequences should reach the return too


def _payload(action: str, dossier: Dossier, personas, variant: bool) -> dict:
    if action == "confirm_payment":
        # The notice's day: the earliest day a payment may carry (a variant tries the day before, which is refused).
        return {"receipt_reference": "BL-1", "paid_on": _notified_on(dossier) - dt.timedelta(days=variant)}
    components = list(dossier.procedure_version.components.values_list("pk", flat=True))
    return {
        "forward": {"note": "Chuyển", "paper_handed_over": variant},
        "send_back": {"reason": "Chưa đạt"},
        "request_supplement": {
            "component_ids": components[:1],
            "reason": "Thiếu giấy tờ",
            "legal_basis": "Điều 9" if variant else "",
            "approver_id": personas.unit_leader.pk if variant else None,
            "applicant_at_fault": variant,
        },
        "receive_supplement": {"components": [{"component_id": pk, "digitised": True} for pk in components]},
        "confirm_paper": {},
        "approve": {},
        "refuse": {"reason": "Không đủ điều kiện"},
        "attach_result": {"name": "Giấy xác nhận"},
        "return_result": {"method": "counter", "recipient": "Nguyễn Văn An"},
        "stop": {"reason": "Theo đề nghị", "answers_request": "Đơn ngày 06/10/2025"},
        "withdraw": {"reason": "Người nộp rút"},
        "correct": {"field": "applicant.phone", "value": "09" + str(dossier.lock_version).zfill(8), "reason": "Sai số"},
        "reschedule": {"reason": "Chờ ý kiến", "extension": "1d", "late": variant},
        "approve_reschedule": {"late": variant},
        "reject_reschedule": {"reason": "Chưa rõ lý do"},
        "reproject": {"reason": "Điều chỉnh lịch"},
        "raise_sos": {"category": "other", "reason": "Vướng mắc"},
        "resolve_sos": {"resolution": "Đã xử lý"},
        "request_payment": {"description": "Lệ phí trước bạ", "reason": "Nghị định 10/2022", "amount": 500_000},
    }.get(action, {})


def _notified_on(dossier: Dossier) -> dt.date:
    notice = dossier.events.filter(action=EventAction.PAYMENT_REQUESTED).order_by("-seq").first()
    return timezone.localdate(notice.at) if notice else dt.date(2025, 10, 6)


def _check_invariants(dossier: Dossier) -> None:
    dossier.refresh_from_db()
    events = list(dossier.events.order_by("seq"))
    assert verify_chain(dossier, events) is None
    assert recompute_due_at(dossier) == dossier.due_at

    open_visits = list(StepVisit.objects.filter(dossier=dossier, left_at__isnull=True))
    open_pause = ClockPause.objects.filter(dossier=dossier, ended_at__isnull=True).exists()
    if dossier.status in CLOSED_STATUSES:
        assert open_visits == [] and not open_pause
        assert dossier.current_step is None and dossier.finished_at is not None
    else:
        (visit,) = open_visits
        step = dossier.current_step
        assert (visit.step_id, visit.unit_id) == (step.pk, dossier.current_unit_id)
        assert step.process_id == dossier.process_id
        if dossier.status == DossierStatus.WAITING_SUPPLEMENT:
            assert Transition.objects.filter(step=step, action="request_supplement").exists()
            assert open_pause == dossier.procedure_version.pausable
        elif dossier.status == DossierStatus.WAITING_PAYMENT:
            assert status_for_step(step) == DossierStatus.PROCESSING
            assert open_pause == dossier.procedure_version.pausable
            assert not open_pause or ClockPause.objects.get(dossier=dossier, ended_at__isnull=True).kind == (
                PauseKind.WAITING_PAYMENT
            )
        else:
            assert dossier.status == status_for_step(step) and not open_pause
        assert (dossier.due_at is None) == open_pause

    # Every move the history records is a transition of the pinned process.
    for recorded in events:
        if "to_step" in recorded.payload:
            assert Transition.objects.filter(
                step__process=dossier.process,
                step__code=recorded.payload["from_step"],
                to_step__code=recorded.payload["to_step"],
            ).exists()
    approved = list(AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.APPROVED))
    assert len(approved) <= 1
    assert dossier.extended_minutes == (approved[0].extension_minutes if approved else 0)
    assert all(change.new_due_at > change.old_due_at for change in approved)
    assert Sos.objects.filter(dossier=dossier).exclude(state=SosState.RESOLVED).count() <= 1

    requests = SupplementationRequest.objects.filter(dossier=dossier)
    assert dossier.supplement_count == requests.count()
    assert dossier.supplement_count <= 2 or requests.filter(applicant_at_fault=True).exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_action_sequences_keep_the_dossier_in_a_state_its_process_allows(personas, version, data):
    """Mostly actions the actor is offered (so sequences get deep), sometimes any action (which must be refused
    cleanly, leaving nothing behind)."""
    dossier = received(version, personas.commune, personas.desk_officer)
    at = MONDAY
    for _step in range(data.draw(st.integers(0, 30), label="length")):
        at += dt.timedelta(minutes=data.draw(st.integers(1, 900), label="minutes"))
        allow_ending = data.draw(RARELY, label="allow an ending?")
        offered = {
            who: [
                name
                for name in allowed_actions(dossier, getattr(personas, who), at)
                if allow_ending or name not in ENDINGS
            ]
            for who in PERSONAS
        }
        busy = [who for who in PERSONAS if offered[who]]
        if busy and not data.draw(SOMETIMES, label="any action at all?"):
            who = data.draw(st.sampled_from(busy), label="actor")
            action = data.draw(st.sampled_from(sorted(offered[who])), label="action")
        else:
            who = data.draw(st.sampled_from(PERSONAS), label="actor")
            action = data.draw(
                st.sampled_from(sorted(set(ACTIONS) - (set() if allow_ending else ENDINGS))), label="action"
            )
        actor = getattr(personas, who)
        variant = data.draw(st.booleans(), label="variant")
        before = dossier.lock_version
        try:
            dossier = perform(
                dossier=dossier.code,
                action=action,
                actor=actor,
                payload=_payload(action, dossier, personas, variant),
                expected_version=before,
                at=at,
            )
            assert dossier.lock_version == before + 1
        except (ActionNotAllowed, ValidationError):
            dossier.refresh_from_db()
            assert dossier.lock_version == before
        _check_invariants(dossier)
    event(f"ended {dossier.status}")
    event(f"rescheduled {dossier.extended_minutes > 0}")
