"""The API's list queries: what each filter means, on top of the visibility rule of ``motcua.dossiers.access``.

Every list is read with a fixed number of queries whatever its length (the related rows a list shows are joined,
not fetched per row); the tests pin the count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.dossiers.models import OPEN_DOSSIER, Dossier
from motcua.organization.models import Unit, User


def procedures(*, search: str = "", level: str | None = None, sector: str | None = None) -> QuerySet[Procedure]:
    """Procedures whose code or name contains ``search``, at ``level``, in the sector coded ``sector``."""
    queryset = Procedure.objects.select_related("sector").order_by("code")
    if search:
        queryset = queryset.filter(Q(code__icontains=search) | Q(name__icontains=search))
    if level:
        queryset = queryset.filter(level=level)
    if sector:
        queryset = queryset.filter(sector__code=sector)
    return queryset


@dataclass(frozen=True)
class DossierFilters:
    """What a caller may narrow the dossier list by; every field is optional."""

    unit: str | None = None
    status: tuple[str, ...] = ()
    procedure: str | None = None
    due_before: dt.datetime | None = None
    overdue: bool | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def dossiers(user: User, filters: DossierFilters, *, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see, narrowed by ``filters``, newest reception first.

    ``unit`` (an electronic unit code) matches the receiving, resolving or current unit; ``due_before`` and
    ``overdue`` concern open dossiers whose clock is running (a paused dossier has no appointment until it resumes);
    ``received_from``/``received_to`` are local days, both included.
    """
    now = now or timezone.now()
    queryset = Dossier.objects.visible_to(user).select_related(
        "procedure_version__procedure", "applicant", "receiving_unit", "current_unit", "current_step"
    )
    if filters.unit:
        unit_ids = Unit.objects.filter(code=filters.unit).values("pk")
        queryset = queryset.filter(
            Q(receiving_unit__in=unit_ids) | Q(resolving_unit__in=unit_ids) | Q(current_unit__in=unit_ids)
        )
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.procedure:
        queryset = queryset.filter(procedure_version__procedure__code=filters.procedure)
    if filters.due_before is not None:
        queryset = queryset.filter(OPEN_DOSSIER, due_at__lt=filters.due_before)
    if filters.overdue is True:
        queryset = queryset.filter(OPEN_DOSSIER, due_at__lt=now)
    elif filters.overdue is False:
        queryset = queryset.exclude(OPEN_DOSSIER & Q(due_at__lt=now))
    if filters.received_from is not None:
        queryset = queryset.filter(received_at__gte=_start_of(filters.received_from))
    if filters.received_to is not None:
        queryset = queryset.filter(received_at__lt=_start_of(filters.received_to + dt.timedelta(days=1)))
    return queryset.order_by("-received_at", "code")
