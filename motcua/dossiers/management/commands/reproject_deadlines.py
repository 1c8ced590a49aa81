"""Move the appointments of open dossiers after the working calendar changed, recording why on each one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.services.reprojection import reproject_deadlines
from motcua.organization.models import User


class Command(BaseCommand):
    help = "Recompute due instants of open dossiers under the current calendar; an event on each one that moved."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", required=True, help="the announcement or override that changed the calendar")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the system administrator recording it")
        parser.add_argument(
            "--day", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="only dossiers whose span covers this day"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['by']!r}")
        try:
            codes = reproject_deadlines(actor=actor, reason=options["reason"], day=options["day"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for code in codes:
            self.stdout.write(code)
        self.stdout.write(f"{len(codes)} appointments moved.")
