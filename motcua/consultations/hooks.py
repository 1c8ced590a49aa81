"""The two places the dossier core asks this app something: may the step be completed, and did a child finish.

``motcua.dossiers.services.actions`` wraps its forward and approve handlers with ``unless_waiting`` and its
return handler with ``reporting_to_parent``; nothing else in the core knows about consultations or links.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from motcua.consultations.models import DossierLink
from motcua.consultations.services.consultations import blocking_consultations
from motcua.consultations.services.links import report_to_parent
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.context import ActionContext, Outcome

Handler = Callable[[ActionContext, Any], Outcome]


def waiting_reads() -> dict[str, Exists]:
    """What ``unless_waiting`` asks, read by the statement that locks the dossier (``ActionSpec.reads``)."""
    return {
        "blocking_consultation": Exists(blocking_consultations(OuterRef("pk"))),
        "open_child_link": Exists(DossierLink.objects.filter(parent=OuterRef("pk"), completed_at__isnull=True)),
    }


def parent_reads() -> dict[str, Exists]:
    """What ``reporting_to_parent`` asks, read by the statement that locks the dossier (``ActionSpec.reads``)."""
    return {"open_parent_link": Exists(DossierLink.objects.filter(child=OuterRef("pk"), completed_at__isnull=True))}


def step_blockers(dossier: Dossier) -> list[str]:
    """Why the dossier's current step cannot be completed yet (empty when it can).

    ``dossier`` carries the ``waiting_reads`` annotations, so the usual answer (nothing open) costs no statement.
    """
    if not (dossier.blocking_consultation or dossier.open_child_link):
        return []
    reasons = [
        str(
            _("Chưa có ý kiến bắt buộc của %(unit)s (hạn %(due)s); lãnh đạo có thể cho chuyển bước kèm lý do.")
            % {"unit": consultation.unit.name, "due": consultation.due_at.strftime("%d/%m/%Y")}
        )
        for consultation in blocking_consultations(dossier).select_related("unit").order_by("due_at", "pk")
    ]
    link = DossierLink.objects.filter(parent=dossier, completed_at__isnull=True).select_related("child").first()
    if link is not None:
        reasons.append(str(_("Hồ sơ liên thông %(code)s chưa có kết quả.") % {"code": link.child.code}))
    return reasons


def unless_waiting(handler: Handler) -> Handler:
    """Refuse to complete the step while a mandatory consultation or a child dossier is open."""

    @wraps(handler)
    def guarded(ctx: ActionContext, data: Any) -> Outcome:
        reasons = step_blockers(ctx.dossier)
        if reasons:
            raise ValidationError(reasons, code="step_waiting")
        return handler(ctx, data)

    return guarded


def reporting_to_parent(handler: Handler) -> Handler:
    """After a dossier's result is returned, tell its inter-agency parent (if it has one)."""

    @wraps(handler)
    def returning(ctx: ActionContext, data: Any) -> Outcome:
        outcome = handler(ctx, data)
        if ctx.dossier.open_parent_link:
            report_to_parent(ctx)
        return outcome

    return returning
