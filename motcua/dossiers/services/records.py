"""Events written by someone who does not hold the dossier: a consulted agency answering, an inter-agency child
reporting back, a reorganisation moving it to a successor unit.

``perform`` decides who may act from the dossier's own units and process; these writers are authorised by their
own rules (the consulted unit's roles, the child's return, an administrator's command), so they come here instead.
The event still goes through ``chain_event`` on the locked row, in the same transaction as the change it records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.events import chain_event
from motcua.dossiers.exceptions import ConflictError
from motcua.dossiers.models import ClockEffect, Dossier, EventAction
from motcua.dossiers.services import daily_figures
from motcua.organization.models import Unit, User


def record_event(
    *,
    dossier: Dossier | str,
    action: EventAction,
    actor: User,
    role: str,
    unit: Unit,
    at: dt.datetime,
    apply: Callable[[Dossier], dict[str, Any]] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Lock the dossier, let ``apply`` change it and return the event payload, then append the event and save.

    ``apply`` runs on the locked row and may raise ``ValidationError`` to write nothing. The dossier's status is
    never changed here: the event's from and to status are the same.
    """
    code = dossier if isinstance(dossier, str) else dossier.code
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(code=code)
        if expected_version is not None and locked.lock_version != expected_version:
            raise ConflictError(
                str(
                    _("Hồ sơ %(code)s vừa được người khác cập nhật; hãy tải lại và thực hiện lại.")
                    % {"code": locked.code}
                ),
                current_version=locked.lock_version,
            )
        counted = daily_figures.counted_values(locked)
        payload = apply(locked) if apply is not None else {}
        event = chain_event(
            locked,
            action=action,
            actor=actor,
            role=role,
            unit=unit,
            at=at,
            from_status=locked.status,
            reason=reason,
            clock_effect=ClockEffect.NONE,
            payload=payload,
        )
        event.save(force_insert=True)
        locked.save()
        daily_figures.record_change(counted, locked)
    return locked
