"""The Decision 766 index (domain.md §9) for the province or a set of units, over any period.

Each indicator is one function returning a ``Score``: numerator, denominator, rate and points
(``min(points, rate × points / target)``), and what cost points — dossiers (a condition shown through the
drill-down) or procedures. An indicator the system cannot observe returns a score that is "not measured" with the
reason, never a number; when the feature arrives, its function computes it instead.

Dossier-based ratios are counted together by ``ratio_counts`` (three queries for a whole scope, or grouped per unit):
daily figures for what was received and returned in the period (population-data reuse included), the dossiers open
at the period's end for the rest of "handled", and the dossiers other records name; each ratio's conditions stay the
drill-down of its evidence.
Complaints and petitions (PAKN) are counted in one more query over their own table, by the unit they were addressed
to.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, DataSource, OnlineMode, Procedure, ProcedureVersion, VersionStatus
from motcua.dossiers.models import ApplicantKind, Channel, DossierComponent, Judgement, Result
from motcua.monitoring.config import Index766Config, index_config
from motcua.monitoring.selectors.figures import (
    RECEIVED,
    Group,
    add,
    fold,
    grouped,
    in_period,
    open_as_of,
    open_at,
    overdue_at,
    received_in,
    returned_in,
    small_sets,
    summed,
)
from motcua.monitoring.selectors.scope import Filters, UnitTree
from motcua.payments.models import Payment, PaymentMethod, PaymentState
from motcua.portal.models import DataReuse, Evaluation, Feedback, FeedbackKind, LookupOutcome, SatisfactionLevel
from motcua.sync.models import UNSENT, OutboxMessage, OutboxState

GROUPS: dict[str, str | Promise] = {
    "transparency": _("Công khai, minh bạch"),
    "progress": _("Tiến độ giải quyết"),
    "online": _("Cung cấp dịch vụ trực tuyến"),
    "payment": _("Thanh toán trực tuyến"),
    "digitisation": _("Số hóa hồ sơ"),
    "satisfaction": _("Mức độ hài lòng"),
}
BAND_LABELS: dict[str, str | Promise] = {
    "excellent": _("Xuất sắc"),
    "good": _("Tốt"),
    "fair": _("Khá"),
    "average": _("Trung bình"),
    "weak": _("Yếu"),
}
TWO_PLACES = Decimal("0.01")


# --- dossier-based ratios -----------------------------------------------------------------------------------------


def handled(f: Filters) -> Q:
    """Dossiers handled in the period: returned during it, or open at its end (as of now while it runs)."""
    return returned_in(f) | open_at(f.as_of)


def on_time(f: Filters) -> Q:
    """Returned by the appointment, or open and not yet due; a second supplementation request makes it late."""
    returned_ok = returned_in(f) & ~Q(judgement=Judgement.LATE)
    open_ok = open_at(f.as_of) & ~overdue_at(f.as_of)
    return (returned_ok | open_ok) & Q(supplement_count__lte=1)


def _all_digitised(f: Filters) -> Q:
    """Every paper received was scanned or had a recorded exemption (Circular 03/2025 Art. 5)."""
    missing = DossierComponent.objects.filter(digitised=False, digitisation_exemption="")
    return ~Q(pk__in=missing.values("dossier_id"))


def _electronic_result(f: Filters) -> Q:
    """At least one result document was attached as a file."""
    return Q(pk__in=Result.objects.exclude(file="").values("dossier_id"))


def _synced(f: Filters) -> Q:
    """Every status change of the dossier reached the national portal: it has sent messages and none waiting.

    The outbox keeps only its current state, so this reads "synced by now", whatever the period.
    """
    sent = OutboxMessage.objects.filter(state=OutboxState.SENT).values("dossier_id")
    # An online submission's messages have no dossier until it is received; NOT IN over a NULL would match nothing.
    unsent = OutboxMessage.objects.filter(UNSENT, dossier__isnull=False).values("dossier_id")
    return Q(pk__in=sent) & ~Q(pk__in=unsent)


def _paid(f: Filters, *methods: PaymentMethod) -> Q:
    """Fees were paid during the period (by one of ``methods`` if given).

    Dossiers that paid are the denominator of "paid online": one whose fee is still outstanding, or payable only on
    the result, has not chosen how to pay yet.
    """
    paid = Payment.objects.filter(state=PaymentState.PAID, paid_at__gte=f.period.start_at, paid_at__lt=f.period.end_at)
    if methods:
        paid = paid.filter(method__in=methods)
    return Q(pk__in=paid.values("dossier_id"))


def _online_with_replaceable(f: Filters) -> Q:
    """Received online in the period under a version listing a paper that a published database replaces (the
    portal looks every such submission up; the desk's look-ups are of the population database only)."""
    replaceable = Component.objects.exclude(data_source=DataSource.NONE)
    return received_in(f) & Q(channel=Channel.ONLINE, procedure_version_id__in=replaceable.values("version_id"))


def _data_reused(f: Filters) -> Q:
    """A verified look-up spared the applicant at least one paper."""
    reused = DataReuse.objects.filter(outcome=LookupOutcome.VERIFIED, components__isnull=False)
    return Q(pk__in=reused.values("submission__dossier_id"))


def _population_verified(f: Filters) -> Q:
    """A verified population-database look-up is on the dossier's record: the desk's at the counter (linked to the
    dossier it was received with) or the portal's for its online submission."""
    verified = DataReuse.objects.filter(source=DataSource.POPULATION, outcome=LookupOutcome.VERIFIED)
    # Without the NULLs of the other kind of look-up: NOT IN over a NULL would match nothing.
    at_desk = verified.filter(dossier__isnull=False).values("dossier_id")
    online = verified.filter(submission__dossier__isnull=False).values("submission__dossier_id")
    return Q(pk__in=at_desk) | Q(pk__in=online)


def _population_candidates(f: Filters) -> Q:
    """A person's dossier received in the period, by any channel, under a version listing a paper the population
    database holds: the dossiers that could reuse its data (domain.md §3.1, §9)."""
    population = Component.objects.filter(data_source=DataSource.POPULATION).values("version_id")
    return received_in(f) & Q(applicant__kind=ApplicantKind.PERSON, procedure_version_id__in=population)


def _complained(f: Filters) -> Q:
    """The applicant complained about the dossier (a PAKN of kind complaint) or rated it "not satisfied"."""
    complaints = Feedback.objects.filter(kind=FeedbackKind.COMPLAINT, dossier__isnull=False).values("dossier_id")
    unhappy = Evaluation.objects.filter(satisfaction=SatisfactionLevel.NOT_SATISFIED).values("dossier_id")
    return Q(pk__in=complaints) | Q(pk__in=unhappy)


HANDLING = "satisfaction.handling"
COMPLAINTS = "satisfaction.complaints"


@dataclasses.dataclass(frozen=True)
class Ratio:
    """A share of dossiers: those meeting ``numerator`` among those meeting ``denominator``."""

    label: str | Promise
    numerator: Callable[[Filters], Q]
    denominator: Callable[[Filters], Q]


RATIOS: dict[str, Ratio] = {
    "progress.on_time": Ratio(_("Hồ sơ giải quyết đúng hạn"), on_time, handled),
    "online.dossiers_online": Ratio(_("Hồ sơ nộp trực tuyến"), lambda f: Q(channel=Channel.ONLINE), received_in),
    "digitisation.components": Ratio(_("Hồ sơ được số hóa thành phần"), _all_digitised, received_in),
    "digitisation.electronic_result": Ratio(_("Hồ sơ có kết quả điện tử"), _electronic_result, returned_in),
    "transparency.sync": Ratio(_("Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia"), _synced, received_in),
    "payment.dossiers": Ratio(
        _("Hồ sơ thanh toán trực tuyến"), lambda f: _paid(f, PaymentMethod.ONLINE), lambda f: _paid(f)
    ),
    "digitisation.data_reuse": Ratio(
        _("Hồ sơ sử dụng lại dữ liệu đã số hóa (hồ sơ trực tuyến)"), _data_reused, _online_with_replaceable
    ),
    "digitisation.population_data": Ratio(
        _("Hồ sơ khai thác Cơ sở dữ liệu quốc gia về dân cư"),
        _population_verified,
        _population_candidates,
    ),
    # Not an indicator of its own (no evidence page either): the complaint share ``satisfaction.handling`` subtracts.
    COMPLAINTS: Ratio(_("Hồ sơ bị phản ánh hoặc đánh giá không hài lòng"), _complained, handled),
}
HANDLING_LABEL = _("Hài lòng với việc giải quyết hồ sơ")


def _named_sets(condition: Q) -> list[QuerySet]:
    """The id subqueries (``pk__in=…``) a condition tests, negated or not: a candidate set for counting it."""
    found = []
    for child in condition.children:
        if isinstance(child, Q):
            found += _named_sets(child)
        elif child[0] == "pk__in":
            found.append(child[1])
    return found


# Ratios counted over the dossiers other records name: each numerator needs one of its record sets to hold.
RECORD_NUMERATORS = {
    "undigitised": lambda f: received_in(f) & ~_all_digitised(f),
    "synced": lambda f: received_in(f) & _synced(f),
    "paid": lambda f: _paid(f),
    "paid_online": lambda f: _paid(f, PaymentMethod.ONLINE),
    "reused": lambda f: _data_reused(f) & _online_with_replaceable(f),
    "complained": lambda f: _complained(f) & handled(f),
}


def ratio_counts(filters: Filters, group: Group) -> dict[Any, dict[str, tuple[int, int]]]:
    """Numerator and denominator of every dossier ratio of ``RATIOS``, per ``group`` value (or once): three queries.

    Counted like the dashboard's figures (``figures_grouped``, decision 012): receptions and returns of the period
    are sums of daily figures (so is the population-data reuse); the open part of "handled" and "on time" is
    counted over the dossiers open at ``as_of``; the rest over the dossiers their records (papers, outbox,
    payments, the portal's look-ups, complaints) name. A
    test holds the result equal to counting each ratio's conditions over the dossiers."""
    period = in_period(filters)
    timely = F("returned_early") + F("returned_on_time")
    returned = timely + F("returned_late")
    replaceable = Component.objects.exclude(data_source=DataSource.NONE).values("version_id")
    population = Component.objects.filter(data_source=DataSource.POPULATION).values("version_id")
    rows = grouped(
        filters.daily_figures(),
        group,
        {
            "received": summed(RECEIVED, period),
            "online": summed("received_online", period),
            "returned": summed(returned, period),
            "returned_ok": summed(
                F("returned_early") + F("returned_on_time") - F("returned_timely_resupplied"), period
            ),
            "electronic": summed("returned_electronic", period),
            "replaceable": summed("received_online", period & Q(procedure_version_id__in=replaceable)),
            "population": summed("received_person", period & Q(procedure_version_id__in=population)),
            "population_reused": summed("received_population_reused", period & Q(procedure_version_id__in=population)),
        },
    )
    returned_ok = returned_in(filters) & ~Q(judgement=Judgement.LATE) & Q(supplement_count__lte=1)
    open_ok = ~overdue_at(filters.as_of) & Q(supplement_count__lte=1) & ~returned_ok
    add(
        rows,
        grouped(
            open_as_of(filters),
            group,
            {"open_not_returned": Count("pk", filter=~returned_in(filters)), "open_ok": Count("pk", filter=open_ok)},
        ),
    )
    numerators = {name: numerator(filters) for name, numerator in RECORD_NUMERATORS.items()}
    sets = [found for condition in numerators.values() for found in _named_sets(condition)]
    add(rows, grouped(small_sets(filters, *sets), group, {n: Count("pk", filter=c) for n, c in numerators.items()}))
    counted = {}
    for key, found in rows.items():
        row = defaultdict(int, found)
        handled_count = row["returned"] + row["open_not_returned"]
        counted[key] = {
            "progress.on_time": (row["returned_ok"] + row["open_ok"], handled_count),
            "online.dossiers_online": (row["online"], row["received"]),
            "digitisation.components": (row["received"] - row["undigitised"], row["received"]),
            "digitisation.electronic_result": (row["electronic"], row["returned"]),
            "transparency.sync": (row["synced"], row["received"]),
            "payment.dossiers": (row["paid_online"], row["paid"]),
            "digitisation.data_reuse": (row["reused"], row["replaceable"]),
            "digitisation.population_data": (row["population_reused"], row["population"]),
            COMPLAINTS: (row["complained"], handled_count),
        }
    return {key: ratios for key, ratios in counted.items() if key is None or any(any(pair) for pair in ratios.values())}


def _fold_ratios(rows: dict[int, dict[str, tuple[int, int]]], tree: UnitTree, *, remap: bool) -> dict[int, dict]:
    """``fold`` for ratio rows: numerators and denominators summed onto today's units."""
    folded: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for unit_id, ratios in rows.items():
        for group in tree.group_of(unit_id, remap=remap):
            for key, (numerator, denominator) in ratios.items():
                before = folded[group].get(key, (0, 0))
                folded[group][key] = (before[0] + numerator, before[1] + denominator)
    return dict(folded)


def cost_condition(key: str, filters: Filters) -> Q:
    """The dossiers that cost points on a dossier-based indicator (the drill-down of its evidence)."""
    if key == HANDLING:
        return handled(filters) & (~on_time(filters) | _complained(filters))
    ratio = RATIOS[key]
    return ratio.denominator(filters) & ~ratio.numerator(filters)


def evidence_label(key: str) -> str | Promise | None:
    """The title of an indicator's dossier evidence; None when it has none."""
    if key == HANDLING:
        return HANDLING_LABEL
    return RATIOS[key].label if key in RATIOS and key != COMPLAINTS else None


# --- complaints and petitions -------------------------------------------------------------------------------------


def _pakn_counts(filters: Filters) -> dict[str, Count]:
    """PAKN handled in the period (answered during it, or still owed an answer at its end) and those on time.

    Rejected ones need no answer; one still waiting counts on time while its 15-working-day deadline has not passed.
    """
    start, end, as_of = filters.period.start_at, filters.period.end_at, filters.as_of
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    owed = (
        Q(received_at__lt=as_of)
        & (Q(answered_at__isnull=True) | Q(answered_at__gte=as_of))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=as_of))
    )
    on_time_ = (answered & Q(answered_at__lte=F("answer_by"))) | (owed & Q(answer_by__gte=as_of))
    return {"pakn_n": Count("pk", filter=on_time_), "pakn_d": Count("pk", filter=answered | owed)}


