"""Messages to citizens: status changes through the notifications app, one-time codes straight to the contact.

Status changes go through ``notify`` (in the portal's notification centre and by e-mail or SMS, retried by the
notifications app). A one-time code is sent directly through the mail or SMS backend instead, so that it is never
stored in clear in the notifications table: only its hash is kept (``VerificationCode``).
"""

from __future__ import annotations

from django.core.mail import send_mail

from motcua.dossiers.models import Dossier
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import EMAIL, IN_APP, SMS, Contact, notify
from motcua.notifications.sms import get_sms_backend
from motcua.organization.models import User


def send_code(*, contact: str, subject: str, text: str) -> None:
    """Send a one-time code's message to an e-mail address or a phone number (``settings.MOTCUA_SMS_BACKEND``)."""
    if "@" in contact:
        send_mail(subject, text, None, [contact])
    else:
        get_sms_backend().send(to=contact, text=text, reference="portal-code")


def tell(
    *,
    user: User | None,
    contact: str,
    kind: NotificationKind,
    subject: str,
    body: str,
    url: str = "",
    dossier: Dossier | None = None,
) -> None:
    """Tell a citizen (their account when they have one, else their contact) by e-mail or SMS, whichever it is."""
    channel = EMAIL if "@" in contact else SMS
    if user is not None:
        notify(
            recipients=[user],
            kind=kind,
            subject=subject,
            body=body,
            url=url,
            dossier=dossier,
            channels=(IN_APP, channel),
        )
        return
    address = Contact(email=contact) if channel == EMAIL else Contact(phone=contact)
    notify(to_contacts=[address], kind=kind, subject=subject, body=body, url=url, dossier=dossier, channels=(channel,))
