"""The dashboard's figures: each one is a named condition on the dossier table, counted in SQL.

A ``Measure`` is a label plus a function from the filters to a ``Q``. The same ``Q`` is counted by ``figures``
(one conditional ``COUNT`` per measure, all in one query) and listed by ``dossiers_behind`` (the drill-down), so a
number and the list behind it cannot disagree. Everything is read from stored columns the dossier services keep:
``received_at``, ``channel``, ``status``, ``due_at``, ``returned_at`` with its ``judgement`` (set once, at the
return, by ``motcua.dossiers.services.clock.judge``), ``finished_at`` for stops and withdrawals, the pause rows and
the supplementation rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
    PauseKind,
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
    """Waiting for the applicant at ``at`` (a pause of that kind had started and not ended)."""
    pauses = ClockPause.objects.filter(kind=PauseKind.WAITING_APPLICANT, started_at__lt=at).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=at)
    )
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


def beyond_limit_in(filters: Filters) -> Q:
    """A supplementation request beyond the procedure's limit was made during the period."""
    requests = SupplementationRequest.objects.filter(
        beyond_limit=True, requested_at__gte=filters.period.start_at, requested_at__lt=filters.period.end_at
    )
    return Q(pk__in=requests.values("dossier_id"))


def consultation_late_in(filters: Filters, agencies: Iterable[int] | None = None) -> Q:
    """A consultation of the dossier was answered late during the period (by one of ``agencies`` if given)."""
    late = Consultation.objects.filter(
        timeliness=Judgement.LATE, answered_at__gte=filters.period.start_at, answered_at__lt=filters.period.end_at
    )
    if agencies is not None:
        late = late.filter(unit_id__in=sorted(agencies))
    return Q(pk__in=late.values("dossier_id"))


def apology_issued_in(filters: Filters) -> Q:
    """An apology letter with a new appointment (form 04) was issued during the period."""
    issued = AppointmentChange.objects.filter(
        state=AppointmentChangeState.APPROVED,
        letter_issued_at__gte=filters.period.start_at,
        letter_issued_at__lt=filters.period.end_at,
    )
    return Q(pk__in=issued.values("dossier_id"))


def apology_missing(filters: Filters) -> Q:
    """Late (overdue at the period's end, or returned late during it) and never sent an apology letter."""
    issued = AppointmentChange.objects.filter(state=AppointmentChangeState.APPROVED)
    late = overdue_at(filters.as_of) | (returned_in(filters) & Q(judgement=Judgement.LATE))
    return late & ~Q(pk__in=issued.values("dossier_id"))


def sos_open_at(at: dt.datetime, agencies: Iterable[int] | None = None) -> Q:
    """An SOS raised before ``at`` was not yet resolved then (raised in one of ``agencies`` if given)."""
    raised = Sos.objects.filter(raised_at__lt=at).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=at))
    if agencies is not None:
        raised = raised.filter(unit_id__in=sorted(agencies))
    return Q(pk__in=raised.values("dossier_id"))


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
    Measure("resolved_late", _("Quá hạn"), lambda f: returned_in(f) & Q(judgement=Judgement.LATE), "late"),
    Measure("open", _("Đang giải quyết"), lambda f: open_at(f.as_of)),
    Measure("open_on_track", _("Trong hạn"), lambda f: on_track_at(f.as_of), "on-time"),
    Measure("open_overdue", _("Quá hạn"), lambda f: overdue_at(f.as_of), "late"),
    Measure("paused", _("Tạm dừng, chờ bổ sung"), lambda f: open_at(f.as_of) & paused_at(f.as_of), "paused"),
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


def counts(measures: Iterable[Measure], filters: Filters) -> dict[str, Count]:
    """One conditional ``COUNT`` per measure, to pass to ``aggregate`` or ``annotate``."""
    return {measure.key: Count("pk", filter=measure.condition(filters)) for measure in measures}


def base(filters: Filters) -> QuerySet[Dossier]:
    return filters.dossiers().filter(relevant(filters)).order_by()


def figures(filters: Filters) -> dict[str, int]:
    """Every measure for the filters, in one query."""
    return base(filters).aggregate(**counts(MEASURES, filters))


def figures_by_unit(filters: Filters, tree: UnitTree) -> dict[int, dict[str, int]]:
    """Every measure per resolving unit (as recorded, or folded onto today's units), in one query.

    Counts add up, so folding the recorded units' rows onto their successors is exact; after a split a dossier is
    counted under each successor (the rows then add up to more than the total).
    """
    rows = base(filters).values("resolving_unit_id").annotate(**counts(MEASURES, filters))
    return fold(rows, "resolving_unit_id", tree, remap=filters.remap)


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
    """Per calendar month of the period: received, and returned on time (early included) or late. Two queries."""
    tz = timezone.get_current_timezone()
    received = (
        filters.dossiers()
        .filter(received_in(filters))
        .order_by()
        .annotate(month=TruncMonth("received_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
    )
    returned = (
        filters.dossiers()
        .filter(returned_in(filters))
        .order_by()
        .annotate(month=TruncMonth("returned_at", tzinfo=tz))
        .values("month")
        .annotate(
            on_time=Count("pk", filter=~Q(judgement=Judgement.LATE)),
            late=Count("pk", filter=Q(judgement=Judgement.LATE)),
        )
    )
    by_month: dict[dt.date, list[int]] = {month: [0, 0, 0] for month in filters.period.months()}
    for row in received:
        by_month[_month_key(row["month"])][0] = row["n"]
    for row in returned:
        by_month[_month_key(row["month"])][1:] = [row["on_time"], row["late"]]
    return [MonthTrend(month, *values) for month, values in by_month.items()]


def _month_key(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)
