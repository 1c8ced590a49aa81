"""``manage.py export_catalog FILE``: export the whole catalog as .json or .xlsx (by the file's extension)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.services.exchange import export_json, export_xlsx


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính ra tệp .json hoặc .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        suffix = file.suffix.lower()
        if suffix == ".json":
            with file.open("w", encoding="utf-8") as stream:
                export_json(stream)
        elif suffix == ".xlsx":
            with file.open("wb") as stream:
                export_xlsx(stream)
        else:
            raise CommandError("Chỉ xuất được tệp .json hoặc .xlsx.")
        self.stdout.write(f"Đã xuất danh mục ra {file}.")
