"""The dashboard's figures: each one is a named condition on the dossier table.

A ``Measure`` is a label plus a function from the filters to a ``Q``. The drill-down (``dossiers_behind``) lists
the dossiers that ``Q`` selects; ``figures`` counts the same sets without scanning a year of dossiers (decision 012):
what closed dossiers add up to (receptions by channel, returns by judgement, stops, withdrawals, what was carried
over) comes from the daily figures the dossier services keep equal to the dossiers; what depends on the instant the
period is judged at (open, on track, overdue, paused) is counted over the dossiers open at that instant; and what
other records say (requests beyond the limit, late answers, letters, SOS) over the dossiers those records name. A
test holds every count equal to a direct count and to its drill-down list. Everything is read from stored columns
the dossier services keep: ``received_at``, ``channel``, ``status``, ``due_at``, ``returned_at`` with its
``judgement`` (set once, at the return, by ``motcua.dossiers.services.clock.judge``), ``finished_at`` for stops and
withdrawals, the pause rows and the supplementation rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.consultations.models import Consultation
from motcua.dossiers.models import (
    OPEN_STATUSES,
    AppointmentChange,
    AppointmentChangeState,
    Channel,
    ClockPause,
    Dossier,
    DossierStatus,
    Judgement,
    Sos,
    SupplementationRequest,
)
from motcua.monitoring.selectors.scope import Filters, UnitTree

ENDED = (DossierStatus.STOPPED, DossierStatus.WITHDRAWN)


# --- conditions on one instant ------------------------------------------------------------------------------------


def active_since(at: dt.datetime) -> Q:
    """Dossiers not yet closed at ``at``: open now, or returned / stopped / withdrawn at or after it."""
    return (
        Q(status__in=OPEN_STATUSES)
        | Q(status=DossierStatus.RETURNED, returned_at__gte=at)
        | Q(status__in=ENDED, finished_at__gte=at)
    )


def open_at(at: dt.datetime) -> Q:
    """Received before ``at`` and not closed by then."""
    return Q(received_at__lt=at) & active_since(at)


def paused_at(at: dt.datetime) -> Q:
    """Waiting for the applicant at ``at``: a pause (a supplement or a financial obligation) had started and not
    ended, so the clock was not running."""
    pauses = ClockPause.objects.filter(started_at__lt=at).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=at))
    return Q(pk__in=pauses.values("dossier_id"))


def overdue_at(at: dt.datetime) -> Q:
    """Open at ``at``, its clock running, and its stored appointment already past.

    For a past instant the stored appointment is the latest one; pauses only ever push it later, so a dossier
    counted here was certainly overdue then (one paused again afterwards may be missed, never invented).
    """
    return open_at(at) & ~paused_at(at) & Q(due_at__lt=at)


def on_track_at(at: dt.datetime) -> Q:
    """Open at ``at``, its clock running, and not overdue (no appointment at all counts as not overdue)."""
    return open_at(at) & ~paused_at(at) & (Q(due_at__isnull=True) | Q(due_at__gte=at))


def received_in(filters: Filters) -> Q:
    return Q(received_at__gte=filters.period.start_at, received_at__lt=filters.period.end_at)


def returned_in(filters: Filters) -> Q:
    return Q(
        status=DossierStatus.RETURNED,
        returned_at__gte=filters.period.start_at,
        returned_at__lt=filters.period.end_at,
    )


def ended_in(filters: Filters, status: DossierStatus) -> Q:
    return Q(status=status, finished_at__gte=filters.period.start_at, finished_at__lt=filters.period.end_at)


def beyond_limit_ids(filters: Filters) -> QuerySet:
    """Dossiers with a supplementation request beyond the procedure's limit made during the period."""
    return SupplementationRequest.objects.filter(
        beyond_limit=True, requested_at__gte=filters.period.start_at, requested_at__lt=filters.period.end_at
    ).values("dossier_id")


def beyond_limit_in(filters: Filters) -> Q:
    return Q(pk__in=beyond_limit_ids(filters))


def consultation_late_ids(filters: Filters, agencies: Iterable[int] | None = None) -> QuerySet:
    """Dossiers with a consultation answered late during the period (by one of ``agencies`` if given)."""
    late = Consultation.objects.filter(
        timeliness=Judgement.LATE, answered_at__gte=filters.period.start_at, answered_at__lt=filters.period.end_at
    )
    if agencies is not None:
        late = late.filter(unit_id__in=sorted(agencies))
    return late.values("dossier_id")