def _pakn(filters: Filters) -> QuerySet[Feedback]:
    """PAKN addressed to the units in scope (about a dossier of the sector or procedure, when one is chosen)."""
    rows = Feedback.objects.order_by()
    if filters.units is not None:
        rows = rows.filter(unit_id__in=sorted(filters.units))
    if filters.sector_id is not None or filters.procedure_id is not None:
        rows = rows.filter(dossier__in=dataclasses.replace(filters, units=None).dossiers().values("pk"))
    return rows


# --- catalog-based ratios -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CatalogFacts:
    """Procedures in force during the period (at the scope's levels) and which of them are offered online."""

    in_force: dict[int, Procedure]
    offered_online: set[int]
    with_fees: set[int]  # a financial obligation (a fee or charge) is listed


def catalog_facts(filters: Filters, levels: set[str] | None) -> CatalogFacts:
    in_force = ProcedureVersion.objects.filter(
        procedure=OuterRef("pk"),
        status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED),
        valid_from__lte=filters.period.end,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=filters.period.start))
    procedures = Procedure.objects.filter(Exists(in_force)).annotate(
        online=Exists(in_force.exclude(online_mode=OnlineMode.NONE)),
        fees=Exists(in_force.filter(fees__isnull=False)),
    )
    if levels is not None:
        procedures = procedures.filter(level__in=levels)
    if filters.sector_id is not None:
        procedures = procedures.filter(sector_id=filters.sector_id)
    if filters.procedure_id is not None:
        procedures = procedures.filter(pk=filters.procedure_id)
    rows = list(procedures.order_by("code"))
    return CatalogFacts({p.pk: p for p in rows}, {p.pk for p in rows if p.online}, {p.pk for p in rows if p.fees})


