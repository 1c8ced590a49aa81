"""retry_notifications: failed deliveries are tried again after a doubling wait, a limited number of times."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.notifications.models import Notification, NotificationStatus
from motcua.notifications.services import SMS, Contact, backoff, notify

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2025, 10, 6, 8, 0, tzinfo=TZ)


def _retry() -> str:
    out = StringIO()
    call_command("retry_notifications", stdout=out)
    return out.getvalue().strip()


def _failed_sms(gateway, capture, *answers) -> Notification:
    gateway.answer_next(*answers)
    with capture(execute=True):
        (row,) = notify(
            to_contacts=[Contact(name="Nguyễn Văn An", phone="0912345678")],
            kind="result_ready",
            subject="Đã có kết quả",
            body="Mời ông/bà đến nhận kết quả.",
            channels=(SMS,),
        )
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    return row


def test_the_wait_doubles_from_the_base_and_is_capped(settings):
    settings.MOTCUA_NOTIFICATION_BACKOFF_SECONDS = 60
    settings.MOTCUA_NOTIFICATION_BACKOFF_MAX_SECONDS = 300

    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 300, 300]


def test_a_failure_is_retried_once_its_wait_is_over(gateway, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        row = _failed_sms(gateway, django_capture_on_commit_callbacks, 503)
    with time_machine.travel(START + dt.timedelta(seconds=59), tick=False):
        assert _retry() == "sent 0, failed 0"
    with time_machine.travel(START + dt.timedelta(seconds=60), tick=False):
        assert _retry() == "sent 1, failed 0"

    row.refresh_from_db()
    assert (row.status, row.attempts, row.error, row.next_attempt_at) == (NotificationStatus.SENT, 2, "", None)
    assert len(gateway.requests) == 2


def test_running_the_command_twice_sends_nothing_the_second_time(gateway, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        _failed_sms(gateway, django_capture_on_commit_callbacks, 503)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        first, second = _retry(), _retry()

    assert (first, second) == ("sent 1, failed 0", "sent 0, failed 0")
    assert len(gateway.requests) == 2


def test_attempts_stop_at_the_limit_and_the_last_error_stays(settings, gateway, django_capture_on_commit_callbacks):
    settings.MOTCUA_NOTIFICATION_MAX_ATTEMPTS = 3
    with time_machine.travel(START, tick=False):
        row = _failed_sms(gateway, django_capture_on_commit_callbacks, 503, 502, 500, 500)
    for hours in (1, 2, 3):
        with time_machine.travel(START + dt.timedelta(hours=hours), tick=False):
            _retry()

    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (NotificationStatus.FAILED, 3, None)
    assert row.error.startswith("HTTP 500")
    assert len(gateway.requests) == 3


def test_a_final_failure_is_not_retried(gateway, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        row = _failed_sms(gateway, django_capture_on_commit_callbacks, 400)
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert _retry() == "sent 0, failed 0"

    row.refresh_from_db()
    assert row.attempts == 1


def test_a_queued_notification_whose_task_never_ran_is_sent_once_its_lease_expires(gateway):
    with time_machine.travel(START, tick=False):
        (row,) = notify(
            to_contacts=[Contact(phone="0912345678")], kind="other", subject="Thử", body="Nội dung", channels=(SMS,)
        )
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert _retry() == "sent 0, failed 0"
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert _retry() == "sent 1, failed 0"

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT


def test_the_batch_must_be_positive():
    with pytest.raises(CommandError, match="--batch"):
        call_command("retry_notifications", "--batch", "0")
