"""Recompute every dossier's event chain and head hash; name the first event altered, removed or reordered."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.events import ChainProblem, verify_chain
from motcua.dossiers.models import Dossier, DossierEvent


class Command(BaseCommand):
    help = "Verify the hash chain of dossier events (all dossiers, or one with --dossier CODE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossier", metavar="CODE", help="verify only this dossier")

    def handle(self, *args: Any, **options: Any) -> None:
        dossiers = Dossier.objects.order_by("pk")
        events = DossierEvent.objects.order_by("dossier_id", "seq")
        if options["dossier"]:
            dossiers = dossiers.filter(code=options["dossier"])
            events = events.filter(dossier__code=options["dossier"])
            if not dossiers.exists():
                raise CommandError(f"no dossier {options['dossier']}")
        # One streaming pass over each table, both in dossier order: memory stays flat at province scale.
        by_dossier = groupby(events.iterator(chunk_size=5000), key=lambda event: event.dossier_id)
        pending = next(by_dossier, None)
        problems: list[ChainProblem] = []
        checked = counted = 0
        for dossier in dossiers.only("pk", "code", "head_hash", "lock_version").iterator(chunk_size=2000):
            chain: list[DossierEvent] = []
            while pending is not None and pending[0] <= dossier.pk:
                if pending[0] == dossier.pk:
                    chain = list(pending[1])
                pending = next(by_dossier, None)
            problem = verify_chain(dossier, chain)
            if problem is not None:
                problems.append(problem)
                self.stderr.write(str(problem))
            checked += 1
            counted += len(chain)
        if problems:
            raise CommandError(f"{len(problems)} of {checked} dossier chains are broken; first: {problems[0]}")
        self.stdout.write(f"OK: {checked} dossiers, {counted} events verified.")
