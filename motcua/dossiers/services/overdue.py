"""Overdue handling: the deadline sweep, re-projection after a calendar change, and who held a dossier too long.

The sweep runs from cron every few minutes. It stores the deadline state of every open dossier and open step visit
with conditional UPDATEs (a row is written only when its state changes) and warns the people concerned once per
appointment: the ``due_soon_warned_at``/``overdue_alerted_at`` stamp is claimed by a conditional UPDATE in the
transaction that records the notification, and the notification carries a dedupe key, so a second run, or two runs
at once, change nothing. Classifying is not an event of the dossier: it records nothing about its life, and an
event every few minutes would move ``lock_version`` under every officer's open form.

The due-soon horizon is counted on the province calendar, like the "Tới hạn" queue; the due instants themselves
are the stored ones, computed on each resolving unit's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.documents.printing import format_instant
from motcua.dossiers.models import OPEN_DOSSIER, ClockEffect, DeadlineState, Dossier, EventAction, StepVisit
from motcua.dossiers.selectors import due_soon_working_days
from motcua.dossiers.services.alerts import dossier_url, leaders_of, merge, visit_handlers
from motcua.dossiers.services.clock import Calendars, compute_due_at, pauses_of, refresh_open_visit_due
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import notify
from motcua.organization.models import Unit
from motcua.workcalendar.core import Pause
from motcua.workcalendar.services import calendar_for

# --- the sweep --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepReport:
    """What one sweep changed: rows whose state moved, and warnings sent (each once per appointment)."""

    reclassified: int
    warnings: int


def _classify(rows: QuerySet[Any], now: dt.datetime, horizon: dt.datetime) -> int:
    """Set the deadline state of ``rows`` (which have a ``due_at``) where it differs; returns rows written."""
    targets = (
        (DeadlineState.OVERDUE, {"due_at__lt": now}),
        (DeadlineState.DUE_SOON, {"due_at__gte": now, "due_at__lte": horizon}),
        (DeadlineState.ON_TRACK, {"due_at__gt": horizon}),
        (DeadlineState.NONE, {"due_at__isnull": True}),
    )
    return sum(
        rows.filter(**condition).exclude(deadline_state=state).update(deadline_state=state)
        for state, condition in targets
    )


def _claim(model: type[Dossier] | type[StepVisit], pk: int, stamp: str, now: dt.datetime) -> bool:
    """Take the right to send one warning: only the first caller's conditional UPDATE finds the stamp empty."""
    return bool(model.objects.filter(pk=pk, **{f"{stamp}__isnull": True}).update(**{stamp: now}))


WARNINGS = {
    DeadlineState.DUE_SOON: ("due_soon_warned_at", NotificationKind.DUE_SOON),
    DeadlineState.OVERDUE: ("overdue_alerted_at", NotificationKind.OVERDUE),
}


def _dossier_message(dossier: Dossier, state: DeadlineState) -> tuple[str, str]:
    params = {
        "code": dossier.code,
        "procedure": dossier.procedure_version.procedure.name,
        "due": format_instant(dossier.due_at),
        "step": dossier.current_step.name,
        "unit": dossier.current_unit.name,
    }
    if state == DeadlineState.DUE_SOON:
        return (
            _("Hồ sơ %(code)s sắp tới hạn") % params,
            _("Hồ sơ %(code)s (%(procedure)s) hẹn trả lúc %(due)s, đang ở bước “%(step)s” tại %(unit)s.") % params,
        )
    return (
        _("Hồ sơ %(code)s đã quá hạn") % params,
        _(
            "Hồ sơ %(code)s (%(procedure)s) hẹn trả lúc %(due)s đã quá hạn, đang ở bước “%(step)s” tại %(unit)s. "
            "Cơ quan chịu trách nhiệm cần gửi văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)."
        )
        % params,
    )


def _visit_message(visit: StepVisit, state: DeadlineState) -> tuple[str, str]:
    params = {"code": visit.dossier.code, "step": visit.step.name, "due": format_instant(visit.due_at)}
    if state == DeadlineState.DUE_SOON:
        return (
            _("Bước “%(step)s” của hồ sơ %(code)s sắp tới hạn") % params,
            _("Bước “%(step)s” của hồ sơ %(code)s cần hoàn thành trước %(due)s.") % params,
        )
    return (
        _("Bước “%(step)s” của hồ sơ %(code)s đã quá hạn") % params,
        _("Bước “%(step)s” của hồ sơ %(code)s đã quá thời gian được giao (hạn %(due)s).") % params,
    )


def _warn_dossiers(state: DeadlineState, rows: QuerySet[Dossier], now: dt.datetime) -> int:
    """Tell the current step's handlers and the current unit's leaders, once per appointment."""
    stamp, kind = WARNINGS[state]
    day = timezone.localdate(now)
    sent = 0
    for dossier in rows.filter(**{f"{stamp}__isnull": True}).select_related(
        "procedure_version__procedure", "current_step", "current_unit"
    ):
        with transaction.atomic():
            if not _claim(Dossier, dossier.pk, stamp, now):
                continue
            visit = StepVisit.objects.select_related("step", "holder").get(dossier=dossier, left_at__isnull=True)
            subject, body = _dossier_message(dossier, state)
            notify(
                recipients=merge(visit_handlers(visit, day), leaders_of([dossier.current_unit_id], day)),
                kind=kind,
                subject=subject,
                body=body,
                dossier=dossier,
                url=dossier_url(dossier),
                dedupe_key=f"deadline:{state}:{dossier.code}:{iso(dossier.due_at)}",
            )
        sent += 1
    return sent


