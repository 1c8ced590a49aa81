"""Fee rules: what a dossier owes, adjustments with reasons, payments at the desk and online (idempotent callbacks)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.organization.models import User
from motcua.payments.access import may_adjust_fees, may_record_payment
from motcua.payments.gateways import CallbackRejected, PaymentGateway, configured_gateway
from motcua.payments.models import FeeAdjustment, Payment, PaymentMethod, PaymentState


@dataclasses.dataclass(frozen=True)
class FeeLine:
    """One fee of the pinned version with what the dossier owes for it; ``due_vnd`` None: not yet determined."""

    fee: Fee
    listed_vnd: int | None
    due_vnd: int | None
    adjustment: FeeAdjustment | None


@dataclasses.dataclass(frozen=True)
class FeeSummary:
    lines: list[FeeLine]
    payments: list[Payment]
    paid_vnd: int

    @property
    def due_vnd(self) -> int:
        return sum(line.due_vnd or 0 for line in self.lines)

    @property
    def undetermined(self) -> bool:
        """A fee without an amount must be set (with a reason) before it can be collected in full."""
        return any(line.due_vnd is None for line in self.lines)

    @property
    def outstanding_vnd(self) -> int:
        return max(0, self.due_vnd - self.paid_vnd)


def fee_summary(dossier: Dossier) -> FeeSummary:
    """The dossier's fees as listed and as due (the latest adjustment of each counts), and its payments."""
    latest: dict[int, FeeAdjustment] = {}
    for adjustment in FeeAdjustment.objects.filter(dossier=dossier).order_by("adjusted_at", "id"):
        latest[adjustment.fee_id] = adjustment
    lines = []
    for fee in Fee.objects.filter(version_id=dossier.procedure_version_id).order_by("id"):
        adjustment = latest.get(fee.pk)
        due = adjustment.amount_vnd if adjustment else fee.amount_vnd
        lines.append(FeeLine(fee=fee, listed_vnd=fee.amount_vnd, due_vnd=due, adjustment=adjustment))
    payments = list(Payment.objects.filter(dossier=dossier).order_by("created_at", "id"))
    paid = sum(p.amount_vnd for p in payments if p.state == PaymentState.PAID)
    return FeeSummary(lines=lines, payments=payments, paid_vnd=paid)


def _locked(dossier: Dossier) -> Dossier:
    """Payments of one dossier are serialised on its row, so two desks cannot both take the last amount due."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_unit", "resolving_unit")
        .get(pk=dossier.pk)
    )


def adjust_fee(
    dossier: Dossier, *, fee_id: int, amount_vnd: int, reason: str, actor: User, at: dt.datetime | None = None
) -> FeeAdjustment:
    """Set what the dossier owes for one of its fees (reduction, exemption, or an amount the catalog left open)."""
    if not may_adjust_fees(actor, dossier):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan giải quyết được điều chỉnh phí, lệ phí."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do điều chỉnh phí, lệ phí.")})
    if amount_vnd is None or amount_vnd < 0:
        raise ValidationError({"amount_vnd": _("Số tiền phải nộp không được âm.")})
    fee = Fee.objects.filter(pk=fee_id, version_id=dossier.procedure_version_id).first()
    if fee is None:
        raise ValidationError({"fee_id": _("Khoản phí này không thuộc thủ tục của hồ sơ.")})
    with transaction.atomic():
        locked = _locked(dossier)
        return FeeAdjustment.objects.create(
            dossier=locked,
            fee=fee,
            amount_vnd=amount_vnd,
            reason=reason,
            adjusted_by=actor,
            adjusted_at=at or timezone.now(),
        )


def _check_amount(dossier: Dossier, amount_vnd: int) -> None:
    if amount_vnd is None or amount_vnd <= 0:
        raise ValidationError({"amount_vnd": _("Số tiền nộp phải lớn hơn 0.")})
    outstanding = fee_summary(dossier).outstanding_vnd
    if amount_vnd > outstanding:
        raise ValidationError(
            {
                "amount_vnd": _("Số tiền nộp (%(amount)s đồng) vượt quá số còn phải nộp (%(outstanding)s đồng).")
                % {"amount": f"{amount_vnd:,}".replace(",", "."), "outstanding": f"{outstanding:,}".replace(",", ".")}
            }
        )


def record_payment(
    dossier: Dossier,
    *,
    method: str,
    amount_vnd: int,
    receipt_number: str,
    actor: User,
    paid_at: dt.datetime | None = None,
) -> Payment:
    """A payment taken at the desk (cash or transfer) with its receipt number; never more than is outstanding."""
    if not may_record_payment(actor, dossier):
        raise PermissionDenied(_("Chỉ cán bộ một cửa nơi tiếp nhận hồ sơ được thu phí, lệ phí."))
    if method not in (PaymentMethod.CASH, PaymentMethod.TRANSFER):
        raise ValidationError({"method": _("Hình thức nộp tại bộ phận một cửa là tiền mặt hoặc chuyển khoản.")})
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise ValidationError({"receipt_number": _("Cần ghi số biên lai thu phí, lệ phí.")})
    now = timezone.now()
    paid_at = paid_at or now
    if paid_at > now:
        raise ValidationError({"paid_at": _("Thời điểm nộp không được ở tương lai.")})
    with transaction.atomic():
        locked = _locked(dossier)
        _check_amount(locked, amount_vnd)
        return Payment.objects.create(
            dossier=locked,
            amount_vnd=amount_vnd,
            method=method,
            state=PaymentState.PAID,
            receipt_number=receipt_number,
            paid_at=paid_at,
            recorded_by=actor,
            created_at=now,
        )


def start_online_payment(
    dossier: Dossier, *, return_url: str, gateway: PaymentGateway | None = None
) -> tuple[Payment, str]:
    """A pending online payment of everything outstanding, and the gateway URL to send the payer to."""
    gateway = gateway or configured_gateway()
    with transaction.atomic():
        locked = _locked(dossier)
        outstanding = fee_summary(locked).outstanding_vnd
        if outstanding <= 0:
            raise ValidationError(_("Hồ sơ không còn khoản phí, lệ phí nào phải nộp."), code="nothing_due")
        payment = Payment.objects.create(
            dossier=locked,
            amount_vnd=outstanding,
            method=PaymentMethod.ONLINE,
            state=PaymentState.PENDING,
            gateway=gateway.name,
            reference=secrets.token_hex(12),
            created_at=timezone.now(),
        )
    return payment, gateway.payment_url(payment, return_url=return_url)


def handle_callback(params: Mapping[str, str], *, gateway: PaymentGateway | None = None) -> Payment:
    """Apply a gateway callback: verified, matched to our payment and its amount, and applied at most once.

    A repeated callback for a payment already settled changes nothing and returns the payment as it is.
    """
    gateway = gateway or configured_gateway()
    data = gateway.parse_callback(params)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=data.reference, gateway=gateway.name, method=PaymentMethod.ONLINE)
            .first()
        )
        if payment is None:
            raise CallbackRejected("unknown payment reference")
        if payment.state != PaymentState.PENDING:
            return payment
        if data.amount_vnd != payment.amount_vnd:
            raise CallbackRejected("amount differs from the payment started")
        payment.gateway_transaction = data.transaction_id
        if data.success:
            payment.state = PaymentState.PAID
            payment.paid_at = timezone.now()
        else:
            payment.state = PaymentState.FAILED
        payment.save(update_fields=["state", "paid_at", "gateway_transaction"])
    return payment
