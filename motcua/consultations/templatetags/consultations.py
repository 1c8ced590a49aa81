"""``{% consultations_panel dossier %}``: the dossier page's consultations, inter-agency links and agency shares."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from motcua.consultations.models import DossierLink
from motcua.consultations.services import agency_shares
from motcua.dossiers.models import Dossier
from motcua.workcalendar.services import calendar_for

register = template.Library()


@register.inclusion_tag("consultations/includes/dossier_panel.html")
def consultations_panel(dossier: Dossier) -> dict[str, Any]:
    """Read only: the page's viewer already passed the dossier's access check."""
    links = list(
        DossierLink.objects.filter(Q(parent=dossier) | Q(child=dossier)).select_related("parent", "child", "step")
    )
    children = [link for link in links if link.parent_id == dossier.pk]
    return {
        "consultations": dossier.consultations.select_related("unit").prefetch_related("extensions"),
        "children": children,
        "parent": next((link for link in links if link.child_id == dossier.pk), None),
        "shares": agency_shares(dossier) if children else [],
        "day_minutes": calendar_for(None).day_minutes if children else 0,
    }


@register.filter
def working_days(minutes: int, day_minutes: int) -> str:
    """Working minutes as days with one decimal ("2,5")."""
    return f"{minutes / day_minutes:.1f}".replace(".", ",")