@dataclasses.dataclass
class Usage:
    """Procedures that received an online dossier in the period, and those with a dossier paid online in it."""

    online: set[int] = dataclasses.field(default_factory=set)
    paid_online: set[int] = dataclasses.field(default_factory=set)

    def __ior__(self, other: Usage) -> Usage:
        self.online |= other.online
        self.paid_online |= other.paid_online
        return self


def procedures_used(filters: Filters) -> dict[int, Usage]:
    """Per recorded resolving unit, which procedures were used online (daily figures) and paid online (payments)."""
    pairs = ("resolving_unit_id", "procedure_version__procedure_id")
    online = filters.daily_figures().filter(in_period(filters), received_online__gt=0).order_by()
    paid = filters.dossiers().filter(_paid(filters, PaymentMethod.ONLINE)).order_by()
    used: dict[int, Usage] = defaultdict(Usage)
    for unit_id, procedure_id in online.values_list(*pairs).distinct():
        used[unit_id].online.add(procedure_id)
    for unit_id, procedure_id in paid.values_list(*pairs).distinct():
        used[unit_id].paid_online.add(procedure_id)
    return used


# --- scores -------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Score:
    """One indicator for one scope; ``reason`` is set exactly when it is not measured."""

    key: str
    label: str | Promise
    max_points: Decimal
    target: Decimal
    numerator: int | None = None
    denominator: int | None = None
    reason: str | Promise = ""
    costly_procedures: tuple[Procedure, ...] = ()

    @property
    def group(self) -> str:
        return self.key.split(".")[0]

    @property
    def measured(self) -> bool:
        return not self.reason

    @property
    def rate(self) -> Decimal | None:
        if not self.measured or not self.denominator:
            return None
        return Decimal(self.numerator or 0) / Decimal(self.denominator)

    @property
    def points(self) -> Decimal | None:
        """``min(points, rate × points / target)``; None when not measured or nothing to measure in the period."""
        rate = self.rate
        if rate is None:
            return None
        earned = rate * self.max_points / self.target if self.target else self.max_points
        return min(self.max_points, earned).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal | None:
        rate = self.rate
        return None if rate is None else (rate * 100).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def target_percent(self) -> Decimal:
        return (self.target * 100).quantize(TWO_PLACES, ROUND_HALF_UP).normalize()

    @property
    def dossier_evidence(self) -> bool:
        return evidence_label(self.key) is not None


