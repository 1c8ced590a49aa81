"""Fees and charges due on a dossier and what was paid, at the counter or online.

What is due comes from the pinned procedure version's ``Fee`` rows; a reduction or exemption (or a fee the catalog
leaves without an amount) is a ``FeeAdjustment`` with its reason, the latest one counting. Payments are never edited
after they are paid.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier


class FeeAdjustment(models.Model):
    """A new amount due for one fee of one dossier, decided by a leader, with the reason."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="+")
    fee = models.ForeignKey(Fee, verbose_name=_("phí, lệ phí"), on_delete=models.PROTECT, related_name="+")
    amount_vnd = models.PositiveBigIntegerField(_("số tiền phải nộp (đồng)"))
    reason = models.TextField(_("lý do điều chỉnh"))
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người điều chỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    adjusted_at = models.DateTimeField(_("điều chỉnh lúc"))

    class Meta:
        verbose_name = _("điều chỉnh phí, lệ phí")
        verbose_name_plural = _("điều chỉnh phí, lệ phí")
        ordering = ["dossier", "adjusted_at", "id"]
        indexes = [
            # The fee panel: the adjustments of one dossier, latest per fee.
            models.Index(fields=["dossier", "fee", "adjusted_at"], name="fee_adjustment_dossier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.fee_id}: {self.amount_vnd}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")
    ONLINE = "online", _("Thanh toán trực tuyến")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")


class Payment(models.Model):
    """A payment towards a dossier's fees: recorded at the desk with its receipt, or started online and confirmed by
    the gateway's signed callback (``reference`` is ours, ``gateway_transaction`` the gateway's)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="+")
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(_("hình thức nộp"), max_length=16, choices=PaymentMethod.choices)
    state = models.CharField(_("trạng thái"), max_length=16, choices=PaymentState.choices)
    receipt_number = models.CharField(_("số biên lai"), max_length=64, blank=True)
    paid_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gateway = models.CharField(_("cổng thanh toán"), max_length=32, blank=True)
    reference = models.CharField(_("mã giao dịch của hệ thống"), max_length=64, blank=True)
    gateway_transaction = models.CharField(_("mã giao dịch của cổng thanh toán"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("khoản nộp phí, lệ phí")
        verbose_name_plural = _("khoản nộp phí, lệ phí")
        ordering = ["dossier", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state=PaymentState.PAID) | Q(paid_at__isnull=False), name="payment_paid_has_paid_at"
            ),
            models.CheckConstraint(
                condition=Q(method=PaymentMethod.ONLINE) | (Q(state=PaymentState.PAID) & ~Q(receipt_number="")),
                name="payment_counter_paid_with_receipt",
            ),
            models.UniqueConstraint(fields=["reference"], condition=~Q(reference=""), name="payment_unique_reference"),
        ]
        indexes = [
            # The fee panel and the outstanding amount: payments of one dossier by state.
            models.Index(fields=["dossier", "state"], name="payment_dossier_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.amount_vnd} ({self.method})"
