"""The periodic report (form II.06a): official columns from the figures, the configurable mapping of dossiers
without a column, and rows per field or per unit grouped by level."""

from __future__ import annotations

from motcua.monitoring.config import ReportTarget
from motcua.monitoring.selectors.report import periodic_report
from motcua.monitoring.selectors.scope import UnitTree


def test_the_report_per_field_fills_the_official_columns(world):
    report = periodic_report(world.filters(), by="sector")
    (row,) = report.sections[0].rows
    assert row.label == world.version.procedure.sector.name
    assert row.values["received_total"] == 8  # 7 new + 1 carried over
    assert (row.values["received_online"], row.values["received_direct"], row.values["carried_over"]) == (1, 6, 1)
    assert (row.values["resolved_early"], row.values["resolved_on_time"], row.values["resolved_late"]) == (2, 1, 1)
    # Waiting for the applicant counts as in progress within time by default; the withdrawal counts nowhere.
    assert (row.values["in_progress_within"], row.values["in_progress_overdue"]) == (2, 1)
    assert (row.values["withdrawn"], row.values["paused"]) == (1, 1)
    assert report.total.values == row.values


def test_the_mapping_of_dossiers_without_a_column_is_configurable(world, settings):
    settings.MONITORING_REPORT = {"withdrawn": ReportTarget.RESOLVED_ON_TIME, "waiting": ReportTarget.NONE}
    values = periodic_report(world.filters(), by="sector").total.values
    assert (values["resolved_total"], values["resolved_on_time"]) == (5, 2)
    assert (values["in_progress_total"], values["in_progress_within"]) == (2, 1)


def test_the_consolidated_report_lists_units_under_their_level(world):
    report = periodic_report(world.filters(), by="unit", tree=UnitTree())
    (communes,) = report.sections
    assert [row.label for row in communes.rows] == [world.personas.commune.name, world.personas.other_commune.name]
    assert communes.rows[1].values["withdrawn"] == 1
