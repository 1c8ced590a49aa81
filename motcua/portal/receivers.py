"""Tells the citizen about each change of a dossier they filed online, once the change is committed.

A receiver on the event table (as the national-portal outbox does) rather than a call in each writer: every path
that appends an event — reception, ``perform``, later writers — is covered without the dossier core importing the
portal. Reception itself is announced by ``receive_submission`` (with the code and appointment), so it is skipped.
Applicants who filed at the counter are sent only the rating link once their result is returned.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, EventAction
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import EMAIL, SMS, Contact, absolute_url, notify
from motcua.portal.models import OnlineSubmission
from motcua.portal.services.evaluation import evaluation_path
from motcua.portal.services.submissions import tell_citizen

EVENT_KINDS = {
    EventAction.SUPPLEMENT_REQUESTED: NotificationKind.SUPPLEMENTATION_REQUESTED,
    EventAction.APPROVED: NotificationKind.RESULT_READY,
    EventAction.RESCHEDULED: NotificationKind.APOLOGY_LETTER,
}


def invite_to_rate(dossier: Dossier) -> None:
    """After the return of a dossier filed at the counter, send the applicant the rating link to their contact."""
    applicant = dossier.applicant
    channels = [channel for channel, address in ((EMAIL, applicant.email), (SMS, applicant.phone)) if address]
    if not channels:
        return
    notify(
        to_contacts=[Contact.of_applicant(applicant)],
        kind=NotificationKind.RESULT_READY,
        subject=str(_("Mời đánh giá việc giải quyết hồ sơ %(code)s") % {"code": dossier.code}),
        body=str(_("Hồ sơ %(code)s đã trả kết quả. Mời bạn đánh giá mức độ hài lòng.") % {"code": dossier.code}),
        url=absolute_url(evaluation_path(dossier)),
        dossier=dossier,
        channels=channels[:1],
        dedupe_key=f"portal-rate-{dossier.pk}",
    )


def announce_event(event_id: int) -> None:
    """Send the applicant the change recorded by one event: every change if filed online, else the rating link."""
    event = DossierEvent.objects.select_related("dossier__applicant").filter(pk=event_id).first()
    if event is None or event.action == EventAction.RECEIVED:
        return
    submission = OnlineSubmission.objects.select_related("citizen").filter(dossier_id=event.dossier_id).first()
    if submission is None:
        if event.action == EventAction.RESULT_RETURNED:
            invite_to_rate(event.dossier)
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
