"""Dashboard figures equal direct counts over the dossiers, and each drill-down lists exactly what its figure counts."""

from __future__ import annotations

import datetime as dt

from motcua.consultations.models import Consultation
from motcua.dossiers.models import (
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
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.selectors.figures import MEASURES, dossiers_behind, figures, figures_by_unit, monthly_trend
from motcua.monitoring.selectors.scope import Period, UnitTree
from motcua.monitoring.tests.conftest import NOW, OCTOBER, at
from motcua.organization.models import SuccessionKind, Unit
from motcua.organization.services import record_succession, units_as_of

ENDED = {DossierStatus.STOPPED: "stopped", DossierStatus.WITHDRAWN: "withdrawn"}


def direct_counts(period: Period, now: dt.datetime) -> dict[str, int]:
    """The same figures counted in Python, dossier by dossier, straight from the rows (the reference)."""
    start, end, as_of = period.start_at, period.end_at, period.as_of(now)
    counted = {measure.key: 0 for measure in MEASURES}
    for dossier in Dossier.objects.all():
        closed_at = dossier.returned_at if dossier.status == DossierStatus.RETURNED else dossier.finished_at
        if dossier.is_open:
            closed_at = None

        def open_at(t: dt.datetime, dossier: Dossier = dossier, closed_at: dt.datetime | None = closed_at) -> bool:
            return dossier.received_at < t and (closed_at is None or closed_at >= t)

        paused = any(
            p.started_at < as_of and (p.ended_at is None or p.ended_at >= as_of)
            for p in ClockPause.objects.filter(dossier=dossier)
        )
        if start <= dossier.received_at < end:
            counted["received"] += 1
            counted[f"received_{dossier.channel}"] += 1
        if open_at(start):
            counted["carried_over"] += 1
        if dossier.status == DossierStatus.RETURNED and start <= dossier.returned_at < end:
            counted["resolved"] += 1
            counted[f"resolved_{dossier.judgement}"] += 1
        if dossier.status in ENDED and start <= dossier.finished_at < end:
            counted[ENDED[dossier.status]] += 1
        if open_at(as_of):
            counted["open"] += 1
            if paused:
                counted["paused"] += 1
            elif dossier.due_at is not None and dossier.due_at < as_of:
                counted["open_overdue"] += 1
            else:
                counted["open_on_track"] += 1
        if any(
            r.beyond_limit and start <= r.requested_at < end
            for r in SupplementationRequest.objects.filter(dossier=dossier)
        ):
            counted["beyond_limit"] += 1
        if any(
            c.timeliness == Judgement.LATE and start <= c.answered_at < end
            for c in Consultation.objects.filter(dossier=dossier)
        ):
            counted["consultation_late"] += 1
        letters = AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.APPROVED)
        if any(start <= letter.letter_issued_at < end for letter in letters):
            counted["apology_issued"] += 1
        overdue = open_at(as_of) and not paused and dossier.due_at is not None and dossier.due_at < as_of
        returned_late = (
            dossier.status == DossierStatus.RETURNED
            and start <= dossier.returned_at < end
            and dossier.judgement == Judgement.LATE
        )
        if (overdue or returned_late) and not letters:
            counted["apology_missing"] += 1
        if any(
            s.raised_at < as_of and (s.resolved_at is None or s.resolved_at >= as_of)
            for s in Sos.objects.filter(dossier=dossier)
        ):
            counted["sos_open"] += 1
    return counted


def test_dashboard_figures_equal_a_direct_count_over_the_dossiers(world):
    counted = figures(world.filters())
    assert counted == direct_counts(OCTOBER, NOW)
    assert counted == {
        "received": 7,
        "received_counter": 6,
        "received_online": 1,
        "received_postal": 0,
        "carried_over": 1,
        "resolved": 4,
        "resolved_early": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "open": 3,
        "open_on_track": 1,
        "open_overdue": 1,
        "paused": 1,
        "stopped": 0,
        "withdrawn": 1,
        "beyond_limit": 1,
        "consultation_late": 0,
        "apology_issued": 0,
        "apology_missing": 2,  # returned late, and still overdue: neither sent an apology letter
        "sos_open": 0,
    }


