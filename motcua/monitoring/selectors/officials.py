"""Per official: the hand-overs they made (step visits they left) with their timeliness, the stays they held, and
their findings. Two grouped queries over the step visits, whatever the number of officials or dossiers."""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.db.models import Count, Q, QuerySet

from motcua.dossiers.models import Judgement, StepVisit
from motcua.monitoring.selectors.findings import Finding
from motcua.monitoring.selectors.scope import Filters
from motcua.organization.models import User


@dataclasses.dataclass(frozen=True)
class OfficialFigures:
    official: User
    held: int  # stays received by name during the period
    handed_over: int  # stays left (hand-overs made) during the period
    on_time: int  # of those, early or on time
    late: int
    findings: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.handed_over if self.handed_over else None


def _visits(filters: Filters) -> QuerySet[StepVisit]:
    visits = StepVisit.objects.order_by()
    if filters.units is not None or filters.sector_id is not None or filters.procedure_id is not None:
        visits = visits.filter(dossier__in=filters.dossiers().values("pk"))
    return visits


def _left_in(filters: Filters) -> Q:
    return Q(left_at__gte=filters.period.start_at, left_at__lt=filters.period.end_at)


def _entered_in(filters: Filters) -> Q:
    return Q(entered_at__gte=filters.period.start_at, entered_at__lt=filters.period.end_at)


def official_figures(
    filters: Filters, found: list[Finding], officials: QuerySet[User] | None = None
) -> list[OfficialFigures]:
    """Figures of every official who held or handed over a dossier in the period (or of ``officials`` only)."""
    left = _visits(filters).filter(_left_in(filters), left_by__isnull=False)
    held = _visits(filters).filter(_entered_in(filters), holder__isnull=False)
    if officials is not None:
        left = left.filter(left_by__in=officials)
        held = held.filter(holder__in=officials)
    handed = {
        row["left_by"]: row
        for row in left.values("left_by").annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=~Q(judgement=Judgement.LATE)),
            late=Count("pk", filter=Q(judgement=Judgement.LATE)),
        )
    }
    holding = dict(held.values("holder").annotate(n=Count("pk")).values_list("holder", "n"))
    per_official = Counter(f.official.pk for f in found if f.official is not None)
    users = User.objects.in_bulk(set(handed) | set(holding))
    rows = [
        OfficialFigures(
            official=user,
            held=holding.get(pk, 0),
            handed_over=handed.get(pk, {}).get("n", 0),
            on_time=handed.get(pk, {}).get("on_time", 0),
            late=handed.get(pk, {}).get("late", 0),
            findings=per_official.get(pk, 0),
        )
        for pk, user in users.items()
    ]
    return sorted(rows, key=lambda r: (-r.handed_over, r.official.username))


def hand_overs(filters: Filters, official: User) -> QuerySet[StepVisit]:
    """The official's hand-overs in the period, newest first (their page's list)."""
    return (
        _visits(filters)
        .filter(_left_in(filters), left_by=official)
        .select_related("dossier", "step", "unit")
        .order_by("-left_at")
    )
