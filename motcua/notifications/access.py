"""Who may see which notification: a person sees only the in-app notifications addressed to them."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.notifications.models import Notification, NotificationChannel
from motcua.organization.models import User


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications; every view reads notifications through this."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel=NotificationChannel.IN_APP)