def consultation_late_in(filters: Filters, agencies: Iterable[int] | None = None) -> Q:
    return Q(pk__in=consultation_late_ids(filters, agencies))


def apology_issued_ids(filters: Filters) -> QuerySet:
    """Dossiers whose apology letter with a new appointment (form 04) was issued during the period."""
    return AppointmentChange.objects.filter(
        state=AppointmentChangeState.APPROVED,
        letter_issued_at__gte=filters.period.start_at,
        letter_issued_at__lt=filters.period.end_at,
    ).values("dossier_id")


def apology_issued_in(filters: Filters) -> Q:
    return Q(pk__in=apology_issued_ids(filters))


def apology_missing(filters: Filters) -> Q:
    """Late (overdue at the period's end, or returned late during it) and never sent an apology letter."""
    issued = AppointmentChange.objects.filter(state=AppointmentChangeState.APPROVED)
    late = overdue_at(filters.as_of) | (returned_in(filters) & Q(judgement=Judgement.LATE))
    return late & ~Q(pk__in=issued.values("dossier_id"))


def sos_open_ids(at: dt.datetime, agencies: Iterable[int] | None = None) -> QuerySet:
    """Dossiers with an SOS raised before ``at`` and not yet resolved then (raised in one of ``agencies`` if given)."""
    raised = Sos.objects.filter(raised_at__lt=at).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=at))
    if agencies is not None:
        raised = raised.filter(unit_id__in=sorted(agencies))
    return raised.values("dossier_id")


def sos_open_at(at: dt.datetime, agencies: Iterable[int] | None = None) -> Q:
    return Q(pk__in=sos_open_ids(at, agencies))


def relevant(filters: Filters) -> Q:
    """Every dossier any measure can count: received before the period's end and not closed before its start."""
    return Q(received_at__lt=filters.period.end_at) & active_since(filters.period.start_at)


# --- the measures -------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    condition: Callable[[Filters], Q]
    css: str = ""


MEASURES: list[Measure] = [
    Measure("received", _("Tiếp nhận trong kỳ"), received_in),
    Measure("received_counter", _("Trực tiếp"), lambda f: received_in(f) & Q(channel=Channel.COUNTER)),
    Measure("received_online", _("Trực tuyến"), lambda f: received_in(f) & Q(channel=Channel.ONLINE)),
    Measure("received_postal", _("Bưu chính"), lambda f: received_in(f) & Q(channel=Channel.POSTAL)),
    Measure("carried_over", _("Kỳ trước chuyển qua"), lambda f: open_at(f.period.start_at)),
    Measure("resolved", _("Đã giải quyết"), returned_in),
    Measure("resolved_early", _("Trước hạn"), lambda f: returned_in(f) & Q(judgement=Judgement.EARLY), "on-time"),
    Measure("resolved_on_time", _("Đúng hạn"), lambda f: returned_in(f) & Q(judgement=Judgement.ON_TIME), "on-time"),
    Measure(
        "resolved_late",
        pgettext_lazy("finished after the due instant", "Quá hạn"),
        lambda f: returned_in(f) & Q(judgement=Judgement.LATE),
        "late",
    ),
    Measure("open", _("Đang giải quyết"), lambda f: open_at(f.as_of)),
    Measure("open_on_track", _("Trong hạn"), lambda f: on_track_at(f.as_of), "on-time"),
    Measure("open_overdue", _("Quá hạn"), lambda f: overdue_at(f.as_of), "late"),
    Measure(
        "paused",
        _("Tạm dừng, chờ bổ sung hoặc nghĩa vụ tài chính"),
        lambda f: open_at(f.as_of) & paused_at(f.as_of),
        "paused",
    ),
    Measure("stopped", _("Dừng giải quyết"), lambda f: ended_in(f, DossierStatus.STOPPED)),
    Measure("withdrawn", _("Rút hồ sơ"), lambda f: ended_in(f, DossierStatus.WITHDRAWN)),
    Measure("beyond_limit", _("Yêu cầu bổ sung quá số lần"), beyond_limit_in, "late"),
    Measure("consultation_late", _("Có ý kiến được trả lời trễ hạn"), consultation_late_in, "late"),
    Measure("apology_issued", _("Đã phát hành văn bản xin lỗi"), apology_issued_in),
    Measure("apology_missing", _("Quá hạn chưa có văn bản xin lỗi"), apology_missing, "late"),
    Measure("sos_open", _("SOS chưa xử lý xong"), lambda f: sos_open_at(f.as_of), "late"),
]
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}

