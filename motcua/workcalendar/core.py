"""Working-time arithmetic: the pure core every deadline in the system is computed with.

Legal time limits count working days or hours (domain.md §6), so a due instant is "start + N minutes of working
time", skipping weekends, public holidays and the gaps between the morning and afternoon windows, and skipping
the working time inside pauses (waiting for the applicant). Deadlines are computed for every received dossier and
recomputed whenever the calendar changes, so each call must be cheap: the calendar is precomputed once as sorted
arrays of working intervals with cumulative sums, and every question becomes a binary search (O(log n)), never a
day-by-day loop.

Instants are handled internally as integer microseconds of local wall-clock time (``date.toordinal()`` days plus
the time of day) in the calendar's time zone. That keeps the arithmetic exact (so adding and measuring are true
inverses) and is correct for zones without daylight saving during working hours, such as Asia/Ho_Chi_Minh.

The module has no ORM imports: the ``services`` module builds a calendar from the database rows, tests and other
pure code build one directly.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar
from zoneinfo import ZoneInfo

import holidays
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Pause = tuple[datetime, datetime | None]
Window = tuple[time, time]

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_WINDOWS: tuple[Window, ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_YEARS = (2018, 2030)
HOLIDAY_COUNTRY = "VN"

# How far the precomputed span grows when a computation runs past its end: a few years at once, so that a burst
# of late deadlines rebuilds the arrays once, not once per call.
_GROWTH_YEARS = 5
_LAST_YEAR = 9998
_US_PER_MINUTE = 60_000_000
_US_PER_DAY = 24 * 60 * _US_PER_MINUTE

_T = TypeVar("_T")


class DeadlineSuspended(Exception):
    """The requested working time is not reached before a pause that is still open.

    While a dossier waits for the applicant its due instant is unknown (the pause has no end yet); callers show
    the remaining time instead and recompute the due instant when the pause is closed.
    """

    def __init__(self, paused_at: datetime, remaining_minutes: int) -> None:
        super().__init__(f"deadline suspended since {paused_at.isoformat()}, {remaining_minutes} min remaining")
        self.paused_at = paused_at
        self.remaining_minutes = remaining_minutes


class _BeyondSpan(Exception):
    """Raised inside a computation that needs more years than are precomputed; the caller grows and retries."""


@dataclass(frozen=True)
class SpecialDay:
    """A day whose status differs from the plain weekday/weekend rule, or that an administrator overrode."""

    day: date
    working: bool
    reason: str | Promise


def validate_windows(windows: Sequence[Window]) -> tuple[Window, ...]:
    """Check that windows are whole minutes, ordered and apart; a gap of zero would be one window written twice."""
    if not windows:
        raise ValueError(_("Phải có ít nhất một khung giờ làm việc."))
    checked: list[Window] = []
    for start, end in windows:
        if start.tzinfo or end.tzinfo or start.second or end.second or start.microsecond or end.microsecond:
            raise ValueError(_("Giờ làm việc được ghi theo giờ và phút, không có giây hay múi giờ."))
        if start >= end:
            raise ValueError(
                _("Khung giờ %(start)s–%(end)s không hợp lệ: giờ bắt đầu phải trước giờ kết thúc.")
                % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            )
        if checked and start <= checked[-1][1]:
            raise ValueError(
                _("Các khung giờ phải theo thứ tự trong ngày và cách nhau (khung bắt đầu lúc %(start)s).")
                % {"start": f"{start:%H:%M}"}
            )
        checked.append((start, end))
    return tuple(checked)


_WINDOW_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def parse_windows(text: str) -> tuple[Window, ...]:
    """Read windows written as an administrator types them: ``07:00-11:30, 13:30-17:00``."""
    windows: list[Window] = []
    for part in text.split(","):
        match = _WINDOW_RE.match(part)
        if not match:
            raise ValueError(
                _("Không đọc được khung giờ “%(part)s”: hãy ghi dạng 07:00-11:30, 13:30-17:00.")
                % {"part": part.strip()}
            )
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        try:
            windows.append((time(h1, m1), time(h2, m2)))
        except ValueError:
            raise ValueError(_("Giờ không hợp lệ trong “%(part)s”.") % {"part": part.strip()}) from None
    return validate_windows(windows)


def format_windows(windows: Sequence[Window]) -> str:
    """The inverse of ``parse_windows``, for showing the current setting."""
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in windows)


@functools.lru_cache(maxsize=8)
def _package_days(first_year: int, last_year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Holidays and swapped working Saturdays of the package, shared by every unit's calendar (slow to compute)."""
    package = holidays.country_holidays(HOLIDAY_COUNTRY, years=range(first_year, last_year + 1), language="vi")
    names = MappingProxyType({day: name for day, name in package.items() if first_year <= day.year <= last_year})
    swapped = frozenset(day for day in package.weekend_workdays if first_year <= day.year <= last_year)
    return names, swapped


