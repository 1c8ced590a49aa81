"""``{% consultations_panel dossier %}``: the dossier page's consultations, inter-agency links and agency shares."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.consultations.models import DossierLink
from motcua.consultations.services import agency_shares
from motcua.dossiers.models import Dossier
from motcua.workcalendar.services import calendar_for

register = template.Library()


@register.inclusion_tag("consultations/includes/dossier_panel.html")
def consultations_panel(dossier: Dossier) -> dict[str, Any]:
    """Read only: the page's viewer already passed the dossier's access check."""
    children = list(DossierLink.objects.filter(parent=dossier).select_related("child__current_unit", "step"))
    parent = DossierLink.objects.filter(child=dossier).select_related("parent").first()
    return {
        "consultations": dossier.consultations.select_related("unit", "requested_by").prefetch_related("extensions"),
        "children": children,
        "parent": parent,
        "shares": agency_shares(dossier) if children else [],
        "day_minutes": calendar_for(None).day_minutes,
    }


@register.filter
def working_days(minutes: int, day_minutes: int) -> str:
    """Working minutes as days with one decimal ("2,5")."""
    return f"{minutes / day_minutes:.1f}".replace(".", ",")
