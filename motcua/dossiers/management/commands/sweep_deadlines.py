"""Classify open dossiers and step visits as on track / due soon / overdue and warn once; run by cron."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.dossiers.services.overdue import sweep_deadlines


def local_instant(text: str) -> dt.datetime:
    """The --now argument, read in the project time zone like the instants staff type."""
    try:
        naive = dt.datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise CommandError(f"--now must read YYYY-MM-DD HH:MM, not {text!r}") from error
    return timezone.make_aware(naive)


class Command(BaseCommand):
    help = "Classify deadlines of open dossiers and steps, warn handlers and leaders once (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", metavar="YYYY-MM-DD HH:MM", help="the instant to sweep at (default: now)")
        parser.add_argument("--days", type=int, help="due-soon threshold in working days (default: the setting)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = local_instant(options["now"]) if options["now"] else timezone.now()
        report = sweep_deadlines(now=now, due_soon_days=options["days"])
        self.stdout.write(f"{report.reclassified} deadline states changed, {report.warnings} warnings sent.")
