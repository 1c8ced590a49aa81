import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_speaks_vietnamese_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Hệ thống thông tin giải quyết thủ tục hành chính" in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


def test_home_page_switches_to_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert response.headers["Content-Language"] == "en"
    assert "Administrative procedure information system" in response.content.decode()


def test_navigation_hides_the_admin_from_anonymous_visitors(client):
    response = client.get(reverse("home"))
    assert reverse("admin:index") not in response.content.decode()


def test_staff_sign_in_uses_argon2(django_user_model, client):
    user = django_user_model.objects.create_user(username="desk", password="s3cret-Passw0rd")
    assert user.password.startswith("argon2")
    assert client.login(username="desk", password="s3cret-Passw0rd")
