"""The desk's "Chờ tiếp nhận trực tuyến" entry in the staff workspace's queue menu, with its red count."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.organization.access import has_role
from motcua.organization.models import Role
from motcua.portal.selectors import online_queue, pending_supplements

register = template.Library()


@register.inclusion_tag("portal/includes/online_queue_link.html", takes_context=True)
def online_queue_link(context: dict[str, Any]) -> dict[str, Any]:
    """Shown to desk officers only: submissions to act on plus online supplements to confirm."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has_role(user, Role.DESK_OFFICER):
        return {"show": False}
    count = online_queue(user).order_by().count() + pending_supplements(user).order_by().count()
    current = getattr(request, "resolver_match", None)
    return {"show": True, "count": count, "current": current is not None and current.view_name == "portal:online-queue"}
