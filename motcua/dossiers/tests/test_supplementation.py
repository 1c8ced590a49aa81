"""Supplementation during processing: the clock pauses and resumes, requests are counted and limited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import ClockEffect, ClockPause, DossierStatus, StepVisit, SupplementationRequest
from motcua.dossiers.services import ActionNotAllowed, recompute_due_at
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def processing(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def _ask(dossier, actor, at, components, **fields):
    return act(
        dossier, "request_supplement", actor, at, component_ids=[c.pk for c in components], reason="Thiếu", **fields
    )


def _bring(dossier, actor, at, components):
    return act(
        dossier,
        "receive_supplement",
        actor,
        at,
        components=[{"component_id": c.pk, "digitised": True} for c in components],
    )


def test_a_supplementation_request_pauses_the_clock_and_the_supplement_moves_the_appointment(personas, processing):
    first = processing.procedure_version.components.get(order=1)
    original_due = processing.due_at  # Thursday 08:00
    dossier = _ask(processing, personas.specialist, MONDAY + 2 * HOUR, [first])  # Monday 10:00
    assert (dossier.status, dossier.due_at, dossier.supplement_count) == (DossierStatus.WAITING_SUPPLEMENT, None, 1)
    assert dossier.events.last().clock_effect == ClockEffect.PAUSED
    assert StepVisit.objects.get(dossier=dossier, left_at__isnull=True).due_at is None

    dossier = _bring(dossier, personas.desk_officer, dt.datetime(2025, 10, 8, 10, 0, tzinfo=TZ), [first])  # Wed 10:00
    # Two working days were paused (Monday 10:00 → Wednesday 10:00): Thursday 08:00 moves over the weekend.
    assert original_due == dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)
    assert dossier.due_at == dt.datetime(2025, 10, 13, 8, 0, tzinfo=TZ)
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.events.last().clock_effect == ClockEffect.RESUMED
    assert recompute_due_at(dossier) == dossier.due_at
    pause = ClockPause.objects.get(dossier=dossier)
    assert pause.ended_at == dt.datetime(2025, 10, 8, 10, 0, tzinfo=TZ)
    assert SupplementationRequest.objects.get(dossier=dossier).fulfilled_at == pause.ended_at
    assert dossier.components.filter(supplementation__isnull=False).count() == 1


def test_only_published_components_of_the_pinned_version_may_be_asked_for(personas, processing):
    foreign = published_version(components=1).components.get()
    with pytest.raises(ValidationError, match="ngoài danh mục"):
        _ask(processing, personas.specialist, MONDAY + 2 * HOUR, [foreign])
    with pytest.raises(ValidationError, match="ít nhất một"):
        _ask(processing, personas.specialist, MONDAY + 2 * HOUR, [])


def test_the_supplement_must_bring_every_requested_paper(personas, processing):
    first, second, _third = processing.procedure_version.components.all()
    dossier = _ask(processing, personas.specialist, MONDAY + 2 * HOUR, [first, second])
    with pytest.raises(ValidationError, match="Còn thiếu"):
        _bring(dossier, personas.desk_officer, MONDAY + 3 * HOUR, [first])


def test_a_request_beyond_the_procedures_limit_needs_a_leader_and_a_legal_basis_and_is_flagged(personas, processing):
    first = processing.procedure_version.components.get(order=1)
    dossier = _ask(processing, personas.specialist, MONDAY + 2 * HOUR, [first])
    dossier = _bring(dossier, personas.desk_officer, MONDAY + 3 * HOUR, [first])
    with pytest.raises(ValidationError, match="căn cứ"):
        _ask(dossier, personas.specialist, MONDAY + 4 * HOUR, [first])
    with pytest.raises(ValidationError, match="lãnh đạo"):
        _ask(dossier, personas.specialist, MONDAY + 4 * HOUR, [first], legal_basis="Điều 9 Nghị định 118")
    with pytest.raises(ValidationError, match="lãnh đạo"):
        _ask(
            dossier,
            personas.specialist,
            MONDAY + 4 * HOUR,
            [first],
            legal_basis="Điều 9 Nghị định 118",
            approver_id=personas.specialist.pk,
        )
    dossier = _ask(
        dossier,
        personas.specialist,
        MONDAY + 4 * HOUR,
        [first],
        legal_basis="Điều 9 Nghị định 118",
        approver_id=personas.unit_leader.pk,
    )
    second = SupplementationRequest.objects.get(dossier=dossier, number=2)
    assert (second.beyond_limit, second.approver) == (True, personas.unit_leader)


def test_beyond_two_requests_only_an_applicant_at_fault_allows_another(personas):
    version = published_version(supplementation_limit=2)
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    first = version.components.get(order=1)
    for hour in (2, 4):
        dossier = _ask(dossier, personas.specialist, MONDAY + hour * HOUR, [first])
        dossier = _bring(dossier, personas.desk_officer, MONDAY + (hour + 1) * HOUR, [first])
    assert not SupplementationRequest.objects.filter(beyond_limit=True).exists()
    with pytest.raises(ValidationError, match="mức tối đa"):
        _ask(dossier, personas.specialist, MONDAY + 7 * HOUR, [first])
    dossier = _ask(
        dossier,
        personas.specialist,
        MONDAY + 7 * HOUR,
        [first],
        applicant_at_fault=True,
        legal_basis="Người nộp khai sai thông tin",
        approver_id=personas.unit_leader.pk,
    )
    assert dossier.supplement_count == 3


def test_a_procedure_that_may_not_pause_keeps_its_clock_running(personas):
    version = published_version(pausable=False)
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    due = dossier.due_at
    dossier = _ask(dossier, personas.specialist, MONDAY + 2 * HOUR, [version.components.get(order=1)])
    assert (dossier.status, dossier.due_at) == (DossierStatus.WAITING_SUPPLEMENT, due)
    assert not ClockPause.objects.exists()


def test_while_waiting_for_the_applicant_the_dossier_cannot_move_on(personas, processing):
    dossier = _ask(
        processing, personas.specialist, MONDAY + 2 * HOUR, [processing.procedure_version.components.first()]
    )
    with pytest.raises(ActionNotAllowed, match="Chờ bổ sung"):
        act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)
