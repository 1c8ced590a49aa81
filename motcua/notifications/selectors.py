"""Reading the notification centre: the inbox order and the unread count, both served by notification_inbox_idx."""

from __future__ import annotations

from django.db.models import F, QuerySet

from motcua.notifications.access import notifications_for
from motcua.notifications.models import Notification
from motcua.organization.models import User


def inbox(user: User) -> QuerySet[Notification]:
    """The user's in-app notifications: unread ones first (newest first), then read ones, last read first."""
    return (
        notifications_for(user)
        .select_related("dossier")
        .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")
    )


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
