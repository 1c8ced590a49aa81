"""Who may watch the national-portal synchronisation: provincial monitors and system administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from motcua.organization.access import has_role
from motcua.organization.models import Role


def may_watch_sync(user: object) -> bool:
    return has_role(user, Role.PROVINCIAL_MONITOR) or has_role(user, Role.SYSTEM_ADMIN)


def check_may_watch_sync(user: object) -> None:
    """403 for anyone else: the page names dossiers of every unit."""
    if not may_watch_sync(user):
        raise PermissionDenied(_("Trang đồng bộ dành cho Văn phòng UBND tỉnh và quản trị hệ thống."))
