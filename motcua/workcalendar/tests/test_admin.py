"""The back-office pages where a system administrator enters each year's announcement."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.workcalendar.models import CalendarOverride, OverrideKind
from motcua.workcalendar.services import add_override

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/workcalendar/calendaroverride/add/"


def override_form(**changes: str) -> dict[str, str]:
    return {"date": "2026-03-02", "kind": OverrideKind.DAY_OFF, "unit": "", "reason": "Thông báo 1/TB", **changes}


def test_a_system_admin_adds_an_override_and_is_recorded_as_its_author(client, personas):
    client.force_login(personas.system_admin)
    response = client.post(ADD_URL, override_form())
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert override.created_by == personas.system_admin
    assert override.date == dt.date(2026, 3, 2)


def test_the_admin_refuses_a_second_override_of_the_same_day_and_scope(client, personas):
    add_override(day=dt.date(2026, 3, 2), kind=OverrideKind.WORKING_DAY, reason="Trước đó")
    client.force_login(personas.system_admin)
    response = client.post(ADD_URL, override_form())
    assert response.status_code == 200
    assert "đã có một điều chỉnh lịch" in response.content.decode()
    assert CalendarOverride.objects.count() == 1


def test_the_admin_refuses_an_override_without_a_reason(client, personas):
    client.force_login(personas.system_admin)
    response = client.post(ADD_URL, override_form(reason=""))
    assert response.status_code == 200
    assert not CalendarOverride.objects.exists()


def test_staff_without_the_system_admin_role_cannot_open_the_calendar_admin(client, personas):
    client.force_login(personas.catalog_admin)
    assert client.get("/admin/workcalendar/calendaroverride/").status_code == 403
