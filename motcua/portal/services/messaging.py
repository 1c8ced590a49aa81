"""Messages to citizens: verification codes and status changes go out through ``tell`` only.

E-mail goes through Django's mail backend; a message to a phone number is handed to the logger until an SMS
gateway is configured (the notifications app takes both over when it lands — one function to switch).
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def tell(*, contact: str, subject: str, body: str, url: str = "") -> None:
    """Send ``subject``/``body`` (and the page ``url``) to a citizen's e-mail address or phone number."""
    text = f"{body}\n{url}".strip()
    if "@" in contact:
        send_mail(subject, text, None, [contact])
    else:
        logger.info("SMS to %s: %s", contact, text)
