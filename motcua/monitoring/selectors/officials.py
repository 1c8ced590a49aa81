"""Per official: the hand-overs they made (step visits they left) with their timeliness, the stays they held, their
findings, and the citizens' ratings of the dossiers they handed on. Two grouped queries over the step visits and one
over the ratings, whatever the number of officials or dossiers."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from motcua.dossiers.models import Judgement, StepVisit
from motcua.monitoring.selectors.findings import Finding
from motcua.monitoring.selectors.scope import Filters
from motcua.organization.models import User
from motcua.portal.models import Evaluation, SatisfactionLevel


@dataclasses.dataclass(frozen=True)
class CitizenScores:
    """Ratings recorded in the period of dossiers the official handed on (Circular 01/2018 Arts. 12–14)."""

    rated: int = 0
    satisfied: int = 0  # very satisfied or satisfied
    not_satisfied: int = 0
    attitude_points: int = 0  # the sum of index 7, staff attitude (0–2 per rating)

    @property
    def attitude(self) -> Decimal | None:
        """The average staff-attitude score, out of 2."""
        if not self.rated:
            return None
        return (Decimal(self.attitude_points) / self.rated).quantize(Decimal("0.01"), ROUND_HALF_UP)


def citizen_scores(filters: Filters, officials: QuerySet[User] | None = None) -> dict[int, CitizenScores]:
    """Per official, the ratings of the dossiers they handed on (left a stay of), rated during the period.

    A rating counts once for each official who worked the dossier: the join through the stays repeats a rating per
    stay, so every count is of distinct ratings (one grouped query).
    """
    ratings = Evaluation.objects.filter(
        recorded_at__gte=filters.period.start_at, recorded_at__lt=filters.period.end_at
    ).order_by()
    if filters.units is not None or filters.sector_id is not None or filters.procedure_id is not None:
        ratings = ratings.filter(dossier__in=filters.dossiers().values("pk"))
    if officials is not None:
        ratings = ratings.filter(dossier__visits__left_by__in=officials)
    happy = Q(satisfaction__in=(SatisfactionLevel.VERY_SATISFIED, SatisfactionLevel.SATISFIED))
    rows = ratings.values("dossier__visits__left_by").annotate(
        rated=Count("pk", distinct=True),
        satisfied=Count("pk", distinct=True, filter=happy),
        not_satisfied=Count("pk", distinct=True, filter=Q(satisfaction=SatisfactionLevel.NOT_SATISFIED)),
        two=Count("pk", distinct=True, filter=Q(c7_attitude=2)),
        one=Count("pk", distinct=True, filter=Q(c7_attitude=1)),
    )
    return {
        row["dossier__visits__left_by"]: CitizenScores(
            row["rated"], row["satisfied"], row["not_satisfied"], 2 * row["two"] + row["one"]
        )
        for row in rows
        if row["dossier__visits__left_by"] is not None
    }


@dataclasses.dataclass(frozen=True)
class OfficialFigures:
    official: User
    held: int  # stays received by name during the period
    handed_over: int  # stays left (hand-overs made) during the period
    on_time: int  # of those, early or on time
    late: int
    findings: int
    citizens: CitizenScores

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
    scores = citizen_scores(filters, officials)
    users = User.objects.in_bulk(set(handed) | set(holding) | set(scores))
    rows = [
        OfficialFigures(
            official=user,
            held=holding.get(pk, 0),
            handed_over=handed.get(pk, {}).get("n", 0),
            on_time=handed.get(pk, {}).get("on_time", 0),
            late=handed.get(pk, {}).get("late", 0),
            findings=per_official.get(pk, 0),
            citizens=scores.get(pk, CitizenScores()),
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
