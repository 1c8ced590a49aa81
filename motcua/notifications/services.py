"""Sending notifications: ``notify`` records them in the caller's transaction, ``deliver`` sends one afterwards.

Callers (the overdue sweep, SOS, consultations, the portal) call ``notify`` inside the transaction that makes the
change, so a rolled-back change notifies nobody; e-mail and SMS go out from a task enqueued once that transaction
commits (synchronously under the immediate task backend), and ``retry_notifications`` picks up what failed or was
never delivered. In-app notifications need no delivery: recording them is delivering them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from motcua.notifications.models import Notification, NotificationChannel, NotificationKind, NotificationStatus
from motcua.notifications.sms import SmsError, get_sms_backend

if TYPE_CHECKING:
    from motcua.dossiers.models import Applicant, Dossier
    from motcua.organization.models import User

logger = logging.getLogger(__name__)

IN_APP = NotificationChannel.IN_APP
EMAIL = NotificationChannel.EMAIL
SMS = NotificationChannel.SMS

UNDELIVERED = Q(status__in=[NotificationStatus.QUEUED, NotificationStatus.FAILED])

# How long one delivery attempt may hold a notification before another worker may take it (gateway timeout + SMTP).
DELIVERY_LEASE = dt.timedelta(minutes=5)

# Vietnamese numbers as people write them: 0912 345 678, 0912.345.678, +84 912 345 678.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^\+?[0-9]{9,15}$")


@dataclass(frozen=True)
class Contact:
    """Someone without an account (usually the applicant): where to write, and in which language."""

    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "vi"

    @classmethod
    def of_applicant(cls, applicant: Applicant) -> Contact:
        """The contact details the applicant declared at reception."""
        return cls(name=applicant.name, email=applicant.email, phone=applicant.phone)


class DeliveryError(Exception):
    """One attempt failed; ``permanent`` when trying again cannot help (no address, refused by the provider)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def _kind(kind: NotificationKind | str) -> NotificationKind:
    try:
        return NotificationKind(kind)
    except ValueError:
        raise ValidationError(_("Loại thông báo không hợp lệ: %(kind)s."), params={"kind": kind}) from None


def _channels(channels: Iterable[NotificationChannel | str]) -> list[NotificationChannel]:
    chosen: list[NotificationChannel] = []
    for channel in channels:
        try:
            value = NotificationChannel(channel)
        except ValueError:
            raise ValidationError(_("Kênh gửi không hợp lệ: %(channel)s."), params={"channel": channel}) from None
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise ValidationError(_("Cần chọn ít nhất một kênh gửi thông báo."))
    return chosen


def normalise_phone(phone: str) -> str:
    """The number without separators, or "" when it is not a phone number at all."""
    digits = _PHONE_SEPARATORS.sub("", phone or "")
    return digits if _PHONE.match(digits) else ""


def _address_problem(channel: NotificationChannel, usable: str, raw: str) -> str:
    """Why the address ``raw`` cannot be used on ``channel`` (recorded as the failure reason), or "" when it can."""
    if channel == EMAIL:
        if not raw:
            return force_str(_("Người nhận không có địa chỉ thư điện tử."))
        try:
            validate_email(raw)
        except ValidationError:
            return force_str(_("Địa chỉ thư điện tử không hợp lệ: %(address)s") % {"address": raw})
    elif channel == SMS:
        if not raw:
            return force_str(_("Người nhận không có số điện thoại."))
        if not usable:
            return force_str(_("Số điện thoại không hợp lệ: %(phone)s") % {"phone": raw})
    return ""


@dataclass(frozen=True)
class _Target:
    user: User | None
    name: str
    language: str
    email: str
    phone: str

    def address(self, channel: NotificationChannel) -> tuple[str, str]:
        """(usable address or "", address as recorded) for ``channel``; a bad phone number is recorded as given."""
        if channel == EMAIL:
            return self.email.strip(), self.email.strip()
        if channel == SMS:
            usable = normalise_phone(self.phone)
            return usable, usable or self.phone.strip()
        return "", ""


def _targets(recipients: Iterable[User] | None, to_contacts: Iterable[Contact]) -> list[_Target]:
    targets: list[_Target] = []
    seen_users: set[int] = set()
    for user in recipients or ():
        if user.pk in seen_users:
            continue
        seen_users.add(user.pk)
        name = user.get_full_name() or user.username
        targets.append(_Target(user, name, settings.LANGUAGE_CODE, user.email, getattr(user, "phone", "")))
    for contact in to_contacts:
        targets.append(_Target(None, contact.name, contact.language, contact.email, contact.phone))
    return targets


