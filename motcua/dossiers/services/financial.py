"""Financial obligations during processing (national status 6): the notice pauses the clock, the payment resumes it.

In land and construction procedures the resolving agency notifies the applicant of the fees and taxes to pay (a
notice with its number and date, usually from the tax office); the time the applicant takes to pay is not counted in
the processing time, and processing resumes once the payment is shown or recorded. The pause follows the
supplementation request's (``supplementation.py``). The notice and the receipt are recorded in the hashed events
(decision 015): they are read only to show what the applicant must still pay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierStatus, EventAction, PauseKind
from motcua.dossiers.services.clock import has_open_pause
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text, status_for_step
from motcua.dossiers.timeline import open_payment_notice


@dataclasses.dataclass
class RequestPaymentPayload:
    """The notice of financial obligations: what to pay (and how much, in VND, when known), its number and date."""

    description: str
    reason: str
    amount: int | None = None
    notice_number: str = ""
    notice_date: dt.date | None = None


@dataclasses.dataclass
class ConfirmPaymentPayload:
    """The applicant's payment: the receipt (or treasury document) reference and the day it was paid."""

    receipt_reference: str
    paid_on: dt.date
    note: str = ""


def request_payment(ctx: ActionContext, data: RequestPaymentPayload) -> Outcome:
    """Notify the applicant of the obligations to pay and pause the clock until they have paid."""
    dossier = ctx.dossier
    description = require_text(data.description, "description", _("Cần ghi nội dung nghĩa vụ tài chính phải nộp."))
    reason = require_text(data.reason, "reason", _("Cần ghi căn cứ, lý do thông báo nghĩa vụ tài chính."))
    if data.amount is not None and data.amount <= 0:
        raise ValidationError({"amount": _("Số tiền phải lớn hơn 0.")})
    if data.notice_date is not None and data.notice_date > timezone.localdate(ctx.at):
        raise ValidationError({"notice_date": _("Ngày thông báo không được sau ngày hôm nay.")})
    if has_open_pause(ctx.pauses()):
        raise ValidationError(
            _("Hồ sơ đang tạm dừng tính thời gian; không thể thông báo nghĩa vụ tài chính lúc này."),
            code="pause_open",
        )
    clock_effect = ctx.pause_clock(PauseKind.WAITING_PAYMENT, reason)
    dossier.status = DossierStatus.WAITING_PAYMENT
    return Outcome(
        EventAction.PAYMENT_REQUESTED,
        reason=reason,
        clock_effect=clock_effect,
        payload={
            "description": description,
            "amount": data.amount,
            "notice_number": data.notice_number.strip(),
            "notice_date": iso(data.notice_date),
        },
    )


def _requested_at(ctx: ActionContext) -> dt.datetime:
    """When the obligations were notified: the open pause's start, or the notice's event for a version that never
    pauses (the status gate guarantees one of them)."""
    if ctx.dossier.procedure_version.pausable:
        return next(start for start, end in ctx.pauses() if end is None)
    return open_payment_notice(ctx.dossier).requested_at


def confirm_payment(ctx: ActionContext, data: ConfirmPaymentPayload) -> Outcome:
    """Record the payment (receipt shown or payment recorded), close the pause and compute the new appointment."""
    dossier = ctx.dossier
    receipt = require_text(data.receipt_reference, "receipt_reference", _("Cần ghi số biên lai, chứng từ nộp tiền."))
    requested_on = timezone.localdate(_requested_at(ctx))
    if data.paid_on > timezone.localdate(ctx.at):
        raise ValidationError({"paid_on": _("Ngày nộp tiền không được sau ngày hôm nay.")})
    if data.paid_on < requested_on:
        raise ValidationError(
            {
                "paid_on": _("Ngày nộp tiền không được trước ngày thông báo nghĩa vụ tài chính (%(day)s).")
                % {"day": requested_on.strftime("%d/%m/%Y")}
            }
        )
    clock_effect = ctx.resume_clock()
    dossier.status = status_for_step(dossier.current_step)
    return Outcome(
        EventAction.PAYMENT_CONFIRMED,
        reason=data.note.strip(),
        clock_effect=clock_effect,
        payload={"receipt_reference": receipt, "paid_on": iso(data.paid_on), "due_at": iso(dossier.due_at)},
    )
