"""The apology letter and the new appointment (form 04): notice, one reschedule only, who apologises, working time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.services import build_standard_process
from motcua.documents.forms import FormKind
from motcua.documents.services import form_for_dossier, printable_forms
from motcua.documents.services.dossier_forms import apology_context
from motcua.dossiers.models import (
    ApologyResponsibility,
    AppointmentChange,
    AppointmentChangeState,
    ClockEffect,
    Dossier,
    EventAction,
)
from motcua.dossiers.services import allowed_actions, recompute_due_at
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification, NotificationKind
from motcua.organization.models import Role
from motcua.organization.tests.factories import MembershipFactory, UserFactory

HOUR = dt.timedelta(hours=1)
# Received Monday 06/10/2025 08:00 with 3 working days: due Thursday 09/10 08:00.
DUE = dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)
TUESDAY_16 = dt.datetime(2025, 10, 7, 16, 0, tzinfo=TZ)  # 600 working minutes before the deadline
WEDNESDAY_9 = dt.datetime(2025, 10, 8, 9, 0, tzinfo=TZ)  # 420 working minutes before it: less than a day


@pytest.fixture
def dossier(personas, version) -> Dossier:
    """At the processing step of the commune, held by its specialists."""
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def draft(dossier: Dossier, personas, at: dt.datetime = TUESDAY_16, **payload) -> Dossier:
    payload.setdefault("reason", "Chờ kết quả xác minh của cơ quan công an")
    payload.setdefault("extension", "2d")
    return act(dossier, "reschedule", personas.specialist, at, **payload)


def test_the_apology_must_go_out_at_least_one_working_day_before_the_deadline(personas, dossier):
    with pytest.raises(ValidationError) as refused:
        draft(dossier, personas, at=WEDNESDAY_9)

    assert refused.value.error_dict["late"][0].code == "apology_too_late"
    assert not AppointmentChange.objects.exists()


def test_a_late_apology_is_recorded_flagged_late_when_the_officer_says_so(personas, dossier):
    dossier = draft(dossier, personas, at=WEDNESDAY_9, late=True)
    dossier = act(dossier, "approve_reschedule", personas.unit_leader, WEDNESDAY_9 + HOUR)

    change = AppointmentChange.objects.get()
    assert change.state == AppointmentChangeState.APPROVED and change.late


def test_approving_after_the_notice_period_needs_the_leader_to_accept_it_is_late(personas, dossier):
    dossier = draft(dossier, personas)

    with pytest.raises(ValidationError) as refused:
        act(dossier, "approve_reschedule", personas.unit_leader, WEDNESDAY_9)
    dossier = act(dossier, "approve_reschedule", personas.unit_leader, WEDNESDAY_9, late=True)

    assert refused.value.error_dict["late"][0].code == "apology_too_late"
    assert AppointmentChange.objects.get().late


def test_the_new_appointment_is_counted_in_working_time_and_moves_the_clock(personas, dossier):
    dossier = draft(dossier, personas)
    dossier = act(dossier, "approve_reschedule", personas.unit_leader, TUESDAY_16 + HOUR)

    # Thursday 08:00 + two working days (the weekend does not count) = Monday 13/10 08:00.
    new_due = dt.datetime(2025, 10, 13, 8, 0, tzinfo=TZ)
    change = AppointmentChange.objects.get()
    event = dossier.events.get(action=EventAction.RESCHEDULED)
    assert (change.old_due_at, change.new_due_at, change.extension_minutes) == (DUE, new_due, 960)
    assert dossier.due_at == new_due == recompute_due_at(dossier)
    assert (change.decided_by, change.drafted_by, change.late) == (personas.unit_leader, personas.specialist, False)
    assert event.clock_effect == ClockEffect.EXTENDED


def test_a_new_return_date_must_be_a_working_day(personas, dossier):
    with pytest.raises(ValidationError) as sunday:
        draft(dossier, personas, extension="", new_due_on=dt.date(2025, 10, 12))
    dossier = draft(dossier, personas, extension="", new_due_on=dt.date(2025, 10, 10))

    assert sunday.value.error_dict["new_due_on"][0].code == "not_a_working_day"
    assert AppointmentChange.objects.get().new_due_at == dt.datetime(2025, 10, 10, 17, 0, tzinfo=TZ)


def test_the_new_appointment_must_come_after_the_old_one(personas, dossier):
    with pytest.raises(ValidationError) as earlier:
        draft(dossier, personas, extension="", new_due_on=dt.date(2025, 10, 8))
    with pytest.raises(ValidationError) as both:
        draft(dossier, personas, new_due_on=dt.date(2025, 10, 10))

    assert earlier.value.error_dict["new_due_on"][0].code == "not_after_old_appointment"
    assert both.value.error_dict["new_due_on"][0].code == "one_of_date_or_extension"


def test_a_second_reschedule_is_refused(personas, dossier):
    dossier = draft(dossier, personas)
    dossier = act(dossier, "approve_reschedule", personas.unit_leader, TUESDAY_16 + HOUR)

    with pytest.raises(ValidationError) as refused:
        draft(dossier, personas, at=TUESDAY_16 + 2 * HOUR)

    assert refused.value.code == "rescheduled_once"
    assert "reschedule" not in allowed_actions(dossier, personas.specialist, TUESDAY_16 + 2 * HOUR)


def test_a_rejected_draft_can_be_drafted_again(personas, dossier):
    dossier = draft(dossier, personas)
    dossier = act(dossier, "reject_reschedule", personas.unit_leader, TUESDAY_16, reason="Ghi rõ lý do")
    dossier = draft(dossier, personas, at=TUESDAY_16 + dt.timedelta(minutes=5), reason="Chờ ý kiến Công an tỉnh")

    states = list(AppointmentChange.objects.order_by("id").values_list("state", flat=True))
    assert states == [AppointmentChangeState.REJECTED, AppointmentChangeState.DRAFTED]


def test_only_a_leader_of_the_responsible_agency_approves(personas, dossier):
    dossier = draft(dossier, personas)

    with pytest.raises(ValidationError):
        act(dossier, "approve_reschedule", personas.specialist, TUESDAY_16 + HOUR)


def test_the_letter_reaches_the_applicant_and_the_desk(personas, dossier):
    dossier = draft(dossier, personas)
    act(dossier, "approve_reschedule", personas.unit_leader, TUESDAY_16 + HOUR)

    letters = Notification.objects.filter(kind=NotificationKind.APOLOGY_LETTER)
    to_applicant = set(letters.filter(recipient__isnull=True).values_list("channel", "address"))
    to_desk = set(letters.filter(recipient__isnull=False).values_list("recipient", "channel"))
    assert to_applicant == {("email", "an@example.vn"), ("sms", "0912345678")}
    assert to_desk == {(personas.desk_officer.pk, "in_app")}


def test_form_04_prints_the_issued_letter_in_the_dossier_form_set(personas, dossier):
    dossier = draft(dossier, personas)
    dossier = act(dossier, "approve_reschedule", personas.unit_leader, TUESDAY_16 + HOUR)

    context = apology_context(dossier)
    filename, _type, content = form_for_dossier(dossier, FormKind.APOLOGY, "pdf")

    assert FormKind.APOLOGY in {spec.kind for spec in printable_forms(dossier)}
    assert (context.original_return_at, context.reason) == (DUE, "Chờ kết quả xác minh của cơ quan công an")
    assert context.signer.name == str(personas.unit_leader)
    assert filename == f"{dossier.code}-mau-04.pdf" and content.startswith(b"%PDF")


# --- who apologises -------------------------------------------------------------------------------------------


@pytest.fixture
def shared_dossier(personas, version) -> Dossier:
    """Processed by another agency (the other commune's specialists) for the commune: a multi-agency dossier."""
    build_standard_process(
        version,
        decision_number="124/QĐ-UBND",
        decision_date=version.valid_from,
        decision_signer="Chủ tịch UBND tỉnh",
        by=None,
        fixed_units={"xu-ly": personas.other_commune},
    )
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)


