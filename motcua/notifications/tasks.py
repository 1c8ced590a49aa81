"""The background task that delivers one e-mail or SMS notification (Django Tasks).

Under the immediate backend (the default) it runs synchronously when the caller's transaction commits; with
``django_tasks_db.DatabaseBackend`` it waits for ``manage.py db_worker``. Either way the outcome is written on the
notification row, and ``retry_notifications`` takes over what failed.
"""

from __future__ import annotations

from django_tasks import task

from motcua.notifications.services import deliver


@task()
def deliver_notification(notification_id: int) -> str:
    """Attempt delivery of one notification; the return value is its status afterwards."""
    return deliver(notification_id)