# Figures the issue asks for whose records do not exist yet: (what, why not). Each becomes a ``Measure`` above once
# its feature records it. Every one of them is measured now.
NOT_MEASURED: list[tuple[str | Promise, str | Promise]] = []

# Measures that can also be drilled down per agency (the consulted one, the one that raised the SOS).
AGENCY_CONDITIONS: dict[str, Callable[[Filters, set[int]], Q]] = {
    "consultation_late": consultation_late_in,
    "sos_open": lambda f, agencies: sos_open_at(f.as_of, agencies),
}


def base(filters: Filters) -> QuerySet[Dossier]:
    return filters.dossiers().filter(relevant(filters)).order_by()


# --- counting: daily figures for what closed dossiers add up to, dossier rows for the rest ---------------------------

Group = str | None  # a column to group by (``resolving_unit_id``, ``procedure_version__procedure__sector_id``)
Rows = dict[Any, dict[str, int]]  # group value (None without grouping) → counts

RECEIVED = F("received_counter") + F("received_online") + F("received_postal")
CLOSED = F("returned_early") + F("returned_on_time") + F("returned_late") + F("stopped") + F("withdrawn")


def in_period(filters: Filters) -> Q:
    """Daily figures of the period's days."""
    return Q(day__gte=filters.period.start, day__lte=filters.period.end)


def summed(column: str | Combinable, condition: Q) -> Coalesce:
    return Coalesce(Sum(column, filter=condition), 0)


def grouped(queryset: QuerySet, group: Group, aggregates: dict[str, Aggregate | Coalesce]) -> Rows:
    """``aggregates`` over ``queryset``, in one query: one row, or one row per value of ``group``.

    The aggregates are aliased ``a0``, ``a1``… in SQL: a measure may share its name with a column it sums."""
    aliased = {f"a{number}": aggregate for number, aggregate in enumerate(aggregates.values())}
    names = dict(zip(aliased, aggregates, strict=True))
    if group is None:
        found = [queryset.order_by().aggregate(**aliased)]
    else:
        found = list(queryset.order_by().values(group).annotate(**aliased))
    return {row.get(group) if group else None: {names[alias]: row[alias] for alias in aliased} for row in found}


def add(into: Rows, rows: Rows) -> Rows:
    for key, values in rows.items():
        target = into.setdefault(key, {})
        for name, value in values.items():
            target[name] = target.get(name, 0) + value
    return into


def open_as_of(filters: Filters) -> QuerySet[Dossier]:
    """The dossiers open at ``as_of``: today's open ones, plus those closed since (few, for a recent ``as_of``).

    Everything judged against the clock at an instant is counted over these rows only: they are a small share of a
    year, and indexes find them (open dossiers, and returned or ended ones by their closing instant)."""
    return filters.dossiers().filter(open_at(filters.as_of)).order_by()


def small_sets(filters: Filters, *sets: QuerySet) -> QuerySet[Dossier]:
    """Relevant dossiers in one of ``sets`` (each a query of dossier ids): measures that depend on records other than
    the dossier (requests beyond the limit, late answers, letters, SOS) are counted over those dossiers only."""
    union = sets[0].order_by()
    if len(sets) > 1:
        union = union.union(*(found.order_by() for found in sets[1:]), all=True)
    return base(filters).filter(pk__in=union)


