"""Inter-agency dossiers: the child opened at the other agency, the parent waiting, the result flowing back, and each
agency's share of the working time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Process, Step, StepAction, StepKind, Transition, UnitSelector
from motcua.catalog.services import activate_process, approve_process
from motcua.catalog.tests.factories import published_version
from motcua.consultations.models import DossierLink
from motcua.consultations.services import agency_shares
from motcua.consultations.tests.conftest import HOUR
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import DossierStatus, EventAction
from motcua.dossiers.services import allowed_actions
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Role, UnitKind, UnitLevel
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory

DAY = 8 * 60
# (code, kind, selector, role, allotted working minutes)
STEPS = [
    ("tiep-nhan", StepKind.RECEPTION, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, DAY // 2),
    ("xu-ly", StepKind.PROCESSING, UnitSelector.RESOLVING_UNIT, Role.SPECIALIST, 5 * DAY),
    ("lien-thong", StepKind.INTER_AGENCY, UnitSelector.FIXED, Role.DESK_OFFICER, 5 * DAY),
    ("phe-duyet", StepKind.APPROVAL, UnitSelector.RESOLVING_UNIT, Role.UNIT_LEADER, 2 * DAY),
    ("tra-ket-qua", StepKind.RETURN, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, DAY),
]
TRANSITIONS = [
    ("tiep-nhan", StepAction.FORWARD, "xu-ly"),
    ("xu-ly", StepAction.FORWARD, "lien-thong"),
    ("lien-thong", StepAction.FORWARD, "phe-duyet"),
    ("phe-duyet", StepAction.APPROVE, "tra-ket-qua"),
    ("tra-ket-qua", StepAction.RETURN_RESULT, None),
]


@pytest.fixture
def tax(db):
    """The tax office, with its own desk, specialist and leader."""
    unit = UnitFactory(
        code="000.30.01.H68", name="Thuế cơ sở 1 tỉnh Lâm Đồng", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE
    )
    people = {}
    for role, name in (
        (Role.DESK_OFFICER, "tax-desk"),
        (Role.SPECIALIST, "tax-specialist"),
        (Role.UNIT_LEADER, "tax-leader"),
    ):
        people[role] = UserFactory(username=name)
        MembershipFactory(user=people[role], unit=unit, role=role)
    return unit, people


@pytest.fixture
def inter_agency_version(tax):
    """A 15-day procedure whose process sends the dossier to the tax office between processing and approval."""
    version = published_version(limit_days=15)
    process = Process.objects.create(version=version, number=2, name="Quy trình liên thông thuế")
    steps = {
        code: Step.objects.create(
            process=process,
            order=order,
            code=code,
            name=code,
            kind=kind,
            unit_selector=selector,
            unit=tax[0] if selector == UnitSelector.FIXED else None,
            role=role,
            allotted_minutes=minutes,
        )
        for order, (code, kind, selector, role, minutes) in enumerate(STEPS, start=1)
    }
    for source, action, target in TRANSITIONS:
        Transition.objects.create(step=steps[source], action=action, to_step=steps[target] if target else None)
    approve_process(
        process, decision_number="1/QĐ", decision_date=dt.date(2025, 1, 1), decision_signer="Chủ tịch", by=None
    )
    activate_process(process)
    return version


@pytest.fixture
def tax_version(db):
    """The tax office's own procedure (5 working days, standard process)."""
    return published_version(limit_days=5)


@pytest.fixture
def at_inter_agency(personas, inter_agency_version):
    dossier = received(inter_agency_version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    return act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)


def test_the_other_agencys_desk_opens_a_child_dossier_with_its_own_code_process_and_clock(
    personas, at_inter_agency, tax, tax_version
):
    unit, people = tax
    desk = people[Role.DESK_OFFICER]
    assert at_inter_agency.current_unit == unit
    assert "open_inter_agency" in allowed_actions(at_inter_agency, desk, MONDAY + 4 * HOUR)
    parent = act(at_inter_agency, "open_inter_agency", desk, MONDAY + 4 * HOUR, procedure_version_id=tax_version.pk)
    link = DossierLink.objects.get(parent=parent)
    child = link.child
    assert child.code.startswith(unit.code) and child.code != parent.code
    assert child.receiving_unit == unit and child.procedure_version == tax_version
    assert child.process != parent.process and child.due_at != parent.due_at
    assert child.applicant.identity_number == parent.applicant.identity_number
    assert parent.events.filter(action=EventAction.INTER_AGENCY_OPENED, payload__child=child.code).exists()
    assert "open_inter_agency" not in allowed_actions(parent, desk, MONDAY + 4 * HOUR)


def test_the_parent_waits_until_the_childs_result_flows_back(personas, at_inter_agency, tax, tax_version):
    _unit, people = tax
    desk, specialist, leader = people[Role.DESK_OFFICER], people[Role.SPECIALIST], people[Role.UNIT_LEADER]
    parent = act(at_inter_agency, "open_inter_agency", desk, MONDAY + 4 * HOUR, procedure_version_id=tax_version.pk)
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        act(parent, "forward", desk, MONDAY + 5 * HOUR)
    child = DossierLink.objects.get(parent=parent).child
    tuesday = MONDAY + dt.timedelta(days=1)
    child = act(child, "forward", desk, tuesday)
    child = act(child, "forward", specialist, tuesday + HOUR)
    child = act(child, "approve", leader, tuesday + 2 * HOUR)
    child = act(child, "attach_result", desk, tuesday + 3 * HOUR, name="Thông báo nộp thuế")
    child = act(child, "return_result", desk, tuesday + 4 * HOUR, method="online", recipient="UBND phường Phan Thiết")
    assert child.status == DossierStatus.RETURNED
    parent.refresh_from_db()
    returned = parent.events.get(action=EventAction.INTER_AGENCY_RETURNED)
    assert returned.payload["child"] == child.code and returned.payload["results"] == [f"{child.code}-KQ(1)"]
    assert DossierLink.objects.get(parent=parent).completed_at == tuesday + 4 * HOUR
    parent = act(parent, "forward", desk, tuesday + 5 * HOUR)
    assert parent.current_step.code == "phe-duyet" and parent.current_unit == personas.commune
    assert verify_chain(parent, list(parent.events.order_by("seq"))) is None


def test_each_agencys_share_of_the_working_time_counts_the_child_at_the_other_agency(
    personas, at_inter_agency, tax, tax_version
):
    unit, people = tax
    desk = people[Role.DESK_OFFICER]
    parent = act(at_inter_agency, "open_inter_agency", desk, MONDAY + 4 * HOUR, procedure_version_id=tax_version.pk)
    shares = {share.unit.code: share for share in agency_shares(parent, now=MONDAY + 8 * HOUR)}
    # Working hours 07:00-11:30 and 13:30-17:00. Commune: reception 08:00-09:00 and processing 09:00-11:00.
    # Tax office: its step from 11:00 to 16:00 is 180 working minutes, of which the child (opened 12:00) holds 150
    # at the tax office's own steps and 30 are the wait before it was opened.
    assert shares[personas.commune.code].minutes == 180
    assert shares[unit.code].minutes == 180
    assert shares[unit.code].allotted_minutes == 5 * DAY
