"""Move an ended unit's open dossiers, consultations, roles and fixed process steps to its successor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.services.transfer import TransferPlan, plan_transfer, transfer_open_dossiers
from motcua.organization.models import Unit


class Command(BaseCommand):
    help = (
        "Transfer open dossiers (codes, dates and clocks kept; one event each), open consultations, staff roles and "
        "fixed process steps from a unit to its successor. Run with --dry-run first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_code", required=True, help="Electronic code of the old unit.")
        parser.add_argument("--to", dest="to_code", help="Successor's code (default: the recorded successor).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would move; change nothing.")
        parser.add_argument("--batch", type=int, default=500, help="Dossiers per transaction (default 500).")

    def _unit(self, code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"No unit with code {code}.")
        return unit

    def _report(self, plan: TransferPlan, verb: str) -> None:
        self.stdout.write(f"{plan.from_unit.code} -> {plan.to_unit.code} from {plan.first_day.isoformat()} ({verb}):")
        self.stdout.write(f"  open dossiers: {plan.dossiers}")
        self.stdout.write(f"  open consultations: {plan.consultations}")
        self.stdout.write(f"  staff roles: {plan.memberships}")
        self.stdout.write(f"  fixed process steps: {plan.steps}")

    def handle(self, *args: Any, **options: Any) -> None:
        from_unit = self._unit(options["from_code"])
        to_unit = self._unit(options["to_code"]) if options["to_code"] else None
        try:
            if options["dry_run"]:
                self._report(plan_transfer(from_unit=from_unit, to_unit=to_unit), "dry run, nothing changed")
                return
            done = transfer_open_dossiers(from_unit=from_unit, to_unit=to_unit, batch=options["batch"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self._report(done, "moved")
