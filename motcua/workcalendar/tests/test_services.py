"""Calendars built from the database: province and unit overrides, working hours, validation and the cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.workcalendar.core import parse_windows
from motcua.workcalendar.models import CalendarOverride, OverrideKind, WorkingHours
from motcua.workcalendar.services import add_override, calendar_for, set_working_hours
from motcua.workcalendar.tests.helpers import at

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
CULTURE_DAY = dt.date(2026, 11, 24)


def test_without_rows_the_province_calendar_is_the_package_calendar_with_default_hours():
    calendar = calendar_for()
    assert calendar.day_minutes == 480
    assert not calendar.is_working_day(CULTURE_DAY)
    assert calendar.add_working(at("2026-04-24 16:00"), 480) == at("2026-04-28 16:00")


def test_a_province_day_off_applies_to_every_unit(personas):
    add_override(
        day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Thông báo số 1/TB-UBND", created_by=personas.system_admin
    )
    assert not calendar_for().is_working_day(MONDAY)
    assert not calendar_for(personas.commune.code).is_working_day(MONDAY)


def test_a_unit_override_affects_only_that_unit(personas):
    add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Bầu cử tại xã", unit_code=personas.commune.code)
    assert not calendar_for(personas.commune.code).is_working_day(MONDAY)
    assert calendar_for(personas.other_commune.code).is_working_day(MONDAY)
    assert calendar_for().is_working_day(MONDAY)


def test_a_unit_override_wins_over_the_province_override_of_the_same_day(personas):
    add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Nghỉ toàn tỉnh")
    add_override(day=MONDAY, kind=OverrideKind.WORKING_DAY, reason="Trực tiếp nhận", unit_code=personas.commune.code)
    assert calendar_for(personas.commune.code).is_working_day(MONDAY)
    assert not calendar_for(personas.other_commune.code).is_working_day(MONDAY)


def test_culture_day_can_be_cancelled_by_an_override():
    add_override(day=CULTURE_DAY, kind=OverrideKind.WORKING_DAY, reason="Chưa có luật sửa đổi Bộ luật Lao động")
    assert calendar_for().is_working_day(CULTURE_DAY)


def test_an_override_needs_a_reason_and_nothing_is_saved_without_one():
    with pytest.raises(ValidationError) as caught:
        add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="   ")
    assert "lý do" in " ".join(caught.value.message_dict["reason"])
    assert not CalendarOverride.objects.exists()


def test_a_second_override_of_the_same_day_and_scope_is_refused(personas):
    add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Lần một")
    with pytest.raises(ValidationError, match="đã có một điều chỉnh lịch"):
        add_override(day=MONDAY, kind=OverrideKind.WORKING_DAY, reason="Lần hai")
    add_override(day=MONDAY, kind=OverrideKind.WORKING_DAY, reason="Xã", unit_code=personas.commune.code)
    with pytest.raises(ValidationError, match="đã có một điều chỉnh lịch"):
        add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Xã lần hai", unit_code=personas.commune.code)
    assert CalendarOverride.objects.count() == 2


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError, match="ngày nghỉ hoặc ngày làm việc"):
        add_override(day=MONDAY, kind="holiday", reason="x")


def test_an_unknown_unit_code_is_refused_in_vietnamese():
    with pytest.raises(ValidationError, match=r"Không có đơn vị nào mang mã “KHONG\.CO”"):
        calendar_for("KHONG.CO")
    with pytest.raises(ValidationError, match="Không có đơn vị nào"):
        add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="x", unit_code="KHONG.CO")


def test_a_units_working_hours_set_the_length_of_its_day(personas):
    set_working_hours(windows="07:30-11:30,13:00-16:30", unit_code=personas.commune.code)
    commune = calendar_for(personas.commune.code)
    assert commune.day_minutes == 450
    assert commune.add_working(at("2026-03-02 16:00"), 450) == at("2026-03-03 16:00")
    assert calendar_for(personas.other_commune.code).day_minutes == 480
    assert WorkingHours.objects.get().windows == "07:30-11:30, 13:00-16:30"


def test_the_province_hours_apply_to_units_without_their_own(personas):
    set_working_hours(windows="07:00-11:00, 13:00-17:00")
    assert calendar_for(personas.commune.code).day_minutes == 480
    assert calendar_for(personas.commune.code).windows[0] == (dt.time(7), dt.time(11))
    set_working_hours(windows="07:00-11:00, 13:00-16:00")
    assert calendar_for(personas.commune.code).day_minutes == 420
    assert WorkingHours.objects.count() == 1


def test_bad_working_hours_are_refused_and_nothing_is_saved():
    with pytest.raises(ValidationError, match="theo thứ tự"):
        set_working_hours(windows="13:30-17:00, 07:00-11:30")
    assert not WorkingHours.objects.exists()


def test_a_second_working_hours_row_for_the_province_is_refused():
    WorkingHours.objects.create()
    with pytest.raises(ValidationError, match="đã có giờ làm việc"):
        WorkingHours(windows="07:00-11:00").full_clean()


def test_the_cached_calendar_is_reused_with_one_query(personas, django_assert_num_queries):
    first = calendar_for()
    unit = calendar_for(personas.commune.code)
    with django_assert_num_queries(1):
        assert calendar_for() is first
    with django_assert_num_queries(1):
        assert calendar_for(personas.commune.code) is unit


def test_a_units_rows_changed_elsewhere_are_seen_at_the_next_call(personas):
    code = personas.commune.code
    set_working_hours(windows="07:00-11:30, 13:30-17:00", unit_code=code)
    add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Nghỉ", unit_code=code)
    assert not calendar_for(code).is_working_day(MONDAY)
    later = timezone.now() + dt.timedelta(seconds=1)
    # As another process would: no save(), no signal, only the rows change.
    WorkingHours.objects.filter(unit=personas.commune).update(windows="07:00-11:00", updated_at=later)
    assert calendar_for(code).windows == parse_windows("07:00-11:00")
    CalendarOverride.objects.filter(unit=personas.commune).delete()
    assert calendar_for(code).is_working_day(MONDAY)


def test_a_change_made_elsewhere_is_seen_without_any_signal():
    add_override(day=MONDAY, kind=OverrideKind.DAY_OFF, reason="Nghỉ")
    assert not calendar_for().is_working_day(MONDAY)
    # A bulk update, as another process or a data migration would do it: no save(), no signal.
    CalendarOverride.objects.update(kind=OverrideKind.WORKING_DAY, updated_at=timezone.now() + dt.timedelta(seconds=1))
    assert calendar_for().is_working_day(MONDAY)
    CalendarOverride.objects.all().delete()
    assert calendar_for().is_working_day(MONDAY)
    add_override(day=CULTURE_DAY, kind=OverrideKind.WORKING_DAY, reason="Hủy")
    assert calendar_for().is_working_day(CULTURE_DAY)
    CalendarOverride.objects.all().delete()
    assert not calendar_for().is_working_day(CULTURE_DAY)
