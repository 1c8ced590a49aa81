"""The Decision 766 index (domain.md §9) for the province or a set of units, over any period.

Each indicator is one function returning a ``Score``: numerator, denominator, rate and points
(``min(points, rate × points / target)``), and what cost points — dossiers (a condition shown through the
drill-down) or procedures. An indicator the system cannot observe returns a score that is "not measured" with the
reason, never a number; when the feature arrives, its function computes it instead.

Dossier-based ratios are counted together (one conditional ``COUNT`` per numerator and denominator): one query for
a whole scope, one grouped query for the per-unit table.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import OnlineMode, Procedure, ProcedureVersion, VersionStatus
from motcua.dossiers.models import Channel, DossierComponent, Judgement, Result
from motcua.monitoring.config import Index766Config, index_config
from motcua.monitoring.selectors.figures import base, fold, open_at, overdue_at, received_in, returned_in
from motcua.monitoring.selectors.scope import Filters, UnitTree

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
}


def _ratio_counts(filters: Filters) -> dict[str, Count]:
    counted = {}
    for number, ratio in enumerate(RATIOS.values()):
        denominator = ratio.denominator(filters)
        counted[f"n{number}"] = Count("pk", filter=ratio.numerator(filters) & denominator)
        counted[f"d{number}"] = Count("pk", filter=denominator)
    return counted


def _unpack(row: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {key: (row[f"n{number}"], row[f"d{number}"]) for number, key in enumerate(RATIOS)}


def cost_condition(key: str, filters: Filters) -> Q:
    """The dossiers that cost points on a dossier-based indicator (the drill-down of its evidence)."""
    ratio = RATIOS[key]
    return ratio.denominator(filters) & ~ratio.numerator(filters)


# --- catalog-based ratios -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CatalogFacts:
    """Procedures in force during the period (at the scope's levels) and which of them are offered online."""

    in_force: dict[int, Procedure]
    offered_online: set[int]


def catalog_facts(filters: Filters, levels: set[str] | None) -> CatalogFacts:
    in_force = ProcedureVersion.objects.filter(
        procedure=OuterRef("pk"),
        status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED),
        valid_from__lte=filters.period.end,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=filters.period.start))
    procedures = Procedure.objects.filter(Exists(in_force)).annotate(
        online=Exists(in_force.exclude(online_mode=OnlineMode.NONE))
    )
    if levels is not None:
        procedures = procedures.filter(level__in=levels)
    if filters.sector_id is not None:
        procedures = procedures.filter(sector_id=filters.sector_id)
    if filters.procedure_id is not None:
        procedures = procedures.filter(pk=filters.procedure_id)
    rows = list(procedures.order_by("code"))
    return CatalogFacts({p.pk: p for p in rows}, {p.pk for p in rows if p.online})


def online_procedures_used(filters: Filters) -> dict[int, set[int]]:
    """Per recorded resolving unit, the procedures that received an online dossier in the period (one query)."""
    rows = (
        filters.dossiers()
        .filter(received_in(filters), channel=Channel.ONLINE)
        .order_by()
        .values_list("resolving_unit_id", "procedure_version__procedure_id")
        .distinct()
    )
    used: dict[int, set[int]] = defaultdict(set)
    for unit_id, procedure_id in rows:
        used[unit_id].add(procedure_id)
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
        return self.key in RATIOS


@dataclasses.dataclass
class IndexInputs:
    """What the indicator functions read for one scope."""

    filters: Filters
    config: Index766Config
    ratios: dict[str, tuple[int, int]]
    catalog: CatalogFacts
    online_used: set[int]


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
    used = offered & inputs.online_used
    missing = tuple(inputs.catalog.in_force[pk] for pk in sorted(offered - used))
    return _score(
        inputs,
        "online.services_used",
        _("Dịch vụ công trực tuyến có phát sinh hồ sơ"),
        numerator=len(used),
        denominator=len(offered),
        costly_procedures=missing,
    )


NO_PAYMENT = _("Hệ thống chưa có chức năng thanh toán trực tuyến nên chưa có dữ liệu.")
NO_PAKN = _("Hệ thống chưa có chức năng tiếp nhận, trả lời phản ánh, kiến nghị (PAKN).")
INDICATORS: list[Callable[[IndexInputs], Score]] = [
    _not_measured(
        "transparency.publication",
        _("Công bố, công khai thủ tục đúng hạn, đầy đủ"),
        _("Chưa ghi nhận thời hạn phải công bố của từng thủ tục (theo quyết định công bố) để đối chiếu."),
    ),
    _not_measured(
        "transparency.sync",
        _("Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia"),
        _("Chưa có chức năng đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia."),
    ),
    _ratio("progress.on_time"),
    procedures_offered,
    services_used,
    _ratio("online.dossiers_online"),
    _not_measured("payment.procedures", _("Thủ tục có thanh toán trực tuyến"), NO_PAYMENT),
    _not_measured("payment.dossiers", _("Hồ sơ thanh toán trực tuyến"), NO_PAYMENT),
    _ratio("digitisation.electronic_result"),
    _ratio("digitisation.components"),
    _not_measured(
        "digitisation.data_reuse",
        _("Hồ sơ sử dụng lại dữ liệu đã số hóa"),
        _("Chưa ghi nhận việc khai thác lại kết quả số hóa khi tiếp nhận hồ sơ."),
    ),
    _not_measured(
        "digitisation.population_data",
        _("Khai thác Cơ sở dữ liệu quốc gia về dân cư"),
        _("Chưa ghi nhận kết quả tra cứu Cơ sở dữ liệu quốc gia về dân cư khi tiếp nhận."),
    ),
    _not_measured("satisfaction.pakn_on_time", _("Phản ánh, kiến nghị được trả lời đúng hạn"), NO_PAKN),
    _not_measured("satisfaction.pakn_satisfaction", _("Hài lòng với việc trả lời phản ánh, kiến nghị"), NO_PAKN),
    _not_measured(
        "satisfaction.handling",
        _("Hài lòng với việc giải quyết hồ sơ"),
        _("Cần tỷ lệ hồ sơ bị phản ánh hoặc đánh giá không hài lòng; chức năng đánh giá của người dân chưa có."),
    ),
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
    """The index for the filters' scope (the province when ``filters.units`` is None). Four queries."""
    config = index_config()
    ratios = _unpack(base(filters).aggregate(**_ratio_counts(filters)))
    used = set().union(*online_procedures_used(filters).values())
    inputs = IndexInputs(filters, config, ratios, catalog_facts(filters, _levels(filters, tree)), used)
    return _result(inputs)


def index_by_unit(filters: Filters, tree: UnitTree) -> dict[int, IndexResult]:
    """The index of every unit with dossiers in scope (re-mapped to today's units when the filters say so)."""
    config = index_config()
    grouped = base(filters).values("resolving_unit_id").annotate(**_ratio_counts(filters)).order_by()
    per_unit = fold(grouped, "resolving_unit_id", tree, remap=filters.remap)
    used: dict[int, set[int]] = defaultdict(set)
    for unit_id, procedures in online_procedures_used(filters).items():
        for group in tree.group_of(unit_id, remap=filters.remap):
            used[group] |= procedures
    facts = {level: catalog_facts(filters, {level}) for level in {tree.units[pk].level for pk in per_unit}}
    return {
        unit_id: _result(IndexInputs(filters, config, _unpack(row), facts[tree.units[unit_id].level], used[unit_id]))
        for unit_id, row in sorted(per_unit.items(), key=lambda item: tree.units[item[0]].code)
    }
