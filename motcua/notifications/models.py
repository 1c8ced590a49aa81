"""Notifications: one row per message per recipient per channel, kept as the record of what was said to whom.

The row is written in the caller's transaction (so a rolled-back change notifies nobody) and delivered afterwards by
a task; the row then carries the outcome — sent, or failed with the reason — so that "was the applicant told?" is
answered from the database, not from mail-server logs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.lib.prepared import PreparedWrites


class NotificationChannel(models.TextChoices):
    """How a notification reaches its recipient (named apart from the dossier's reception ``Channel``)."""

    IN_APP = "in_app", _("Trong hệ thống")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class NotificationKind(models.TextChoices):
    """Why the message was sent; callers pick one so that the centre and the statistics can group them."""

    DUE_SOON = "due_soon", _("Hồ sơ sắp tới hạn")
    OVERDUE = "overdue", _("Hồ sơ quá hạn")
    APOLOGY_LETTER = "apology_letter", _("Văn bản xin lỗi, hẹn lại ngày trả kết quả")
    SOS_RAISED = "sos_raised", _("Báo động SOS")
    SOS_ACKNOWLEDGED = "sos_acknowledged", _("SOS đã được tiếp nhận")
    SOS_RESOLVED = "sos_resolved", _("SOS đã được giải quyết")
    CONSULTATION_REQUESTED = "consultation_requested", _("Đề nghị cho ý kiến")
    CONSULTATION_ANSWERED = "consultation_answered", _("Đã có ý kiến trả lời")
    CONSULTATION_EXTENSION = "consultation_extension", _("Đề nghị gia hạn trả lời ý kiến")
    CONSULTATION_REMINDER = "consultation_reminder", _("Nhắc hạn trả lời ý kiến")
    CONSULTATION_OVERDUE = "consultation_overdue", _("Quá hạn trả lời ý kiến")
    INTER_AGENCY_REQUESTED = "inter_agency_requested", _("Hồ sơ liên thông được chuyển đến")
    INTER_AGENCY_RETURNED = "inter_agency_returned", _("Hồ sơ liên thông đã có kết quả")
    DOSSIER_TRANSFERRED = "dossier_transferred", _("Hồ sơ được chuyển sang đơn vị kế thừa")
    RECEPTION_CONFIRMED = "reception_confirmed", _("Xác nhận tiếp nhận hồ sơ")
    SUPPLEMENTATION_REQUESTED = "supplementation_requested", _("Yêu cầu bổ sung hồ sơ")
    STATUS_CHANGED = "status_changed", _("Thay đổi trạng thái hồ sơ")
    RESULT_READY = "result_ready", _("Đã có kết quả giải quyết")
    OTHER = "other", _("Thông báo khác")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


class Notification(PreparedWrites):
    """One message to one recipient over one channel, with its delivery outcome.

    The recipient is a user or, for applicants without an account, a bare contact; ``address`` is the e-mail address
    or phone number used, copied at sending time so that a later change of the user's address does not rewrite the
    record. A failed row with ``next_attempt_at`` set is retried by ``retry_notifications``; without it, the failure
    is final (no address, or the gateway refused the message itself).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient_name = models.CharField(_("tên người nhận"), max_length=255, blank=True)
    address = models.CharField(
        _("địa chỉ nhận"), max_length=254, blank=True, help_text=_("Thư điện tử hoặc số điện thoại đã dùng để gửi.")
    )
    channel = models.CharField(_("kênh gửi"), max_length=8, choices=NotificationChannel.choices)
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=NotificationKind.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    dedupe_key = models.CharField(
        _("khóa chống trùng"),
        max_length=200,
        blank=True,
        help_text=_("Cùng khóa, cùng người nhận và cùng kênh thì chỉ ghi nhận một lần (các lượt quét lặp lại)."),
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái gửi"), max_length=8, choices=NotificationStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại từ lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi lần gửi cuối"), blank=True)
    external_id = models.CharField(
        _("mã tin của nhà cung cấp"), max_length=100, blank=True, help_text=_("Mã do cổng SMS trả về khi nhận tin.")
    )

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(channel=NotificationChannel.IN_APP),
                name="notification_in_app_has_user",
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_is_dated",
            ),
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"],
                condition=Q(recipient__isnull=False) & ~Q(dedupe_key=""),
                name="notification_user_dedupe_unique",
            ),
            models.UniqueConstraint(
                fields=["address", "channel", "dedupe_key"],
                condition=Q(recipient__isnull=True) & ~Q(dedupe_key=""),
                name="notification_contact_dedupe_unique",
            ),
        ]
        indexes = [
            # The notification centre and the header badge: a user's in-app messages, unread first, newest first.
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                condition=Q(channel=NotificationChannel.IN_APP),
                name="notification_inbox_idx",
            ),
            # retry_notifications: undelivered messages whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=[NotificationStatus.QUEUED, NotificationStatus.FAILED]),
                name="notification_retry_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_name or self.address}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
