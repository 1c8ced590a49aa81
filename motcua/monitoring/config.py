"""Configurable numbers of monitoring: Decision 766 points and targets, grade bands, report mapping, finding limits.

Defaults follow domain.md §7 and §9. Where the Decision's annex splits a group's points between indicators and the
reference gives no split, the split below is ours and marked so: a province overrides any of it through
``settings.MONITORING_766`` (index), ``settings.MONITORING_REPORT`` (periodic report) and
``settings.MONITORING_FINDINGS`` (compliance rules), each a dict of field → value merged over these defaults.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class IndicatorConfig:
    """Points of one indicator and the rate that earns them all (``min(points, rate × points / target)``)."""

    points: Decimal
    target: Decimal


def _indicator(points: str, target: str) -> IndicatorConfig:
    return IndicatorConfig(Decimal(points), Decimal(target))


def _default_indicators() -> dict[str, IndicatorConfig]:
    # Group totals are the Decision's (transparency 18, progress 20, online 12, payment 10, digitisation 22,
    # satisfaction 18); splits inside a group without a stated split are ours.
    return {
        "transparency.publication": _indicator("12", "1"),
        "transparency.sync": _indicator("6", "1"),
        "progress.on_time": _indicator("20", "1"),
        "online.procedures_offered": _indicator("4", "0.8"),
        "online.services_used": _indicator("4", "1"),
        "online.dossiers_online": _indicator("4", "0.5"),
        "payment.procedures": _indicator("5", "1"),
        "payment.dossiers": _indicator("5", "1"),
        "digitisation.electronic_result": _indicator("6", "1"),
        "digitisation.components": _indicator("6", "0.8"),
        "digitisation.data_reuse": _indicator("5", "0.8"),
        "digitisation.population_data": _indicator("5", "1"),
        "satisfaction.pakn_on_time": _indicator("6", "1"),
        "satisfaction.pakn_satisfaction": _indicator("6", "1"),
        "satisfaction.handling": _indicator("6", "0.9"),
    }


@dataclasses.dataclass(frozen=True)
class Index766Config:
    """Points and targets per indicator, and the grade bands (lower bounds on a 100-point scale, highest first)."""

    indicators: dict[str, IndicatorConfig] = dataclasses.field(default_factory=_default_indicators)
    bands: tuple[tuple[Decimal, str], ...] = (
        (Decimal(90), "excellent"),
        (Decimal(80), "good"),
        (Decimal(65), "fair"),
        (Decimal(50), "average"),
        (Decimal(0), "weak"),
    )


class ReportTarget(models.TextChoices):
    """Where a dossier without an official column of form II.06a is counted."""

    NONE = "none", _("Không tính vào cột nào (chỉ thống kê riêng)")
    RESOLVED_ON_TIME = "resolved_on_time", _("Tính là đã giải quyết đúng hạn")
    IN_PROGRESS_WITHIN = "in_progress_within", _("Tính là đang giải quyết trong hạn")


@dataclasses.dataclass(frozen=True)
class ReportConfig:
    """How withdrawn, stopped and paused (waiting for a supplement or a payment) dossiers map onto the official
    columns (domain.md §7).

    Defaults: a withdrawal is the applicant's choice and counts nowhere; a stop notice (form 05) answers the dossier,
    so it counts as resolved on time; a dossier waiting for the applicant is still in progress with its clock paused.
    """

    withdrawn: ReportTarget = ReportTarget.NONE
    stopped: ReportTarget = ReportTarget.RESOLVED_ON_TIME
    waiting: ReportTarget = ReportTarget.IN_PROGRESS_WITHIN


@dataclasses.dataclass(frozen=True)
class FindingsConfig:
    """Limits of the compliance rules."""

    # A stay at one step is "far beyond its allotment" past this multiple of the allotted working minutes.
    held_factor: Decimal = Decimal(2)
    # A paper hand-over still unconfirmed this long after it was made is a finding.
    paper_grace: dt.timedelta = dt.timedelta(days=1)


def _merged(cls: type, overrides: dict[str, Any]) -> Any:
    unknown = set(overrides) - {field.name for field in dataclasses.fields(cls)}
    if unknown:
        raise ValueError(f"unknown {cls.__name__} settings: {', '.join(sorted(unknown))}")
    return cls(**overrides)


def index_config() -> Index766Config:
    """The Decision 766 configuration: defaults with ``settings.MONITORING_766`` laid over them.

    ``indicators`` may name a subset: ``{"indicators": {"progress.on_time": {"points": 20, "target": 0.98}}}``.
    """
    overrides = dict(getattr(settings, "MONITORING_766", {}))
    indicators = _default_indicators()
    for key, value in overrides.pop("indicators", {}).items():
        if key not in indicators:
            raise ValueError(f"unknown Decision 766 indicator: {key}")
        indicators[key] = IndicatorConfig(Decimal(str(value["points"])), Decimal(str(value["target"])))
    if "bands" in overrides:
        overrides["bands"] = tuple((Decimal(str(bound)), name) for bound, name in overrides["bands"])
    return _merged(Index766Config, {"indicators": indicators, **overrides})


def report_config() -> ReportConfig:
    overrides = {key: ReportTarget(value) for key, value in getattr(settings, "MONITORING_REPORT", {}).items()}
    return _merged(ReportConfig, overrides)


def findings_config() -> FindingsConfig:
    overrides = dict(getattr(settings, "MONITORING_FINDINGS", {}))
    if "held_factor" in overrides:
        overrides["held_factor"] = Decimal(str(overrides["held_factor"]))
    return _merged(FindingsConfig, overrides)
