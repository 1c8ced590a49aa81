"""Writes the outbox row when a dossier event is inserted, inside the event's own transaction.

A receiver on the event table rather than a call in each writer: reception and ``perform`` both insert events, and
any later writer is covered without the dossier core importing this app (docs/decisions/009-national-portal-sync.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.dossiers.models import DossierEvent
from motcua.sync.services import record_status_change


@receiver(post_save, sender=DossierEvent, dispatch_uid="sync_outbox_on_status_change")
def _outbox_on_event(sender: type, instance: DossierEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        record_status_change(instance)
