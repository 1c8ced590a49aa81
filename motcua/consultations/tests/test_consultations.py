"""Consultations: deadlines in working time, the wait before forwarding, answers judged against the consulted unit,
extensions, the leader's waiver, and the events they leave on the dossier's chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.consultations.models import Consultation, ConsultationExtension, ConsultationStatus, ExtensionState
from motcua.consultations.services import answer_consultation, request_extension
from motcua.consultations.tests.conftest import HOUR
from motcua.dossiers.events import verify_chain
from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import DossierStatus, EventAction, Judgement
from motcua.dossiers.services import allowed_actions
from motcua.dossiers.tests.factories import MONDAY, TZ
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification, NotificationKind

ASKED_AT = MONDAY + 2 * HOUR  # Monday 10:00
THURSDAY_10 = dt.datetime(2025, 10, 9, 10, 0, tzinfo=TZ)


def consult(dossier, personas, unit, **payload):
    payload.setdefault("question", "Đề nghị cho ý kiến về phương án phòng cháy chữa cháy của công trình.")
    return act(dossier, "consult", personas.specialist, ASKED_AT, unit_ids=[unit.pk], **payload)


def test_consulting_is_offered_to_the_specialist_at_the_processing_step(personas, at_processing):
    assert "consult" in allowed_actions(at_processing, personas.specialist, ASKED_AT)
    assert "consult" not in allowed_actions(at_processing, personas.desk_officer, ASKED_AT)


def test_the_default_deadline_is_three_working_days_counted_in_the_consulted_units_working_time(
    personas, at_processing, fire_police, fire_liaison
):
    consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    assert consultation.due_at == THURSDAY_10
    assert consultation.unit == fire_police and consultation.requesting_unit == personas.commune
    assert Notification.objects.filter(recipient=fire_liaison, kind=NotificationKind.CONSULTATION_REQUESTED).exists()


def test_the_steps_own_consultation_time_replaces_the_default(personas, at_processing, fire_police):
    step = at_processing.current_step
    step.consultation_minutes = 8 * 60
    step.save(update_fields=["consultation_minutes"])
    consult(at_processing, personas, fire_police)
    assert Consultation.objects.get().due_at == dt.datetime(2025, 10, 7, 10, 0, tzinfo=TZ)


def test_consulting_needs_a_question_and_at_least_one_other_active_unit(personas, at_processing, fire_police):
    with pytest.raises(ValidationError):
        consult(at_processing, personas, fire_police, question=" ")
    with pytest.raises(ValidationError):
        act(at_processing, "consult", personas.specialist, ASKED_AT, unit_ids=[], question="?")
    with pytest.raises(ValidationError):
        consult(at_processing, personas, personas.commune)
    assert not Consultation.objects.exists()


def test_a_mandatory_consultation_blocks_forwarding_until_it_is_answered(
    personas, at_processing, fire_police, fire_liaison
):
    dossier = consult(at_processing, personas, fire_police)
    with pytest.raises(ValidationError, match="Phòng Cảnh sát PCCC"):
        act(dossier, "forward", personas.specialist, ASKED_AT + HOUR)
    answer_consultation(
        consultation=Consultation.objects.get(), actor=fire_liaison, answer="Đủ điều kiện.", at=ASKED_AT + 2 * HOUR
    )
    dossier.refresh_from_db()
    dossier = act(dossier, "forward", personas.specialist, ASKED_AT + 3 * HOUR)
    assert dossier.current_step.code == "phe-duyet"


def test_an_optional_consultation_does_not_block_forwarding(personas, at_processing, fire_police):
    dossier = consult(at_processing, personas, fire_police, mandatory=False)
    dossier = act(dossier, "forward", personas.specialist, ASKED_AT + HOUR)
    assert dossier.current_step.code == "phe-duyet"


def test_a_leader_may_let_the_step_go_on_without_the_answer_with_a_reason(personas, at_processing, fire_police):
    dossier = consult(at_processing, personas, fire_police)
    assert "waive_consultation" in allowed_actions(dossier, personas.unit_leader, ASKED_AT)
    assert "waive_consultation" not in allowed_actions(dossier, personas.specialist, ASKED_AT)
    with pytest.raises(ValidationError):
        act(dossier, "waive_consultation", personas.unit_leader, ASKED_AT + HOUR, reason="")
    dossier = act(dossier, "waive_consultation", personas.unit_leader, ASKED_AT + HOUR, reason="Đã có văn bản cũ.")
    dossier = act(dossier, "forward", personas.specialist, ASKED_AT + 2 * HOUR)
    consultation = Consultation.objects.get()
    assert consultation.waived_by == personas.unit_leader and consultation.status == ConsultationStatus.OPEN
    assert dossier.events.filter(action=EventAction.CONSULTATION_WAIVED).exists()


def test_a_late_answer_is_judged_late_and_attributed_to_the_consulted_unit(
    personas, at_processing, fire_police, fire_liaison
):
    consult(at_processing, personas, fire_police)
    answered = answer_consultation(
        consultation=Consultation.objects.get(),
        actor=fire_liaison,
        answer="Thống nhất.",
        at=THURSDAY_10 + 5 * HOUR,
    )
    assert answered.timeliness == Judgement.LATE
    assert Consultation.objects.filter(unit=fire_police, timeliness=Judgement.LATE).count() == 1
    event = at_processing.events.get(action=EventAction.CONSULTATION_ANSWERED)
    assert event.unit == fire_police and event.actor == fire_liaison
    assert event.payload["timeliness"] == Judgement.LATE
    assert Notification.objects.filter(
        recipient=personas.specialist, kind=NotificationKind.CONSULTATION_ANSWERED
    ).exists()


def test_an_answer_on_an_earlier_day_is_early(personas, at_processing, fire_police, fire_liaison):
    consult(at_processing, personas, fire_police)
    answered = answer_consultation(
        consultation=Consultation.objects.get(), actor=fire_liaison, answer="Đồng ý.", at=ASKED_AT + HOUR
    )
    assert answered.timeliness == Judgement.EARLY


def test_only_the_consulted_units_people_may_answer_and_only_once(personas, at_processing, fire_police, fire_liaison):
    consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    for outsider in (personas.specialist, personas.outsider):
        with pytest.raises(ActionNotAllowed):
            answer_consultation(consultation=consultation, actor=outsider, answer="?", at=ASKED_AT + HOUR)
    with pytest.raises(ValidationError):
        answer_consultation(consultation=consultation, actor=fire_liaison, answer="  ", at=ASKED_AT + HOUR)
    answer_consultation(consultation=consultation, actor=fire_liaison, answer="Đồng ý.", at=ASKED_AT + HOUR)
    with pytest.raises(ValidationError):
        answer_consultation(consultation=consultation, actor=fire_liaison, answer="Lần hai.", at=ASKED_AT + HOUR)


def test_an_accepted_extension_moves_the_deadline(personas, at_processing, fire_police, fire_liaison):
    dossier = consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    later = THURSDAY_10 + dt.timedelta(days=1)
    extension = request_extension(
        consultation=consultation,
        actor=fire_liaison,
        reason="Cần khảo sát hiện trường.",
        proposed_due_at=later,
        at=ASKED_AT + HOUR,
    )
    dossier.refresh_from_db()
    assert "decide_consultation_extension" in allowed_actions(dossier, personas.specialist, ASKED_AT + HOUR)
    act(
        dossier,
        "decide_consultation_extension",
        personas.specialist,
        ASKED_AT + 2 * HOUR,
        extension_id=extension.pk,
        accept=True,
    )
    consultation.refresh_from_db()
    assert consultation.due_at == later
    assert ConsultationExtension.objects.get().state == ExtensionState.ACCEPTED


def test_refusing_an_extension_needs_a_reason_and_keeps_the_deadline(
    personas, at_processing, fire_police, fire_liaison
):
    dossier = consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    extension = request_extension(
        consultation=consultation,
        actor=fire_liaison,
        reason="Bận.",
        proposed_due_at=THURSDAY_10 + 2 * HOUR,
        at=ASKED_AT + HOUR,
    )
    dossier.refresh_from_db()
    with pytest.raises(ValidationError):
        act(
            dossier,
            "decide_consultation_extension",
            personas.specialist,
            ASKED_AT + 2 * HOUR,
            extension_id=extension.pk,
            accept=False,
        )
    act(
        dossier,
        "decide_consultation_extension",
        personas.specialist,
        ASKED_AT + 2 * HOUR,
        extension_id=extension.pk,
        accept=False,
        note="Hồ sơ gấp.",
    )
    consultation.refresh_from_db()
    assert consultation.due_at == THURSDAY_10


def test_an_extension_must_propose_a_later_deadline_and_only_one_may_wait(
    personas, at_processing, fire_police, fire_liaison
):
    consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    with pytest.raises(ValidationError):
        request_extension(
            consultation=consultation, actor=fire_liaison, reason="x", proposed_due_at=THURSDAY_10, at=ASKED_AT
        )
    request_extension(
        consultation=consultation, actor=fire_liaison, reason="x", proposed_due_at=THURSDAY_10 + HOUR, at=ASKED_AT
    )
    with pytest.raises(ValidationError):
        request_extension(
            consultation=consultation,
            actor=fire_liaison,
            reason="y",
            proposed_due_at=THURSDAY_10 + 2 * HOUR,
            at=ASKED_AT,
        )


def test_every_consultation_change_is_an_event_and_the_chain_stays_valid(
    personas, at_processing, fire_police, fire_liaison
):
    dossier = consult(at_processing, personas, fire_police)
    consultation = Consultation.objects.get()
    extension = request_extension(
        consultation=consultation,
        actor=fire_liaison,
        reason="x",
        proposed_due_at=THURSDAY_10 + HOUR,
        at=ASKED_AT + HOUR,
    )
    dossier.refresh_from_db()
    dossier = act(
        dossier,
        "decide_consultation_extension",
        personas.specialist,
        ASKED_AT + 2 * HOUR,
        extension_id=extension.pk,
        accept=True,
    )
    answer_consultation(consultation=consultation, actor=fire_liaison, answer="Đồng ý.", at=ASKED_AT + 3 * HOUR)
    dossier.refresh_from_db()
    actions = list(dossier.events.order_by("seq").values_list("action", flat=True))
    assert actions[-4:] == [
        EventAction.CONSULTATION_REQUESTED,
        EventAction.CONSULTATION_EXTENSION_REQUESTED,
        EventAction.CONSULTATION_EXTENSION_DECIDED,
        EventAction.CONSULTATION_ANSWERED,
    ]
    assert dossier.status == DossierStatus.PROCESSING
    assert verify_chain(dossier, list(dossier.events.order_by("seq"))) is None
