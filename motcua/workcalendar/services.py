"""Building calendars from the database, and the write services for overrides and working hours.

Every deadline computation asks for a calendar, so calendars are cached per scope in process memory. Each call
still checks a cheap fingerprint of the scope's rows (count and latest ``updated_at`` of overrides and of working
hours: two aggregates sent as one ``UNION ALL`` statement), so a change made by another process (another web worker,
the admin, a command) is seen at the next call without any cross-process messaging.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Max, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from motcua.organization.models import Unit, User
from motcua.workcalendar.core import DEFAULT_WINDOWS, WorkingCalendar, format_windows, parse_windows
from motcua.workcalendar.models import CalendarOverride, OverrideKind, WorkingHours

# Count and latest update of the scope's overrides, then of its working hours (the instants as the driver gives them).
Fingerprint = tuple[int, Any, int, Any]


@dataclass(frozen=True)
class _Cached:
    fingerprint: Fingerprint
    calendar: WorkingCalendar


_cache: dict[str | None, _Cached] = {}
_cache_lock = threading.Lock()


def resolve_unit(unit_code: str | None) -> Unit | None:
    """The unit with that electronic code, or None for the province; an unknown code is a user error."""
    if unit_code is None:
        return None
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise ValidationError(_("Không có đơn vị nào mang mã “%(code)s”.") % {"code": unit_code})
    return unit


def _scope(unit_code: str | None) -> Q:
    """Rows of the province and of the unit; by code, so a cached scope never depends on a row id."""
    province = Q(unit__isnull=True)
    return province if unit_code is None else province | Q(unit__code=unit_code)


def _stamp(model: type[CalendarOverride | WorkingHours], source: int, unit_code: str | None) -> QuerySet:
    """One row: ``source``, then the count and latest ``updated_at`` of the scope's rows of ``model``."""
    return (
        model.objects.filter(_scope(unit_code))
        .order_by()
        .annotate(source=Value(source, output_field=IntegerField()))
        .values("source")
        .annotate(n=Count("id"), last=Max("updated_at"))
        .values_list("source", "n", "last")
    )


@functools.lru_cache(maxsize=1024)
def _fingerprint_statement(unit_code: str | None) -> tuple[str, tuple[Any, ...]]:
    """The fingerprint query of a scope, compiled once: compiling it cost more CPU than running it."""
    query = _stamp(CalendarOverride, 0, unit_code).union(_stamp(WorkingHours, 1, unit_code), all=True).query
    return query.sql_with_params()


def _fingerprint(unit_code: str | None) -> Fingerprint:
    """Both tables' stamps in one round trip (every deadline computation pays it).

    The values are compared, never computed with, so they are taken as the driver returns them.
    """
    sql, params = _fingerprint_statement(unit_code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        stamps = {source: (n, last) for source, n, last in cursor.fetchall()}
    return (*stamps[0], *stamps[1])


def _build(unit_code: str | None) -> WorkingCalendar:
    """Province rows first, then the unit's rows, which replace the province's for the same date."""
    days_off: dict[dt.date, str] = {}
    working_days: dict[dt.date, str] = {}
    rows = CalendarOverride.objects.filter(_scope(unit_code)).order_by(F("unit_id").asc(nulls_first=True), "date")
    for row in rows:
        days_off.pop(row.date, None)
        working_days.pop(row.date, None)
        (days_off if row.kind == OverrideKind.DAY_OFF else working_days)[row.date] = row.reason
    hours: dict[str | None, str] = dict(
        WorkingHours.objects.filter(_scope(unit_code)).values_list("unit__code", "windows")
    )
    text = hours.get(unit_code) or hours.get(None)
    windows = parse_windows(text) if text else DEFAULT_WINDOWS
    return WorkingCalendar(windows=windows, days_off=days_off, working_days=working_days)


def calendar_for(unit_code: str | None = None) -> WorkingCalendar:
    """The working calendar of one unit (province overrides + the unit's own, the unit's hours), or the province's.

    Costs one small aggregate query when cached. The returned calendar is shared: treat it as read-only. An
    unknown unit code raises ``ValidationError``.
    """
    cached = _cache.get(unit_code)
    if cached is None:
        resolve_unit(unit_code)
    fingerprint = _fingerprint(unit_code)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.calendar
    calendar = _build(unit_code)
    with _cache_lock:
        _cache[unit_code] = _Cached(fingerprint, calendar)
    return calendar


def add_override(
    *,
    day: dt.date,
    kind: OverrideKind | str,
    reason: str,
    unit_code: str | None = None,
    created_by: User | None = None,
) -> CalendarOverride:
    """Record a day off or a working day for the province (``unit_code`` None) or one unit.

    Deadlines of open dossiers are not moved here: the dossiers app re-projects them, since only it knows which
    dossiers a date affects.
    """
    if kind not in OverrideKind.values:
        raise ValidationError({"kind": _("Loại điều chỉnh phải là ngày nghỉ hoặc ngày làm việc.")})
    with transaction.atomic():
        override = CalendarOverride(
            date=day,
            kind=kind,
            unit=resolve_unit(unit_code),
            reason=(reason or "").strip(),
            created_by=created_by,
        )
        override.full_clean()
        override.save()
    return override


def set_working_hours(*, windows: str, unit_code: str | None = None) -> WorkingHours:
    """Set the working-hour windows (text such as ``07:00-11:30, 13:30-17:00``) of one unit or of the province."""
    with transaction.atomic():
        unit = resolve_unit(unit_code)
        row = WorkingHours.objects.select_for_update().filter(unit=unit).order_by("pk").first() or WorkingHours(
            unit=unit
        )
        row.windows = windows
        row.full_clean()
        row.windows = format_windows(parse_windows(windows))
        row.save()
    return row
