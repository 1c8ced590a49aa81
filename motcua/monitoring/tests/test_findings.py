"""Compliance findings: each rule fires on the records that break it, names its evidence, unit and official."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.catalog.models import VersionStatus
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory
from motcua.dossiers.models import DossierEvent, EventAction, StepVisit, SupplementationRequest
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.selectors.findings import NOT_MEASURED, RULES, Rule, finding, findings
from motcua.monitoring.selectors.officials import official_figures
from motcua.monitoring.tests.conftest import at
from motcua.organization.models import Membership
from motcua.organization.services import end_membership
from motcua.portal.models import EvaluationSource
from motcua.portal.services.evaluation import EvaluationAnswers, record_evaluation


def _of(rule, world, **filters):
    return findings(world.filters(**filters), [rule])


def test_a_second_supplementation_request_beyond_the_limit_is_a_finding_with_its_event(world):
    (found,) = _of(Rule.SUPPLEMENT_BEYOND, world)
    request = SupplementationRequest.objects.get(dossier=world.twice, number=2)
    assert found.key == str(request.pk)
    assert found.dossier == world.twice
    assert found.official == world.personas.specialist
    assert found.unit == world.personas.commune
    (event,) = DossierEvent.objects.filter(pk__in=found.event_ids)
    assert (event.action, event.payload["number"]) == (EventAction.SUPPLEMENT_REQUESTED, 2)
    assert finding(world.filters(), Rule.SUPPLEMENT_BEYOND, found.key) == found


def test_a_component_outside_the_published_list_is_a_finding(world):
    assert _of(Rule.COMPONENT_OUTSIDE, world) == []
    # The dossier services refuse such a request, so only a direct write can create one: that is exactly what
    # the rule exists to catch (an import or a manual fix in the database).
    stranger = ComponentFactory(version=ProcedureVersionFactory(), name="Sổ hộ khẩu")
    request = SupplementationRequest.objects.get(dossier=world.paused)
    request.items.add(stranger)
    (found,) = _of(Rule.COMPONENT_OUTSIDE, world)
    assert found.dossier == world.paused
    assert "Sổ hộ khẩu" in found.summary
    assert DossierEvent.objects.get(pk__in=found.event_ids).action == EventAction.SUPPLEMENT_REQUESTED


def test_a_paper_hand_over_left_unconfirmed_is_a_finding_for_the_receiving_unit(world):
    p = world.personas
    dossier = received(world.version, p.commune, p.desk_officer, at(14))
    act(dossier, "forward", p.desk_officer, at(14, 9), note="Kèm hồ sơ giấy", paper_handed_over=True)
    (found,) = _of(Rule.PAPER_UNCONFIRMED, world)
    visit = StepVisit.objects.get(dossier=dossier, left_at__isnull=True)
    assert (found.key, found.unit) == (str(visit.pk), p.commune)
    assert DossierEvent.objects.get(pk__in=found.event_ids).action == EventAction.FORWARDED


def test_a_published_version_without_an_active_process_is_a_finding(world):
    assert _of(Rule.NO_ACTIVE_PROCESS, world) == []
    orphan = ProcedureVersionFactory(status=VersionStatus.PUBLISHED, valid_from=dt.date(2025, 1, 1))
    (found,) = _of(Rule.NO_ACTIVE_PROCESS, world)
    assert found.rows == (("catalog.procedureversion", orphan.pk),)
    assert _of(Rule.NO_ACTIVE_PROCESS, world, units=frozenset({world.personas.commune.pk})) == []


def test_a_step_whose_role_lost_its_last_holder_is_a_finding_where_dossiers_wait(world):
    p = world.personas
    assert _of(Rule.STEP_WITHOUT_HOLDER, world) == []
    end_membership(Membership.objects.get(user=p.specialist, unit=p.commune), last_day=dt.date(2025, 10, 17))
    (found,) = _of(Rule.STEP_WITHOUT_HOLDER, world)
    assert found.unit == p.commune
    assert ("dossiers.dossier", world.overdue.pk) in found.rows
    assert ("dossiers.dossier", world.paused.pk) in found.rows


def test_a_dossier_held_at_one_step_beyond_twice_its_allotment_is_a_finding(world):
    found = {f.dossier: f for f in _of(Rule.HELD_TOO_LONG, world)}
    # Processing is allotted 65 % of 3 working days (936 minutes); held from 7 October 09:00 to 20 October 12:00.
    overdue = found[world.overdue]
    assert "936" in overdue.summary
    assert overdue.unit == world.personas.commune
    assert DossierEvent.objects.get(pk__in=overdue.event_ids).action == EventAction.FORWARDED
    # The online dossier has waited at reception (72 minutes allotted) since 17 October, with its desk officer.
    assert found[world.online].official == world.personas.desk_officer
    # Returned early overall, but each of its stays stayed within twice the allotment.
    assert world.early not in found


def test_every_rule_is_measured_now_that_its_records_exist():
    assert NOT_MEASURED == {}
    assert set(RULES) == set(Rule)


def test_officials_are_counted_by_the_hand_overs_they_made_and_their_findings(world):
    p = world.personas
    rows = {row.official: row for row in official_figures(world.filters(), findings(world.filters()))}
    specialist = rows[p.specialist]
    # October hand-overs by the specialist: early, late and twice each went on to approval once.
    assert specialist.handed_over == 3
    assert specialist.on_time + specialist.late == 3
    # The second supplementation request; the missing apology letters are the units', not a named official's.
    assert specialist.findings == 1
    assert rows[p.desk_officer].handed_over >= 7


def test_officials_get_the_citizens_ratings_of_the_dossiers_they_handed_on(world):
    p = world.personas
    happy = EvaluationAnswers(contacts=2, agencies=2, attitude=2, satisfaction="very_satisfied")
    unhappy = EvaluationAnswers(contacts=1, agencies=2, attitude=0, satisfaction="not_satisfied")
    record_evaluation(dossier=world.early, answers=happy, source=EvaluationSource.LINK, at=at(8))
    record_evaluation(dossier=world.late, answers=unhappy, source=EvaluationSource.LINK, at=at(11))
    rows = {row.official: row for row in official_figures(world.filters(), [])}
    specialist = rows[p.specialist].citizens
    # Each rating counts once per official, however many stays of the dossier they left.
    assert (specialist.rated, specialist.satisfied, specialist.not_satisfied) == (2, 1, 1)
    assert specialist.attitude == Decimal("1.00")
    assert rows[p.desk_officer].citizens.rated == 2
    assert rows[world.other_desk].citizens.rated == 0
