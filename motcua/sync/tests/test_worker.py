"""The worker sends each dossier's messages in order, once, retrying failures with growing pauses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act
from motcua.sync.models import OutboxMessage, OutboxState
from motcua.sync.senders import HttpSender
from motcua.sync.services import backoff, send_message, send_pending

HOUR = dt.timedelta(hours=1)
LATER = MONDAY + dt.timedelta(days=1)


def two_dossiers(personas, version):
    first = received(version, personas.commune, personas.desk_officer)
    act(first, "forward", personas.desk_officer, MONDAY + HOUR)
    second = received(version, personas.commune, personas.desk_officer, at=MONDAY + HOUR)
    return first, second


def test_the_worker_sends_every_message_once_with_its_idempotency_key(personas, version, portal):
    first, second = two_dossiers(personas, version)
    report = send_pending(HttpSender(portal.url), now=LATER)
    assert (report.sent, report.failed) == (3, 0)
    # Each pass sends the dossiers' oldest unsent messages; the first dossier's second goes in the next pass.
    assert portal.keys == [f"{first.code}/1", f"{second.code}/1", f"{first.code}/2"]
    _key, body = portal.received[2]
    assert body["MaHoSo"] == first.code
    assert body["MaTTHC"] == version.procedure.code
    assert (body["TrangThaiHoSo"], body["KenhThucHien"]) == (4, 1)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}


def test_running_the_worker_twice_sends_nothing_twice(personas, version, portal, settings):
    two_dossiers(personas, version)
    call_command("sync_national_portal", "--once")
    call_command("sync_national_portal", "--once")
    assert portal.requests == 3
    assert len(portal.received) == 3


def test_a_failed_message_holds_back_the_later_messages_of_its_dossier_only(personas, version, portal):
    first, second = two_dossiers(personas, version)
    portal.fail_next(503)
    report = send_pending(HttpSender(portal.url), now=LATER)
    # The first message of the first dossier failed: its second waits; the other dossier is not held up.
    assert (report.sent, report.failed) == (1, 1)
    assert portal.keys == [f"{second.code}/1"]
    failed = OutboxMessage.objects.get(idempotency_key=f"{first.code}/1")
    assert failed.state == OutboxState.RETRYING
    assert failed.attempts == 1
    assert failed.last_error.startswith("HTTP 503")
    assert failed.next_attempt_at == LATER + backoff(1)

    report = send_pending(HttpSender(portal.url), now=LATER + backoff(1))
    assert (report.sent, report.failed) == (2, 0)
    assert portal.keys == [f"{second.code}/1", f"{first.code}/1", f"{first.code}/2"]
    assert OutboxMessage.objects.get(idempotency_key=f"{first.code}/1").last_error == ""


def test_a_message_is_not_retried_before_its_back_off_has_passed(personas, version, portal):
    received(version, personas.commune, personas.desk_officer)
    portal.fail_next(500)
    send_pending(HttpSender(portal.url), now=LATER)
    report = send_pending(HttpSender(portal.url), now=LATER + backoff(1) - dt.timedelta(seconds=1))
    assert (report.sent, report.failed) == (0, 0)
    assert portal.requests == 1


def test_the_back_off_doubles_after_each_failure_up_to_its_ceiling(settings):
    settings.MOTCUA_SYNC_BACKOFF_SECONDS = 30
    settings.MOTCUA_SYNC_BACKOFF_MAX_SECONDS = 3600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20).total_seconds() == 3600


def test_an_unreachable_portal_is_recorded_as_a_failure(personas, version, settings):
    received(version, personas.commune, personas.desk_officer)
    # Port 9 (discard) on loopback: nothing listens there in the test environment.
    report = send_pending(HttpSender("http://127.0.0.1:9/", timeout=2), now=LATER)
    assert report.failed == 1
    assert OutboxMessage.objects.get().last_error


def test_the_batch_limits_how_many_messages_one_pass_sends(personas, version, portal):
    two_dossiers(personas, version)
    report = send_pending(HttpSender(portal.url), batch=2, now=LATER)
    assert report.sent == 2
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).count() == 1


def test_a_message_another_worker_has_taken_is_not_sent_again(personas, version, portal):
    received(version, personas.commune, personas.desk_officer)
    message = OutboxMessage.objects.get()
    # Another worker claimed it (moved its next attempt) after this one read it as due.
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + HOUR)
    assert send_message(message, HttpSender(portal.url), LATER) is None
    assert portal.requests == 0


def test_the_worker_refuses_to_run_without_an_endpoint(settings, db):
    settings.MOTCUA_NATIONAL_PORTAL_URL = ""
    with pytest.raises(CommandError):
        call_command("sync_national_portal", "--once")
