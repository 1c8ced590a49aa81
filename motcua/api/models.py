"""Personal API tokens: how integrations (the national portal connector, a province's other systems) sign in.

Only a SHA-256 hash of each token is stored, so a copy of the database gives nobody the right to call the API; the
token is shown once, when it is created. A token is long and random, so a fast hash is enough (there is nothing to
guess that a slow hash would protect). The clear ``prefix`` finds the row without scanning every hash, and lets a
user tell their tokens apart. Tokens are revoked, never deleted, so the admin keeps who had access when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The clear part of a token, as printed in the admin and in logs: "mc_<prefix>_<secret>".
TOKEN_PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """A bearer token of one user for the API; acts with that user's roles, nothing more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100, help_text=_("Ví dụ: “Kết nối Cổng dịch vụ công”."))
    # Unique, hence indexed: the bearer authentication looks the token up by this prefix on every request.
    prefix = models.CharField(_("tiền tố"), max_length=TOKEN_PREFIX_LENGTH, unique=True, editable=False)
    token_hash = models.CharField(_("mã băm SHA-256"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True, help_text=_("Để trống: không hết hạn."))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["user", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (mc_{self.prefix}_…)"
