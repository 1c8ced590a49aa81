"""Tells the citizen about each change of a dossier they filed online, once the change is committed.

A receiver on the event table (as the national-portal outbox does) rather than a call in each writer: every path
that appends an event — reception, ``perform``, later writers — is covered without the dossier core importing the
portal. Reception itself is announced by ``receive_submission`` (with the code and appointment), so it is skipped.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierEvent, DossierStatus, EventAction
from motcua.notifications.models import NotificationKind
from motcua.portal.models import OnlineSubmission
from motcua.portal.services.submissions import tell_citizen

EVENT_KINDS = {
    EventAction.SUPPLEMENT_REQUESTED: NotificationKind.SUPPLEMENTATION_REQUESTED,
    EventAction.APPROVED: NotificationKind.RESULT_READY,
    EventAction.RESCHEDULED: NotificationKind.APOLOGY_LETTER,
}


def announce_event(event_id: int) -> None:
    """Send the citizen the change recorded by one event (no-op for dossiers not filed online)."""
    event = DossierEvent.objects.select_related("dossier").filter(pk=event_id).first()
    if event is None or event.action == EventAction.RECEIVED:
        return
    submission = OnlineSubmission.objects.select_related("citizen").filter(dossier_id=event.dossier_id).first()
    if submission is None:
        return
    action = EventAction(event.action).label if event.action in EventAction.values else event.action
    tell_citizen(
        submission,
        kind=EVENT_KINDS.get(event.action, NotificationKind.STATUS_CHANGED),
        subject=_("Hồ sơ %(code)s: %(action)s") % {"code": event.dossier.code, "action": action},
        body=_("Trạng thái hồ sơ: %(status)s.") % {"status": DossierStatus(event.to_status).label},
    )


@receiver(post_save, sender=DossierEvent, dispatch_uid="portal_tell_citizen_on_event")
def _on_event(sender: type, instance: DossierEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        event_id = instance.pk
        transaction.on_commit(lambda: announce_event(event_id))