def _minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class _Span:
    """Precomputed working intervals of the years ``first_year``..``last_year`` (immutable, swapped atomically).

    ``starts``/``ends`` are interval bounds in local microseconds; ``done_before[i]``/``done_after[i]`` are the
    working microseconds elapsed since the span's start at the beginning/end of interval ``i``; ``workdays`` holds
    the ordinals of working days. All are sorted, so every lookup is a bisect.
    """

    first_year: int
    last_year: int
    holiday_names: Mapping[date, str]
    swapped_workdays: frozenset[date]
    starts: list[int]
    ends: list[int]
    done_before: list[int]
    done_after: list[int]
    workdays: list[int]

    def covers(self, pos: int) -> bool:
        return (
            date(self.first_year, 1, 1).toordinal() * _US_PER_DAY
            <= pos
            < (date(self.last_year + 1, 1, 1).toordinal() * _US_PER_DAY)
        )

    def done_at(self, pos: int) -> int:
        """Working microseconds elapsed from the span's start up to ``pos``."""
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0
        return self.done_before[i] + min(pos - self.starts[i], self.ends[i] - self.starts[i])

    def position_of(self, done: int) -> int:
        """The earliest instant at which ``done`` (> 0) working microseconds have elapsed: a window's end at most."""
        j = bisect_left(self.done_after, done)
        if j == len(self.done_after):
            raise _BeyondSpan
        return self.starts[j] + (done - self.done_before[j])

    def interval_at(self, pos: int) -> int:
        """Index of the last interval starting at or before ``pos`` (-1 if none)."""
        return bisect_right(self.starts, pos) - 1

    def next_start(self, pos: int) -> int:
        """Start of the first interval starting strictly after ``pos``."""
        j = bisect_right(self.starts, pos)
        if j == len(self.starts):
            raise _BeyondSpan
        return self.starts[j]

    def workday_on_or_after(self, ordinal: int) -> int:
        j = bisect_left(self.workdays, ordinal)
        if j == len(self.workdays):
            raise _BeyondSpan
        return self.workdays[j]


