"""Named cases of the Vietnamese working calendar: holidays, swaps, overrides and the window rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.workcalendar.core import DeadlineSuspended, WorkingCalendar, parse_windows, validate_windows
from motcua.workcalendar.tests.helpers import CALENDAR, at

DAY = 480


def days_off(start: str, end: str) -> list[dt.date]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def test_default_working_day_is_eight_hours_in_two_windows():
    assert CALENDAR.day_minutes == DAY
    assert CALENDAR.tz == ZoneInfo("Asia/Ho_Chi_Minh")


def test_tet_2025_closes_monday_27_january_to_friday_31_january():
    assert not any(CALENDAR.is_working_day(day) for day in days_off("2025-01-25", "2025-02-02"))
    assert CALENDAR.is_working_day(dt.date(2025, 1, 24))
    assert CALENDAR.is_working_day(dt.date(2025, 2, 3))
    assert CALENDAR.add_working(at("2025-01-24 10:00"), DAY) == at("2025-02-03 10:00")


def test_tet_2026_closes_monday_16_february_to_friday_20_february():
    assert not any(CALENDAR.is_working_day(day) for day in days_off("2026-02-14", "2026-02-22"))
    assert CALENDAR.is_working_day(dt.date(2026, 2, 13))
    assert CALENDAR.add_working(at("2026-02-13 16:00"), DAY) == at("2026-02-23 16:00")


def test_hung_kings_day_on_a_sunday_is_observed_on_monday_27_april_2026():
    assert not CALENDAR.is_working_day(dt.date(2026, 4, 26))
    assert not CALENDAR.is_working_day(dt.date(2026, 4, 27))
    assert CALENDAR.add_working(at("2026-04-24 09:00"), DAY) == at("2026-04-28 09:00")


def test_swapped_saturdays_are_working_days():
    assert CALENDAR.is_working_day(dt.date(2025, 4, 26))
    assert CALENDAR.is_working_day(dt.date(2026, 8, 22))
    assert CALENDAR.add_working(at("2025-04-25 16:00"), DAY) == at("2025-04-26 16:00")
    assert CALENDAR.add_working(at("2026-08-21 10:00"), DAY) == at("2026-08-22 10:00")


def test_the_days_swapped_for_those_saturdays_are_off():
    assert not CALENDAR.is_working_day(dt.date(2025, 5, 2))
    assert not CALENDAR.is_working_day(dt.date(2026, 8, 31))


def test_national_day_2025_is_monday_1_and_tuesday_2_september():
    assert [CALENDAR.is_working_day(day) for day in days_off("2025-08-29", "2025-09-03")] == [
        True,  # Friday 29/8
        False,
        False,
        False,  # 1/9
        False,  # 2/9
        True,  # 3/9
    ]


def test_national_day_2026_is_monday_31_august_to_wednesday_2_september():
    assert not any(CALENDAR.is_working_day(day) for day in days_off("2026-08-29", "2026-09-02"))
    assert CALENDAR.add_working(at("2026-08-28 10:00"), DAY) == at("2026-09-03 10:00")


def test_vietnamese_culture_day_24_november_2026_is_off():
    assert not CALENDAR.is_working_day(dt.date(2026, 11, 24))
    assert CALENDAR.is_working_day(dt.date(2025, 11, 24))


def test_an_override_cancels_a_package_holiday():
    calendar = WorkingCalendar(working_days={dt.date(2026, 11, 24): "Luật chưa sửa đổi, vẫn làm việc"})
    assert calendar.is_working_day(dt.date(2026, 11, 24))
    assert calendar.add_working(at("2026-11-23 10:00"), DAY) == at("2026-11-24 10:00")


def test_an_override_adds_a_day_off():
    calendar = WorkingCalendar(days_off={dt.date(2026, 3, 2): "Nghỉ theo quyết định của Chủ tịch UBND tỉnh"})
    assert not calendar.is_working_day(dt.date(2026, 3, 2))
    assert calendar.add_working(at("2026-02-27 10:00"), DAY) == at("2026-03-03 10:00")


def test_a_day_cannot_be_both_off_and_worked():
    day = dt.date(2026, 3, 2)
    with pytest.raises(ValueError, match="02/03/2026"):
        WorkingCalendar(days_off={day: "a"}, working_days={day: "b"})


def test_counting_from_outside_working_time_starts_at_the_next_window():
    assert CALENDAR.add_working(at("2026-03-02 12:15"), 30) == at("2026-03-02 14:00")
    assert CALENDAR.add_working(at("2026-03-02 20:00"), 30) == at("2026-03-03 07:30")
    assert CALENDAR.add_working(at("2026-03-07 09:00"), 30) == at("2026-03-09 07:30")


def test_work_that_ends_with_a_window_lands_on_the_window_end_not_on_the_next_opening():
    assert CALENDAR.add_working(at("2026-03-02 07:00"), 270) == at("2026-03-02 11:30")
    assert CALENDAR.add_working(at("2026-03-02 07:00"), DAY) == at("2026-03-02 17:00")


def test_adding_zero_moves_only_an_instant_outside_the_windows():
    assert CALENDAR.add_working(at("2026-03-02 09:00"), 0) == at("2026-03-02 09:00")
    assert CALENDAR.add_working(at("2026-03-02 11:30"), 0) == at("2026-03-02 11:30")
    assert CALENDAR.add_working(at("2026-03-02 12:00"), 0) == at("2026-03-02 13:30")


def test_seconds_are_kept_to_the_second():
    assert CALENDAR.add_working(at("2026-03-02 09:00:42"), 60) == at("2026-03-02 10:00:42")


def test_instants_in_another_zone_are_read_as_the_same_moment():
    utc = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hồ Chí Minh City
    assert CALENDAR.add_working(utc, 60) == at("2026-03-02 10:00")


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        CALENDAR.add_working(dt.datetime(2026, 3, 2, 9, 0), 60)


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        CALENDAR.add_working(at("2026-03-02 09:00"), -1)


def test_working_minutes_between_is_negative_when_the_end_is_earlier():
    assert CALENDAR.working_minutes_between(at("2026-03-03 09:00"), at("2026-03-02 09:00")) == -DAY


def test_a_pause_skips_the_working_time_it_covers():
    pause = (at("2026-03-02 10:00"), at("2026-03-03 10:00"))
    assert CALENDAR.add_working(at("2026-03-02 08:00"), 180, [pause]) == at("2026-03-03 11:00")
    assert CALENDAR.working_minutes_between(at("2026-03-02 08:00"), at("2026-03-03 11:00"), [pause]) == 180


def test_overlapping_pauses_count_once():
    pauses = [(at("2026-03-02 10:00"), at("2026-03-02 11:00")), (at("2026-03-02 10:30"), at("2026-03-02 11:30"))]
    assert CALENDAR.add_working(at("2026-03-02 08:00"), 180, pauses) == at("2026-03-02 14:30")


def test_a_pause_before_the_start_changes_nothing():
    pause = (at("2026-03-01 10:00"), at("2026-03-02 07:00"))
    assert CALENDAR.add_working(at("2026-03-02 08:00"), 60, [pause]) == at("2026-03-02 09:00")


def test_an_open_pause_suspends_the_deadline_and_says_what_remains():
    with pytest.raises(DeadlineSuspended) as caught:
        CALENDAR.add_working(at("2026-03-02 08:00"), DAY, [(at("2026-03-02 10:00"), None)])
    assert caught.value.paused_at == at("2026-03-02 10:00")
    assert caught.value.remaining_minutes == DAY - 120


def test_an_open_pause_after_the_due_instant_does_not_matter():
    pause = (at("2026-03-03 10:00"), None)
    assert CALENDAR.add_working(at("2026-03-02 08:00"), 60, [pause]) == at("2026-03-02 09:00")
    assert CALENDAR.working_minutes_between(at("2026-03-02 08:00"), at("2026-03-04 08:00"), [pause]) == 420 + 180


def test_a_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        CALENDAR.add_working(at("2026-03-02 08:00"), 60, [(at("2026-03-02 10:00"), at("2026-03-02 09:00"))])


def test_is_working_time_treats_windows_as_half_open():
    assert CALENDAR.is_working_time(at("2026-03-02 07:00"))
    assert not CALENDAR.is_working_time(at("2026-03-02 11:30"))
    assert not CALENDAR.is_working_time(at("2026-03-02 06:59"))
    assert not CALENDAR.is_working_time(at("2026-01-01 09:00"))


def test_next_working_instant_skips_holidays_and_the_lunch_break():
    assert CALENDAR.next_working_instant(at("2026-03-02 09:00")) == at("2026-03-02 09:00")
    assert CALENDAR.next_working_instant(at("2026-03-02 11:30")) == at("2026-03-02 13:30")
    assert CALENDAR.next_working_instant(at("2026-02-13 17:00")) == at("2026-02-23 07:00")


def test_end_of_working_day_rolls_forward_from_a_day_off():
    assert CALENDAR.end_of_working_day(dt.date(2026, 3, 2)) == at("2026-03-02 17:00")
    assert CALENDAR.end_of_working_day(dt.date(2026, 4, 30)) == at("2026-05-04 17:00")


def test_the_calendar_grows_past_its_precomputed_years():
    calendar = WorkingCalendar(years=(2025, 2026))
    assert calendar.add_working(at("2026-12-31 10:00"), DAY) == CALENDAR.add_working(at("2026-12-31 10:00"), DAY)
    assert calendar.add_working(at("2024-12-31 10:00"), DAY) == at("2025-01-02 10:00")
    assert calendar.add_working(at("2026-12-31 10:00"), DAY * 600) == CALENDAR.add_working(
        at("2026-12-31 10:00"), DAY * 600
    )


def test_other_windows_change_the_length_of_a_day():
    calendar = WorkingCalendar(windows=parse_windows("07:30-11:30, 13:00-16:30"))
    assert calendar.day_minutes == 450
    assert calendar.add_working(at("2026-03-02 16:00"), 450) == at("2026-03-03 16:00")


@pytest.mark.parametrize(
    "text",
    ["", "7-11", "11:30-07:00", "07:00-11:30, 11:00-17:00", "07:00-11:30, 11:30-17:00", "25:00-26:00"],
)
def test_bad_windows_are_refused(text):
    with pytest.raises(ValueError):
        parse_windows(text)


def test_windows_with_seconds_are_refused():
    with pytest.raises(ValueError):
        validate_windows([(dt.time(7, 0, 30), dt.time(11, 30))])


def test_special_days_list_weekday_holidays_and_worked_weekends_with_their_names():
    calendar = WorkingCalendar(working_days={dt.date(2026, 11, 24): "Hủy ngày nghỉ"})
    listed = {special.day: special for special in calendar.special_days(2026)}
    assert listed[dt.date(2026, 4, 27)].working is False
    assert "Hùng Vương" in listed[dt.date(2026, 4, 27)].reason
    assert listed[dt.date(2026, 8, 22)].working is True
    assert listed[dt.date(2026, 11, 24)].working is True
    assert listed[dt.date(2026, 11, 24)].reason == "Hủy ngày nghỉ"
    assert dt.date(2026, 4, 26) not in listed  # a Sunday is off anyway
    assert dt.date(2026, 3, 2) not in listed
