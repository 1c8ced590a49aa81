"""Who may use the API at all: staff holding a role today. Which dossiers they see is ``motcua.dossiers.access``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.organization.access import roles_of
from motcua.organization.models import User


def admit(user: User) -> User:
    """``user`` if they hold a role today; otherwise 403, before the request body is even read."""
    if not roles_of(user):
        raise PermissionDenied(_("Tài khoản chưa được phân công vai trò nào nên không được dùng API."))
    return user


def caller(request: HttpRequest) -> User:
    """The user the request was authenticated as (by token or session) and admitted."""
    return request.auth  # type: ignore[attr-defined]
