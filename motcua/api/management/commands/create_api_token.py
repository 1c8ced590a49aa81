"""Issue a personal API token from the shell (the admin does the same); the token is printed once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.api.services import expiry_after_days, issue_token
from motcua.organization.models import User


class Command(BaseCommand):
    help = "Create an API token for USERNAME named NAME, valid for --days days (default: no expiry)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'Kết nối Cổng dịch vụ công'.")
        parser.add_argument("--days", type=int, default=None, help="Days until the token expires.")

    def handle(self, *args: Any, username: str, name: str, days: int | None, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token, raw = issue_token(user=user, name=name, expires_at=expiry_after_days(days))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        expiry = f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}" if token.expires_at else "does not expire"
        self.stderr.write(f"Token {token} for {user.username} ({expiry}); it is shown only now:")
        self.stdout.write(raw)
