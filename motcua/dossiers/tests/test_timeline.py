"""The clock in staff words (Trong hạn / Tới hạn / Quá hạn, "Còn N ngày làm việc") and the history from events."""

from __future__ import annotations

import datetime as dt

from motcua.dossiers.models import Judgement, ReturnMethod
from motcua.dossiers.services.clock import pauses_of
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act
from motcua.dossiers.timeline import read_clock, remaining_text, timeline
from motcua.workcalendar.core import WorkingCalendar

CALENDAR = WorkingCalendar()
HOUR = dt.timedelta(hours=1)


def test_remaining_time_reads_in_working_days_then_hours_and_overdue_counts_days_late():
    day = CALENDAR.day_minutes
    assert remaining_text(3 * day + 10, day) == "Còn 3 ngày làm việc"
    assert remaining_text(90, day) == "Còn 2 giờ làm việc"
    assert remaining_text(-2 * day, day) == "Quá hạn 2 ngày"
    assert remaining_text(-30, day) == "Quá hạn 1 giờ"


def test_an_open_dossier_is_within_time_then_due_soon_then_overdue(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)  # due Thursday 9/10 08:00
    within = read_clock(dossier, now=MONDAY, calendar=CALENDAR)
    assert (str(within.label), within.detail, within.css) == ("Trong hạn", "Còn 3 ngày làm việc", "on-time")
    soon = read_clock(dossier, now=dt.datetime(2025, 10, 8, 8, 0, tzinfo=TZ), calendar=CALENDAR)
    assert (str(soon.label), soon.detail, soon.css) == ("Tới hạn", "Còn 1 ngày làm việc", "due-soon")
    late = read_clock(dossier, now=dt.datetime(2025, 10, 13, 8, 0, tzinfo=TZ), calendar=CALENDAR)
    assert (str(late.label), late.detail, late.css) == ("Quá hạn", "Quá hạn 2 ngày", "late")


def test_a_paused_dossier_says_it_waits_for_the_applicant(personas, version):
    dossier = act(received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY)
    dossier = act(
        dossier,
        "request_supplement",
        personas.specialist,
        MONDAY + HOUR,
        component_ids=[version.components.first().pk],
        reason="Thiếu chữ ký",
    )
    reading = read_clock(dossier, now=MONDAY + 2 * HOUR, calendar=CALENDAR, pauses=pauses_of(dossier))
    assert str(reading.label) == "Tạm dừng"
    assert reading.elapsed_minutes == 60  # the paused hour does not count


def test_a_returned_dossier_reads_its_judgement_and_its_history_reads_every_event(personas, version):
    steps = [
        ("forward", personas.desk_officer, {}),
        ("forward", personas.specialist, {"note": "Đủ điều kiện"}),
        ("attach_result", personas.unit_leader, {"name": "Giấy xác nhận"}),
        ("approve", personas.unit_leader, {}),
        ("return_result", personas.desk_officer, {"method": ReturnMethod.AT_COUNTER, "recipient": "Nguyễn Văn An"}),
    ]
    dossier = received(version, personas.commune, personas.desk_officer)
    for number, (action, actor, payload) in enumerate(steps, start=1):
        dossier = act(dossier, action, actor, MONDAY + number * HOUR, **payload)
    reading = read_clock(dossier, now=MONDAY + 10 * HOUR, calendar=CALENDAR)
    assert str(reading.label) == Judgement.EARLY.label
    rows = timeline(dossier)
    assert [str(row.action) for row in rows] == [
        "Tiếp nhận hồ sơ",
        "Chuyển bước xử lý",
        "Chuyển bước xử lý",
        "Đính kèm kết quả",
        "Phê duyệt",
        "Trả kết quả",
    ]
    assert rows[2].reason == "Đủ điều kiện"
    assert (str(rows[-1].from_status), str(rows[-1].to_status)) == ("Chờ trả kết quả", "Đã trả kết quả")
