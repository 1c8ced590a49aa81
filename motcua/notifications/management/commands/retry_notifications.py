"""Retry e-mail and SMS notifications that failed or whose delivery task never ran (cron, every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.notifications.services import retry_due


class Command(BaseCommand):
    help = (
        "Attempt again the notifications whose next attempt is due (failed ones after their back-off, queued ones "
        "never delivered). Running it twice in a row sends nothing the second time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="At most this many notifications per run.")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        report = retry_due(batch=batch)
        self.stdout.write(f"sent {report.sent}, failed {report.failed}")
