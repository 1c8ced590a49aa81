"""WCAG 2.1 AA on the public pages, audited in Chromium with axe-core, and the submission form used by keyboard only.

axe-core comes bundled in the ``axe-playwright-python`` dev dependency (docs/decisions/012-accessibility-audit.md):
no CDN, no Node, nothing to fetch by hand. A violation of serious or critical impact fails the test; lesser ones
are listed in the failure message only when a blocking one is found.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from motcua.portal.services import submissions
from motcua.portal.services.evaluation import evaluation_path
from motcua.portal.services.submissions import ApplicantInput
from motcua.portal.tests.factories import AN, make_citizen, online_version
from motcua.portal.tests.helpers import MONDAY, received_online, returned, waiting_for_supplement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-Passw0rd"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
AXE = Axe()


def blocking_violations(page: Page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def assert_accessible(page: Page, path: str) -> None:
    found = blocking_violations(page)
    assert not found, f"{path}: " + "\n".join(found)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def citizen_sign_in(page: Page, username: str) -> None:
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/cong-dan/ho-so/")


def test_the_audit_fails_on_a_serious_violation(page):
    """A page with an unlabelled field and grey-on-grey text must be caught, or the audit proves nothing."""
    page.set_content(
        '<html lang="vi"><body><main><h1>Thử</h1><p style="color:#999;background:#aaa">Chữ mờ</p>'
        '<input type="text" name="x"></main></body></html>'
    )
    found = blocking_violations(page)
    assert any(item.startswith("color-contrast") for item in found)
    assert any(item.startswith("label") for item in found)


def audit(page: Page, path: str) -> None:
    page.goto(path)
    assert_accessible(page, path)


def audit_after_submit(page: Page, path: str, button: str) -> None:
    """The page as it comes back with the form's errors (the state a citizen meets most after the empty form)."""
    page.goto(path)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page, f"{path} ({button})")


def test_the_public_pages_have_no_serious_wcag_21_aa_violation(page, personas, media):
    version = online_version()
    citizen = make_citizen()
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    waiting = waiting_for_supplement(
        personas,
        received_online(personas, citizen, version, MONDAY + dt.timedelta(days=1)),
        MONDAY + dt.timedelta(days=2),
    )
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    filled = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    submissions.save_applicant(
        filled,
        ApplicantInput(
            kind="person", name=AN["name"], identity_number=AN["identity_number"], date_of_birth=AN["birth_date"]
        ),
    )

    for path in (
        "/thu-tuc/",
        f"/thu-tuc/?q={version.procedure.code}",
        f"/thu-tuc/{version.procedure.code}/",
        "/cong-dan/dang-ky/",
        "/cong-dan/dang-nhap/",
        "/tra-cuu/",
        "/phan-anh/",
        "/xac-thuc-ket-qua/",
        evaluation_path(dossier),
    ):
        audit(page, path)
    for path, button in (
        ("/cong-dan/dang-ky/", "Đăng ký"),
        ("/cong-dan/dang-nhap/", "Đăng nhập"),
        ("/tra-cuu/", "Tra cứu"),
        ("/phan-anh/", "Gửi"),
        ("/xac-thuc-ket-qua/", "Xác thực"),
        (evaluation_path(dossier), "Gửi đánh giá"),
    ):
        audit_after_submit(page, path, button)

    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu").fill(dossier.lookup_secret)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    assert_accessible(page, "/tra-cuu/ (answer)")

    page.goto("/cong-dan/dang-ky/")
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Số định danh cá nhân").fill("060185004321")
    page.get_by_label("Ngày sinh").fill("1985-11-02")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill("binh@example.vn")
    page.locator("input[name=password1]").fill("mat-khau-Rat-dai-2026")
    page.locator("input[name=password2]").fill("mat-khau-Rat-dai-2026")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/cong-dan/xac-thuc/")
    assert_accessible(page, "/cong-dan/xac-thuc/")

    citizen_sign_in(page, citizen.email)
    for path in (
        "/cong-dan/ho-so/",
        f"/cong-dan/nop/{version.pk}/",
        f"/cong-dan/ho-so/{draft.pk}/",
        f"/cong-dan/ho-so/{filled.pk}/",
        f"/cong-dan/ho-so/{waiting.online_submission.pk}/",
        f"/cong-dan/ho-so/{waiting.online_submission.pk}/bo-sung/",
        f"/cong-dan/ho-so/{dossier.online_submission.pk}/",
    ):
        audit(page, path)

    # Mobile first: the same rules on a phone's screen.
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/thu-tuc/", f"/thu-tuc/{version.procedure.code}/", f"/cong-dan/ho-so/{filled.pk}/"):
        audit(page, path)


FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        tag: el.tagName.toLowerCase(),
        name: el.getAttribute("name") || "",
        text: (el.innerText || el.value || "").trim().slice(0, 40),
        visible: outline || style.boxShadow !== "none",
    };
}"""


def tab_to(page: Page, selector: str, text: str = "", limit: int = 80) -> dict:
    """Press Tab until the focus is on ``selector`` (showing ``text``); every stop on the way must show the focus."""
    for _step in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"no visible focus on {focused}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector) and text in focused["text"]:
            return focused
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_citizen_fills_and_submits_the_online_form_with_the_keyboard_only(page, personas, media):
    version = online_version()
    form_component = version.components.get(order=1)
    citizen = make_citizen()
    draft = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    citizen_sign_in(page, citizen.email)
    page.goto(f"/cong-dan/ho-so/{draft.pk}/")

    # The applicant is prefilled from the account; the citizen corrects the address and saves.
    tab_to(page, "input[name=address]")
    page.keyboard.type("12 Trần Hưng Đạo, phường Phan Thiết")
    tab_to(page, "button", "Lưu thông tin người nộp")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã khai thác từ Cơ sở dữ liệu quốc gia về dân cư, không cần nộp")).to_be_visible()

    # The form is uploaded: choose the paper, open the file chooser with the space bar, send it.
    tab_to(page, "select[name=component]")
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.value") == str(form_component.pk)
    tab_to(page, "input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 to khai"})
    tab_to(page, "button", "Tải lên")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="to-khai.pdf")).to_be_visible()

    tab_to(page, "button", "Nộp hồ sơ")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("Chờ tiếp nhận")
    draft.refresh_from_db()
    assert draft.address == "12 Trần Hưng Đạo, phường Phan Thiết" and draft.submitted_at is not None
