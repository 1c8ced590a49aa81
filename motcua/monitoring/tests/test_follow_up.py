"""Consultations, apology letters and SOS on the dashboard and in the findings: counted from the records their
services write, attributed to the consulted agency or the raising unit, and drilled down to their dossiers."""

from __future__ import annotations

import dataclasses

import pytest

from motcua.consultations.models import Consultation
from motcua.consultations.services import answer_consultation
from motcua.dossiers.events import event_hash
from motcua.dossiers.models import Dossier, DossierEvent, EventAction
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.selectors.figures import AGENCY_CONDITIONS, MEASURES_BY_KEY, by_agency, dossiers_behind, figures
from motcua.monitoring.selectors.findings import Rule, findings
from motcua.monitoring.selectors.scope import UnitTree
from motcua.monitoring.tests.conftest import World, at
from motcua.monitoring.tests.test_figures import direct_counts
from motcua.organization.models import Role, Unit, UnitKind, UnitLevel, User
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory


@dataclasses.dataclass
class FollowUp:
    fire_police: Unit
    liaison: User
    consulted: Dossier  # the overdue dossier: the fire police answered its consultation late
    apologised: Dossier  # rescheduled by a letter issued on 14 October, with an SOS still open


@pytest.fixture
def follow_up(world: World) -> FollowUp:
    p = world.personas
    fire_police = UnitFactory(
        code="000.20.01.H68", name="Phòng Cảnh sát PCCC và CNCH", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE
    )
    liaison = UserFactory(username="pccc")
    MembershipFactory(user=liaison, unit=fire_police, role=Role.CONSULTATION_LIAISON)
    consulted = act(
        world.overdue, "consult", p.specialist, at(7, 10), unit_ids=[fire_police.pk], question="Ý kiến về PCCC?"
    )
    # An SOS raised and resolved before the 20th: not open any more.
    consulted = act(consulted, "raise_sos", p.specialist, at(8, 9), category="missing_answer", reason="Chờ PCCC")
    consulted = act(consulted, "resolve_sos", p.unit_leader, at(9, 9), resolution="Đã đôn đốc")
    # Asked on Tuesday 7 October 10:00 with three working days: due Friday 10 October 10:00, answered on the 13th.
    answer_consultation(consultation=Consultation.objects.get(), actor=liaison, answer="Đạt yêu cầu.", at=at(13, 9))
    consulted.refresh_from_db()

    apologised = received(world.version, p.commune, p.desk_officer, at(13))
    apologised = act(apologised, "forward", p.desk_officer, at(13, 9))
    apologised = act(apologised, "reschedule", p.specialist, at(14, 9), reason="Chờ xác minh", extension="2d")
    apologised = act(apologised, "approve_reschedule", p.unit_leader, at(14, 10))
    apologised = act(apologised, "raise_sos", p.specialist, at(15, 9), category="unclear_rule", reason="Chưa rõ")
    return FollowUp(fire_police, liaison, consulted, apologised)


def test_follow_up_figures_equal_a_direct_count_over_the_records(world, follow_up):
    filters = world.filters()
    counted = figures(filters)
    assert counted == direct_counts(filters.period, filters.now)
    assert (counted["consultation_late"], counted["apology_issued"], counted["sos_open"]) == (1, 1, 1)
    # Still the returned-late and the overdue dossier: the rescheduled one is overdue again, but it apologised.
    assert counted["apology_missing"] == 2
    for key, dossier in (
        ("consultation_late", follow_up.consulted),
        ("apology_issued", follow_up.apologised),
        ("sos_open", follow_up.apologised),
    ):
        listed = dossiers_behind(filters, MEASURES_BY_KEY[key].condition(filters))
        assert list(listed) == [dossier], key


def test_late_answers_count_against_the_consulted_agency_and_sos_against_the_raising_unit(world, follow_up):
    filters = world.filters()
    agencies = by_agency(filters, UnitTree())
    fire = agencies[follow_up.fire_police.pk]
    assert (fire.answered, fire.answered_late, fire.consultations_overdue, fire.sos_open) == (1, 1, 0, 0)
    commune = agencies[world.personas.commune.pk]
    assert (commune.answered_late, commune.sos_raised, commune.sos_open) == (0, 2, 1)
    late_by_fire = AGENCY_CONDITIONS["consultation_late"](filters, {follow_up.fire_police.pk})
    assert list(dossiers_behind(filters, late_by_fire)) == [follow_up.consulted]
    assert not dossiers_behind(filters, AGENCY_CONDITIONS["consultation_late"](filters, {world.personas.commune.pk}))


def test_a_consultation_still_unanswered_past_its_deadline_is_owed_by_the_consulted_agency(world, follow_up):
    p = world.personas
    act(follow_up.apologised, "consult", p.specialist, at(15, 10), unit_ids=[follow_up.fire_police.pk], question="?")
    fire = by_agency(world.filters(), UnitTree())[follow_up.fire_police.pk]
    assert fire.consultations_overdue == 1  # due 20 October 10:00, still unanswered at 12:00


def test_a_consultation_answered_late_is_a_finding_of_the_consulted_agency(world, follow_up):
    (found,) = findings(world.filters(), [Rule.CONSULTATION_LATE])
    consultation = Consultation.objects.get()
    assert (found.key, found.dossier, found.unit, found.official) == (
        str(consultation.pk),
        follow_up.consulted,
        follow_up.fire_police,
        follow_up.liaison,
    )
    actions = set(DossierEvent.objects.filter(pk__in=found.event_ids).values_list("action", flat=True))
    assert actions == {EventAction.CONSULTATION_REQUESTED, EventAction.CONSULTATION_ANSWERED}
    assert findings(world.filters(units=frozenset({world.personas.other_commune.pk})), [Rule.CONSULTATION_LATE]) == []


def test_a_late_dossier_without_an_apology_letter_is_a_finding_and_one_that_apologised_is_not(world, follow_up):
    found = {f.dossier: f for f in findings(world.filters(), [Rule.NO_APOLOGY])}
    assert set(found) == {world.late, follow_up.consulted}
    assert found[follow_up.consulted].unit == world.personas.commune
    assert DossierEvent.objects.filter(pk__in=found[world.late].event_ids, action=EventAction.RESULT_RETURNED).exists()


def test_a_second_reschedule_on_the_chain_is_a_finding(world, follow_up):
    assert findings(world.filters(), [Rule.RESCHEDULED_TWICE]) == []
    # The dossier services refuse a second apology letter (and the table allows one issued letter per dossier), so
    # only a direct write to the event chain can record a second reschedule: exactly what the rule exists to catch.
    dossier = follow_up.apologised
    first = dossier.events.get(action=EventAction.RESCHEDULED)
    last = dossier.events.order_by("seq").last()
    second = DossierEvent(
        dossier=dossier,
        seq=last.seq + 1,
        action=EventAction.RESCHEDULED,
        actor=world.personas.unit_leader,
        role=Role.UNIT_LEADER,
        unit=world.personas.commune,
        at=at(16, 9),
        from_status=last.to_status,
        to_status=last.to_status,
        reason="Hẹn lại lần hai",
        payload=first.payload,
        prev_hash=last.hash,
    )
    second.hash = event_hash(second, dossier.code)
    second.save()
    (found,) = findings(world.filters(), [Rule.RESCHEDULED_TWICE])
    assert (found.dossier, found.unit, found.official) == (dossier, world.personas.commune, world.personas.unit_leader)
    assert set(found.event_ids) == {first.pk, second.pk}
