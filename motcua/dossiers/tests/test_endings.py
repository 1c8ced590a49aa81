"""Other endings and corrections: processing stopped, withdrawal, a leader's correction. Nothing is deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import ClockEffect, ClockPause, DossierStatus, EventAction, StepVisit
from motcua.dossiers.services import ActionNotAllowed, recompute_due_at
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Role
from motcua.organization.tests.factories import MembershipFactory

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def processing(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def test_a_leader_stops_processing_with_the_reason_and_the_request_it_answers(personas, processing):
    with pytest.raises(ValidationError, match="văn bản"):
        act(
            processing,
            "stop",
            personas.unit_leader,
            MONDAY + 2 * HOUR,
            reason="Đề nghị của người nộp",
            answers_request="",
        )
    dossier = act(
        processing,
        "stop",
        personas.unit_leader,
        MONDAY + 2 * HOUR,
        reason="Người nộp đề nghị dừng",
        answers_request="Đơn đề nghị ngày 06/10/2025",
    )
    assert (dossier.status, dossier.finished_at, dossier.current_step) == (
        DossierStatus.STOPPED,
        MONDAY + 2 * HOUR,
        None,
    )
    event = dossier.events.last()
    assert (event.action, event.clock_effect) == (EventAction.STOPPED, ClockEffect.STOPPED)
    assert event.payload["notice_form"] == "05"
    assert not StepVisit.objects.filter(dossier=dossier, left_at__isnull=True).exists()


def test_a_dossier_received_under_decree_61_cannot_be_stopped(personas, version):
    for user, role in ((personas.desk_officer, Role.DESK_OFFICER), (personas.unit_leader, Role.UNIT_LEADER)):
        MembershipFactory(user=user, unit=personas.commune, role=role, valid_from=dt.date(2025, 1, 1))
    dossier = received(version, personas.commune, personas.desk_officer, at=dt.datetime(2025, 6, 30, 8, tzinfo=TZ))
    with pytest.raises(ActionNotAllowed, match="61/2018"):
        act(dossier, "stop", personas.unit_leader, dossier.received_at + HOUR, reason="x", answers_request="y")


def test_only_a_leader_of_the_resolving_unit_may_stop(personas, processing):
    with pytest.raises(ActionNotAllowed):
        act(processing, "stop", personas.specialist, MONDAY + 2 * HOUR, reason="x", answers_request="y")


def test_withdrawal_while_waiting_for_the_applicant_closes_the_pause_and_keeps_the_clock_consistent(
    personas, processing
):
    first = processing.procedure_version.components.get(order=1)
    dossier = act(
        processing, "request_supplement", personas.specialist, MONDAY + 2 * HOUR, component_ids=[first.pk], reason="x"
    )
    dossier = act(dossier, "withdraw", personas.desk_officer, MONDAY + 5 * HOUR, reason="Người nộp rút đơn")
    assert dossier.status == DossierStatus.WITHDRAWN
    assert ClockPause.objects.get(dossier=dossier).ended_at == MONDAY + 5 * HOUR
    assert dossier.due_at is not None
    assert recompute_due_at(dossier) == dossier.due_at


def test_a_closed_dossier_accepts_no_further_processing(personas, processing):
    dossier = act(processing, "withdraw", personas.desk_officer, MONDAY + 2 * HOUR, reason="Rút")
    with pytest.raises(ActionNotAllowed, match="Rút hồ sơ"):
        act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)


def test_a_leader_corrects_a_recorded_field_and_the_old_value_stays_in_the_history(personas, processing):
    dossier = act(
        processing,
        "correct",
        personas.unit_leader,
        MONDAY + 2 * HOUR,
        field="applicant.address",
        value="15 Trần Hưng Đạo",
        reason="Ghi nhầm số nhà",
    )
    dossier.applicant.refresh_from_db()
    assert dossier.applicant.address == "15 Trần Hưng Đạo"
    payload = dossier.events.last().payload
    assert payload == {
        "field": "applicant.address",
        "old": "12 Trần Hưng Đạo, phường Phan Thiết",
        "new": "15 Trần Hưng Đạo",
    }


def test_a_correction_is_validated_like_reception_and_limited_to_correctable_fields(personas, processing):
    with pytest.raises(ValidationError, match="không khớp"):
        act(
            processing,
            "correct",
            personas.unit_leader,
            MONDAY + 2 * HOUR,
            field="applicant.date_of_birth",
            value="1991-01-01",
            reason="Sai ngày sinh",
        )
    with pytest.raises(ValidationError, match="Không được đính chính"):
        act(processing, "correct", personas.unit_leader, MONDAY + 2 * HOUR, field="received_at", value="x", reason="y")
    with pytest.raises(ActionNotAllowed):
        act(processing, "correct", personas.specialist, MONDAY + 2 * HOUR, field="channel", value="postal", reason="y")