@dataclasses.dataclass
class IndexInputs:
    """What the indicator functions read for one scope."""

    filters: Filters
    config: Index766Config
    ratios: dict[str, tuple[int, int]]
    catalog: CatalogFacts
    used: Usage
    pakn: tuple[int, int]


def _score(inputs: IndexInputs, key: str, label: str | Promise, **values: object) -> Score:
    indicator = inputs.config.indicators[key]
    return Score(key, label, indicator.points, indicator.target, **values)  # type: ignore[arg-type]


def _ratio(key: str) -> Callable[[IndexInputs], Score]:
    def indicator(inputs: IndexInputs) -> Score:
        numerator, denominator = inputs.ratios[key]
        return _score(inputs, key, RATIOS[key].label, numerator=numerator, denominator=denominator)

    return indicator


def _not_measured(key: str, label: str | Promise, reason: str | Promise) -> Callable[[IndexInputs], Score]:
    def indicator(inputs: IndexInputs) -> Score:
        return _score(inputs, key, label, reason=reason)

    return indicator


def procedures_offered(inputs: IndexInputs) -> Score:
    catalog = inputs.catalog
    missing = tuple(p for pk, p in catalog.in_force.items() if pk not in catalog.offered_online)
    return _score(
        inputs,
        "online.procedures_offered",
        _("Thủ tục cung cấp dịch vụ công trực tuyến"),
        numerator=len(catalog.offered_online),
        denominator=len(catalog.in_force),
        costly_procedures=missing,
    )


