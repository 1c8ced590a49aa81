"""The due-instant rule of each kind of legal time limit, and durations typed by people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.workcalendar.core import LimitUnit, TimeLimit, due_instant, limit_minutes, parse_duration
from motcua.workcalendar.tests.helpers import CALENDAR, at


def working_days(value: str) -> TimeLimit:
    return TimeLimit(Decimal(value), LimitUnit.WORKING_DAYS)


def test_working_days_are_added_to_the_reception_instant_to_the_minute():
    assert due_instant(CALENDAR, at("2026-03-02 16:10"), working_days("3")) == at("2026-03-05 16:10")


def test_half_a_working_day_is_four_hours():
    assert due_instant(CALENDAR, at("2026-03-02 09:00"), working_days("0.5")) == at("2026-03-02 15:00")


def test_working_hours_are_sixty_minutes_each():
    limit = TimeLimit(Decimal("8"), LimitUnit.WORKING_HOURS)
    assert due_instant(CALENDAR, at("2026-03-02 10:00"), limit) == at("2026-03-03 10:00")


def test_values_as_the_database_returns_them_are_accepted():
    limit = TimeLimit(Decimal("2.00"), "working_days")  # type: ignore[arg-type]
    assert limit.unit is LimitUnit.WORKING_DAYS
    assert due_instant(CALENDAR, at("2026-03-02 10:00"), limit) == at("2026-03-04 10:00")


def test_a_pause_moves_a_working_day_deadline_by_the_paused_working_time():
    pause = (at("2026-03-03 08:00"), at("2026-03-03 10:00"))  # 2 hours: 10:00 → 11:30, then 13:30 → 14:00
    assert due_instant(CALENDAR, at("2026-03-02 10:00"), working_days("2"), [pause]) == at("2026-03-04 14:00")


def test_within_the_day_before_the_cutoff_is_due_at_the_end_of_that_day():
    limit = TimeLimit(None, LimitUnit.WITHIN_DAY)
    assert due_instant(CALENDAR, at("2026-03-02 14:59"), limit) == at("2026-03-02 17:00")


def test_within_the_day_at_or_after_the_cutoff_is_due_at_the_end_of_the_next_working_day():
    limit = TimeLimit(None, LimitUnit.WITHIN_DAY)
    assert due_instant(CALENDAR, at("2026-03-02 15:00"), limit) == at("2026-03-03 17:00")
    assert due_instant(CALENDAR, at("2026-02-13 15:30"), limit) == at("2026-02-23 17:00")


def test_within_the_day_received_on_a_day_off_is_due_at_the_end_of_the_next_working_day():
    limit = TimeLimit(None, LimitUnit.WITHIN_DAY)
    assert due_instant(CALENDAR, at("2026-03-07 09:00"), limit) == at("2026-03-09 17:00")


def test_within_the_day_uses_the_procedures_own_cutoff():
    limit = TimeLimit(None, LimitUnit.WITHIN_DAY, same_day_cutoff=dt.time(10, 0))
    assert due_instant(CALENDAR, at("2026-03-02 10:30"), limit) == at("2026-03-03 17:00")


def test_calendar_days_end_with_the_working_day_of_the_last_day():
    limit = TimeLimit(Decimal("10"), LimitUnit.CALENDAR_DAYS)
    assert due_instant(CALENDAR, at("2026-03-02 16:30"), limit) == at("2026-03-12 17:00")


def test_calendar_days_landing_on_a_holiday_end_on_the_next_working_day():
    limit = TimeLimit(Decimal("10.00"), LimitUnit.CALENDAR_DAYS)
    # 14/11/2026 + 10 days = Tuesday 24/11/2026, Vietnamese Culture Day.
    assert due_instant(CALENDAR, at("2026-11-14 10:00"), limit) == at("2026-11-25 17:00")
    # 20/4/2026 + 10 days = 30/4, then 1/5 and the weekend: Monday 4/5.
    assert due_instant(CALENDAR, at("2026-04-20 10:00"), limit) == at("2026-05-04 17:00")


def test_calendar_days_are_extended_by_the_paused_working_time():
    limit = TimeLimit(Decimal("10"), LimitUnit.CALENDAR_DAYS)
    pause = (at("2026-03-03 07:00"), at("2026-03-04 07:00"))
    assert due_instant(CALENDAR, at("2026-03-02 10:00"), limit, [pause]) == at("2026-03-13 17:00")


def test_fractional_calendar_days_are_refused():
    with pytest.raises(ValueError):
        due_instant(CALENDAR, at("2026-03-02 10:00"), TimeLimit(Decimal("1.5"), LimitUnit.CALENDAR_DAYS))


def test_a_limit_without_a_value_cannot_give_a_due_instant():
    with pytest.raises(ValueError):
        due_instant(CALENDAR, at("2026-03-02 10:00"), TimeLimit(None, LimitUnit.WORKING_DAYS))


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError):
        due_instant(CALENDAR, at("2026-03-02 10:00"), working_days("-1"))


def test_limit_minutes_converts_days_with_the_calendars_day_length():
    assert limit_minutes(working_days("1.5"), 450) == 675
    with pytest.raises(ValueError):
        limit_minutes(TimeLimit(None, LimitUnit.WITHIN_DAY), 480)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("3d", 1440), ("4h", 240), ("90m", 90), ("1d4h", 720), ("1d 4h 30m", 750), ("0.5d", 240), ("1,5h", 90)],
)
def test_durations_are_read_as_working_minutes(text, minutes):
    assert parse_duration(text, 480) == minutes


def test_a_day_in_a_duration_is_the_units_day():
    assert parse_duration("2d", 450) == 900


@pytest.mark.parametrize("text", ["", "3", "d", "3x", "4h3d", "-1d", "1.d"])
def test_bad_durations_are_refused_with_examples(text):
    with pytest.raises(ValueError, match="3d, 4h, 90m"):
        parse_duration(text, 480)
