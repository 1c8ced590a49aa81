"""Write the API's OpenAPI schema to ``motcua/api/openapi.json``, or check that the committed file is current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "openapi.json"
REGENERATE = "DEBUG=1 .venv/bin/python manage.py export_openapi"


def current_schema() -> str:
    """The schema as committed: Vietnamese descriptions, stable key order, one trailing newline."""
    from motcua.api.api import api

    with translation.override("vi"):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Export the OpenAPI schema of /api/v1/ to motcua/api/openapi.json (--check: fail if it is out of date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; exit non-zero when the committed file differs."
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        schema = current_schema()
        committed = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if check:
            if committed != schema:
                raise CommandError(f"{SCHEMA_PATH} is out of date with the API: run `{REGENERATE}` and commit it.")
            self.stdout.write(f"{SCHEMA_PATH.name} is up to date.")
            return
        if committed == schema:
            self.stdout.write(f"{SCHEMA_PATH.name} is already up to date.")
            return
        SCHEMA_PATH.write_text(schema, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {SCHEMA_PATH}."))
