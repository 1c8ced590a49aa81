"""The outbox of messages to the national public-service portal (Cổng dịch vụ công quốc gia).

A row is written in the same transaction as the dossier event that changed the status (or, before an online
submission has a dossier, as the submission's own change), so a committed status change always has its message and a
rolled-back one never does; the worker (``sync_national_portal``) sends them later.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.lib.prepared import PreparedWrites


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    RETRYING = "retrying", _("Gửi lỗi, chờ gửi lại")
    SENT = "sent", _("Đã gửi")


UNSENT = Q(state__in=(OutboxState.PENDING, OutboxState.RETRYING))


class OutboxMessage(PreparedWrites):
    """One status change of one dossier or online submission, mapped to the national codes, waiting to be sent.

    ``event_seq`` names the dossier event it reports (a number, not a foreign key: the event table stays free of
    dependants, as its tamper checks expect). ``body`` holds what changes with the event (national status and
    channel, dates); what never changes (the dossier code, procedure code, units) is added when sending. Messages of
    one dossier go out strictly in ``id`` order: the dossier row is locked while its event and this row are written,
    so ids follow the event order.

    An online submission's own changes before it has a dossier (1 submitted, 3 not received — guided or refused)
    name the ``submission`` and no event; when the desk receives it, its messages are linked to the new ``dossier``
    too, so that the dossier's first message (2 received) waits for them (docs/decisions/011-online-submission-sync.md).
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submission = models.ForeignKey(
        "portal.OnlineSubmission",
        verbose_name=_("hồ sơ nộp trực tuyến"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event_seq = models.PositiveIntegerField(_("số thứ tự sự kiện"), null=True, blank=True)
    national_status = models.PositiveSmallIntegerField(_("trạng thái hồ sơ (mã quốc gia)"))
    national_channel = models.PositiveSmallIntegerField(_("kênh thực hiện (mã quốc gia)"))
    body = models.JSONField(_("nội dung"))
    idempotency_key = models.CharField(_("khóa chống gửi trùng"), max_length=100, unique=True)
    state = models.CharField(
        _("trạng thái gửi"), max_length=16, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"))
    last_attempt_at = models.DateTimeField(_("gửi lần cuối lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi lần gửi cuối"), blank=True)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông điệp đồng bộ")
        verbose_name_plural = _("thông điệp đồng bộ")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "event_seq"], name="outbox_one_message_per_event"),
            models.UniqueConstraint(
                fields=["submission", "national_status"],
                condition=Q(submission__isnull=False),
                name="outbox_one_message_per_submission_status",
            ),
            models.CheckConstraint(
                condition=Q(submission__isnull=False, event_seq__isnull=True)
                | Q(submission__isnull=True, dossier__isnull=False, event_seq__isnull=False),
                name="outbox_reports_an_event_or_a_submission",
            ),
            models.CheckConstraint(
                condition=Q(national_status__gte=1, national_status__lte=10), name="outbox_national_status_range"
            ),
            models.CheckConstraint(
                condition=Q(national_channel__gte=1, national_channel__lte=3), name="outbox_national_channel_range"
            ),
            models.CheckConstraint(
                condition=~Q(state=OutboxState.SENT) | Q(sent_at__isnull=False), name="outbox_sent_has_sent_at"
            ),
        ]
        indexes = [
            # The worker's "is there an earlier unsent message of this dossier?" check (strict per-dossier order).
            models.Index(fields=["dossier", "id"], condition=UNSENT, name="outbox_unsent_dossier_idx"),
            # The same check for an online submission's messages before it has a dossier.
            models.Index(fields=["submission", "id"], condition=UNSENT, name="outbox_unsent_submission_idx"),
            # The worker's scan for messages due now, and the monitor page's oldest-unsent age.
            models.Index(fields=["next_attempt_at"], condition=UNSENT, name="outbox_unsent_due_idx"),
        ]

    def __str__(self) -> str:
        return self.idempotency_key
