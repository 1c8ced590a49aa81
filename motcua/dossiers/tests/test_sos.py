"""SOS: raised on a dossier, alerting the unit leader and the provincial monitors; open → acknowledged → resolved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import AmendmentProposal, Dossier, EventAction, Sos, SosEventKind, SosState
from motcua.dossiers.selectors import sos_rows, sos_summaries
from motcua.dossiers.services.sos import acknowledge_sos, propose_amendment
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification, NotificationKind

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def dossier(personas, version) -> Dossier:
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def raise_sos(dossier: Dossier, personas, at: dt.datetime = MONDAY + 2 * HOUR) -> Dossier:
    return act(
        dossier, "raise_sos", personas.specialist, at, category="missing_answer", reason="Công an chưa trả lời xác minh"
    )


def test_an_sos_alerts_the_unit_leader_and_the_provincial_monitors_at_once(personas, dossier):
    dossier = raise_sos(dossier, personas)

    alerts = Notification.objects.filter(kind=NotificationKind.SOS_RAISED)
    assert set(alerts.values_list("recipient", "channel")) == {
        (personas.unit_leader.pk, "in_app"),
        (personas.unit_leader.pk, "email"),
        (personas.provincial_monitor.pk, "in_app"),
        (personas.provincial_monitor.pk, "email"),
    }
    sos = Sos.objects.get()
    assert (sos.unit, sos.raised_by, sos.state) == (personas.commune, personas.specialist, SosState.OPEN)
    assert dossier.events.filter(action=EventAction.SOS_RAISED).count() == 1


def test_an_sos_goes_from_open_to_acknowledged_to_resolved_with_its_own_timeline(personas, dossier):
    dossier = raise_sos(dossier, personas)
    sos = acknowledge_sos(sos=Sos.objects.get(), actor=personas.unit_leader, at=MONDAY + 3 * HOUR)
    acknowledged = sos.state
    dossier = act(dossier, "resolve_sos", personas.provincial_monitor, MONDAY + 5 * HOUR, resolution="Đã đôn đốc")

    sos.refresh_from_db()
    assert (acknowledged, sos.state) == (SosState.ACKNOWLEDGED, SosState.RESOLVED)
    assert (sos.acknowledged_by, sos.resolved_by) == (personas.unit_leader, personas.provincial_monitor)
    assert list(sos.events.values_list("kind", flat=True)) == [
        SosEventKind.RAISED,
        SosEventKind.ACKNOWLEDGED,
        SosEventKind.RESOLVED,
    ]
    assert dossier.events.filter(action=EventAction.SOS_RESOLVED, actor=personas.provincial_monitor).exists()
    assert Notification.objects.filter(kind=NotificationKind.SOS_RESOLVED, recipient=personas.specialist).exists()


def test_an_sos_is_acknowledged_once(personas, dossier):
    raise_sos(dossier, personas)
    acknowledge_sos(sos=Sos.objects.get(), actor=personas.unit_leader)

    with pytest.raises(ValidationError):
        acknowledge_sos(sos=Sos.objects.get(), actor=personas.provincial_monitor)


def test_only_a_leader_of_the_raising_unit_or_a_monitor_answers_an_sos(personas, dossier):
    dossier = raise_sos(dossier, personas)

    with pytest.raises(PermissionDenied):
        acknowledge_sos(sos=Sos.objects.get(), actor=personas.specialist)
    with pytest.raises(ActionNotAllowed):
        act(dossier, "resolve_sos", personas.specialist, MONDAY + 3 * HOUR, resolution="Tự xử lý")


def test_an_outsider_cannot_raise_an_sos_and_a_second_one_waits_for_the_first(personas, dossier):
    with pytest.raises(ActionNotAllowed):
        act(dossier, "raise_sos", personas.outsider, MONDAY + 2 * HOUR, category="other", reason="?")
    dossier = raise_sos(dossier, personas)

    with pytest.raises(ValidationError) as second:
        raise_sos(dossier, personas, at=MONDAY + 3 * HOUR)
    assert second.value.code == "sos_already_open"


def test_a_resolved_sos_becomes_a_proposal_to_amend_the_procedure(personas, version, dossier):
    dossier = raise_sos(dossier, personas)
    sos = Sos.objects.get()
    with pytest.raises(ValidationError):
        propose_amendment(sos=sos, actor=personas.unit_leader, proposal="Bỏ yêu cầu xác minh")
    act(dossier, "resolve_sos", personas.unit_leader, MONDAY + 4 * HOUR, resolution="Đã có văn bản trả lời")

    proposal = propose_amendment(sos=sos, actor=personas.unit_leader, proposal="Quy định thời hạn trả lời xác minh")

    assert proposal.procedure == version.procedure and proposal.unit == personas.commune
    assert AmendmentProposal.objects.count() == 1
    assert sos.events.filter(kind=SosEventKind.PROPOSED).exists()


def test_the_sos_list_reports_response_times_per_unit_in_working_time(personas, dossier):
    dossier = raise_sos(dossier, personas, at=MONDAY + HOUR)
    acknowledge_sos(sos=Sos.objects.get(), actor=personas.unit_leader, at=MONDAY + 2 * HOUR)
    act(dossier, "resolve_sos", personas.unit_leader, MONDAY + dt.timedelta(days=1, hours=1), resolution="Xong")

    rows = sos_rows(Sos.objects.all())
    (summary,) = sos_summaries(rows)

    assert (rows[0].to_acknowledge, rows[0].to_resolve) == (60, 480)
    assert (summary.unit, summary.count, summary.unresolved) == (personas.commune, 1, 0)
    assert (summary.mean_to_acknowledge, summary.mean_to_resolve) == (60, 480)
