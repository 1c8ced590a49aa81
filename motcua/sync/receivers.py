"""Writes the outbox row when a dossier event is inserted, or an online submission changes, inside that transaction.

A receiver on the event table rather than a call in each writer: reception and ``perform`` both insert events, and
any later writer is covered without the dossier core importing this app (docs/decisions/009-national-portal-sync.md).
The portal's ``submission_changed`` signal does the same for a submission before it has a dossier (decision 011).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.dossiers.models import DossierEvent
from motcua.portal.models import OnlineSubmission
from motcua.portal.signals import submission_changed
from motcua.sync.services import record_status_change, record_submission_change


@receiver(post_save, sender=DossierEvent, dispatch_uid="sync_outbox_on_status_change")
def _outbox_on_event(sender: type, instance: DossierEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        record_status_change(instance)


@receiver(submission_changed, sender=OnlineSubmission, dispatch_uid="sync_outbox_on_submission_change")
def _outbox_on_submission(sender: type, submission: OnlineSubmission, at: dt.datetime, **kwargs: Any) -> None:
    record_submission_change(submission, at)
