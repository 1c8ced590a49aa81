"""Load the demo province: units, communes, staff for every role, the reference procedures and their processes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.demo.services import demo_loaded, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Lâm Đồng (đơn vị, cán bộ, thủ tục, quy trình)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-dossiers", action="store_true", help="Không sinh hồ sơ mẫu (chỉ đơn vị, cán bộ, thủ tục)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu dữ liệu mẫu đã được nạp (dùng cho make run)."
        )

    def handle(self, *args: Any, if_empty: bool, without_dossiers: bool, **options: Any) -> None:
        if if_empty and demo_loaded():
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn; không nạp lại."))
            return
        summary = load_demo(with_dossiers=not without_dossiers)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nạp dữ liệu mẫu: %(units)d đơn vị, %(staff)d cán bộ, %(published)d thủ tục đã công bố"
                    " (%(processes)d quy trình đang áp dụng), %(drafts)d thủ tục còn dự thảo, %(dossiers)d hồ sơ."
                )
                % summary
            )
        )
