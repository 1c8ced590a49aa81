"""A citizen's online dossier in the browser: find the procedure, file it with a file, the desk receives it, the
citizen supplements once online, gets the signed electronic result, verifies it, and rates the service."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from motcua.documents.services.signing import load_signer
from motcua.documents.tests.certificates import make_pki
from motcua.documents.tests.results import a_pdf
from motcua.dossiers.tests.test_browser_lifecycle import open_action, sign_in, submit_action
from motcua.portal.models import Evaluation, SubmissionStatus
from motcua.portal.tests.factories import make_citizen, online_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-Passw0rd"
SCAN = {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 to khai"}
PHOTO = {"name": "to-khai-ky.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 anh chup"}


@pytest.fixture
def signing(settings, tmp_path):
    """The agency's certificate (a test PKI) configured, so the attached result is signed."""
    pki = make_pki(tmp_path / "pki")
    settings.MOTCUA_SIGNING_P12 = str(pki.p12)
    settings.MOTCUA_SIGNING_P12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"
    yield pki
    load_signer.cache_clear()


def citizen_sign_in(page: Page, username: str) -> None:
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/cong-dan/ho-so/")


def open_my_dossier(page: Page, code: str) -> None:
    citizen_sign_in(page, "an@example.vn")
    page.get_by_role("link", name=code).click()


def test_a_citizen_files_online_supplements_once_gets_a_signed_result_verifies_it_and_rates_the_service(
    page, personas, signing
):
    version = online_version()
    form_component = version.components.get(order=1)
    make_citizen()

    # The citizen finds the procedure in the catalog and files it online at the commune's desk.
    citizen_sign_in(page, "an@example.vn")
    page.get_by_role("link", name="Thủ tục hành chính").click()
    page.get_by_label("Tên hoặc mã thủ tục").fill("tình trạng hôn nhân")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=version.procedure.name).click()
    expect(page.get_by_text(personas.commune.name)).to_be_visible()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu").click()
    page.get_by_role("button", name="Lưu thông tin người nộp").click()
    expect(page.get_by_text("Đã khai thác từ Cơ sở dữ liệu quốc gia về dân cư, không cần nộp")).to_be_visible()
    page.get_by_label("Giấy tờ cần tải lên").select_option(str(form_component.pk))
    page.get_by_label("Tệp (PDF, JPEG hoặc PNG)").set_input_files(SCAN)
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("link", name="to-khai.pdf")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator("#status")).to_have_text("Chờ tiếp nhận")

    # The desk finds it in "Chờ tiếp nhận trực tuyến" and receives it.
    sign_in(page, "desk")
    page.goto("/ho-so/")
    page.get_by_role("link", name="Chờ tiếp nhận trực tuyến").click()
    page.get_by_role("link", name="TT-").first.click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url("**/ho-so/000.00.22.H68-*/")
    expect(page.locator(".status")).to_have_text("Mới tiếp nhận")
    code = page.locator("h1 .code").inner_text()
    dossier_url = page.url
    submit_action(page, "forward", "Đang xử lý")

    # The specialist asks again for the signed form.
    sign_in(page, "specialist")
    page.goto(dossier_url)
    form = open_action(page, "request_supplement")
    form.locator(f'input[value="{form_component.pk}"]').check()
    form.get_by_label("Lý do yêu cầu bổ sung").fill("Tờ khai chưa có chữ ký")
    form.locator("button[type=submit]").click()
    expect(page.locator(".status")).to_have_text("Chờ bổ sung")

    # The citizen uploads it online; the desk confirms it with one click.
    open_my_dossier(page, code)
    expect(page.locator("#status")).to_have_text("Chờ bổ sung")
    page.get_by_role("link", name="Nộp bổ sung trực tuyến").click()
    page.locator(f'input[name="c{form_component.pk}"]').set_input_files(PHOTO)
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_text("Chờ cán bộ xác nhận")).to_be_visible()

    sign_in(page, "desk")
    page.goto("/tiep-nhan-truc-tuyen/")
    page.get_by_role("button", name="Nhận bổ sung").click()
    expect(page.get_by_text(f"Đã nhận hồ sơ bổ sung của {code}")).to_be_visible()

    # Processing goes on to the return of the result.
    sign_in(page, "specialist")
    page.goto(dossier_url)
    expect(page.locator(".status")).to_have_text("Đang xử lý")
    submit_action(page, "forward", "Đang xử lý")
    sign_in(page, "leader")
    page.goto(dossier_url)
    attach = open_action(page, "attach_result")
    attach.get_by_label("Tệp kết quả").set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": a_pdf()}
    )
    attach.locator("button[type=submit]").click()
    expect(page.get_by_text(f"{code}-KQ(1)")).to_be_visible()
    submit_action(page, "approve", "Chờ trả kết quả")
    sign_in(page, "desk")
    page.goto(dossier_url)
    submit_action(page, "return_result", "Đã trả kết quả")

    # The citizen follows the history, downloads the signed result and verifies it on the public page.
    open_my_dossier(page, code)
    expect(page.locator("#status")).to_have_text("Đã trả kết quả")
    expect(page.locator(".history")).to_contain_text("Nhận hồ sơ bổ sung")
    download = page.request.get(page.get_by_role("link", name="Tải kết quả điện tử").get_attribute("href"))
    assert download.ok and download.body().startswith(b"%PDF")
    assert f"{code}-KQ(1).pdf" in download.headers["content-disposition"]
    page.get_by_role("link", name="Xác thực chữ ký số").click()
    expect(page.get_by_text("Kết quả hợp lệ")).to_be_visible()

    # … and rates the service from the link (a QR code beside it).
    page.go_back()
    expect(page.locator(".qr svg")).to_be_visible()
    page.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ").click()
    page.locator("fieldset", has_text="Số lần bạn phải liên hệ").get_by_label("Một lần", exact=True).check()
    page.locator("fieldset", has_text="Số cơ quan bạn phải liên hệ").get_by_label("Chỉ bộ phận một cửa").check()
    page.locator("fieldset", has_text="Thái độ của cán bộ").get_by_label("Tốt", exact=True).check()
    page.get_by_label("Rất hài lòng").check()
    page.get_by_label("Góp ý thêm").fill("Nộp bổ sung trực tuyến rất tiện.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá")).to_be_visible()

    rating = Evaluation.objects.get(dossier__code=code)
    assert (rating.c3_contacts, rating.satisfaction) == (1, "very_satisfied")
    assert rating.dossier.online_submission.status == SubmissionStatus.RECEIVED
