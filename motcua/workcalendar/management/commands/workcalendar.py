"""List a year's exceptions to the plain weekday rule, so an administrator can check the calendar against the
government's announcement before deadlines are computed with it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.workcalendar.services import calendar_for

WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]
FIRST_YEAR, LAST_YEAR = 1995, 2100


class Command(BaseCommand):
    help = "Liệt kê các ngày nghỉ rơi vào ngày thường và các ngày làm việc rơi vào cuối tuần của một năm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help="Năm cần xem, ví dụ 2026.")
        parser.add_argument("--unit", help="Mã định danh điện tử của đơn vị (mặc định: lịch chung của toàn tỉnh).")

    def handle(self, *args: Any, year: str, unit: str | None, **options: Any) -> None:
        if not year.isdigit() or not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise CommandError(
                _("Năm “%(year)s” không hợp lệ: hãy ghi một năm từ %(first)s đến %(last)s.")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        try:
            calendar = calendar_for(unit)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for special in calendar.special_days(int(year)):
            status = _("Làm việc") if special.working else _("Nghỉ")
            weekday = WEEKDAYS[special.day.weekday()]
            self.stdout.write(f"{special.day.isoformat()}  {weekday:<9} {status:<9} {special.reason}")
