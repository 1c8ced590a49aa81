"""The national-portal outbox: recording status changes, sending them in order, and measuring the lag."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from motcua.dossiers.models import Channel, Dossier, DossierEvent, DossierStatus
from motcua.portal.models import OnlineSubmission, SubmissionStatus
from motcua.sync.models import UNSENT, OutboxMessage, OutboxState
from motcua.sync.senders import Sender, SendError

# The portal's date-time format (yyyyMMddHHmmss, local time), as in its dossier synchronisation API.
PORTAL_TIME_FORMAT = "%Y%m%d%H%M%S"


def _stamp(value: dt.datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).strftime(PORTAL_TIME_FORMAT)


def record_status_change(event: DossierEvent) -> OutboxMessage | None:
    """Queue the national-portal message for ``event`` if it changed the dossier's status (one INSERT).

    Uses only what the writer already holds in memory (the event and its dossier), so the write path pays no read.
    """
    if event.from_status == event.to_status:
        return None
    dossier: Dossier = event.dossier
    status = DossierStatus(event.to_status)
    channel = Channel(dossier.channel)
    body = {
        "TrangThaiHoSo": status.national_code,
        "KenhThucHien": channel.national_code,
        "NgayTiepNhan": _stamp(dossier.received_at),
        "NgayHenTra": _stamp(dossier.due_at),
        "NgayKetThucXuLy": _stamp(dossier.finished_at),
        "NgayTra": _stamp(dossier.returned_at),
        "ThoiDiemCapNhat": _stamp(event.at),
    }
    return OutboxMessage.objects.create(
        dossier=dossier,
        event_seq=event.seq,
        national_status=status.national_code,
        national_channel=channel.national_code,
        body=body,
        idempotency_key=f"{dossier.code}/{event.seq}",
        created_at=event.at,
        next_attempt_at=event.at,
    )


# TrangThaiHoSo of an online submission's own changes, before (or instead of) a dossier: 1 new, 3 not received.
# A guided submission is closed like a refused one (the citizen files a new one once complete, decision 007), so the
# portal is told it was not received rather than left waiting for a supplement that will never come.
SUBMISSION_NATIONAL_STATUS = {
    SubmissionStatus.SUBMITTED: 1,
    SubmissionStatus.GUIDED: 3,
    SubmissionStatus.REFUSED: 3,
}


def record_submission_change(submission: OnlineSubmission, at: dt.datetime) -> None:
    """Report an online submission's change of status to the national portal, in one statement.

    Submitted, guided and refused queue the submission's own message (1 or 3); received links its messages to the new
    dossier, whose reception event has just queued message 2, so the dossier's messages wait for the submission's.
    """
    if submission.status == SubmissionStatus.RECEIVED:
        OutboxMessage.objects.filter(submission=submission).update(dossier=submission.dossier)
        return
    status = SUBMISSION_NATIONAL_STATUS.get(SubmissionStatus(submission.status))
    if status is None:
        return
    notice = submission.notice if submission.notice_id else None
    body = {
        "TrangThaiHoSo": status,
        "KenhThucHien": Channel.ONLINE.national_code,
        "NgayNopHoSo": _stamp(submission.submitted_at),
        "HanTiepNhan": _stamp(submission.desk_due_at),
        "SoPhieu": notice.serial if notice else None,
        "ThoiDiemCapNhat": _stamp(at),
    }
    OutboxMessage.objects.create(
        submission=submission,
        national_status=status,
        national_channel=Channel.ONLINE.national_code,
        body=body,
        idempotency_key=f"{submission.reference}/{status}",
        created_at=at,
        next_attempt_at=at,
    )


def _submission_document(message: OutboxMessage) -> dict[str, Any]:
    """A submission's message keeps the submission's reference, even when sent after the desk received it."""
    submission = message.submission
    procedure = submission.procedure_version.procedure
    return {
        "MaHoSo": submission.reference,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaDonViTiepNhan": submission.receiving_unit.code,
        "MaDonViXuLy": None,
        "ChuHoSo": submission.applicant_name,
        **message.body,
    }


def message_document(message: OutboxMessage) -> dict[str, Any]:
    """The JSON sent for ``message``: its recorded body plus the dossier's (or submission's) fixed identification.

    A dossier received from an online submission also names the submission's reference (``MaHoSoTrucTuyen``), under
    which the portal was told of the submission, so that the portal can join the two.
    """
    if message.submission_id is not None:
        return _submission_document(message)
    dossier = message.dossier
    procedure = dossier.procedure_version.procedure
    online = getattr(dossier, "online_submission", None)
    return {
        "MaHoSo": dossier.code,
        "MaHoSoTrucTuyen": online.reference if online is not None else None,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaDonViTiepNhan": dossier.receiving_unit.code,
        "MaDonViXuLy": dossier.resolving_unit.code,
        "ChuHoSo": dossier.applicant.name,
        **message.body,
    }


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failures: doubling from the base, capped."""
    base = getattr(settings, "MOTCUA_SYNC_BACKOFF_SECONDS", 30)
    cap = getattr(settings, "MOTCUA_SYNC_BACKOFF_MAX_SECONDS", 3600)
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def due_messages(now: dt.datetime, limit: int) -> list[OutboxMessage]:
    """Unsent messages due now that are the oldest unsent of their dossier and of their submission, oldest first.

    A row without a dossier (or a submission) matches no other row on that side: SQL's NULL equals nothing.
    """
    same_owner = Q(dossier_id=OuterRef("dossier_id")) | Q(submission_id=OuterRef("submission_id"))
    earlier = OutboxMessage.objects.filter(UNSENT, same_owner, id__lt=OuterRef("id"))
    return list(
        OutboxMessage.objects.filter(UNSENT, next_attempt_at__lte=now)
        .filter(~Exists(earlier))
        .select_related(
            "dossier__procedure_version__procedure",
            "dossier__receiving_unit",
            "dossier__resolving_unit",
            "dossier__applicant",
            "dossier__online_submission",
            "submission__procedure_version__procedure",
            "submission__receiving_unit",
        )
        .order_by("id")[:limit]
    )


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take ``message`` for one send; another worker that read it as due will now find it taken.

    A compare-and-set on ``next_attempt_at`` rather than a row lock held over the HTTP call: on SQLite a transaction
    open during the call would block every writer of the province.
    """
    lease = now + dt.timedelta(seconds=getattr(settings, "MOTCUA_NATIONAL_PORTAL_TIMEOUT", 10) + 60)
    return bool(
        OutboxMessage.objects.filter(UNSENT, pk=message.pk, next_attempt_at=message.next_attempt_at).update(
            next_attempt_at=lease
        )
    )


@dataclasses.dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def send_message(message: OutboxMessage, sender: Sender, now: dt.datetime) -> bool | None:
    """Claim, send and record one due message: True when the portal accepted it, None when another worker has it."""
    if not _claim(message, now):
        return None
    attempts = message.attempts + 1
    try:
        sender.send(message_document(message), idempotency_key=message.idempotency_key)
    except SendError as error:
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxState.RETRYING,
            attempts=attempts,
            last_attempt_at=now,
            last_error=str(error)[:2000],
            next_attempt_at=now + backoff(attempts),
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.SENT, attempts=attempts, last_attempt_at=now, last_error="", sent_at=now
    )
    return True


def send_pending(sender: Sender, *, batch: int = 100, now: dt.datetime | None = None) -> SendReport:
    """Send up to ``batch`` due messages, each dossier's in order; a failure holds back that dossier's later ones.

    Repeats the scan so that a dossier's next message goes out in the same run once its predecessor succeeded.
    """
    report = SendReport()
    while report.sent + report.failed < batch:
        moment = now or timezone.now()
        messages = due_messages(moment, batch - report.sent - report.failed)
        if not messages:
            break
        for message in messages:
            outcome = send_message(message, sender, moment)
            if outcome is True:
                report.sent += 1
            elif outcome is False:
                report.failed += 1
    return report


@dataclasses.dataclass(frozen=True)
class SyncLag:
    """What the monitor page shows: counts by state and the age of the oldest unsent message."""

    counts: dict[str, int]
    oldest_unsent_at: dt.datetime | None
    now: dt.datetime

    @property
    def oldest_unsent_age(self) -> dt.timedelta | None:
        return None if self.oldest_unsent_at is None else self.now - self.oldest_unsent_at


def sync_lag(now: dt.datetime | None = None) -> SyncLag:
    """Counts per state and the oldest unsent message's creation instant, in two queries."""
    counts = dict.fromkeys(OutboxState.values, 0)
    for row in OutboxMessage.objects.order_by().values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    oldest = OutboxMessage.objects.filter(UNSENT).aggregate(oldest=Min("created_at"))["oldest"]
    return SyncLag(counts=counts, oldest_unsent_at=oldest, now=now or timezone.now())


def failing_messages(limit: int = 200) -> list[OutboxMessage]:
    """Messages whose last attempt failed, oldest first, with their dossiers (or submissions) for display."""
    return list(
        OutboxMessage.objects.filter(state=OutboxState.RETRYING)
        .select_related("dossier", "submission")
        .order_by("id")[:limit]
    )
