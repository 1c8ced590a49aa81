"""Consultations (lấy ý kiến) of other units on a dossier, and inter-agency child dossiers (liên thông).

A consultation belongs to the dossier that asked it but is answered by another unit, possibly an external agency
that never holds the dossier itself; its deadline is a stored column computed in working time, and its answer's
timeliness is stored against the consulted unit (domain.md §3.5: late answers are attributed to the consulted
agency). Every change here also appends an event to the dossier's chain (``motcua.dossiers.events``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Step
from motcua.dossiers.models import Dossier, Judgement
from motcua.organization.models import Unit


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Chờ cho ý kiến")
    ANSWERED = "answered", _("Đã cho ý kiến")


OPEN_CONSULTATION = Q(status=ConsultationStatus.OPEN)


class Consultation(models.Model):
    """One request for an opinion from one unit, with its deadline, answer and timeliness.

    A mandatory consultation keeps the asking step from being completed until it is answered, unless a leader
    waives the wait with a reason (``waived_*``); the consultation itself stays open and can still be answered.
    ``reminded_at`` and ``alerted_at`` make the sweep idempotent: each is set once, by a conditional update.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="consultations"
    )
    step = models.ForeignKey(Step, verbose_name=_("bước lấy ý kiến"), on_delete=models.PROTECT, related_name="+")
    requesting_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị lấy ý kiến"), on_delete=models.PROTECT, related_name="consultations_sent"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lấy ý kiến"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan được lấy ý kiến"), on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.TextField(_("nội dung xin ý kiến"))
    mandatory = models.BooleanField(_("bắt buộc có ý kiến trước khi chuyển bước"), default=True)
    requested_at = models.DateTimeField(_("gửi lúc"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    timeliness = models.CharField(_("thời hạn trả lời"), max_length=8, choices=Judgement.choices, blank=True)
    reminded_at = models.DateTimeField(_("đã nhắc sắp đến hạn lúc"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("đã cảnh báo quá hạn lúc"), null=True, blank=True)
    waived_at = models.DateTimeField(_("lãnh đạo cho chuyển bước lúc"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo cho chuyển bước"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    waiver_reason = models.TextField(_("lý do cho chuyển bước khi chưa có ý kiến"), blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")
        ordering = ["-requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("requested_at")), name="consultation_due_after_requested"
            ),
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | Q(status="answered", answered_at__isnull=False, answered_by__isnull=False, timeliness__gt=""),
                name="consultation_answered_is_dated_and_judged",
            ),
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True) | (Q(waived_by__isnull=False) & ~Q(waiver_reason="")),
                name="consultation_waiver_has_leader_and_reason",
            ),
        ]
        indexes = [
            # The consulted unit's queue "Chờ cho ý kiến" (and its answered list): a unit's consultations by status.
            models.Index(fields=["unit", "status", "due_at"], name="consultation_unit_status_idx"),
            # The reminder/alert sweep: open consultations by deadline.
            models.Index(fields=["due_at"], condition=OPEN_CONSULTATION, name="consultation_open_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.unit_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    @property
    def blocks_step(self) -> bool:
        """Whether it still keeps the asking step from being completed."""
        return self.is_open and self.mandatory and self.waived_at is None


class FilePurpose(models.TextChoices):
    QUESTION = "question", _("Tài liệu gửi kèm xin ý kiến")
    ANSWER = "answer", _("Tài liệu trả lời")


class ConsultationFile(models.Model):
    """A file sent with the question or with the answer."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("lấy ý kiến"), on_delete=models.PROTECT, related_name="files"
    )
    purpose = models.CharField(_("loại tài liệu"), max_length=16, choices=FilePurpose.choices)
    file = models.FileField(_("tệp"), upload_to="consultations/%Y/%m/")
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu lấy ý kiến")
        verbose_name_plural = _("tài liệu lấy ý kiến")
        ordering = ["consultation", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý gia hạn")


class ConsultationExtension(models.Model):
    """The consulted unit's request for more time, with its reason, and the requester's decision."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("lấy ý kiến"), on_delete=models.PROTECT, related_name="extensions"
    )
    reason = models.TextField(_("lý do xin gia hạn"))
    old_due_at = models.DateTimeField(_("hạn trả lời cũ"))
    proposed_due_at = models.DateTimeField(_("hạn trả lời đề nghị"))
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(_("ý kiến xem xét"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn cho ý kiến")
        verbose_name_plural = _("đề nghị gia hạn cho ý kiến")
        ordering = ["consultation", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation"], condition=Q(state="pending"), name="consultation_extension_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(proposed_due_at__gt=models.F("old_due_at")), name="consultation_extension_later"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="consultation_extension_decided_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.proposed_due_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"


class DossierLink(models.Model):
    """An inter-agency child dossier opened from a parent's inter-agency step, and when its result came back.

    The child is a dossier of its own (procedure version, process, clock and code at the other agency); while the
    link is open the parent's step waits with its clock running and cannot be forwarded (decision 006).
    """

    parent = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ chính"), on_delete=models.PROTECT, related_name="child_links"
    )
    child = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ liên thông"), on_delete=models.PROTECT, related_name="parent_link"
    )
    step = models.ForeignKey(Step, verbose_name=_("bước liên thông"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lập lúc"))
    completed_at = models.DateTimeField(_("nhận kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên thông hồ sơ")
        verbose_name_plural = _("liên thông hồ sơ")
        ordering = ["parent", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent"], condition=Q(completed_at__isnull=True), name="dossier_link_one_open_per_parent"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("child")), name="dossier_link_not_self"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=models.F("created_at")),
                name="dossier_link_completed_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} → {self.child_id}"
