"""The notification centre in the browser: the header badge counts unread messages and htmx marks one read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from motcua.notifications.models import NotificationKind
from motcua.notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-Passw0rd"


def sign_in(page: Page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: not url.endswith("/dang-nhap/"))


def test_marking_a_notification_read_updates_its_row_and_the_header_badge(page: Page, personas):
    for subject in ("Hồ sơ sắp tới hạn", "Báo động SOS"):
        notify(recipients=[personas.unit_leader], kind=NotificationKind.OTHER, subject=subject, body="Xin xem ngay.")
    sign_in(page, "leader")

    badge = page.locator("#notification-badge")
    expect(badge).to_have_text("2 chưa đọc")
    badge.click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    page.get_by_role("row", name="Báo động SOS").get_by_role("button", name="Đánh dấu đã đọc").click()

    expect(page.get_by_role("row", name="Báo động SOS")).to_contain_text("Đã đọc lúc")
    expect(badge).to_have_text("1 chưa đọc")
    expect(page.get_by_role("row", name="Hồ sơ sắp tới hạn").get_by_role("button")).to_be_visible()
