"""Properties of working-time arithmetic that must hold for every instant, amount and pause (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from motcua.workcalendar.tests.helpers import CALENDAR

ONE_MICROSECOND = dt.timedelta(microseconds=1)
MINUTES = st.integers(min_value=0, max_value=480 * 40)
POSITIVE_MINUTES = st.integers(min_value=1, max_value=480 * 40)

# Whole-minute instants from 2024 to 2027 (holidays, swaps and year ends included), in the calendar's zone.
instants = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31, 23, 59)).map(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=CALENDAR.tz)
)
working_instants = instants.map(CALENDAR.next_working_instant)
gaps = st.integers(min_value=1, max_value=60 * 24 * 20).map(lambda minutes: dt.timedelta(minutes=minutes))


@settings(max_examples=300)
@given(start=instants, a=MINUTES, b=MINUTES)
def test_adding_more_minutes_never_ends_earlier(start, a, b):
    low, high = sorted((a, b))
    assert CALENDAR.add_working(start, low) <= CALENDAR.add_working(start, high)


@settings(max_examples=300)
@given(start=st.one_of(working_instants, instants), a=MINUTES, b=MINUTES)
def test_adding_in_two_steps_equals_adding_at_once(start, a, b):
    """Holds from any instant, not only from working time, because adding zero keeps a window's end."""
    assert CALENDAR.add_working(CALENDAR.add_working(start, a), b) == CALENDAR.add_working(start, a + b)


@settings(max_examples=300)
@given(start=instants, minutes=POSITIVE_MINUTES)
def test_the_result_is_inside_a_window_or_at_its_end(start, minutes):
    due = CALENDAR.add_working(start, minutes)
    assert CALENDAR.is_working_time(due - ONE_MICROSECOND)
    assert due > start


@settings(max_examples=300)
@given(start=instants, minutes=MINUTES)
def test_working_minutes_between_inverts_add_working(start, minutes):
    assert CALENDAR.working_minutes_between(start, CALENDAR.add_working(start, minutes)) == minutes


@settings(max_examples=300)
@given(start=instants, minutes=POSITIVE_MINUTES, offset=gaps, length=gaps)
def test_a_pause_adds_exactly_its_working_time(start, minutes, offset, length):
    pause_start = start + offset
    pause = (pause_start, pause_start + length)
    plain = CALENDAR.add_working(start, minutes)
    paused = CALENDAR.add_working(start, minutes, [pause])
    if pause_start < plain:
        assert paused == CALENDAR.add_working(start, minutes + CALENDAR.working_minutes_between(*pause))
    else:
        assert paused == plain


@settings(max_examples=300)
@given(start=instants, minutes=POSITIVE_MINUTES, pauses=st.lists(st.tuples(gaps, gaps), max_size=4))
def test_working_minutes_between_inverts_add_working_with_pauses(start, minutes, pauses):
    intervals = [(start + offset, start + offset + length) for offset, length in pauses]
    due = CALENDAR.add_working(start, minutes, intervals)
    assert CALENDAR.working_minutes_between(start, due, intervals) == minutes


@settings(max_examples=200)
@given(start=instants, end=instants)
def test_working_minutes_between_is_antisymmetric(start, end):
    assume(start != end)
    assert CALENDAR.working_minutes_between(start, end) == -CALENDAR.working_minutes_between(end, start)


@settings(max_examples=200)
@given(instant=instants)
def test_the_next_working_instant_is_working_time_and_not_earlier(instant):
    following = CALENDAR.next_working_instant(instant)
    assert following >= instant
    assert CALENDAR.is_working_time(following)
    assert CALENDAR.working_minutes_between(instant, following) == 0
