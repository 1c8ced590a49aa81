"""How a dossier reads on screen: its history from the event log, and its clock in the words staff use.

Pure reading: the history is the event chain (never a separate log), and the clock is read from the stored
appointment (``due_at``) and pauses, counted in working time: "Còn N ngày làm việc", "Quá hạn N ngày", with
Trong hạn / Tới hạn / Quá hạn for open dossiers and Trước hạn / Đúng hạn / Quá hạn for finished ones (domain.md §12).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.dossiers.models import (
    ClockEffect,
    Dossier,
    DossierEvent,
    DossierStatus,
    EventAction,
    Judgement,
    SupplementationRequest,
)
from motcua.dossiers.selectors import due_soon_working_days
from motcua.organization.models import Role
from motcua.workcalendar.core import Pause, WorkingCalendar

# CSS classes of the timing colours (motcua.css): green within time, orange due soon, red late.
CSS_ON_TIME = "on-time"
CSS_DUE_SOON = "due-soon"
CSS_LATE = "late"
CSS_PAUSED = "paused"

JUDGEMENT_CSS = {Judgement.EARLY: CSS_ON_TIME, Judgement.ON_TIME: CSS_ON_TIME, Judgement.LATE: CSS_LATE}


@dataclass(frozen=True)
class ClockReading:
    """The clock of one dossier at one instant; minutes are working minutes (None when they cannot be known)."""

    label: str | Promise
    detail: str
    css: str
    elapsed_minutes: int | None
    remaining_minutes: int | None


def remaining_text(minutes: int, day_minutes: int) -> str:
    """ "Còn N ngày làm việc" / "Quá hạn N ngày" from signed remaining working minutes; hours when under a day."""
    span = abs(minutes)
    if span >= day_minutes:
        days = span // day_minutes
        if minutes < 0:
            return ngettext("Quá hạn %(n)s ngày", "Quá hạn %(n)s ngày", days) % {"n": days}
        return ngettext("Còn %(n)s ngày làm việc", "Còn %(n)s ngày làm việc", days) % {"n": days}
    hours = max(1, math.ceil(span / 60))
    if minutes < 0:
        return ngettext("Quá hạn %(n)s giờ", "Quá hạn %(n)s giờ", hours) % {"n": hours}
    return ngettext("Còn %(n)s giờ làm việc", "Còn %(n)s giờ làm việc", hours) % {"n": hours}


def read_clock(
    dossier: Dossier, *, now: dt.datetime, calendar: WorkingCalendar, pauses: list[Pause] | None = None
) -> ClockReading:
    """The dossier's clock at ``now``; without ``pauses`` the elapsed time is not computed (queue rows)."""
    elapsed = None
    if pauses is not None:
        end = dossier.finished_at or now
        elapsed = max(0, calendar.working_minutes_between(dossier.received_at, end, pauses))
    if not dossier.is_open:
        if dossier.judgement:
            judgement = Judgement(dossier.judgement)
            return ClockReading(judgement.label, "", JUDGEMENT_CSS[judgement], elapsed, None)
        return ClockReading(DossierStatus(dossier.status).label, "", CSS_PAUSED, elapsed, None)
    if dossier.due_at is None:
        if dossier.status == DossierStatus.WAITING_SUPPLEMENT:
            return ClockReading(_("Tạm dừng"), str(_("Chờ công dân bổ sung hồ sơ")), CSS_PAUSED, elapsed, None)
        if dossier.status == DossierStatus.WAITING_PAYMENT:
            return ClockReading(
                _("Tạm dừng"), str(_("Chờ công dân thực hiện nghĩa vụ tài chính")), CSS_PAUSED, elapsed, None
            )
        return ClockReading(_("Không tính thời hạn"), "", CSS_PAUSED, elapsed, None)
    remaining = calendar.working_minutes_between(now, dossier.due_at)
    detail = remaining_text(remaining, calendar.day_minutes)
    if remaining < 0:
        return ClockReading(_("Quá hạn"), detail, CSS_LATE, elapsed, remaining)
    if remaining <= due_soon_working_days() * calendar.day_minutes:
        return ClockReading(_("Tới hạn"), detail, CSS_DUE_SOON, elapsed, remaining)
    return ClockReading(_("Trong hạn"), detail, CSS_ON_TIME, elapsed, remaining)


def working_duration(minutes: int, day_minutes: int) -> str:
    """A working-time span as "N ngày M giờ làm việc" (elapsed time on the dossier page)."""
    days, rest = divmod(minutes, day_minutes)
    hours = rest // 60
    if days:
        return _("%(days)s ngày %(hours)s giờ làm việc") % {"days": days, "hours": hours}
    return _("%(hours)s giờ %(minutes)s phút làm việc") % {"hours": hours, "minutes": rest % 60}


@dataclass(frozen=True)
class TimelineRow:
    """One line of the history: when, who (person, role, unit), what, the status move, and why."""

    seq: int
    at: dt.datetime
    actor: str
    role: str | Promise
    unit: str
    action: str | Promise
    from_status: str | Promise
    to_status: str | Promise
    reason: str
    clock_effect: str | Promise


def _label(choices: type, value: str) -> str | Promise:
    return choices(value).label if value in choices.values else value


def timeline_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor", "unit").order_by("seq")


def timeline(dossier: Dossier) -> list[TimelineRow]:
    """The dossier's history, read from its event chain in order (one query)."""
    return [
        TimelineRow(
            seq=event.seq,
            at=event.at,
            actor=str(event.actor),
            role=_label(Role, event.role),
            unit=event.unit.name,
            action=_label(EventAction, event.action),
            from_status=_label(DossierStatus, event.from_status) if event.from_status else "",
            to_status=_label(DossierStatus, event.to_status),
            reason=event.reason,
            clock_effect="" if event.clock_effect == ClockEffect.NONE else _label(ClockEffect, event.clock_effect),
        )
        for event in timeline_events(dossier)
    ]


def open_supplementation(dossier: Dossier) -> SupplementationRequest | None:
    """The request the applicant has not answered yet (what they must still bring), with its items."""
    if dossier.status != DossierStatus.WAITING_SUPPLEMENT:
        return None
    return (
        SupplementationRequest.objects.filter(dossier=dossier, fulfilled_at__isnull=True)
        .prefetch_related("items")
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class PaymentNotice:
    """The financial obligations the applicant must still pay, as the notice recorded them."""

    description: str
    amount: int | None
    notice_number: str
    notice_date: dt.date | None
    reason: str
    requested_at: dt.datetime


def open_payment_notice(dossier: Dossier) -> PaymentNotice | None:
    """The unpaid notice of financial obligations (what the applicant must still pay), read from its event."""
    if dossier.status != DossierStatus.WAITING_PAYMENT:
        return None
    event = DossierEvent.objects.filter(dossier=dossier, action=EventAction.PAYMENT_REQUESTED).order_by("-seq").first()
    if event is None:
        return None
    data = event.payload
    return PaymentNotice(
        description=data["description"],
        amount=data["amount"],
        notice_number=data["notice_number"],
        notice_date=dt.date.fromisoformat(data["notice_date"]) if data["notice_date"] else None,
        reason=event.reason,
        requested_at=event.at,
    )
