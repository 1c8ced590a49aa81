"""Records about issued result documents that the dossier core does not keep: their cancellation.

A cancelled result stays stored and verifiable; the verification page says it was cancelled (domain.md §3.7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Result


class ResultCancellation(models.Model):
    """The cancellation (hủy) of one result document, with the reason and the leader who decided it."""

    result = models.OneToOneField(
        Result, verbose_name=_("kết quả giải quyết"), on_delete=models.PROTECT, related_name="cancellation"
    )
    reason = models.TextField(_("lý do hủy"))
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo quyết định hủy"), on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("hủy lúc"))

    class Meta:
        verbose_name = _("hủy kết quả giải quyết")
        verbose_name_plural = _("hủy kết quả giải quyết")
        ordering = ["-cancelled_at"]

    def __str__(self) -> str:
        return f"{self.result_id} ({self.cancelled_at:%Y-%m-%d})"
