"""The dossier's clock: due instants in working time, derived only from stored records.

``due_at`` = ``due_instant`` (workcalendar) of the resolving unit's calendar, from ``received_at``, the pinned
version's time limit and the dossier's recorded pauses, plus the working time of the one approved new appointment
(``AppointmentChange.extension_minutes``, mirrored on ``Dossier.extended_minutes``). While a pause is open the due
instant is unknown and stored as null. Every action that touches the clock recomputes it with
``recompute_due_at``, so the stored value always equals a fresh computation from the records (a property test
checks this after random action sequences).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from motcua.catalog.models import Step, TimeLimitUnit
from motcua.dossiers.models import AppointmentChange, AppointmentChangeState, Dossier, Judgement, StepVisit
from motcua.workcalendar.core import Pause, TimeLimit, WorkingCalendar, due_instant
from motcua.workcalendar.services import calendar_for


class Calendars:
    """Calendars asked for during one action, so a unit's calendar is looked up once per action."""

    def __init__(self) -> None:
        self._by_code: dict[str, WorkingCalendar] = {}

    def of(self, unit_code: str) -> WorkingCalendar:
        if unit_code not in self._by_code:
            self._by_code[unit_code] = calendar_for(unit_code)
        return self._by_code[unit_code]


def pauses_of(dossier: Dossier) -> list[Pause]:
    """The dossier's pauses as ``(start, end or None)`` intervals, in order."""
    return [(start, end) for start, end in dossier.pauses.order_by("started_at").values_list("started_at", "ended_at")]


def has_open_pause(pauses: Sequence[Pause]) -> bool:
    return any(end is None for _start, end in pauses)


def compute_due_at(
    dossier: Dossier,
    pauses: Sequence[Pause],
    calendars: Calendars | None = None,
    extension_minutes: int | None = None,
) -> dt.datetime | None:
    """The appointment from the given records; None while paused or when the version sets no time limit
    (a "within the day" limit has no value and still has an appointment).

    ``extension_minutes`` (default: the dossier's stored ``extended_minutes``) is added in working time after the
    legal due instant, pauses excluded, so a pause after a new appointment still moves it.
    """
    version = dossier.procedure_version
    has_limit = version.time_limit_value is not None or version.time_limit_unit == TimeLimitUnit.WITHIN_DAY
    if not has_limit or has_open_pause(pauses):
        return None
    calendar = (calendars or Calendars()).of(dossier.resolving_unit.code)
    limit = TimeLimit(version.time_limit_value, version.time_limit_unit, version.same_day_cutoff)
    due = due_instant(calendar, dossier.received_at, limit, pauses)
    extra = dossier.extended_minutes if extension_minutes is None else extension_minutes
    return calendar.add_working(due, extra, pauses) if extra else due


def recompute_due_at(dossier: Dossier) -> dt.datetime | None:
    """The due instant recomputed from the dossier's stored records alone (audits, re-projection, tests).

    The extension is read from the approved ``AppointmentChange``, not from the dossier's mirror column, so a
    drift between the two shows up as a wrong appointment.
    """
    extension = (
        AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.APPROVED)
        .values_list("extension_minutes", flat=True)
        .first()
    )
    return compute_due_at(dossier, pauses_of(dossier), extension_minutes=extension or 0)


def step_due_at(
    *, step: Step, unit_code: str, entered_at: dt.datetime, pauses: Sequence[Pause], calendars: Calendars
) -> dt.datetime | None:
    """A step's due instant: its allotted working minutes after it was entered, pauses excluded; None while paused."""
    if has_open_pause(pauses):
        return None
    return calendars.of(unit_code).add_working(entered_at, step.allotted_minutes, pauses)


def judge(done_at: dt.datetime, due_at: dt.datetime | None) -> Judgement:
    """Early / on time / late: late after the due instant, on time on its (local) day, early on an earlier day.

    "Đúng hạn" in practice means "on the appointment day", so finishing at 09:00 on a day due at 17:00 is on time,
    not early. Without a due instant (no legal limit) nothing can be late.
    """
    if due_at is None:
        return Judgement.ON_TIME
    if done_at > due_at:
        return Judgement.LATE
    if timezone.localdate(done_at) == timezone.localdate(due_at):
        return Judgement.ON_TIME
    return Judgement.EARLY


def refresh_open_visit_due(visit: StepVisit, pauses: Sequence[Pause], calendars: Calendars) -> None:
    """Recompute the open visit's due instant after a pause opened or closed (saved by the caller)."""
    visit.due_at = step_due_at(
        step=visit.step, unit_code=visit.unit.code, entered_at=visit.entered_at, pauses=pauses, calendars=calendars
    )