def _already_recorded(
    targets: list[_Target], channels: list[NotificationChannel], dedupe_key: str
) -> set[tuple[int | str, str]]:
    """(user id or contact address, channel) pairs that already hold ``dedupe_key``: one query."""
    user_ids = [target.user.pk for target in targets if target.user is not None]
    addresses = [target.address(channel)[1] for target in targets if target.user is None for channel in channels]
    rows = Notification.objects.filter(dedupe_key=dedupe_key, channel__in=channels).filter(
        Q(recipient_id__in=user_ids) | Q(recipient__isnull=True, address__in=addresses)
    )
    return {
        (recipient_id if recipient_id is not None else address, channel)
        for recipient_id, address, channel in rows.values_list("recipient_id", "address", "channel")
    }


def notify(
    *,
    recipients: Iterable[User] | None = None,
    to_contacts: Iterable[Contact] = (),
    kind: NotificationKind | str,
    subject: str,
    body: str,
    dossier: Dossier | None = None,
    url: str = "",
    channels: Iterable[NotificationChannel | str] = (IN_APP,),
    dedupe_key: str = "",
) -> list[Notification]:
    """Record one notification per recipient and channel, and deliver e-mail and SMS once the transaction commits.

    Call it inside the transaction of the change it announces. ``subject`` and ``body`` may be lazy translations:
    each is rendered in the recipient's language. In-app notifications go to users only (contacts have no inbox).
    A recipient without a usable address for a channel gets a failed row saying so, not an exception, so one
    applicant's missing phone number cannot roll back a sweep. With ``dedupe_key``, a (recipient, channel) pair that
    already holds the key is skipped, which makes repeated sweeps idempotent. Returns the rows written by this call.
    """
    kind = _kind(kind)
    chosen = _channels(channels)
    if not force_str(subject).strip():
        raise ValidationError(_("Thông báo cần có tiêu đề."))
    if not force_str(body).strip():
        raise ValidationError(_("Thông báo cần có nội dung."))
    if len(dedupe_key) > Notification._meta.get_field("dedupe_key").max_length:
        raise ValidationError(_("Khóa chống trùng quá dài."))
    targets = _targets(recipients, to_contacts)
    if not targets:
        return []
    # One row needs no read ahead: its savepoint and the unique constraint skip a duplicate. For many rows (a
    # sweep) one read spares a failing savepoint per row already sent.
    many = len(targets) * len(chosen) > 1
    skip = _already_recorded(targets, chosen, dedupe_key) if dedupe_key and many else set()
    now = timezone.now()
    rows: list[Notification] = []
    for target in targets:
        for channel in chosen:
            if channel == IN_APP and target.user is None:
                continue
            usable, address = target.address(channel)
            if (target.user.pk if target.user else address, channel) in skip:
                continue
            with translation.override(target.language):
                rendered_subject = " ".join(force_str(subject).split())[:255]
                rendered_body = force_str(body)
            problem = _address_problem(channel, usable, address)
            if channel == IN_APP:
                status, sent_at, next_attempt_at = NotificationStatus.SENT, now, None
            elif problem:
                status, sent_at, next_attempt_at = NotificationStatus.FAILED, None, None
            else:
                status, sent_at, next_attempt_at = NotificationStatus.QUEUED, None, now + DELIVERY_LEASE
            rows.append(
                Notification(
                    recipient=target.user,
                    recipient_name=target.name[:255],
                    address=address[:254],
                    channel=channel,
                    kind=kind,
                    language=target.language,
                    subject=rendered_subject,
                    body=rendered_body,
                    url=url,
                    dossier=dossier,
                    dedupe_key=dedupe_key,
                    created_at=now,
                    status=status,
                    sent_at=sent_at,
                    next_attempt_at=next_attempt_at,
                    error=problem,
                )
            )
    written = _insert(rows, deduplicated=bool(dedupe_key))
    for row in written:
        if row.status == NotificationStatus.QUEUED:
            transaction.on_commit(functools.partial(_enqueue, row.pk), robust=True)
    return written


def _insert(rows: list[Notification], *, deduplicated: bool) -> list[Notification]:
    """Save ``rows``; with a dedupe key each in a savepoint, so a concurrent sweep's duplicate is skipped, not fatal."""
    if not deduplicated:
        return Notification.objects.bulk_create(rows)
    written = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        written.append(row)
    return written


