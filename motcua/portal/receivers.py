"""Tells the citizen about each change of a dossier they filed online, in the transaction of the change.

A receiver on the event table (as the national-portal outbox does) rather than a call in each writer: every path
that appends an event — reception, ``perform``, later writers — is covered without the dossier core importing the
portal. Reception itself is announced by ``receive_submission`` (with the code and appointment), so it is skipped.
Applicants who filed at the counter are sent only the rating link once their result is returned.

The notification rows are written with the event (``notify`` records failures instead of raising, and queues the
delivery for after the commit), so a rolled-back change announces nothing and a committed one cannot lose its
announcement; and the event in hand spares re-reading it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Channel, Dossier, DossierEvent, DossierStatus, EventAction
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


def announce_event(event: DossierEvent) -> None:
    """Send the applicant the change recorded by ``event``: every change if filed online, else the rating link."""
    if event.action == EventAction.RECEIVED:
        return
    dossier = event.dossier
    submission = (
        OnlineSubmission.objects.select_related("citizen").filter(dossier_id=dossier.pk).first()
        if dossier.channel == Channel.ONLINE
        else None
    )
    if submission is None:
        if event.action == EventAction.RESULT_RETURNED:
            invite_to_rate(dossier)
        return
    action = EventAction(event.action).label if event.action in EventAction.values else event.action
    tell_citizen(
        submission,
        kind=EVENT_KINDS.get(event.action, NotificationKind.STATUS_CHANGED),
        subject=_("Hồ sơ %(code)s: %(action)s") % {"code": dossier.code, "action": action},
        body=_("Trạng thái hồ sơ: %(status)s.") % {"status": DossierStatus(event.to_status).label},
    )


@receiver(post_save, sender=DossierEvent, dispatch_uid="portal_tell_citizen_on_event")
def _on_event(sender: type, instance: DossierEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        announce_event(instance)
