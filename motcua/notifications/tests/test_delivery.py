"""Delivery: e-mail and SMS leave after the caller's commit, and each attempt's outcome is written on the row."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.notifications.models import Notification, NotificationKind, NotificationStatus
from motcua.notifications.services import EMAIL, SMS, Contact, _claim, deliver, notify
from motcua.notifications.tests.fake_gateway import TIMEOUT

pytestmark = pytest.mark.django_db

APPLICANT = Contact(name="Nguyễn Văn An", email="an@example.vn", phone="0912345678")


class BrokenEmailBackend(BaseEmailBackend):
    """An SMTP server that has gone away."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses the recipient's address."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"an@example.vn": (550, b"No such user")})


def _tell_applicant(dossier, channels, capture):
    with capture(execute=True):
        return notify(
            to_contacts=[APPLICANT],
            kind=NotificationKind.APOLOGY_LETTER,
            subject="Thư xin lỗi và hẹn lại ngày trả kết quả",
            body="Hồ sơ của ông/bà chưa giải quyết kịp; ngày hẹn trả mới là 15/10/2025.",
            dossier=dossier,
            url=f"/tra-cuu/?ma={dossier.code}",
            channels=channels,
        )


def test_an_email_is_sent_once_the_transaction_commits_and_recorded_as_sent(
    dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        (row,) = notify(
            to_contacts=[APPLICANT],
            kind=NotificationKind.RESULT_READY,
            subject="Đã có kết quả",
            body="Mời nhận.",
            channels=(EMAIL,),
        )
        assert mailoutbox == []
    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["an@example.vn"]
    assert (row.status, row.attempts, row.error) == (NotificationStatus.SENT, 1, "")
    assert row.sent_at is not None


def test_the_email_is_in_vietnamese_even_when_the_sender_works_in_english(
    dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        _tell_applicant(dossier, (EMAIL,), django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject == "Thư xin lỗi và hẹn lại ngày trả kết quả"
    assert message.body.startswith("Kính gửi Nguyễn Văn An,\n\nHồ sơ của ông/bà chưa giải quyết kịp")
    assert f"Mã hồ sơ: {dossier.code}" in message.body
    assert f"Xem chi tiết tại: http://127.0.0.1:8000/tra-cuu/?ma={dossier.code}" in message.body
    assert "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Lâm Đồng" in message.body


def test_a_lazy_subject_is_rendered_in_the_recipients_language(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.unit_leader.email = "leader@example.vn"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(
            recipients=[personas.unit_leader],
            kind=NotificationKind.SOS_RAISED,
            subject=_("Báo động SOS"),
            body=_("Hồ sơ sắp tới hạn"),
            channels=(EMAIL,),
        )

    assert (row.subject, row.body) == ("Báo động SOS", "Hồ sơ sắp tới hạn")
    assert mailoutbox[0].body.startswith(f"Kính gửi {personas.unit_leader},")


def test_a_broken_mail_server_is_recorded_as_a_failure_to_retry(
    dossier, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "motcua.notifications.tests.test_delivery.BrokenEmailBackend"
    before = timezone.now()

    (row,) = _tell_applicant(dossier, (EMAIL,), django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert row.attempts == 1
    assert row.next_attempt_at >= before + dt.timedelta(seconds=60)


def test_a_refused_email_address_is_a_final_failure(dossier, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "motcua.notifications.tests.test_delivery.RefusingEmailBackend"

    (row,) = _tell_applicant(dossier, (EMAIL,), django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.error.startswith("SMTP refused the recipient")
    assert row.next_attempt_at is None


def test_an_sms_accepted_by_the_gateway_is_recorded_with_its_message_id(
    dossier, gateway, django_capture_on_commit_callbacks
):
    (row,) = _tell_applicant(dossier, (SMS,), django_capture_on_commit_callbacks)

    row.refresh_from_db()
    (request,) = gateway.requests
    assert request.body["to"] == "0912345678"
    assert request.body["reference"] == str(row.pk)
    assert request.body["text"] == (
        "Thư xin lỗi và hẹn lại ngày trả kết quả\n"
        "Hồ sơ của ông/bà chưa giải quyết kịp; ngày hẹn trả mới là 15/10/2025.\n"
        f"http://127.0.0.1:8000/tra-cuu/?ma={dossier.code}"
    )
    assert (row.status, row.external_id, row.attempts) == (NotificationStatus.SENT, "gw-1", 1)


@pytest.mark.parametrize(
    ("answer", "error", "retried"),
    [(503, "HTTP 503: ", True), (TIMEOUT, "timeout after 0.5 s", True), (400, "HTTP 400: ", False)],
)
def test_a_gateway_failure_is_recorded_with_its_reason(
    dossier, gateway, django_capture_on_commit_callbacks, answer, error, retried
):
    gateway.answer_next(answer)

    (row,) = _tell_applicant(dossier, (SMS,), django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.error.startswith(error)
    assert (row.next_attempt_at is not None) == retried


def test_delivering_a_sent_notification_again_sends_nothing(dossier, gateway, django_capture_on_commit_callbacks):
    (row,) = _tell_applicant(dossier, (SMS,), django_capture_on_commit_callbacks)

    assert deliver(row.pk) == NotificationStatus.SENT
    assert len(gateway.requests) == 1


def test_a_notification_taken_by_another_worker_is_left_alone(dossier, gateway):
    (row,) = notify(to_contacts=[APPLICANT], kind="other", subject="Thông báo", body="Nội dung", channels=(SMS,))
    Notification.objects.filter(pk=row.pk).update(attempts=1)  # another worker claimed it after we read it

    assert not _claim(row, timezone.now())
    assert gateway.requests == []


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_delivers_the_queued_task(personas, settings, mailoutbox):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    personas.specialist.email = "specialist@example.vn"
    with transaction.atomic():
        (row,) = notify(
            recipients=[personas.specialist], kind="other", subject="Thử", body="Nội dung", channels=(EMAIL,)
        )
    assert DBTaskResult.objects.count() == 1
    assert Notification.objects.get(pk=row.pk).status == NotificationStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert Notification.objects.get(pk=row.pk).status == NotificationStatus.SENT
    assert len(mailoutbox) == 1


def test_a_misconfigured_gateway_is_recorded_as_a_failure_to_retry(
    dossier, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.HttpGatewaySmsBackend"
    settings.MOTCUA_SMS_GATEWAY_URL = ""

    (row,) = _tell_applicant(dossier, (SMS,), django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert row.error.startswith("SMS backend misconfigured: MOTCUA_SMS_GATEWAY_URL must be an http(s) URL")
    assert row.next_attempt_at is not None
