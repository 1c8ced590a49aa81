"""Remind consulted units before their deadline and alert once it passed; safe to run as often as cron likes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from motcua.consultations.services import sweep_consultations


class Command(BaseCommand):
    help = "Send consultation reminders and overdue alerts (idempotent). --now ISO-8601 fixes the clock for tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Instant to sweep at, e.g. 2025-10-09T16:00:00+07:00 (default: now).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError("--now needs an ISO-8601 instant with its UTC offset.")
        counts = sweep_consultations(now=now)
        self.stdout.write(f"reminded: {counts.reminded}, alerted: {counts.alerted}")