def figures_grouped(filters: Filters, group: Group) -> Rows:
    """Every measure, per ``group`` value (or once): three queries whatever the number of dossiers, four while the
    period runs.

    Receptions, returns, stops and withdrawals in the period, and late returns without an apology letter are sums
    of the period's daily figures; what depends on the instant the period is judged at (open, on track, overdue,
    paused) is counted over the dossiers open then, and what was carried over is derived from it
    (``CarriedOverWindow``); and the measures read from other records over the dossiers those records name. Every
    part counts exactly what its measure's condition selects (a test holds them equal to direct counts and to the
    drill-down lists)."""
    as_of, period = filters.as_of, in_period(filters)
    window = carried_over_window(filters)
    rows = grouped(
        filters.daily_figures(),
        group,
        {
            FLOW: summed(CLOSED - RECEIVED, window.days),
            "received_counter": summed("received_counter", period),
            "received_online": summed("received_online", period),
            "received_postal": summed("received_postal", period),
            "resolved_early": summed("returned_early", period),
            "resolved_on_time": summed("returned_on_time", period),
            "resolved_late": summed("returned_late", period),
            "stopped": summed("stopped", period),
            "withdrawn": summed("withdrawn", period),
            "apology_missing": summed("returned_late_unapologised", period),
        },
    )
    letters = AppointmentChange.objects.filter(state=AppointmentChangeState.APPROVED).values("dossier_id")
    returned_late = returned_in(filters) & Q(judgement=Judgement.LATE)
    add(
        rows,
        grouped(
            open_as_of(filters),
            group,
            {
                "open": Count("pk"),
                "open_on_track": Count("pk", filter=on_track_at(as_of)),
                "open_overdue": Count("pk", filter=overdue_at(as_of)),
                "paused": Count("pk", filter=paused_at(as_of)),
                # Overdue and never apologised, unless already counted as returned late in the period.
                "apology_missing": Count("pk", filter=overdue_at(as_of) & ~Q(pk__in=letters) & ~returned_late),
            },
        ),
    )
    add(
        rows,
        grouped(
            small_sets(
                filters,
                beyond_limit_ids(filters),
                consultation_late_ids(filters),
                apology_issued_ids(filters),
                sos_open_ids(as_of),
            ),
            group,
            {key: Count("pk", filter=MEASURES_BY_KEY[key].condition(filters)) for key in RECORD_MEASURES},
        ),
    )
    add(rows, carried_over_rest(filters, group, window))
    for values in rows.values():
        for key in MEASURES_BY_KEY:
            values.setdefault(key, 0)
        values["received"] = values["received_counter"] + values["received_online"] + values["received_postal"]
        values["resolved"] = values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
        values["carried_over"] = values.pop(FLOW, 0) + values["open"]
    # A group with nothing in the period, open or carried over has nothing to show.
    return {key: values for key, values in rows.items() if key is None or any(values.values())}


FLOW = "closed_minus_received"  # between the period's start and ``as_of`` (see ``carried_over_window``)


@dataclasses.dataclass(frozen=True)
class CarriedOverWindow:
    """What turns the dossiers open at ``as_of`` into those open at the period's start (carried over): every dossier
    received before an instant is open or closed then, so open at the start = open at ``as_of`` + (closed −
    received) between the two. Whole days come from the period's daily figures (``days``); the rest — the part of
    ``as_of``'s own day while the period runs, or the stretch up to a start still ahead (``sign`` −1) — is counted
    over the dossiers received or closed in [``low``, ``high``). Nothing before the period is read, so the cost does
    not grow with the years of history."""

    days: Q
    low: dt.datetime
    high: dt.datetime
    sign: int


def carried_over_window(filters: Filters) -> CarriedOverWindow:
    start, as_of = filters.period.start_at, filters.as_of
    if as_of < start:
        return CarriedOverWindow(Q(pk__in=[]), as_of, start, -1)
    day = timezone.localtime(as_of).date()
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return CarriedOverWindow(Q(day__gte=filters.period.start, day__lt=day), max(start, midnight), as_of, 1)


def carried_over_rest(filters: Filters, group: Group, window: CarriedOverWindow) -> Rows:
    """(closed − received) × sign over the dossiers of the window's partial stretch; no query when it is empty."""
    if window.low >= window.high:
        return {}
    low, high = window.low, window.high
    received = Q(received_at__gte=low, received_at__lt=high)
    closed = Q(status=DossierStatus.RETURNED, returned_at__gte=low, returned_at__lt=high) | Q(
        status__in=ENDED, finished_at__gte=low, finished_at__lt=high
    )
    moved = filters.dossiers().filter(received | closed)
    counted = Count("pk", filter=closed) - Count("pk", filter=received)
    rows = grouped(moved, group, {FLOW: counted})
    return {key: {FLOW: window.sign * values[FLOW]} for key, values in rows.items()}


# Measures read from records other than the dossier row, counted over the dossiers those records name.
RECORD_MEASURES = ("beyond_limit", "consultation_late", "apology_issued", "sos_open")


def figures(filters: Filters) -> dict[str, int]:
    """Every measure for the filters."""
    rows = figures_grouped(filters, None)
    return {measure.key: rows[None][measure.key] for measure in MEASURES}


def figures_by_unit(filters: Filters, tree: UnitTree) -> dict[int, dict[str, int]]:
    """Every measure per resolving unit (as recorded, or folded onto today's units).

    Counts add up, so folding the recorded units' rows onto their successors is exact; after a split a dossier is
    counted under each successor (the rows then add up to more than the total).
    """
    rows = figures_grouped(filters, "resolving_unit_id")
    return fold(
        ({"resolving_unit_id": unit_id, **values} for unit_id, values in rows.items()),
        "resolving_unit_id",
        tree,
        remap=filters.remap,
    )


