"""The deadline sweep, re-projection after a calendar change, and the working time each unit held a dossier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.catalog.services import build_standard_process
from motcua.dossiers.models import DeadlineState, Dossier, EventAction, StepVisit
from motcua.dossiers.services import recompute_due_at
from motcua.dossiers.services.overdue import overrun_by_unit, sweep_deadlines
from motcua.dossiers.services.reprojection import reproject_deadlines
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification, NotificationKind
from motcua.workcalendar.models import OverrideKind
from motcua.workcalendar.services import add_override

HOUR = dt.timedelta(hours=1)
TUESDAY_9 = dt.datetime(2025, 10, 7, 9, 0, tzinfo=TZ)
THURSDAY_9 = dt.datetime(2025, 10, 9, 9, 0, tzinfo=TZ)  # an hour after the appointment (Thursday 08:00)


@pytest.fixture
def dossier(personas, version) -> Dossier:
    """Received Monday 08:00 (due Thursday 08:00), at the commune's processing step since 09:00."""
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def _state(dossier: Dossier) -> str:
    dossier.refresh_from_db()
    return dossier.deadline_state


def test_the_sweep_classifies_on_track_due_soon_and_overdue(dossier):
    sweep_deadlines(now=MONDAY + 2 * HOUR)
    on_track = _state(dossier)
    sweep_deadlines(now=TUESDAY_9)
    due_soon = _state(dossier)
    sweep_deadlines(now=THURSDAY_9)
    overdue = _state(dossier)

    assert (on_track, due_soon, overdue) == (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)
    assert StepVisit.objects.get(dossier=dossier, left_at__isnull=True).deadline_state == DeadlineState.OVERDUE


def test_the_due_soon_threshold_comes_from_the_settings(dossier, settings):
    settings.MOTCUA_DUE_SOON_WORKING_DAYS = 1
    sweep_deadlines(now=TUESDAY_9)

    assert _state(dossier) == DeadlineState.ON_TRACK


def test_the_sweep_warns_the_step_handlers_and_the_unit_leader_of_a_dossier_due_soon(personas, dossier):
    sweep_deadlines(now=TUESDAY_9)

    told = set(Notification.objects.filter(kind=NotificationKind.DUE_SOON).values_list("recipient", "dedupe_key"))
    about_dossier = {user for user, key in told if key.startswith("deadline:")}
    about_step = {user for user, key in told if key.startswith("step:")}
    assert about_dossier == {personas.specialist.pk, personas.unit_leader.pk}
    assert about_step == {personas.specialist.pk}


def test_running_the_sweep_twice_changes_nothing_the_second_time(dossier):
    first = sweep_deadlines(now=THURSDAY_9)
    rows = Notification.objects.count()
    stamps = Dossier.objects.values_list("deadline_state", "overdue_alerted_at").get(pk=dossier.pk)
    second = sweep_deadlines(now=THURSDAY_9)

    assert first.reclassified > 0 and first.warnings > 0
    assert (second.reclassified, second.warnings) == (0, 0)
    assert Notification.objects.count() == rows
    assert Dossier.objects.values_list("deadline_state", "overdue_alerted_at").get(pk=dossier.pk) == stamps


def test_the_sweep_command_takes_a_fixed_now(dossier, capsys):
    call_command("sweep_deadlines", "--now", "2025-10-09 09:00")
    call_command("sweep_deadlines", "--now", "2025-10-09 09:00")

    assert _state(dossier) == DeadlineState.OVERDUE
    assert capsys.readouterr().out.splitlines()[-1] == "0 deadline states changed, 0 warnings sent."


def test_a_paused_dossier_has_no_deadline_state(personas, version, dossier):
    component = version.components.first().pk
    dossier = act(
        dossier, "request_supplement", personas.specialist, MONDAY + 2 * HOUR, component_ids=[component], reason="Thiếu"
    )
    sweep_deadlines(now=THURSDAY_9)

    assert _state(dossier) == DeadlineState.NONE


def test_a_new_day_off_moves_open_appointments_with_the_reason_recorded(personas, dossier):
    add_override(day=dt.date(2025, 10, 8), kind=OverrideKind.DAY_OFF, reason="Nghỉ bù theo thông báo")

    moved = reproject_deadlines(actor=personas.system_admin, reason="Thông báo số 12/TB-UBND", at=TUESDAY_9)
    again = reproject_deadlines(actor=personas.system_admin, reason="Thông báo số 12/TB-UBND", at=TUESDAY_9)

    dossier.refresh_from_db()
    event = dossier.events.get(action=EventAction.REPROJECTED)
    assert (moved, again) == ([dossier.code], [])
    assert dossier.due_at == dt.datetime(2025, 10, 10, 8, 0, tzinfo=TZ) == recompute_due_at(dossier)
    assert event.reason == "Thông báo số 12/TB-UBND" and event.actor == personas.system_admin


def test_only_a_system_administrator_re_projects_deadlines(personas, dossier):
    add_override(day=dt.date(2025, 10, 8), kind=OverrideKind.DAY_OFF, reason="Nghỉ bù")

    with pytest.raises(ValidationError):
        reproject_deadlines(actor=personas.unit_leader, reason="Thông báo", at=TUESDAY_9)


def test_overrun_per_unit_shows_who_held_the_dossier_beyond_its_allotment(personas, version):
    build_standard_process(
        version,
        decision_number="124/QĐ-UBND",
        decision_date=version.valid_from,
        decision_signer="Chủ tịch UBND tỉnh",
        by=None,
        fixed_units={"xu-ly": personas.other_commune},
    )
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(minutes=30))

    rows = overrun_by_unit(dossier, now=dt.datetime(2025, 10, 9, 10, 0, tzinfo=TZ))

    # The desk held it 30 of its 72 minutes; the other commune from Monday 08:30 to Thursday 10:00 (1,530 working
    # minutes) against 936 allotted.
    assert [(row.unit, row.held_minutes, row.allotted_minutes, row.overrun_minutes) for row in rows] == [
        (personas.commune, 30, 72, 0),
        (personas.other_commune, 1530, 936, 594),
    ]
