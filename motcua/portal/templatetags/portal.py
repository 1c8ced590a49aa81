"""Portal pieces shown in the staff workspace: the "Chờ tiếp nhận trực tuyến" menu entry with its red count, the
rating panel (link, QR code, kiosk) of a returned dossier, and the dossier's population-database look-ups."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.organization.access import has_role
from motcua.organization.models import Role
from motcua.portal.models import Evaluation
from motcua.portal.selectors import online_queue, pending_supplements
from motcua.portal.services.desk_lookup import lookups_of
from motcua.portal.services.evaluation import evaluation_path, qr_svg

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


@register.inclusion_tag("portal/includes/evaluation_panel.html", takes_context=True)
def evaluation_panel(context: dict[str, Any], dossier: Dossier) -> dict[str, Any]:
    """For a returned dossier: its rating, or the link and QR code to hand the applicant and the kiosk button."""
    if dossier.status != DossierStatus.RETURNED:
        return {"show": False}
    rating = Evaluation.objects.filter(dossier=dossier).first()
    if rating is not None:
        return {"show": True, "rating": rating}
    url = context["request"].build_absolute_uri(evaluation_path(dossier))
    return {"show": True, "dossier": dossier, "url": url, "qr": qr_svg(url)}


@register.inclusion_tag("portal/includes/population_lookups.html")
def population_lookups(dossier: Dossier) -> dict[str, Any]:
    """Who looked the applicant up in the population database, when, and what came back (one query)."""
    return {"lookups": list(lookups_of(dossier))}
