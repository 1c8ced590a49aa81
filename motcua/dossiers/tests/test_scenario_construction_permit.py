"""Issue 4's "done when", end to end on the demo province: a construction permit waits on the fire police, who answer
late; the sweep warns; the commune apologises once with a new appointment in working time; the dossier is returned
by it; the delay is attributed. Then two demo communes merge and their open dossiers move with their history."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.catalog.models import ProcedureVersion
from motcua.consultations.models import Consultation
from motcua.consultations.services import answer_consultation
from motcua.demo.data import FIRE_POLICE, MUI_NE, PHAN_THIET, commune_codes
from motcua.demo.services import CONSTRUCTION_PERMIT
from motcua.documents.forms import FormKind
from motcua.documents.services import form_for_dossier
from motcua.dossiers.models import (
    AppointmentChange,
    AppointmentChangeState,
    DeadlineState,
    Dossier,
    DossierEvent,
    DossierStatus,
    EventAction,
    Judgement,
    ReturnMethod,
)
from motcua.dossiers.services.overdue import sweep_deadlines
from motcua.dossiers.services.transfer import transfer_open_dossiers
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.dossiers.timeline import timeline
from motcua.notifications.models import Notification, NotificationKind
from motcua.organization.models import SuccessionKind, Unit, User
from motcua.organization.services import record_succession

HOUR = dt.timedelta(hours=1)


def at(day: int, hour: int) -> dt.datetime:
    """An instant in October 2025, the month of the scenario (no public holiday in it)."""
    return dt.datetime(2025, 10, day, hour, 0, tzinfo=TZ)


def verify_events() -> str:
    out = io.StringIO()
    call_command("verify_events", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", without_dossiers=True, stdout=io.StringIO())


def staff(username: str) -> User:
    return User.objects.get(username=username)


def commune_unit(ward_code: int, part: str) -> Unit:
    return Unit.objects.get(code=commune_codes(ward_code)[part])


def test_a_construction_permit_late_at_the_fire_police_is_apologised_for_once_and_returned_by_the_new_date(
    demo, settings
):
    settings.MOTCUA_APOLOGY_RESPONSIBILITY = "result_issuer"
    settings.MOTCUA_DUE_SOON_WORKING_DAYS = 2
    desk, specialist, leader = staff("motcua.phanthiet"), staff("chuyenvien.phanthiet"), staff("lanhdao.phanthiet")
    fire_police, committee = Unit.objects.get(code=FIRE_POLICE), commune_unit(PHAN_THIET, "committee")
    permit = ProcedureVersion.objects.get(procedure__code=CONSTRUCTION_PERMIT)

    dossier = received(permit, commune_unit(PHAN_THIET, "centre"), desk, at=MONDAY, resolving_unit_id=committee.pk)
    due = dossier.due_at
    assert due == at(27, 8)  # 15 working days from Monday 06/10 08:00
    dossier = act(dossier, "forward", desk, MONDAY + HOUR)
    dossier = act(
        dossier,
        "consult",
        specialist,
        MONDAY + 2 * HOUR,
        unit_ids=[fire_police.pk],
        question="Đề nghị cho ý kiến về phương án phòng cháy, chữa cháy của công trình.",
    )
    consultation = Consultation.objects.get(dossier=dossier)
    assert consultation.due_at == at(9, 10)  # three working days, on the fire police's calendar

    answer_consultation(
        consultation=consultation, actor=staff("pccc"), answer="Phương án PCCC đạt yêu cầu.", at=at(21, 9)
    )
    consultation.refresh_from_db()
    assert (consultation.unit, consultation.timeliness) == (fire_police, Judgement.LATE)

    # Thursday 23/10: the appointment (Monday 27/10 08:00) is within two working days.
    now = at(23, 9)
    first = sweep_deadlines(now=now)
    dossier.refresh_from_db()
    assert dossier.deadline_state == DeadlineState.DUE_SOON
    warned = set(
        Notification.objects.filter(kind=NotificationKind.DUE_SOON, dedupe_key__startswith="deadline:").values_list(
            "recipient__username", flat=True
        )
    )
    assert {specialist.username, leader.username} <= warned
    notifications, stamps = (
        Notification.objects.count(),
        list(Dossier.objects.values("deadline_state", "due_soon_warned_at")),
    )
    second = sweep_deadlines(now=now)
    assert first.warnings > 0 and (second.reclassified, second.warnings) == (0, 0)
    assert Notification.objects.count() == notifications
    assert list(Dossier.objects.values("deadline_state", "due_soon_warned_at")) == stamps

    dossier = act(dossier, "reschedule", specialist, at(23, 10), reason="Chờ ý kiến PCCC trả lời muộn", extension="3d")
    dossier = act(dossier, "approve_reschedule", leader, at(23, 11))
    change = AppointmentChange.objects.get(dossier=dossier)
    assert change.state == AppointmentChangeState.APPROVED and change.responsible_unit == committee
    assert (change.old_due_at, dossier.due_at) == (due, at(30, 8))  # three working days after Monday 27/10 08:00
    filename, _content_type, pdf = form_for_dossier(dossier, FormKind.APOLOGY, "pdf")
    assert filename == f"{dossier.code}-mau-04.pdf" and pdf.startswith(b"%PDF")
    assert Notification.objects.filter(kind=NotificationKind.APOLOGY_LETTER, recipient=desk).exists()
    with pytest.raises(ValidationError) as again:
        act(dossier, "reschedule", specialist, at(23, 14), reason="Lần hai", extension="1d")
    assert again.value.code == "rescheduled_once"

    dossier = act(dossier, "forward", specialist, at(27, 10))
    dossier = act(dossier, "attach_result", leader, at(28, 9), name="Giấy phép xây dựng")
    dossier = act(dossier, "approve", leader, at(28, 10))
    dossier = act(dossier, "return_result", desk, at(30, 7), method=ReturnMethod.AT_COUNTER, recipient="Nguyễn Văn An")
    assert dossier.status == DossierStatus.RETURNED and dossier.returned_at < dossier.due_at
    assert dossier.judgement == Judgement.ON_TIME

    rows = timeline(dossier)
    answered = next(row for row in rows if row.action == EventAction.CONSULTATION_ANSWERED.label)
    assert answered.unit == fire_police.name and answered.actor == str(staff("pccc"))
    event = dossier.events.get(action=EventAction.CONSULTATION_ANSWERED)
    assert (event.unit, event.payload["timeliness"]) == (fire_police, Judgement.LATE)
    assert [r.action for r in rows].count(EventAction.RESCHEDULED.label) == 1
    assert "OK: 1 dossiers" in verify_events()


def test_merging_two_demo_communes_moves_their_open_dossiers_with_codes_dates_and_clocks_intact(demo):
    permit = ProcedureVersion.objects.get(procedure__code=CONSTRUCTION_PERMIT)
    desk = staff("motcua.muine")
    old_centre, old_committee = commune_unit(MUI_NE, "centre"), commune_unit(MUI_NE, "committee")
    new_centre, new_committee = commune_unit(PHAN_THIET, "centre"), commune_unit(PHAN_THIET, "committee")
    resolved_by = {"resolving_unit_id": old_committee.pk}
    at_desk = received(permit, old_centre, desk, at=MONDAY, **resolved_by)
    processing = act(
        received(permit, old_centre, desk, at=MONDAY + HOUR, **resolved_by), "forward", desk, MONDAY + 2 * HOUR
    )
    before = {d.pk: (d.code, d.received_at, d.due_at, d.status) for d in (at_desk, processing)}
    chains = {d.pk: list(d.events.values_list("seq", "hash")) for d in (at_desk, processing)}

    merged_on = dt.date(2025, 10, 8)
    # A committee ends only after the units under it: the centre and the police merge first.
    pairs = [(commune_unit(MUI_NE, part), commune_unit(PHAN_THIET, part)) for part in ("centre", "police", "committee")]
    for old, new in pairs:
        record_succession(kind=SuccessionKind.MERGE, predecessors=[old], successors=[new], effective_on=merged_on)
    moved_at = at(8, 8)
    transfer_open_dossiers(from_unit=old_committee, at=moved_at)
    transfer_open_dossiers(from_unit=old_centre, at=moved_at)

    for pk, (code, received_at, due_at, status) in before.items():
        dossier = Dossier.objects.get(pk=pk)
        assert (dossier.code, dossier.received_at, dossier.due_at, dossier.status) == (
            code,
            received_at,
            due_at,
            status,
        )
        assert (dossier.receiving_unit, dossier.resolving_unit) == (new_centre, new_committee)
        assert list(dossier.events.values_list("seq", "hash"))[: len(chains[pk])] == chains[pk]
        transfers = dossier.events.filter(action=EventAction.TRANSFERRED)
        assert transfers.exists() and all(e.at == moved_at for e in transfers)
    assert DossierEvent.objects.filter(action=EventAction.TRANSFERRED).count() >= 2
    assert "OK: 2 dossiers" in verify_events()