def test_a_dossier_waiting_for_a_financial_obligation_counts_as_paused_not_on_track_or_overdue(world):
    act(
        world.overdue,
        "request_payment",
        world.personas.specialist,
        at(15),
        description="Lệ phí trước bạ",
        reason="Nghị định 10/2022",
    )
    counted = figures(world.filters())
    assert counted == direct_counts(OCTOBER, NOW)
    assert (counted["paused"], counted["open_on_track"], counted["open_overdue"]) == (2, 1, 0)


def test_figures_of_a_past_period_judge_open_dossiers_at_its_end(world):
    first_week = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 7))
    counted = figures(world.filters(period=first_week))
    assert counted == direct_counts(first_week, NOW)
    # On 8 October at midnight: received 6/10 (both returned later) and 7/10 were open, none past its appointment.
    assert (counted["open"], counted["open_overdue"], counted["resolved"]) == (2, 0, 2)


def test_every_drilldown_lists_exactly_the_dossiers_its_figure_counts(world):
    filters = world.filters()
    counted = figures(filters)
    for measure in MEASURES:
        listed = dossiers_behind(filters, measure.condition(filters))
        assert listed.count() == counted[measure.key], measure.key
    overdue = MEASURES[[m.key for m in MEASURES].index("open_overdue")]
    assert [d.code for d in dossiers_behind(filters, overdue.condition(filters))] == [world.overdue.code]


def test_a_units_figures_leave_out_the_other_units(world):
    commune = world.personas.commune
    counted = figures(world.filters(units=frozenset({commune.pk})))
    assert counted["withdrawn"] == 0
    assert counted["received"] == 6
    by_unit = figures_by_unit(world.filters(), UnitTree())
    assert by_unit[commune.pk]["received"] == 6
    assert by_unit[world.personas.other_commune.pk]["withdrawn"] == 1


def test_remapped_figures_follow_a_merger_to_todays_unit(world):
    commune, other = world.personas.commune, world.personas.other_commune
    record_succession(
        kind=SuccessionKind.MERGE, predecessors=[other], successors=[commune], effective_on=dt.date(2025, 11, 1)
    )
    tree = UnitTree()
    remapped = tree.recorded_units([commune.pk], remap=True)
    assert remapped == {commune.pk, other.pk}
    assert tree.recorded_units([commune.pk], remap=False) == {commune.pk}
    assert figures(world.filters(units=frozenset(remapped), remap=True))["withdrawn"] == 1
    by_today = figures_by_unit(world.filters(remap=True), tree)
    assert set(by_today) == {commune.pk}
    assert by_today[commune.pk]["received"] == 7


def test_the_unit_tree_follows_successions_like_the_organisation_service(world):
    p = world.personas
    record_succession(
        kind=SuccessionKind.MERGE,
        predecessors=[p.other_commune],
        successors=[p.commune],
        effective_on=dt.date(2025, 11, 1),
    )
    for day in (dt.date(2025, 10, 15), dt.date(2025, 12, 1)):
        tree = UnitTree(on=day)
        for unit in Unit.objects.all():
            assert list(tree.current_for(unit.pk)) == [u.pk for u in units_as_of(unit, day)], (unit, day)


def test_the_monthly_trend_counts_receptions_and_returns_per_month(world):
    trend = monthly_trend(world.filters(period=Period(dt.date(2025, 9, 1), dt.date(2025, 10, 31))))
    assert [(m.month, m.received, m.resolved_on_time, m.resolved_late) for m in trend] == [
        (dt.date(2025, 9, 1), 1, 0, 0),
        (dt.date(2025, 10, 1), 7, 3, 1),
    ]


def test_online_dossiers_count_under_their_channel(world):
    filters = world.filters(units=frozenset({world.personas.commune.pk}))
    online = dossiers_behind(filters, MEASURES[2].condition(filters))
    assert MEASURES[2].key == "received_online"
    assert [d.channel for d in online] == [Channel.ONLINE]
