"""``manage.py import_reference_procedures``: load the shared reference procedures (idempotent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.models import VersionStatus
from motcua.catalog.services import publication_problems
from motcua.catalog.services.reference import DEFAULT_PATH, import_reference_procedures


class Command(BaseCommand):
    help = "Nạp các thủ tục mẫu từ tệp tham chiếu dùng chung; chạy lại không tạo trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
        parser.add_argument("--valid-from", type=dt.date.fromisoformat, default=dt.date(2025, 7, 1))

    def handle(self, *args: Any, path: Path, valid_from: dt.date, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"Không thấy tệp {path}.")
        try:
            versions = import_reference_procedures(path, valid_from=valid_from)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        for version in versions:
            line = f"{version.procedure.code}  {version.procedure.name[:70]} — {version.get_status_display()}"
            self.stdout.write(line)
            if version.status == VersionStatus.DRAFT:
                for problem in publication_problems(version, valid_from=valid_from):
                    self.stdout.write(f"    ! {problem}")
        published = sum(version.status == VersionStatus.PUBLISHED for version in versions)
        self.stdout.write(f"{len(versions)} thủ tục, {published} phiên bản đang công bố.")