def services_used(inputs: IndexInputs) -> Score:
    offered = inputs.catalog.offered_online
    used = offered & inputs.used.online
    missing = tuple(inputs.catalog.in_force[pk] for pk in sorted(offered - used))
    return _score(
        inputs,
        "online.services_used",
        _("Dịch vụ công trực tuyến có phát sinh hồ sơ"),
        numerator=len(used),
        denominator=len(offered),
        costly_procedures=missing,
    )


def procedures_paid_online(inputs: IndexInputs) -> Score:
    """Procedures with a financial obligation that had a dossier paid online in the period (over all of them)."""
    with_fees = inputs.catalog.with_fees
    paid = with_fees & inputs.used.paid_online
    return _score(
        inputs,
        "payment.procedures",
        _("Thủ tục có nghĩa vụ tài chính phát sinh thanh toán trực tuyến"),
        numerator=len(paid),
        denominator=len(with_fees),
        costly_procedures=tuple(inputs.catalog.in_force[pk] for pk in sorted(with_fees - paid)),
    )


def pakn_on_time(inputs: IndexInputs) -> Score:
    numerator, denominator = inputs.pakn
    return _score(
        inputs,
        "satisfaction.pakn_on_time",
        _("Phản ánh, kiến nghị được trả lời đúng hạn"),
        numerator=numerator,
        denominator=denominator,
    )


def handling_satisfaction(inputs: IndexInputs) -> Score:
    """100 % − (overdue rate + share of dossiers with a complaint or a negative rating), as domain.md §9 writes it:
    a dossier both late and complained about counts twice, and the rate stops at zero."""
    on_time_count, handled_count = inputs.ratios["progress.on_time"]
    complained, _handled = inputs.ratios[COMPLAINTS]
    late = handled_count - on_time_count
    return _score(
        inputs,
        HANDLING,
        HANDLING_LABEL,
        numerator=max(0, handled_count - late - complained),
        denominator=handled_count,
    )


