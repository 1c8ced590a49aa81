"""Recompute the daily figures (``DailyFigures``) from the dossiers: after a bulk load, or to repair them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.services import daily_figures


class Command(BaseCommand):
    help = "Rebuild the daily figures from the dossiers (idempotent); --check only compares them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="compare the stored figures with a rebuild and write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        if options["check"]:
            found = daily_figures.differences()
            for key, (stored, rebuilt) in list(found.items())[:20]:
                self.stderr.write(f"{key}: stored {stored}, from the dossiers {rebuilt}")
            if found:
                raise CommandError(f"{len(found)} daily figure cells differ from the dossiers")
            self.stdout.write(f"OK: the daily figures equal the dossiers ({time.perf_counter() - began:.1f} s).")
            return
        written = daily_figures.rebuild()
        self.stdout.write(f"Rebuilt {written} daily figure cells in {time.perf_counter() - began:.1f} s.")
