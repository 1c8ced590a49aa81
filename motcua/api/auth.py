"""The two ways into the API: a personal token for integrations, the browser's session for the staff UI.

The session is checked for CSRF like any Django form post, but only once it is known to belong to someone: an
anonymous caller gets 401 (sign in), not a CSRF refusal. A token request carries no cookie, so it needs no CSRF.
Both admit only staff holding a role today (403 otherwise), before any request body is read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from motcua.api.access import admit
from motcua.api.services import user_for_token
from motcua.organization.models import User


class CsrfFailed(Exception):
    """A signed-in session posted without a valid CSRF token (a forged cross-site request, or a stale page)."""


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mc_<prefix>_<secret>`` (see ``motcua.api.services``)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        return admit(user) if user is not None else None


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed
        return admit(user)


AUTH = [TokenAuth(), SessionAuth()]
