"""Short-hands to drive a dossier through ``perform`` in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import perform
from motcua.organization.models import User


def act(dossier: Dossier, action: str, actor: User, at: dt.datetime, **payload: Any) -> Dossier:
    """Perform ``action`` with the caller's current version (as the UI would)."""
    return perform(
        dossier=dossier.code,
        action=action,
        actor=actor,
        payload=payload,
        expected_version=dossier.lock_version,
        at=at,
    )