class WorkingCalendar:
    """Working days and hours of one scope (the province or one unit), and arithmetic on working time.

    A day is a working day unless it is a weekend or a public holiday of the ``holidays`` package (country VN),
    except that Saturdays the government swapped into working days (``weekend_workdays``) are worked. Overrides
    entered by an administrator win over both, so a new annual announcement, or the cancellation of a package
    holiday (e.g. 24/11 from 2026), needs no code change.
    """

    tz: ZoneInfo
    day_minutes: int
    windows: tuple[Window, ...]

    def __init__(
        self,
        *,
        windows: Sequence[Window] = DEFAULT_WINDOWS,
        days_off: Mapping[date, str] | None = None,
        working_days: Mapping[date, str] | None = None,
        time_zone: str = DEFAULT_TIME_ZONE,
        years: tuple[int, int] = DEFAULT_YEARS,
    ) -> None:
        self.tz = ZoneInfo(time_zone)
        self.windows = validate_windows(windows)
        self.day_minutes = sum(_minute_of(end) - _minute_of(start) for start, end in self.windows)
        self._days_off = dict(days_off or {})
        self._working_days = dict(working_days or {})
        clash = sorted(self._days_off.keys() & self._working_days.keys())
        if clash:
            raise ValueError(
                _("Ngày %(day)s vừa được khai báo là ngày nghỉ vừa là ngày làm việc.") % {"day": f"{clash[0]:%d/%m/%Y}"}
            )
        self._window_offsets = [
            (_minute_of(start) * _US_PER_MINUTE, _minute_of(end) * _US_PER_MINUTE) for start, end in self.windows
        ]
        self._lock = threading.Lock()
        self._span = self._build(*years)

    # --- public API -------------------------------------------------------------------------------------------

    def add_working(self, start: datetime, minutes: int, pauses: Sequence[Pause] = ()) -> datetime:
        """The instant at which ``minutes`` of working time outside every pause have elapsed after ``start``.

        Counting begins at the next working instant when ``start`` is outside working time. The result is the
        earliest such instant, so it may be a window's end (17:00, 11:30) — work finished at 11:30 is not
        "finished at 13:30". Adding zero minutes returns ``start`` when it lies inside a window or exactly at a
        window's end, else the next window's start: "as soon as work can happen", and add(add(t, a), b) equals
        add(t, a + b) for every t, a, b. Pauses do not matter for zero minutes. A pause with no end that is reached
        before the minutes run out raises ``DeadlineSuspended``.
        """
        if minutes < 0:
            raise ValueError(_("Số phút làm việc cần cộng không được âm."))
        start_pos = self._pos(start)
        merged = self._merge_pauses(pauses, start_pos, None)

        def compute(span: _Span) -> datetime:
            return self._dt(self._add(span, start_pos, minutes * _US_PER_MINUTE, merged))

        return self._run(compute, start_pos, *self._pause_positions(merged))

    def working_minutes_between(self, start: datetime, end: datetime, pauses: Sequence[Pause] = ()) -> int:
        """Whole minutes of working time in [start, end) outside every pause; negative when ``end`` < ``start``.

        The sign lets callers write one expression for "Còn N ngày" and "Quá hạn N ngày". Partial minutes are
        dropped (towards zero), so ``working_minutes_between(t, add_working(t, m)) == m``. An open pause covers
        everything after its start.
        """
        start_pos, end_pos = self._pos(start), self._pos(end)
        if end_pos < start_pos:
            return -self.working_minutes_between(end, start, pauses)
        return self._between_us(start_pos, end_pos, pauses) // _US_PER_MINUTE

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has working hours (weekend, holiday, swap and override rules applied)."""
        ordinal = day.toordinal()

        def compute(span: _Span) -> bool:
            j = bisect_left(span.workdays, ordinal)
            return j < len(span.workdays) and span.workdays[j] == ordinal

        return self._run(compute, ordinal * _US_PER_DAY)

    def is_working_time(self, instant: datetime) -> bool:
        """Whether ``instant`` lies inside a window of a working day; a window's end is outside it (half-open)."""
        pos = self._pos(instant)

        def compute(span: _Span) -> bool:
            i = span.interval_at(pos)
            return i >= 0 and pos < span.ends[i]

        return self._run(compute, pos)

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself (in the calendar's zone) when it is working time, else the next window's start."""
        pos = self._pos(instant)

        def compute(span: _Span) -> datetime:
            i = span.interval_at(pos)
            if i >= 0 and pos < span.ends[i]:
                return self._dt(pos)
            return self._dt(span.next_start(pos))

        return self._run(compute, pos)

    def end_of_working_day(self, day: date) -> datetime:
        """Close of the last window of ``day``, or of the next working day when ``day`` is not one.

        Rolling forward is what both users need: "within the day" limits and calendar-day limits whose last day
        falls on a day off (Civil Code 2015, Art. 148: the period ends on the next working day).
        """
        ordinal = day.toordinal()
        close = self._window_offsets[-1][1]

        def compute(span: _Span) -> datetime:
            return self._dt(span.workday_on_or_after(ordinal) * _US_PER_DAY + close)

        return self._run(compute, ordinal * _US_PER_DAY)

    def special_days(self, year: int) -> list[SpecialDay]:
        """The year's weekdays off, weekend days worked, and every day an override names, in date order."""
        span = self._run(lambda span: span, date(year, 1, 1).toordinal() * _US_PER_DAY)
        result: list[SpecialDay] = []
        day = date(year, 1, 1)
        while day.year == year:
            working, reason = self._day_status(day, span.holiday_names, span.swapped_workdays)
            is_weekend = day.weekday() >= 5
            if working == is_weekend or day in self._days_off or day in self._working_days:
                result.append(SpecialDay(day, working, reason))
            day += timedelta(days=1)
        return result

    # --- internals --------------------------------------------------------------------------------------------

    def _pos(self, instant: datetime) -> int:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(_("Thời điểm phải có múi giờ (aware datetime)."))
        local = instant.astimezone(self.tz)
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        return local.toordinal() * _US_PER_DAY + seconds * 1_000_000 + local.microsecond

    def _dt(self, pos: int) -> datetime:
        ordinal, rest = divmod(pos, _US_PER_DAY)
        return datetime.combine(date.fromordinal(ordinal), time(), tzinfo=self.tz) + timedelta(microseconds=rest)

    def _day_status(
        self, day: date, holiday_names: Mapping[date, str], swapped: frozenset[date]
    ) -> tuple[bool, str | Promise]:
        if day in self._working_days:
            return True, self._working_days[day]
        if day in self._days_off:
            return False, self._days_off[day]
        if day in swapped:
            return True, _("Ngày làm việc bù theo lịch nghỉ lễ của Chính phủ")
        if day.weekday() >= 5:
            return False, ""
        if day in holiday_names:
            return False, holiday_names[day]
        return True, ""

    def _build(self, first_year: int, last_year: int) -> _Span:
        names, swapped = _package_days(first_year, last_year)
        starts: list[int] = []
        ends: list[int] = []
        done_before: list[int] = []
        done_after: list[int] = []
        workdays: list[int] = []
        done = 0
        for ordinal in range(date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal() + 1):
            if not self._day_status(date.fromordinal(ordinal), names, swapped)[0]:
                continue
            workdays.append(ordinal)
            base = ordinal * _US_PER_DAY
            for opens, closes in self._window_offsets:
                starts.append(base + opens)
                ends.append(base + closes)
                done_before.append(done)
                done += closes - opens
                done_after.append(done)
        return _Span(first_year, last_year, names, swapped, starts, ends, done_before, done_after, workdays)

    def _run(self, compute: Callable[[_Span], _T], *positions: int) -> _T:
        """Run ``compute`` on a span covering ``positions``, growing the span and retrying when it runs past the end.

        A computation uses one span throughout, because cumulative sums of different spans are not comparable.
        """
        while True:
            span = self._span
            if not all(span.covers(pos) for pos in positions):
                years = [date.fromordinal(pos // _US_PER_DAY).year for pos in positions]
                span = self._grow(span, min(span.first_year, *years), max(span.last_year, *years))
            try:
                return compute(span)
            except _BeyondSpan:
                if span.last_year >= _LAST_YEAR:
                    raise ValueError(_("Thời hạn vượt quá phạm vi lịch làm việc.")) from None
                self._grow(span, span.first_year, min(span.last_year + _GROWTH_YEARS, _LAST_YEAR))

    def _grow(self, seen: _Span, first_year: int, last_year: int) -> _Span:
        with self._lock:
            current = self._span
            if current is seen or current.first_year > first_year or current.last_year < last_year:
                current = self._build(min(first_year, current.first_year), max(last_year, current.last_year))
                self._span = current
            return current

    def _merge_pauses(self, pauses: Sequence[Pause], lower: int, upper: int | None) -> list[tuple[int, int | None]]:
        """Pauses as sorted, disjoint position intervals clipped to [lower, upper]; ``None`` ends stay open."""
        raw: list[tuple[int, int | None]] = []
        for pause_start, pause_end in pauses:
            start = self._pos(pause_start)
            end = None if pause_end is None else self._pos(pause_end)
            if end is not None and end < start:
                raise ValueError(_("Khoảng tạm dừng kết thúc trước khi bắt đầu."))
            start = max(start, lower)
            if upper is not None:
                end = upper if end is None else min(end, upper)
                start = min(start, upper)
            if end is not None and end <= start:
                continue
            raw.append((start, end))
        raw.sort(key=lambda pause: pause[0])
        merged: list[tuple[int, int | None]] = []
        for start, end in raw:
            if merged and (merged[-1][1] is None or start <= merged[-1][1]):
                last_start, last_end = merged[-1]
                merged[-1] = (last_start, None if end is None or last_end is None else max(last_end, end))
            else:
                merged.append((start, end))
        return merged

    @staticmethod
    def _pause_positions(merged: list[tuple[int, int | None]]) -> list[int]:
        return [pos for pause in merged for pos in pause if pos is not None]

    def _add(self, span: _Span, start: int, amount: int, pauses: list[tuple[int, int | None]]) -> int:
        if amount == 0:
            i = span.interval_at(start)
            return start if i >= 0 and start <= span.ends[i] else span.next_start(start)
        done = span.done_at(start)
        remaining = amount
        for pause_start, pause_end in pauses:
            available = span.done_at(pause_start) - done
            if remaining <= available:
                break
            remaining -= available
            if pause_end is None:
                raise DeadlineSuspended(self._dt(pause_start), -(-remaining // _US_PER_MINUTE))
            done = span.done_at(pause_end)
        return span.position_of(done + remaining)

    def _between_us(self, start: int, end: int, pauses: Sequence[Pause]) -> int:
        merged = self._merge_pauses(pauses, start, end)

        def compute(span: _Span) -> int:
            total = span.done_at(end) - span.done_at(start)
            for pause_start, pause_end in merged:
                total -= span.done_at(end if pause_end is None else pause_end) - span.done_at(pause_start)
            return total

        return self._run(compute, start, end)

    def _extend_by_pauses(self, start: datetime, base: datetime, pauses: Sequence[Pause]) -> datetime:
        """``base`` moved later by the working time paused between ``start`` and ``base`` (and later pauses)."""
        start_pos, base_pos = self._pos(start), self._pos(base)
        if base_pos <= start_pos:
            return base
        paused = self._between_us(start_pos, base_pos, ()) - self._between_us(start_pos, base_pos, pauses)
        if paused == 0:
            return base
        merged = self._merge_pauses(pauses, base_pos, None)
        return self._run(
            lambda span: self._dt(self._add(span, base_pos, paused, merged)),
            base_pos,
            *self._pause_positions(merged),
        )


# --- time limits -------------------------------------------------------------------------------------------------


class LimitUnit(StrEnum):
    """How a legal time limit is counted (the catalog's ``TimeLimitUnit`` uses the same values)."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    WITHIN_DAY = "within_day"


@dataclass(frozen=True)
class TimeLimit:
    """A legal time limit as published: a number and how it is counted.

    ``value`` is ignored for "within the day" (and may be None there); ``same_day_cutoff`` is used only by it.
    Values from the database (``Decimal('10.00')``, the unit as a plain string) are accepted as they come.
    """

    value: Decimal | None
    unit: LimitUnit
    same_day_cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", LimitUnit(self.unit))
        if self.value is not None and not isinstance(self.value, Decimal):
            object.__setattr__(self, "value", Decimal(str(self.value)))


def _whole_minutes(amount: Decimal) -> int:
    """Legal limits such as 0.5 days are exact in minutes; anything finer rounds half up to the minute."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def limit_minutes(limit: TimeLimit, day_minutes: int) -> int:
    """Working minutes of a working-day or working-hour limit (a day being the calendar's ``day_minutes``)."""
    if limit.unit not in (LimitUnit.WORKING_DAYS, LimitUnit.WORKING_HOURS):
        raise ValueError(_("Chỉ thời hạn tính theo ngày làm việc hoặc giờ làm việc mới đổi được ra phút."))
    value = _checked_value(limit)
    return _whole_minutes(value * (day_minutes if limit.unit == LimitUnit.WORKING_DAYS else 60))


def _checked_value(limit: TimeLimit) -> Decimal:
    if limit.value is None:
        raise ValueError(_("Thủ tục chưa có thời hạn giải quyết nên không tính được ngày hẹn trả."))
    if limit.value < 0:
        raise ValueError(_("Thời hạn giải quyết không được âm."))
    return limit.value


def due_instant(
    calendar: WorkingCalendar, received_at: datetime, limit: TimeLimit, pauses: Sequence[Pause] = ()
) -> datetime:
    """The instant a dossier received at ``received_at`` is due, under the rule of the limit's unit (domain.md §6).

    - Working days / hours: value × the calendar's day (or 60) minutes of working time added to the reception
      instant, to the minute — a dossier received at 16:00 with 1 working day is due at 16:00 the next working day.
    - Calendar days (e.g. the judicial record certificate's "10 ngày"): the period starts the day after reception
      (Civil Code Art. 147), so it ends on reception date + N, at the end of that day's working time; if that day is
      not a working day, at the end of the next one (Art. 148). Only whole days exist in this count.
    - Within the day: received on a working day before the cutoff (15:00 by default, and before the day's last
      window closes) → the end of that working day; otherwise the end of the next working day.
    - Pauses always add exactly the working time they cover; for calendar-day and within-day limits the paused
      working time is added after the base due instant, since those limits are not working-time sums.
    """
    if limit.unit in (LimitUnit.WORKING_DAYS, LimitUnit.WORKING_HOURS):
        return calendar.add_working(received_at, limit_minutes(limit, calendar.day_minutes), pauses)
    local = received_at.astimezone(calendar.tz)
    if limit.unit == LimitUnit.CALENDAR_DAYS:
        value = _checked_value(limit)
        if value != value.to_integral_value():
            raise ValueError(_("Thời hạn tính theo ngày (lịch) phải là số ngày nguyên."))
        base = calendar.end_of_working_day(local.date() + timedelta(days=int(value)))
    elif calendar.is_working_day(local.date()) and local.time() < min(limit.same_day_cutoff, calendar.windows[-1][1]):
        base = calendar.end_of_working_day(local.date())
    else:
        base = calendar.end_of_working_day(local.date() + timedelta(days=1))
    return calendar._extend_by_pauses(received_at, base, pauses)


# --- durations typed by people -----------------------------------------------------------------------------------

_DURATION_RE = re.compile(
    r"^\s*(?:(?P<days>\d+(?:[.,]\d+)?)\s*d)?\s*(?:(?P<hours>\d+(?:[.,]\d+)?)\s*h)?\s*(?:(?P<minutes>\d+)\s*m)?\s*$",
    re.IGNORECASE,
)


def parse_duration(text: str, day_minutes: int) -> int:
    """Working minutes of a duration written ``3d``, ``4h``, ``90m``, ``1d4h``, ``0.5d`` (d = ``day_minutes``).

    The day is a parameter because a unit whose windows differ from the default has a different working day.
    """
    match = _DURATION_RE.match(text)
    if not match or not any(match.groupdict().values()):
        raise ValueError(
            _(
                "Thời lượng “%(text)s” không hợp lệ: ghi số kèm đơn vị d (ngày làm việc), h (giờ), m (phút), "
                "ví dụ 3d, 4h, 90m, 1d4h."
            )
            % {"text": text}
        )
    days, hours = (Decimal((match[name] or "0").replace(",", ".")) for name in ("days", "hours"))
    return _whole_minutes(days * day_minutes + hours * 60 + int(match["minutes"] or 0))
