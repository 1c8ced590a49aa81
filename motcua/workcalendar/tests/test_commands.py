"""The ``deadline`` and ``workcalendar`` commands, including every Vietnamese holiday of 2025 and 2026."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.workcalendar.models import OverrideKind
from motcua.workcalendar.services import add_override, calendar_for, set_working_hours

pytestmark = pytest.mark.django_db


def deadline(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


def workcalendar(*args: str) -> list[str]:
    out = StringIO()
    call_command("workcalendar", *args, stdout=out)
    return out.getvalue().splitlines()


# One working day from 10:00 on the last working day before each holiday block of 2025–2026 (and onto each swapped
# Saturday), with the answer worked out by hand from the government's announcements.
HOLIDAY_CASES = [
    ("2024-12-31 10:00", "2025-01-02 10:00"),  # New Year 2025 (Wednesday)
    ("2025-01-24 10:00", "2025-02-03 10:00"),  # Tết 2025: Mon 27/1 – Fri 31/1
    ("2025-04-04 10:00", "2025-04-08 10:00"),  # Hùng Kings 2025: Mon 7/4
    ("2025-04-25 10:00", "2025-04-26 10:00"),  # Saturday 26/4/2025 is worked
    ("2025-04-29 10:00", "2025-05-05 10:00"),  # 30/4, 1/5 and 2/5 (swapped for 26/4)
    ("2025-08-29 10:00", "2025-09-03 10:00"),  # National Day 2025: Mon 1/9 – Tue 2/9
    ("2025-12-31 10:00", "2026-01-02 10:00"),  # New Year 2026 (Thursday)
    ("2026-02-13 10:00", "2026-02-23 10:00"),  # Tết 2026: Mon 16/2 – Fri 20/2
    ("2026-04-24 10:00", "2026-04-28 10:00"),  # Hùng Kings 2026 on Sunday 26/4, observed Monday 27/4
    ("2026-04-29 10:00", "2026-05-04 10:00"),  # 30/4 (Thursday) and 1/5 (Friday)
    ("2026-08-21 10:00", "2026-08-22 10:00"),  # Saturday 22/8/2026 is worked
    ("2026-08-28 10:00", "2026-09-03 10:00"),  # 31/8 (swapped for 22/8), 1/9 and 2/9
    ("2026-11-23 10:00", "2026-11-25 10:00"),  # Vietnamese Culture Day, Tuesday 24/11/2026
]


@pytest.mark.parametrize(("start", "due"), HOLIDAY_CASES)
def test_the_deadline_command_skips_every_holiday_of_2025_and_2026(start, due):
    assert deadline(start, "1d") == due


def test_the_holiday_cases_cover_every_weekday_off_of_2025_and_2026():
    """Guards the table above: a holiday added to the package would otherwise go untested."""
    calendar = calendar_for()
    weekdays_off = {
        special.day for year in (2025, 2026) for special in calendar.special_days(year) if not special.working
    }
    skipped: set[dt.date] = set()
    for start, due in HOLIDAY_CASES:
        day = dt.date.fromisoformat(start[:10]) + dt.timedelta(days=1)
        while day < dt.date.fromisoformat(due[:10]):
            skipped.add(day)
            day += dt.timedelta(days=1)
    assert len(weekdays_off) == 25  # 12 in 2025, 13 in 2026
    assert weekdays_off <= skipped


def test_the_deadline_command_counts_hours_and_minutes_across_the_lunch_break():
    assert deadline("2026-03-02 11:00", "4h") == "2026-03-02 17:00"
    assert deadline("2026-03-02 11:00", "90m") == "2026-03-02 14:30"
    assert deadline("2026-03-02 16:00", "1d4h") == "2026-03-04 10:00"


def test_the_deadline_command_uses_the_units_day_and_overrides(personas):
    code = personas.commune.code
    set_working_hours(windows="07:30-11:30, 13:00-16:30", unit_code=code)
    add_override(day=dt.date(2026, 3, 3), kind=OverrideKind.DAY_OFF, reason="Bầu cử", unit_code=code)
    assert deadline("2026-03-02 16:00", "1d", "--unit", code) == "2026-03-04 16:00"
    assert deadline("2026-03-02 16:00", "1d") == "2026-03-03 16:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-03-02 16:00", "3x"), "Thời lượng “3x” không hợp lệ"),
        (("2026-03-02 16:00", ""), "không hợp lệ"),
        (("2026-02-30 16:00", "1d"), "Thời điểm bắt đầu “2026-02-30 16:00” không hợp lệ"),
        (("2 March 2026", "1d"), "YYYY-MM-DD HH:MM"),
        (("2026-03-02 16:00", "1d", "--unit", "KHONG.CO"), "Không có đơn vị nào mang mã “KHONG.CO”"),
    ],
)
def test_the_deadline_command_explains_bad_input_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)


def test_the_workcalendar_command_lists_weekdays_off_and_weekends_worked():
    lines = workcalendar("2026")
    assert any(line.startswith("2026-04-27  Thứ Hai") and "Hùng Vương" in line for line in lines)
    assert any(line.startswith("2026-08-22  Thứ Bảy") and "Làm việc" in line for line in lines)
    assert any(line.startswith("2026-11-24  Thứ Ba") and "Văn hóa" in line for line in lines)
    assert not any(line.startswith("2026-04-26") for line in lines)


def test_the_workcalendar_command_shows_a_units_overrides(personas):
    code = personas.commune.code
    add_override(day=dt.date(2026, 11, 24), kind=OverrideKind.WORKING_DAY, reason="Hủy ngày nghỉ", unit_code=code)
    unit_line = next(line for line in workcalendar("2026", "--unit", code) if line.startswith("2026-11-24"))
    assert "Làm việc" in unit_line
    assert "Hủy ngày nghỉ" in unit_line


@pytest.mark.parametrize(
    ("args", "message"),
    [(("20x",), "Năm “20x” không hợp lệ"), (("1800",), "không hợp lệ"), (("2026", "--unit", "X"), "Không có đơn vị")],
)
def test_the_workcalendar_command_explains_bad_input_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        workcalendar(*args)
