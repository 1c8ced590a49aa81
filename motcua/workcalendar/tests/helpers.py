"""Shared test helpers: local instants written the way the rules are written in the law and in the tickets."""

from __future__ import annotations

import datetime as dt

from motcua.workcalendar.core import WorkingCalendar

CALENDAR = WorkingCalendar()


def at(text: str) -> dt.datetime:
    """``at("2026-04-24 16:00")`` → that wall-clock instant in Asia/Ho_Chi_Minh."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CALENDAR.tz)
