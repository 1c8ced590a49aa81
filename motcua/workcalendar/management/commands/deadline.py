"""Print the due instant of a working-time duration, for checking a deadline by hand at the counter or in support."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.workcalendar.core import parse_duration
from motcua.workcalendar.services import calendar_for

INSTANT_FORMAT = "%Y-%m-%d %H:%M"


class Command(BaseCommand):
    help = "Tính thời điểm đến hạn: thời điểm bắt đầu cộng một khoảng thời gian làm việc."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help="Thời điểm bắt đầu, dạng “YYYY-MM-DD HH:MM” (giờ địa phương).")
        parser.add_argument(
            "duration",
            help="Thời gian làm việc: 3d (ngày làm việc), 4h (giờ), 90m (phút), có thể ghép như 1d4h.",
        )
        parser.add_argument("--unit", help="Mã định danh điện tử của đơn vị (mặc định: lịch chung của toàn tỉnh).")

    def handle(self, *args: Any, start: str, duration: str, unit: str | None, **options: Any) -> None:
        try:
            calendar = calendar_for(unit)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            naive = dt.datetime.strptime(start.strip(), INSTANT_FORMAT)
        except ValueError as error:
            raise CommandError(
                _(
                    "Thời điểm bắt đầu “%(start)s” không hợp lệ: "
                    "hãy ghi dạng “YYYY-MM-DD HH:MM”, ví dụ “2026-03-02 08:00”."
                )
                % {"start": start}
            ) from error
        try:
            minutes = parse_duration(duration, calendar.day_minutes)
        except ValueError as error:
            raise CommandError(str(error)) from error
        due = calendar.add_working(naive.replace(tzinfo=calendar.tz), minutes)
        self.stdout.write(due.astimezone(calendar.tz).strftime(INSTANT_FORMAT))
