"""The consultation sweep: a reminder before each deadline and an alert once it has passed, each sent once.

Run by cron every few minutes (``manage.py sweep_consultations``). Each reminder and alert is claimed by a
conditional update of ``reminded_at`` / ``alerted_at`` (``… WHERE reminded_at IS NULL``), so two sweeps running at
once, or the same sweep run twice, send nothing twice; notifications carry a dedupe key as a second guard. An
accepted extension clears both columns, so the new deadline is reminded and alerted again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.consultations.models import Consultation, ConsultationStatus
from motcua.consultations.services.notices import announce_overdue, announce_reminder
from motcua.workcalendar.services import calendar_for

# One working day before the deadline, unless MOTCUA_CONSULTATION_REMINDER_MINUTES says otherwise.
DEFAULT_REMINDER_MINUTES = 8 * 60
# Candidates for a reminder are read within this calendar span of the deadline; the exact test is in working time.
REMINDER_LOOKAHEAD = dt.timedelta(days=14)


@dataclasses.dataclass(frozen=True)
class SweepCounts:
    reminded: int
    alerted: int


def reminder_minutes() -> int:
    return int(getattr(settings, "MOTCUA_CONSULTATION_REMINDER_MINUTES", DEFAULT_REMINDER_MINUTES))


def _claim(consultation: Consultation, column: str, now: dt.datetime) -> bool:
    """Set ``column`` to ``now`` unless another sweep already did; True when this sweep won."""
    return bool(
        Consultation.objects.filter(
            pk=consultation.pk, status=ConsultationStatus.OPEN, **{f"{column}__isnull": True}
        ).update(**{column: now})
    )


def sweep_consultations(*, now: dt.datetime | None = None) -> SweepCounts:
    """Remind the consulted units whose deadline is near and alert on those that passed; returns what was sent."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    open_rows = Consultation.objects.filter(status=ConsultationStatus.OPEN).select_related(
        "dossier", "unit", "requested_by"
    )
    alerted = 0
    for consultation in open_rows.filter(due_at__lt=now, alerted_at__isnull=True).order_by("due_at", "pk"):
        with transaction.atomic():
            if _claim(consultation, "alerted_at", now):
                announce_overdue(consultation, day)
                alerted += 1
    reminded = 0
    threshold = reminder_minutes()
    candidates = open_rows.filter(
        due_at__gte=now, due_at__lte=now + REMINDER_LOOKAHEAD, reminded_at__isnull=True
    ).order_by("due_at", "pk")
    for consultation in candidates:
        remaining = calendar_for(consultation.unit.code).working_minutes_between(now, consultation.due_at)
        if remaining > threshold:
            continue
        with transaction.atomic():
            if _claim(consultation, "reminded_at", now):
                announce_reminder(consultation, day)
                reminded += 1
    return SweepCounts(reminded=reminded, alerted=alerted)
