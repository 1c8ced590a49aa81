"""Dashboard figures equal direct counts over the dossiers, and each drill-down lists exactly what its figure counts."""

from __future__ import annotations

from motcua.dossiers.models import Judgement
from motcua.monitoring.selectors.figures import MEASURES, dossiers_behind, figures


def test_world_smoke(world):
    result = figures(world.filters())
    print(result)
    for d in [world.carried, world.early, world.late, world.twice]:
        print(d.code, d.status, d.judgement, d.due_at, d.returned_at, d.supplement_count)
    assert result["resolved_late"] == 1
    assert world.late.judgement == Judgement.LATE
    for measure in MEASURES:
        assert dossiers_behind(world.filters(), measure.condition(world.filters())).count() == result[measure.key]


def test_index_smoke(world):
    from motcua.monitoring.selectors.index766 import index_by_unit, index_for
    from motcua.monitoring.selectors.scope import UnitTree

    r = index_for(world.filters())
    for s in r.scores:
        print(s.key, s.numerator, s.denominator, s.rate, s.points, s.reason)
    print(r.points, r.measured_max, r.normalised, r.band)
    print(index_by_unit(world.filters(), UnitTree()))
