import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_signs_in_and_sees_their_roles(page, personas):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("desk")
    page.get_by_label("Mật khẩu").fill("demo-Passw0rd")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: not url.endswith("/dang-nhap/"))
    assert "Cán bộ một cửa" in page.content()
    assert "Ủy ban nhân dân phường Phan Thiết" in page.content()
