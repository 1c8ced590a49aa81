"""The consultation sweep: a reminder before the deadline, an alert after it, each once."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from motcua.consultations.models import Consultation
from motcua.consultations.services import answer_consultation, sweep_consultations
from motcua.consultations.tests.conftest import HOUR
from motcua.dossiers.tests.factories import MONDAY, TZ
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification, NotificationKind

ASKED_AT = MONDAY + 2 * HOUR  # due Thursday 10:00
WEDNESDAY_11 = dt.datetime(2025, 10, 8, 11, 0, tzinfo=TZ)
THURSDAY_11 = dt.datetime(2025, 10, 9, 11, 0, tzinfo=TZ)


def asked(personas, dossier, unit):
    act(dossier, "consult", personas.specialist, ASKED_AT, unit_ids=[unit.pk], question="Ý kiến về PCCC?")
    return Consultation.objects.get()


def test_nothing_is_sent_while_the_deadline_is_more_than_a_working_day_away(personas, at_processing, fire_police):
    asked(personas, at_processing, fire_police)
    counts = sweep_consultations(now=ASKED_AT + HOUR)
    assert (counts.reminded, counts.alerted) == (0, 0)
    assert not Notification.objects.filter(kind=NotificationKind.CONSULTATION_REMINDER).exists()


def test_the_consulted_unit_is_reminded_within_a_working_day_of_the_deadline(
    personas, at_processing, fire_police, fire_liaison
):
    consultation = asked(personas, at_processing, fire_police)
    counts = sweep_consultations(now=WEDNESDAY_11)
    assert (counts.reminded, counts.alerted) == (1, 0)
    consultation.refresh_from_db()
    assert consultation.reminded_at == WEDNESDAY_11
    assert Notification.objects.filter(recipient=fire_liaison, kind=NotificationKind.CONSULTATION_REMINDER).count() == 1


def test_a_passed_deadline_alerts_the_consulted_unit_and_the_requester(
    personas, at_processing, fire_police, fire_liaison
):
    asked(personas, at_processing, fire_police)
    counts = sweep_consultations(now=THURSDAY_11)
    assert counts.alerted == 1
    alerted = set(
        Notification.objects.filter(kind=NotificationKind.CONSULTATION_OVERDUE).values_list("recipient", flat=True)
    )
    assert alerted == {fire_liaison.pk, personas.specialist.pk}


def test_the_sweep_run_twice_changes_nothing_the_second_time(personas, at_processing, fire_police, fire_liaison):
    asked(personas, at_processing, fire_police)
    call_command("sweep_consultations", now=THURSDAY_11.isoformat(), stdout=io.StringIO())
    before = (list(Consultation.objects.values()), Notification.objects.count())
    out = io.StringIO()
    call_command("sweep_consultations", now=THURSDAY_11.isoformat(), stdout=out)
    assert "reminded: 0, alerted: 0" in out.getvalue()
    assert (list(Consultation.objects.values()), Notification.objects.count()) == before


def test_an_answered_consultation_is_neither_reminded_nor_alerted(personas, at_processing, fire_police, fire_liaison):
    consultation = asked(personas, at_processing, fire_police)
    answer_consultation(consultation=consultation, actor=fire_liaison, answer="Đồng ý.", at=ASKED_AT + HOUR)
    counts = sweep_consultations(now=THURSDAY_11)
    assert (counts.reminded, counts.alerted) == (0, 0)