def _enqueue(notification_id: int) -> None:
    from motcua.notifications.tasks import deliver_notification

    deliver_notification.enqueue(notification_id)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failures: doubling from the base, capped."""
    base = settings.MOTCUA_NOTIFICATION_BACKOFF_SECONDS
    cap = settings.MOTCUA_NOTIFICATION_BACKOFF_MAX_SECONDS
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def absolute_url(url: str) -> str:
    """``url`` as a link that works outside the site (in an e-mail or SMS)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.MOTCUA_SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def email_text(notification: Notification) -> str:
    """The e-mail body: greeting, the message, the link and a signature, in the notification's language."""
    with translation.override(notification.language):
        return render_to_string(
            "notifications/email/message.txt",
            {
                "notification": notification,
                "link": absolute_url(notification.url),
                "dossier_code": notification.dossier.code if notification.dossier_id else "",
            },
        )


def sms_text(notification: Notification) -> str:
    """Subject, body and link on separate lines: SMS has no subject line of its own."""
    parts = [notification.subject, notification.body, absolute_url(notification.url)]
    return "\n".join(part for part in parts if part)


def _send_email(notification: Notification) -> str:
    try:
        send_mail(
            notification.subject,
            email_text(notification),
            settings.DEFAULT_FROM_EMAIL,
            [notification.address],
            fail_silently=False,
        )
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(f"SMTP refused the recipient: {error.recipients}", permanent=True) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    return ""


def _send_sms(notification: Notification) -> str:
    try:
        backend = get_sms_backend()
    except ValueError as error:  # a misconfigured gateway: retried once an administrator fixes the setting
        raise DeliveryError(f"SMS backend misconfigured: {error}") from error
    try:
        return backend.send(to=notification.address, text=sms_text(notification), reference=str(notification.pk))
    except SmsError as error:
        raise DeliveryError(str(error), permanent=error.permanent) from error


def _claim(notification: Notification, now: dt.datetime) -> bool:
    """Take ``notification`` for one attempt: a compare-and-set on ``attempts``, not a lock held over the network."""
    return bool(
        Notification.objects.filter(UNDELIVERED, pk=notification.pk, attempts=notification.attempts).update(
            attempts=F("attempts") + 1, next_attempt_at=now + DELIVERY_LEASE
        )
    )


def deliver(notification_id: int, *, now: dt.datetime | None = None) -> str:
    """Make one delivery attempt and record its outcome; returns the resulting status.

    Does nothing to a notification already sent, taken by another worker, out of attempts, or in-app.
    """
    now = now or timezone.now()
    notification = Notification.objects.select_related("dossier").filter(pk=notification_id).first()
    if notification is None:
        return ""
    if notification.channel == IN_APP or notification.status == NotificationStatus.SENT:
        return notification.status
    if notification.attempts >= settings.MOTCUA_NOTIFICATION_MAX_ATTEMPTS or not _claim(notification, now):
        return notification.status
    notification.attempts += 1
    try:
        external_id = _send_email(notification) if notification.channel == EMAIL else _send_sms(notification)
    except DeliveryError as error:
        retry = not error.permanent and notification.attempts < settings.MOTCUA_NOTIFICATION_MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.FAILED,
            error=str(error)[:2000],
            next_attempt_at=now + backoff(notification.attempts) if retry else None,
        )
        logger.warning("notification %s failed (attempt %s): %s", notification.pk, notification.attempts, error)
        return NotificationStatus.FAILED
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENT, sent_at=now, error="", next_attempt_at=None, external_id=external_id[:100]
    )
    return NotificationStatus.SENT


@dataclass
class RetryReport:
    sent: int = 0
    failed: int = 0


def retry_due(*, now: dt.datetime | None = None, batch: int = 200) -> RetryReport:
    """Attempt every undelivered notification whose next attempt is due, oldest first.

    Covers failed ones waiting out their back-off and queued ones whose task never ran (their lease has expired).
    """
    now = now or timezone.now()
    report = RetryReport()
    due = (
        Notification.objects.filter(UNDELIVERED, next_attempt_at__lte=now)
        .filter(attempts__lt=settings.MOTCUA_NOTIFICATION_MAX_ATTEMPTS)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    for notification_id in list(due):
        status = deliver(notification_id, now=now)
        if status == NotificationStatus.SENT:
            report.sent += 1
        elif status == NotificationStatus.FAILED:
            report.failed += 1
    return report


def mark_read(notification: Notification, *, now: dt.datetime | None = None) -> Notification:
    """Mark one of the user's in-app notifications read (idempotent: the first reading time is kept)."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(user: User, *, now: dt.datetime | None = None) -> int:
    """Mark every unread in-app notification of ``user`` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, channel=IN_APP, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
