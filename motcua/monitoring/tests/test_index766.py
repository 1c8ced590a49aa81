"""The Decision 766 index: progress counts a second supplementation request as late, points follow the formula,
unobservable indicators say why, and points, targets and bands come from configuration."""

from __future__ import annotations

from decimal import Decimal

from motcua.monitoring.config import index_config
from motcua.monitoring.selectors.figures import dossiers_behind
from motcua.monitoring.selectors.index766 import band_for, cost_condition, index_by_unit, index_for
from motcua.monitoring.selectors.scope import UnitTree


def _scores(result):
    return {score.key: score for score in result.scores}


def test_progress_counts_a_dossier_with_two_supplementation_requests_as_late(world):
    progress = _scores(index_for(world.filters()))["progress.on_time"]
    # Handled: 4 returned in October + 3 open on the 20th; late: returned late, open overdue, asked twice.
    assert (progress.numerator, progress.denominator) == (4, 7)
    assert progress.points == Decimal("11.43")  # 20 × 4/7 with a 100 % target
    costly = dossiers_behind(world.filters(), cost_condition("progress.on_time", world.filters()))
    assert {d.code for d in costly} == {world.late.code, world.overdue.code, world.twice.code}


def test_rate_indicators_score_points_times_rate_over_target_capped_at_the_points(world):
    scores = _scores(index_for(world.filters()))
    online = scores["online.dossiers_online"]
    assert (online.numerator, online.denominator) == (1, 7)
    assert online.points == Decimal("1.14")  # 4 × (1/7) / 0.5
    components = scores["digitisation.components"]
    assert (components.numerator, components.denominator, components.points) == (7, 7, Decimal("6.00"))
    offered = scores["online.procedures_offered"]
    assert (offered.numerator, offered.denominator, offered.points) == (1, 1, Decimal("4.00"))


def test_indicators_the_system_cannot_observe_are_not_measured_and_score_nothing(world):
    result = index_for(world.filters())
    missing = [s for s in result.scores if not s.measured]
    assert {s.key for s in missing} == {"transparency.publication", "satisfaction.pakn_satisfaction"}
    assert all(s.reason and s.numerator is None and s.points is None for s in missing)
    assert result.measured_max == sum(s.max_points for s in result.scores if s.points is not None)
    assert result.normalised == (result.points * 100 / result.measured_max).quantize(Decimal("0.01"))


def test_points_and_targets_come_from_settings(world, settings):
    settings.MONITORING_766 = {"indicators": {"progress.on_time": {"points": 30, "target": "0.8"}}}
    progress = _scores(index_for(world.filters()))["progress.on_time"]
    assert progress.max_points == Decimal(30)
    assert progress.points == Decimal("21.43")  # 30 × (4/7) / 0.8


def test_bands_read_excellent_from_90_and_weak_below_50():
    config = index_config()
    assert band_for(Decimal(90), config) == "excellent"
    assert band_for(Decimal("89.99"), config) == "good"
    assert band_for(Decimal("49.99"), config) == "weak"
    assert band_for(None, config) is None


def test_the_index_per_unit_counts_each_units_dossiers(world):
    per_unit = index_by_unit(world.filters(), UnitTree())
    commune = _scores(per_unit[world.personas.commune.pk])["progress.on_time"]
    other = _scores(per_unit[world.personas.other_commune.pk])
    assert (commune.numerator, commune.denominator) == (4, 7)
    # The other commune only had a withdrawn dossier: nothing handled, so no progress points either way.
    assert other["progress.on_time"].denominator == 0 and other["progress.on_time"].points is None
    assert other["online.services_used"].costly_procedures == (world.version.procedure,)