def _warn_visits(state: DeadlineState, rows: QuerySet[StepVisit], now: dt.datetime) -> int:
    """Tell whoever works the step that its own allotment runs out (or ran out), once per visit."""
    stamp, kind = WARNINGS[state]
    day = timezone.localdate(now)
    sent = 0
    for visit in rows.filter(**{f"{stamp}__isnull": True}).select_related("dossier", "step", "holder"):
        with transaction.atomic():
            if not _claim(StepVisit, visit.pk, stamp, now):
                continue
            subject, body = _visit_message(visit, state)
            notify(
                recipients=visit_handlers(visit, day),
                kind=kind,
                subject=subject,
                body=body,
                dossier=visit.dossier,
                url=dossier_url(visit.dossier),
                dedupe_key=f"step:{state}:{visit.pk}:{iso(visit.due_at)}",
            )
        sent += 1
    return sent


def sweep_deadlines(*, now: dt.datetime | None = None, due_soon_days: int | None = None) -> SweepReport:
    """Classify open dossiers and open step visits, and warn of what is due soon or overdue; idempotent.

    ``due_soon_days`` defaults to ``due_soon_working_days()`` (setting MOTCUA_DUE_SOON_WORKING_DAYS).
    """
    now = now or timezone.now()
    days = due_soon_working_days() if due_soon_days is None else due_soon_days
    calendar = calendar_for(None)
    horizon = calendar.add_working(now, days * calendar.day_minutes)
    # Open dossiers by due_at: dossier_open_due_idx; open visits by due_at: step_visit_open_due_idx.
    dossiers = Dossier.objects.filter(OPEN_DOSSIER)
    visits = StepVisit.objects.filter(left_at__isnull=True)
    with transaction.atomic():
        reclassified = _classify(dossiers, now, horizon) + _classify(visits, now, horizon)
    warnings = (
        _warn_dossiers(DeadlineState.DUE_SOON, dossiers.filter(due_at__gte=now, due_at__lte=horizon), now)
        + _warn_dossiers(DeadlineState.OVERDUE, dossiers.filter(due_at__lt=now), now)
        + _warn_visits(DeadlineState.DUE_SOON, visits.filter(due_at__gte=now, due_at__lte=horizon), now)
        + _warn_visits(DeadlineState.OVERDUE, visits.filter(due_at__lt=now), now)
    )
    return SweepReport(reclassified=reclassified, warnings=warnings)


# --- re-projection after a calendar change ------------------------------------------------------------------------


@dataclass
class ReprojectPayload:
    """Why the deadlines move: the announcement or override that changed the working calendar."""

    reason: str


def reproject(ctx: ActionContext, data: ReprojectPayload) -> Outcome:
    """Recompute the appointment and the open step's due instant from the records under today's calendar."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do tính lại hạn (văn bản điều chỉnh lịch làm việc)."))
    dossier = ctx.dossier
    old = dossier.due_at
    dossier.due_at = compute_due_at(dossier, ctx.pauses(), ctx.calendars)
    visit = ctx.open_visit()
    old_step_due = visit.due_at
    refresh_open_visit_due(visit, ctx.pauses(), ctx.calendars)
    visit.save(update_fields=["due_at"])
    return Outcome(
        EventAction.REPROJECTED,
        reason=reason,
        clock_effect=ClockEffect.REPROJECTED,
        payload={
            "old_due_at": iso(old),
            "due_at": iso(dossier.due_at),
            "old_step_due_at": iso(old_step_due),
            "step_due_at": iso(visit.due_at),
        },
    )


# --- who held the dossier beyond their allotment -----------------------------------------------------------------


class UnitOverrun(NamedTuple):
    """Working minutes one unit held the dossier, its allotment for the steps it held, and the excess."""

    unit: Unit
    held_minutes: int
    allotted_minutes: int
    overrun_minutes: int


def overrun_by_unit(
    dossier: Dossier,
    *,
    now: dt.datetime | None = None,
    visits: Sequence[StepVisit] | None = None,
    pauses: Sequence[Pause] | None = None,
    calendars: Calendars | None = None,
) -> list[UnitOverrun]:
    """Per unit, in the order the dossier reached them: how long it held the dossier against its steps' allotments.

    Pure reading of the step visits (an open visit counts until ``now``), in each unit's working time with the
    applicant's pauses excluded, so it says which agency the delay is attributable to. A page that already read the
    visits (with their step and unit), the pauses and its calendars passes them in.
    """
    now = now or timezone.now()
    pauses = pauses_of(dossier) if pauses is None else pauses
    calendars = calendars or Calendars()
    held: dict[int, list[int]] = {}
    units: dict[int, Unit] = {}
    if visits is None:
        visits = dossier.visits.select_related("unit", "step").order_by("entered_at", "id")
    for visit in visits:
        calendar = calendars.of(visit.unit.code)
        minutes = max(0, calendar.working_minutes_between(visit.entered_at, visit.left_at or now, pauses))
        units.setdefault(visit.unit_id, visit.unit)
        totals = held.setdefault(visit.unit_id, [0, 0])
        totals[0] += minutes
        totals[1] += visit.step.allotted_minutes
    return [
        UnitOverrun(units[unit_id], spent, allotted, max(0, spent - allotted))
        for unit_id, (spent, allotted) in held.items()
    ]
