"""The periodic report of TTHC resolution (Circular 01/2020/TT-VPCP, form II.06a/VPCP/KSTT), per field or per unit.

Thirteen official columns: no.; field (or unit); received — total, of which online, of which direct or postal,
carried over; resolved — total, early, on time, late; in progress — total, within time, overdue. Withdrawn,
stopped and waiting-for-supplement dossiers have no column of their own: they are counted separately and added to
the official columns as ``ReportConfig`` says. The rows and the total are counted like the dashboard's figures
(``figures_grouped``), so the report reads daily figures rather than a year of dossiers.
"""

from __future__ import annotations

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.models import Sector
from motcua.monitoring.config import ReportConfig, ReportTarget, report_config
from motcua.monitoring.selectors.figures import MEASURES_BY_KEY, figures_grouped, fold
from motcua.monitoring.selectors.scope import Filters, UnitTree
from motcua.organization.models import UnitLevel

OFFICIAL_COLUMNS = (
    "received_total",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
)
SEPARATE_COLUMNS = ("withdrawn", "stopped", "paused")
COLUMN_LABELS: dict[str, str | Promise] = {
    "received_total": _("Tổng số"),
    "received_online": _("Trong đó: trực tuyến"),
    "received_direct": _("Trong đó: trực tiếp, bưu chính"),
    "carried_over": _("Kỳ trước chuyển qua"),
    "resolved_total": _("Tổng số"),
    "resolved_early": _("Trước hạn"),
    "resolved_on_time": _("Đúng hạn"),
    "resolved_late": pgettext_lazy("finished after the due instant", "Quá hạn"),
    "in_progress_total": _("Tổng số"),
    "in_progress_within": _("Trong hạn"),
    "in_progress_overdue": _("Quá hạn"),
    "withdrawn": _("Rút hồ sơ"),
    "stopped": _("Dừng giải quyết"),
    "paused": _("Chờ bổ sung, nghĩa vụ tài chính"),
}


@dataclasses.dataclass(frozen=True)
class ReportRow:
    label: str
    values: dict[str, int]
    group_key: int | None = None  # the sector or unit id, for drill-down links

    @property
    def cells(self) -> list[int]:
        """The values in the order of the printed columns (official, then the separate counters)."""
        return [self.values[key] for key in (*OFFICIAL_COLUMNS, *SEPARATE_COLUMNS)]


@dataclasses.dataclass(frozen=True)
class ReportSection:
    """Rows under one heading (a unit level in the consolidated version; one unnamed section per field)."""

    title: str | Promise
    rows: list[ReportRow]


@dataclasses.dataclass(frozen=True)
class PeriodicReport:
    by: str  # "sector" or "unit"
    sections: list[ReportSection]
    total: ReportRow
    config: ReportConfig


def official_values(raw: dict[str, int], config: ReportConfig) -> dict[str, int]:
    """Counts of ``MEASURES`` → the official columns and the separate counters, applying the mapping."""
    values = {
        "received_online": raw["received_online"],
        "received_direct": raw["received_counter"] + raw["received_postal"],
        "carried_over": raw["carried_over"],
        "resolved_early": raw["resolved_early"],
        "resolved_on_time": raw["resolved_on_time"],
        "resolved_late": raw["resolved_late"],
        "in_progress_within": raw["open_on_track"],
        "in_progress_overdue": raw["open_overdue"],
        "withdrawn": raw["withdrawn"],
        "stopped": raw["stopped"],
        "paused": raw["paused"],
    }
    for counter, target in (("withdrawn", config.withdrawn), ("stopped", config.stopped), ("paused", config.waiting)):
        if target == ReportTarget.RESOLVED_ON_TIME:
            values["resolved_on_time"] += raw[counter]
        elif target == ReportTarget.IN_PROGRESS_WITHIN:
            values["in_progress_within"] += raw[counter]
    values["received_total"] = values["received_online"] + values["received_direct"] + values["carried_over"]
    values["resolved_total"] = values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
    values["in_progress_total"] = values["in_progress_within"] + values["in_progress_overdue"]
    return values


def periodic_report(filters: Filters, *, by: str, tree: UnitTree | None = None) -> PeriodicReport:
    """The report per field (``by="sector"``) or per unit grouped by level (``by="unit"``)."""
    config = report_config()
    if by == "sector":
        grouped = figures_grouped(filters, "procedure_version__procedure__sector_id")
        names = dict(Sector.objects.values_list("pk", "name"))
        rows = [
            ReportRow(names[sector_id], official_values(row, config), group_key=sector_id)
            for sector_id, row in grouped.items()
        ]
        rows.sort(key=lambda r: r.label)
        sections = [ReportSection("", rows)]
    elif by == "unit":
        tree = tree or UnitTree()
        grouped = figures_grouped(filters, "resolving_unit_id")
        per_unit = fold(
            ({"resolving_unit_id": unit_id, **values} for unit_id, values in grouped.items()),
            "resolving_unit_id",
            tree,
            remap=filters.remap,
        )
        sections = []
        for level in UnitLevel:
            rows = [
                ReportRow(tree.units[unit_id].name, official_values(values, config), group_key=unit_id)
                for unit_id, values in sorted(per_unit.items(), key=lambda item: tree.units[item[0]].code)
                if tree.units[unit_id].level == level
            ]
            if rows:
                sections.append(ReportSection(level.label, rows))
    else:
        raise ValueError(f"unknown report grouping: {by}")
    # The total sums the rows as recorded (one field, one resolving unit per dossier), not the re-mapped rows: after
    # a unit split those count a dossier under each successor.
    totals = {key: sum(values[key] for values in grouped.values()) for key in MEASURES_BY_KEY}
    total = ReportRow(str(_("Tổng cộng")), official_values(totals, config))
    return PeriodicReport(by, sections, total, config)
