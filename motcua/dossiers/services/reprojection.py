"""Re-projection: after an administrator changes the working calendar, open dossiers' appointments follow it.

Calendar overrides are data (workcalendar), and every due instant is recomputable from the records, so moving the
appointments is "recompute, and where the result differs, record it": one ``clock.reprojected`` event per changed
dossier, through ``perform`` like every other change, carrying the administrator's reason.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import OPEN_DOSSIER, Dossier
from motcua.dossiers.services.actions import Action, perform
from motcua.dossiers.services.clock import compute_due_at, pauses_of
from motcua.dossiers.services.context import require_text
from motcua.dossiers.services.overdue import ReprojectPayload
from motcua.organization.models import User


def reproject_deadlines(
    *, actor: User, reason: str, day: dt.date | None = None, at: dt.datetime | None = None
) -> list[str]:
    """Re-project every open, running dossier whose appointment a calendar change moved; returns their codes.

    Each changed dossier gets a ``clock.reprojected`` event with ``reason`` through ``perform`` (``actor`` must be
    a system administrator). ``day``, the date the calendar change concerns, limits the work to dossiers whose
    span [received, appointment] covers it; without it every open dossier is checked.
    """
    require_text(reason, "reason", _("Cần ghi lý do tính lại hạn (văn bản điều chỉnh lịch làm việc)."))
    candidates = Dossier.objects.filter(OPEN_DOSSIER, due_at__isnull=False).select_related(
        "procedure_version", "resolving_unit"
    )
    if day is not None:
        candidates = candidates.filter(received_at__date__lte=day, due_at__date__gte=day)
    changed = []
    for dossier in candidates.order_by("pk").iterator():
        if compute_due_at(dossier, pauses_of(dossier)) == dossier.due_at:
            continue
        perform(dossier=dossier.code, action=Action.REPROJECT, actor=actor, payload=ReprojectPayload(reason), at=at)
        changed.append(dossier.code)
    return changed