INDICATORS: list[Callable[[IndexInputs], Score]] = [
    _not_measured(
        "transparency.publication",
        _("Công bố, công khai thủ tục đúng hạn, đầy đủ"),
        _("Chưa ghi nhận thời hạn phải công bố của từng thủ tục (theo quyết định công bố) để đối chiếu."),
    ),
    _ratio("transparency.sync"),
    _ratio("progress.on_time"),
    procedures_offered,
    services_used,
    _ratio("online.dossiers_online"),
    procedures_paid_online,
    _ratio("payment.dossiers"),
    _ratio("digitisation.electronic_result"),
    _ratio("digitisation.components"),
    _ratio("digitisation.data_reuse"),
    _ratio("digitisation.population_data"),
    pakn_on_time,
    _not_measured(
        "satisfaction.pakn_satisfaction",
        _("Hài lòng với việc trả lời phản ánh, kiến nghị"),
        _(
            "Người gửi phản ánh, kiến nghị chưa có chức năng đánh giá câu trả lời; tiêu chí 8 của phiếu đánh giá hồ "
            "sơ chấm việc tiếp thu góp ý của cơ quan, không phải câu trả lời phản ánh, kiến nghị."
        ),
    ),
    handling_satisfaction,
]


@dataclasses.dataclass(frozen=True)
class IndexResult:
    scores: list[Score]
    config: Index766Config

    @property
    def points(self) -> Decimal:
        return sum((s.points for s in self.scores if s.points is not None), Decimal(0))

    @property
    def measured_max(self) -> Decimal:
        """The points at stake in the indicators that could be scored."""
        return sum((s.max_points for s in self.scores if s.points is not None), Decimal(0))

    @property
    def normalised(self) -> Decimal | None:
        """Points on a 100-point scale of what was measured (what the band is read from, and labelled so)."""
        if not self.measured_max:
            return None
        return (self.points * 100 / self.measured_max).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def band(self) -> str | None:
        return band_for(self.normalised, self.config)

    def by_group(self) -> list[tuple[str, str | Promise, list[Score]]]:
        return [(key, label, [s for s in self.scores if s.group == key]) for key, label in GROUPS.items()]


def band_for(score: Decimal | None, config: Index766Config) -> str | None:
    if score is None:
        return None
    return next(name for bound, name in config.bands if score >= bound)


def _result(inputs: IndexInputs) -> IndexResult:
    return IndexResult([indicator(inputs) for indicator in INDICATORS], inputs.config)


def _levels(filters: Filters, tree: UnitTree | None) -> set[str] | None:
    if filters.units is None or tree is None:
        return None
    return {tree.units[pk].level for pk in filters.units}


def index_for(filters: Filters, tree: UnitTree | None = None) -> IndexResult:
    """The index for the filters' scope (the province when ``filters.units`` is None). Eight queries."""
    config = index_config()
    ratios = ratio_counts(filters, None)[None]
    used = Usage()
    for usage in procedures_used(filters).values():
        used |= usage
    pakn = _pakn(filters).aggregate(**_pakn_counts(filters))
    catalog = catalog_facts(filters, _levels(filters, tree))
    return _result(IndexInputs(filters, config, ratios, catalog, used, (pakn["pakn_n"], pakn["pakn_d"])))


def index_by_unit(filters: Filters, tree: UnitTree) -> dict[int, IndexResult]:
    """The index of every unit with dossiers in scope (re-mapped to today's units when the filters say so)."""
    config = index_config()
    per_unit = _fold_ratios(ratio_counts(filters, "resolving_unit_id"), tree, remap=filters.remap)
    used: dict[int, Usage] = defaultdict(Usage)
    for unit_id, usage in procedures_used(filters).items():
        for group in tree.group_of(unit_id, remap=filters.remap):
            used[group] |= usage
    pakn_rows = _pakn(filters).values("unit_id").annotate(**_pakn_counts(filters))
    pakn = fold(pakn_rows, "unit_id", tree, remap=filters.remap)
    facts = {level: catalog_facts(filters, {level}) for level in {tree.units[pk].level for pk in per_unit}}
    return {
        unit_id: _result(
            IndexInputs(
                filters,
                config,
                row,
                facts[tree.units[unit_id].level],
                used[unit_id],
                (pakn.get(unit_id, {}).get("pakn_n", 0), pakn.get(unit_id, {}).get("pakn_d", 0)),
            )
        )
        for unit_id, row in sorted(per_unit.items(), key=lambda item: tree.units[item[0]].code)
    }
