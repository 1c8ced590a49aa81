"""``manage.py import_catalog FILE``: import a catalog file (.json or .xlsx), all-or-nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.services.exchange import import_json, import_xlsx


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp .json hoặc .xlsx (lỗi ở bất kỳ dòng nào thì không lưu gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        suffix = file.suffix.lower()
        if suffix not in {".json", ".xlsx"}:
            raise CommandError("Chỉ nhập được tệp .json hoặc .xlsx.")
        try:
            if suffix == ".json":
                with file.open(encoding="utf-8") as stream:
                    report = import_json(stream)
            else:
                with file.open("rb") as stream:
                    report = import_xlsx(stream)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            f"Đã nhập {report.procedures} thủ tục mới, {report.versions} phiên bản, {report.components} thành phần "
            f"hồ sơ, {report.fees} phí/lệ phí, {report.processes} quy trình ({report.steps} bước)."
        )
