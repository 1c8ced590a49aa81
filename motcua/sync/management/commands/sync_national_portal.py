"""Send the outbox to the national portal: ``--once`` for one pass (cron, tests), otherwise a polling loop."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.sync.senders import configured_sender
from motcua.sync.services import send_pending


class Command(BaseCommand):
    help = "Send queued status changes to the national public-service portal, each dossier's in order."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument("--batch", type=int, default=100, help="At most this many messages per pass.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between passes when looping.")

    def handle(self, *args: Any, once: bool, batch: int, interval: float, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        sender = configured_sender()
        if sender is None:
            raise CommandError("MOTCUA_NATIONAL_PORTAL_URL is not set: there is nowhere to send the outbox.")
        while True:
            report = send_pending(sender, batch=batch)
            if report.sent or report.failed or once:
                self.stdout.write(f"sent {report.sent}, failed {report.failed}")
            if once:
                return
            if report.sent + report.failed < batch:
                time.sleep(interval)
