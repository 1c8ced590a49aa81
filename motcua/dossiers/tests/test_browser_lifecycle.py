"""One demo dossier from reception to return entirely in the browser, with one supplementation round, then looked up."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from motcua.catalog.tests.factories import published_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-Passw0rd"
SCAN = {"name": "ban-quet.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 scan"}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sign_in(page: Page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: not url.endswith("/dang-nhap/"))


def open_action(page: Page, action: str):
    """The action's form, its box unfolded."""
    box = page.locator(f"details:has(#action-{action})")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box.locator(f"#action-{action}")


def submit_action(page: Page, action: str, status: str) -> None:
    """Submit the action's form as it stands and wait for the reloaded page to show the new status.

    Waiting for the navigation matters when the status does not change (forward from processing to approval): the
    old page already shows it, and the next step would race the pending reload.
    """
    with page.expect_navigation():
        open_action(page, action).locator("button[type=submit]").click()
    expect(page.locator(".status")).to_have_text(status)


def test_a_dossier_is_received_processed_with_one_supplement_approved_returned_and_looked_up(page, personas):
    version = published_version()
    components = list(version.components.all())

    # The desk receives it, every paper scanned.
    sign_in(page, "desk")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.get_by_label("Thủ tục").select_option(str(version.pk))
    expect(page.locator(f'input[name="c{components[-1].pk}_received"]')).to_be_visible()
    page.get_by_label("Họ và tên / tên tổ chức").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân").fill("068090001234")
    page.get_by_label("Ngày sinh").fill("1990-05-17")
    page.get_by_label("Địa chỉ").fill("12 Trần Hưng Đạo, phường Phan Thiết")
    for component in components:
        page.locator(f'input[name="c{component.pk}_received"]').check()
        page.locator(f'input[name="c{component.pk}_file"]').set_input_files(SCAN)
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url("**/ho-so/000.00.22.H68-*/")
    expect(page.locator(".status")).to_have_text("Mới tiếp nhận")
    dossier_url = page.url
    code = page.locator("h1 .code").inner_text()
    secret = page.locator(".secret").inner_text()
    receipt = page.request.get(page.get_by_role("link", name="PDF").first.get_attribute("href"))
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    submit_action(page, "forward", "Đang xử lý")

    # The specialist asks for one paper again; the clock pauses.
    sign_in(page, "specialist")
    page.goto(dossier_url)
    form = open_action(page, "request_supplement")
    form.locator(f'input[value="{components[0].pk}"]').check()
    form.get_by_label("Lý do yêu cầu bổ sung").fill("Tờ khai chưa có chữ ký của người yêu cầu")
    form.locator("button[type=submit]").click()
    expect(page.locator(".status")).to_have_text("Chờ bổ sung")

    # The applicant brings it to the desk, which finds the dossier in its "Chờ bổ sung" queue.
    sign_in(page, "desk")
    page.goto("/ho-so/hang-doi/cho-bo-sung/")
    page.get_by_role("link", name=code).click()
    form = open_action(page, "receive_supplement")
    form.locator(f'input[name="receive_supplement-c{components[0].pk}_file"]').set_input_files(SCAN)
    form.locator("button[type=submit]").click()
    expect(page.locator(".status")).to_have_text("Đang xử lý")

    # The specialist forwards it to the leader, who attaches the result and approves.
    sign_in(page, "specialist")
    page.goto(dossier_url)
    open_action(page, "forward").get_by_label("Ý kiến chuyển xử lý").fill("Đủ điều kiện cấp")
    submit_action(page, "forward", "Đang xử lý")
    expect(page.get_by_text("Phê duyệt, ký kết quả —")).to_be_visible()

    sign_in(page, "leader")
    page.goto(dossier_url)
    open_action(page, "attach_result").locator("button[type=submit]").click()
    expect(page.get_by_text(f"{code}-KQ(1)")).to_be_visible()
    submit_action(page, "approve", "Chờ trả kết quả")

    # The desk hands the result over; the control form prints.
    sign_in(page, "desk")
    page.goto(dossier_url)
    submit_action(page, "return_result", "Đã trả kết quả")
    control = page.locator("li", has_text="Phiếu kiểm soát").get_by_role("link", name="PDF")
    assert page.request.get(control.get_attribute("href")).ok

    # The applicant looks it up with the code and the secret printed on the receipt.
    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("Mã tra cứu").fill(secret)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".lookup-result")).to_contain_text("Đã trả kết quả")
    expect(page.locator(".lookup-result")).to_contain_text("Thẩm định, xử lý hồ sơ")