def test_the_result_issuer_apologises_for_a_multi_agency_dossier_by_default(personas, shared_dossier, settings):
    settings.MOTCUA_APOLOGY_RESPONSIBILITY = "result_issuer"
    act(shared_dossier, "reschedule", personas.outsider, TUESDAY_16, reason="Chờ", extension="1d")

    change = AppointmentChange.objects.get()
    assert (change.responsible_unit, change.responsibility) == (
        personas.commune,
        ApologyResponsibility.RESULT_ISSUER,
    )


def test_the_agency_at_fault_apologises_when_the_province_says_so(personas, shared_dossier, settings):
    settings.MOTCUA_APOLOGY_RESPONSIBILITY = "agency_at_fault"
    shared_dossier = act(shared_dossier, "reschedule", personas.outsider, TUESDAY_16, reason="Chờ", extension="1d")

    change = AppointmentChange.objects.get()
    assert (change.responsible_unit, change.responsibility) == (
        personas.other_commune,
        ApologyResponsibility.AGENCY_AT_FAULT,
    )
    # Its own leader signs, not the resolving agency's.
    other_leader = UserFactory(username="leader-mui-ne")
    MembershipFactory(user=other_leader, unit=personas.other_commune, role=Role.UNIT_LEADER)
    with pytest.raises(ValidationError) as wrong_signer:
        act(shared_dossier, "approve_reschedule", personas.unit_leader, TUESDAY_16 + HOUR)
    act(shared_dossier, "approve_reschedule", other_leader, TUESDAY_16 + HOUR)
    assert wrong_signer.value.code == "wrong_signer"


def test_a_single_agency_dossier_is_apologised_for_by_the_agency_at_fault_under_either_setting(
    personas, dossier, settings
):
    settings.MOTCUA_APOLOGY_RESPONSIBILITY = "result_issuer"
    draft(dossier, personas)

    change = AppointmentChange.objects.get()
    assert (change.responsible_unit, change.responsibility) == (
        personas.commune,
        ApologyResponsibility.AGENCY_AT_FAULT,
    )
