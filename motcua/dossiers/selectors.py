"""Work queues per role (domain.md §12: Mới tiếp nhận, Đang xử lý, Chờ ký duyệt, Chờ trả kết quả, Chờ bổ sung…).

Each queue is "open dossiers whose current unit is one of mine and whose current step needs a role I hold there",
narrowed by status or step kind. The filters hit ``dossier_unit_status_idx`` (current unit + status) and, for the
time-based queues, ``dossier_unit_open_due_idx`` (current unit + due instant of open dossiers); every queue is
ordered by appointment so the most urgent comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import StepKind
from motcua.dossiers.models import Dossier, DossierStatus, Sos, SosState
from motcua.organization.models import Membership, Unit, User
from motcua.workcalendar.services import calendar_for


def due_soon_working_days() -> int:
    """How many working days ahead an appointment counts as "Tới hạn" (setting MOTCUA_DUE_SOON_WORKING_DAYS;
    domain.md §3.6 warns two working days ahead). Read at each call so the queues, the clock and the sweep agree."""
    return int(getattr(settings, "MOTCUA_DUE_SOON_WORKING_DAYS", 2))


def _my_steps(user: User, day: dt.date) -> Q:
    """Dossiers standing at a step whose role ``user`` holds in the dossier's current unit."""
    pairs = Membership.objects.active_on(day).filter(user=user).order_by().values_list("unit_id", "role")
    condition = Q(pk__in=[])
    for unit_id, role in pairs:
        condition |= Q(current_unit_id=unit_id, current_step__role=role)
    return condition


def _queue(user: User, *statuses: DossierStatus, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    day = timezone.localdate(now or timezone.now())
    return (
        Dossier.objects.filter(_my_steps(user, day), status__in=statuses)
        .select_related("applicant", "procedure_version__procedure", "current_step", "current_unit")
        .order_by("due_at", "received_at")
    )


def to_receive(user: User) -> QuerySet[Dossier]:
    """Mới tiếp nhận: received (or sent back to the desk) and not yet handed over for processing."""
    return _queue(user, DossierStatus.RECEIVED)


def to_process(user: User) -> QuerySet[Dossier]:
    """Đang xử lý: at a processing, consultation or inter-agency step held by my role."""
    return _queue(user, DossierStatus.PROCESSING).exclude(current_step__kind=StepKind.APPROVAL)


def to_approve(user: User) -> QuerySet[Dossier]:
    """Chờ ký duyệt: at an approval step held by my role."""
    return _queue(user, DossierStatus.PROCESSING).filter(current_step__kind=StepKind.APPROVAL)


def to_return(user: User) -> QuerySet[Dossier]:
    """Chờ trả kết quả: processing finished, the result is to be handed over."""
    return _queue(user, DossierStatus.PROCESSED)


WAITING_FOR_APPLICANT = (DossierStatus.WAITING_SUPPLEMENT, DossierStatus.WAITING_PAYMENT)


def waiting_for_applicant(user: User) -> QuerySet[Dossier]:
    """Chờ công dân: the clock is paused until the applicant brings what was asked for or pays what was notified."""
    return _queue(user, *WAITING_FOR_APPLICANT)


def _running(user: User, now: dt.datetime) -> QuerySet[Dossier]:
    return _queue(user, DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.PROCESSED, now=now).filter(
        due_at__isnull=False
    )


def overdue(user: User, *, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Quá hạn: my open dossiers whose appointment has passed."""
    now = now or timezone.now()
    return _running(user, now).filter(due_at__lt=now)


def due_soon(user: User, *, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Tới hạn: my open dossiers due within ``due_soon_working_days()`` working days of the province calendar."""
    now = now or timezone.now()
    calendar = calendar_for(None)
    horizon = calendar.add_working(now, due_soon_working_days() * calendar.day_minutes)
    return _running(user, now).filter(due_at__gte=now, due_at__lte=horizon)


@dataclass(frozen=True)
class SosRow:
    """One SOS with its response times in working minutes (None while it has not been answered that far)."""

    sos: Sos
    to_acknowledge: int | None
    to_resolve: int | None


@dataclass(frozen=True)
class SosSummary:
    """Response times of one unit's SOS: how many, how many unanswered, mean working minutes to each answer."""

    unit: Unit
    count: int
    unresolved: int
    mean_to_acknowledge: int | None
    mean_to_resolve: int | None


def _mean(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def sos_rows(sos_list: QuerySet[Sos]) -> list[SosRow]:
    """The SOS with their response times, counted on the province calendar like every report."""
    calendar = calendar_for(None)

    def minutes(start: dt.datetime, end: dt.datetime | None) -> int | None:
        return None if end is None else calendar.working_minutes_between(start, end)

    return [
        SosRow(sos, minutes(sos.raised_at, sos.acknowledged_at), minutes(sos.raised_at, sos.resolved_at))
        for sos in sos_list.select_related("dossier", "unit", "raised_by", "acknowledged_by", "resolved_by")
    ]


def sos_summaries(rows: list[SosRow]) -> list[SosSummary]:
    """Per unit (by name): the SOS count, those not yet resolved, and the mean response times."""
    by_unit: dict[int, list[SosRow]] = {}
    for row in rows:
        by_unit.setdefault(row.sos.unit_id, []).append(row)
    summaries = [
        SosSummary(
            unit=group[0].sos.unit,
            count=len(group),
            unresolved=sum(1 for row in group if row.sos.state != SosState.RESOLVED),
            mean_to_acknowledge=_mean([row.to_acknowledge for row in group if row.to_acknowledge is not None]),
            mean_to_resolve=_mean([row.to_resolve for row in group if row.to_resolve is not None]),
        )
        for group in by_unit.values()
    ]
    return sorted(summaries, key=lambda summary: summary.unit.name)
