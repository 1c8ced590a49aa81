"""Issuing, checking and revoking personal API tokens.

A token reads ``mc_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole token must match the
stored hash. Expired, revoked or deactivated-user tokens authenticate nobody. ``last_used_at`` is refreshed at most
once a minute per token, so a busy integration does not turn every read into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.api.models import TOKEN_PREFIX_LENGTH, ApiToken
from motcua.organization.models import User

KEY_TAG = "mc"
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


def hash_token(raw: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_prefix() -> str:
    return "".join(secrets.choice(_PREFIX_ALPHABET) for _i in range(TOKEN_PREFIX_LENGTH))


def validate_new_token(*, user: User, name: str, expires_at: dt.datetime | None, at: dt.datetime | None = None) -> None:
    """Refuse a token without a name, for a locked account, or expiring before it is created."""
    if not name.strip():
        raise ValidationError({"name": _("Cần đặt tên gợi nhớ cho mã truy cập.")})
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản đã bị khóa, không thể cấp mã truy cập.")})
    if expires_at is not None and expires_at <= (at or timezone.now()):
        raise ValidationError({"expires_at": _("Thời điểm hết hạn phải ở sau thời điểm tạo.")})


def issue_token(
    *, user: User, name: str, expires_at: dt.datetime | None = None, at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the clear token, which is never available again."""
    at = at or timezone.now()
    name = name.strip()
    validate_new_token(user=user, name=name, expires_at=expires_at, at=at)
    with transaction.atomic():
        prefix = _new_prefix()
        while ApiToken.objects.filter(prefix=prefix).exists():
            prefix = _new_prefix()
        raw = f"{KEY_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, token_hash=hash_token(raw), expires_at=expires_at
        )
    return token, raw


def expiry_after_days(days: int | None, at: dt.datetime | None = None) -> dt.datetime | None:
    """The expiry instant ``days`` days from ``at`` (now); None for a token that does not expire."""
    if days is None:
        return None
    if days < 1:
        raise ValidationError({"expires_at": _("Số ngày hiệu lực phải từ 1 trở lên.")})
    return (at or timezone.now()) + dt.timedelta(days=days)


def revoke_token(token: ApiToken, *, at: dt.datetime | None = None) -> bool:
    """Revoke ``token`` now (idempotent); True when this call revoked it."""
    at = at or timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
    if revoked:
        token.revoked_at = at
    return bool(revoked)


def user_for_token(raw: str, *, at: dt.datetime | None = None) -> User | None:
    """The active user ``raw`` authenticates, or None (unknown, wrong, expired or revoked token)."""
    scheme, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != KEY_TAG or len(prefix) != TOKEN_PREFIX_LENGTH or not secret:
        return None
    at = at or timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    if token.last_used_at is None or at - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token.user
