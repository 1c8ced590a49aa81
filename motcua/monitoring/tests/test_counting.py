"""The figures and the 766 ratios read daily figures and small sets of dossiers (decision 012); counting each
measure's or ratio's own condition over the dossiers must give the same numbers, for the province, per unit and per
field, for a running period and a past one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db.models import Count

from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.config import report_config
from motcua.monitoring.selectors.figures import MEASURES, base, figures, figures_grouped, open_at
from motcua.monitoring.selectors.index766 import RATIOS, ratio_counts
from motcua.monitoring.selectors.report import official_values, periodic_report
from motcua.monitoring.selectors.scope import Period
from motcua.monitoring.tests.conftest import OCTOBER, at, desk_lookup_reception
from motcua.portal.tests.factories import make_citizen, online_version
from motcua.portal.tests.helpers import received_online

PERIODS = [
    OCTOBER,
    Period(dt.date(2025, 10, 1), dt.date(2025, 10, 7)),
    Period(dt.date(2025, 10, 8), dt.date(2025, 10, 31)),
]
GROUPS = [None, "resolving_unit_id", "procedure_version__procedure__sector_id"]


def _direct(queryset, group, aggregates):
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    return {row.pop(group): row for row in queryset.values(group).annotate(**aggregates).order_by()}


def _assert_figures_equal_their_conditions(filters, group):
    expected = _direct(base(filters), group, {m.key: Count("pk", filter=m.condition(filters)) for m in MEASURES})
    found = figures_grouped(filters, group)
    assert {key: {m.key: values[m.key] for m in MEASURES} for key, values in found.items()} == expected


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("group", GROUPS)
def test_figures_equal_each_measures_condition_counted_over_the_dossiers(world, period, group):
    _assert_figures_equal_their_conditions(dataclasses.replace(world.filters(), period=period), group)


def _moved_on_the_day_judged(world):
    """Dossiers received and closed on 20 October before and after the instant the figures are judged at."""
    p = world.personas
    received(world.version, p.commune, p.desk_officer, at(20, 9))
    act(world.overdue, "stop", p.unit_leader, at(20, 10), reason="Theo đề nghị", answers_request="Đơn ngày 20/10")
    received(world.version, p.commune, p.desk_officer, at(20, 14))
    act(world.online, "withdraw", p.unit_leader, at(20, 15), reason="Người nộp rút")


@pytest.mark.parametrize("period", [*PERIODS, Period(dt.date(2025, 10, 20), dt.date(2025, 10, 20))])
@pytest.mark.parametrize("group", GROUPS[:2])
def test_carried_over_is_what_was_open_at_the_periods_start_whatever_moved_on_the_day_it_is_judged(
    world, period, group
):
    """Carried over is derived from the dossiers open when the period is judged (no sum over the years before)."""
    _moved_on_the_day_judged(world)
    filters = dataclasses.replace(world.filters(), period=period)
    assert figures(filters)["carried_over"] == base(filters).filter(open_at(period.start_at)).count()
    _assert_figures_equal_their_conditions(filters, group)


def test_a_period_not_begun_carries_over_what_will_be_open_at_its_start(world):
    _moved_on_the_day_judged(world)
    filters = dataclasses.replace(world.filters(), period=Period(dt.date(2025, 11, 1), dt.date(2025, 11, 30)))
    assert figures(filters)["carried_over"] == base(filters).filter(open_at(filters.period.start_at)).count()


def _assert_ratios_equal_their_conditions(filters, group):
    aggregates = {}
    for key, ratio in RATIOS.items():
        denominator = ratio.denominator(filters)
        aggregates[f"{key}/n"] = Count("pk", filter=ratio.numerator(filters) & denominator)
        aggregates[f"{key}/d"] = Count("pk", filter=denominator)
    rows = _direct(
        base(filters), group, {name.replace(".", "_").replace("/", "__"): a for name, a in aggregates.items()}
    )
    expected = {
        group_key: {key: (row[f"{key.replace('.', '_')}__n"], row[f"{key.replace('.', '_')}__d"]) for key in RATIOS}
        for group_key, row in rows.items()
        if group_key is None or any(row.values())
    }
    assert ratio_counts(filters, group) == expected


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("group", GROUPS[:2])
def test_index_ratios_equal_each_ratios_conditions_counted_over_the_dossiers(world, period, group):
    _assert_ratios_equal_their_conditions(dataclasses.replace(world.filters(), period=period), group)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("group", GROUPS[:2])
def test_population_data_reuse_equals_its_conditions_counted_over_the_dossiers(
    world, period, group, settings, tmp_path
):
    """Desk look-ups (verified and failed) and an online one, on both sides of 8 October."""
    settings.MEDIA_ROOT = tmp_path
    p = world.personas
    version = online_version()
    received_online(p, make_citizen(), version, at=at(9, 10))
    desk_lookup_reception(p, version, at(6, 9), verified=True)
    desk_lookup_reception(p, version, at(6, 10), verified=False)
    desk_lookup_reception(p, version, at(9, 9), verified=True)
    filters = dataclasses.replace(world.filters(), period=period)
    assert any(ratios["digitisation.population_data"][1] for ratios in ratio_counts(filters, group).values())
    _assert_ratios_equal_their_conditions(filters, group)


@pytest.mark.parametrize("by", ["sector", "unit"])
def test_the_periodic_reports_total_sums_its_recorded_rows_to_the_dashboards_figures(world, by):
    filters = world.filters()
    report = periodic_report(filters, by=by)
    assert report.total.values == official_values(figures(filters), report_config())
