"""Reorganisation: a merged commune's open dossiers, consultations, roles and fixed steps move to the successor."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog.models import UnitSelector
from motcua.catalog.tests.factories import published_version
from motcua.consultations.models import Consultation
from motcua.dossiers.models import Dossier, DossierEvent, EventAction, StepVisit
from motcua.dossiers.services.transfer import plan_transfer, transfer_open_dossiers
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Membership, Role, SuccessionKind
from motcua.organization.services import record_succession
from motcua.organization.tests.factories import MembershipFactory, UserFactory

HOUR = dt.timedelta(hours=1)
MERGED_ON = dt.date(2025, 10, 8)
MOVED_AT = dt.datetime(2025, 10, 8, 8, 0, tzinfo=TZ)


@pytest.fixture
def merged(personas, version):
    """Mũi Né (other_commune) had three open dossiers and one returned, then merged into Phan Thiết (commune)."""
    old = personas.other_commune
    desk = UserFactory(username="desk-mui-ne")
    MembershipFactory(user=desk, unit=old, role=Role.DESK_OFFICER)
    leader = UserFactory(username="leader-mui-ne")
    MembershipFactory(user=leader, unit=old, role=Role.UNIT_LEADER)
    dossiers = [received(version, old, desk, at=MONDAY + n * HOUR) for n in range(3)]
    at_processing = act(dossiers[0], "forward", desk, MONDAY + 4 * HOUR)
    act(at_processing, "consult", personas.outsider, MONDAY + 5 * HOUR, unit_ids=[personas.commune.pk], question="?")
    fixed = published_version(limit_days=5)
    step = fixed.processes.get().steps.get(code="xu-ly")
    step.unit_selector, step.unit = UnitSelector.FIXED, old
    step.save()
    record_succession(
        kind=SuccessionKind.MERGE, predecessors=[old], successors=[personas.commune], effective_on=MERGED_ON
    )
    old.refresh_from_db()
    return old, [Dossier.objects.get(pk=d.pk) for d in dossiers], step


def snapshot():
    return (
        list(Dossier.objects.order_by("pk").values()),
        DossierEvent.objects.count(),
        list(Consultation.objects.values()),
        list(Membership.objects.order_by("pk").values()),
    )


def test_the_dry_run_reports_what_would_move_and_changes_nothing(personas, merged):
    old, _dossiers, _step = merged
    before = snapshot()
    out = io.StringIO()
    call_command("transfer_open_dossiers", "--from", old.code, "--dry-run", stdout=out)
    assert snapshot() == before
    report = out.getvalue()
    assert f"{old.code} -> {personas.commune.code}" in report
    assert "open dossiers: 3" in report and "open consultations: 1" in report
    assert "staff roles: 3" in report and "fixed process steps: 1" in report


def test_the_transfer_keeps_codes_dates_and_clocks_and_records_an_event_each(personas, merged):
    old, dossiers, _step = merged
    done = transfer_open_dossiers(from_unit=old, batch=2, at=MOVED_AT)
    assert done.dossiers == 3
    for before in dossiers:
        after = Dossier.objects.get(pk=before.pk)
        assert (after.code, after.received_at, after.due_at, after.status) == (
            before.code,
            before.received_at,
            before.due_at,
            before.status,
        )
        assert after.receiving_unit == personas.commune and after.resolving_unit == personas.commune
        event = after.events.order_by("seq").last()
        assert event.action == EventAction.TRANSFERRED and event.at == MOVED_AT
        assert (event.payload["from_unit"], event.payload["to_unit"]) == (old.code, personas.commune.code)
    assert not StepVisit.objects.filter(unit=old, left_at__isnull=True).exists()
    call_command("verify_events", stdout=io.StringIO(), stderr=io.StringIO())


def test_open_consultations_roles_and_fixed_steps_move_to_the_successor(personas, merged):
    old, _dossiers, step = merged
    transfer_open_dossiers(from_unit=old, at=MOVED_AT)
    assert Consultation.objects.get().requesting_unit == personas.commune
    moved = Membership.objects.filter(unit=personas.commune, valid_from=MERGED_ON)
    assert set(moved.values_list("user__username", "role")) == {
        ("desk-mui-ne", Role.DESK_OFFICER),
        ("leader-mui-ne", Role.UNIT_LEADER),
        ("outsider", Role.SPECIALIST),
    }
    assert not Membership.objects.filter(unit=old, valid_to__isnull=True).exists()
    step.refresh_from_db()
    assert step.unit == personas.commune


def test_running_the_transfer_again_moves_nothing(personas, merged):
    old, _dossiers, _step = merged
    transfer_open_dossiers(from_unit=old, at=MOVED_AT)
    before = snapshot()
    plan = plan_transfer(from_unit=old)
    assert (plan.dossiers, plan.consultations, plan.steps) == (0, 0, 0)
    again = transfer_open_dossiers(from_unit=old, at=MOVED_AT)
    assert (again.dossiers, again.memberships, again.steps) == (0, 0, 0)
    assert snapshot() == before


def test_a_unit_without_a_successor_is_refused(personas):
    with pytest.raises(CommandError, match="kế thừa"):
        call_command("transfer_open_dossiers", "--from", personas.other_commune.code, stdout=io.StringIO())