def fold(rows: Iterable[dict], key: str, tree: UnitTree, *, remap: bool) -> dict[int, dict[str, int]]:
    """Sum grouped count rows onto the groups ``tree.group_of`` gives each recorded unit."""
    folded: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for group in tree.group_of(row[key], remap=remap):
            for name, value in row.items():
                if name != key:
                    folded[group][name] += value
    return {group: dict(values) for group, values in folded.items()}


@dataclasses.dataclass(frozen=True)
class AgencyFigures:
    """Per agency: consultations it answered in the period (late ones among them) and still owes past their
    deadline, and the SOS it raised in the period and has still open."""

    answered: int = 0
    answered_late: int = 0
    consultations_overdue: int = 0
    sos_raised: int = 0
    sos_open: int = 0


def in_scope(filters: Filters, unit_field: str) -> Q:
    """Records of dossiers in scope, or (for a set of units) records of those units on any dossier."""
    if filters.units is None and filters.sector_id is None and filters.procedure_id is None:
        return Q()
    condition = Q(dossier__in=filters.dossiers().values("pk"))
    if filters.units is not None:
        everywhere = dataclasses.replace(filters, units=None)
        condition |= Q(**{f"{unit_field}__in": sorted(filters.units)}, dossier__in=everywhere.dossiers().values("pk"))
    return condition


def by_agency(filters: Filters, tree: UnitTree) -> dict[int, AgencyFigures]:
    """Consultations per consulted agency (late answers are theirs, domain.md §3.5) and SOS per raising unit.

    Two grouped queries; agencies fold onto today's units like the dashboard's rows.
    """
    start, end, as_of = filters.period.start_at, filters.period.end_at, filters.as_of
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    owed = Q(requested_at__lt=as_of, due_at__lt=as_of) & (Q(answered_at__isnull=True) | Q(answered_at__gte=as_of))
    consultations = (
        Consultation.objects.filter(in_scope(filters, "unit_id"))
        .filter(answered | owed)
        .order_by()
        .values("unit_id")
        .annotate(
            answered=Count("pk", filter=answered),
            answered_late=Count("pk", filter=answered & Q(timeliness=Judgement.LATE)),
            consultations_overdue=Count("pk", filter=owed),
        )
    )
    raised = Q(raised_at__gte=start, raised_at__lt=end)
    still_open = Q(raised_at__lt=as_of) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=as_of))
    sos = (
        Sos.objects.filter(in_scope(filters, "unit_id"))
        .filter(raised | still_open)
        .order_by()
        .values("unit_id")
        .annotate(sos_raised=Count("pk", filter=raised), sos_open=Count("pk", filter=still_open))
    )
    folded = fold([*consultations, *sos], "unit_id", tree, remap=filters.remap)
    return {unit_id: AgencyFigures(**values) for unit_id, values in folded.items()}


def dossiers_behind(filters: Filters, condition: Q) -> QuerySet[Dossier]:
    """The dossiers a figure counts, for the drill-down list (newest first)."""
    return (
        base(filters)
        .filter(condition)
        .select_related("procedure_version__procedure", "resolving_unit", "applicant")
        .order_by("-received_at", "code")
    )


@dataclasses.dataclass(frozen=True)
class MonthTrend:
    month: dt.date
    received: int
    resolved_on_time: int
    resolved_late: int


def monthly_trend(filters: Filters) -> list[MonthTrend]:
    """Per calendar month of the period: received, and returned on time (early included) or late.

    One statement over the daily figures, grouped by day (at most a year of rows come back) and folded into months
    here: truncating every row's day to its month in SQL costs SQLite a function call per row."""
    rows = (
        filters.daily_figures()
        .filter(in_period(filters))
        .order_by()
        .values("day")
        .annotate(
            received=Sum(RECEIVED),
            on_time=Sum(F("returned_early") + F("returned_on_time")),
            late=Sum("returned_late"),
        )
        .values_list("day", "received", "on_time", "late")
    )
    by_month: dict[dt.date, list[int]] = {month: [0, 0, 0] for month in filters.period.months()}
    for day, *counts in rows:
        totals = by_month[_month_key(day)]
        for index, count in enumerate(counts):
            totals[index] += count
    return [MonthTrend(month, *values) for month, values in by_month.items()]


def _month_key(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)
