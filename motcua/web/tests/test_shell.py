from unittest import mock

import pytest
from django.urls import reverse

from motcua.web.views import TOO_MANY_SIGN_INS

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


def test_staff_sign_in_is_refused_for_a_while_after_too_many_tries_for_one_user_name(
    django_user_model, client, settings
):
    settings.MOTCUA_STAFF_ACCOUNT_RATE = (3, 900)
    django_user_model.objects.create_user(username="desk", password="s3cret-Passw0rd")
    url = reverse("login")
    for _attempt in range(3):
        assert client.post(url, {"username": "desk", "password": "sai"}).status_code == 200
    refused = client.post(url, {"username": "DESK", "password": "s3cret-Passw0rd"})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(url, {"username": "other", "password": "sai"}).status_code == 200


def test_staff_sign_in_is_refused_for_a_while_after_too_many_tries_from_one_address(db, client, settings):
    settings.MOTCUA_STAFF_CLIENT_RATE = (3, 900)
    url = reverse("login")
    for number in range(3):
        assert client.post(url, {"username": f"user{number}", "password": "sai"}).status_code == 200
    assert client.post(url, {"username": "user9", "password": "sai"}).status_code == 429
    assert client.post(url, {"username": "user9", "password": "sai"}, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_refused_sign_in_never_checks_the_password(django_user_model, client, settings):
    settings.MOTCUA_STAFF_ACCOUNT_RATE = (0, 900)
    django_user_model.objects.create_user(username="desk", password="s3cret-Passw0rd")
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        right = client.post(reverse("login"), {"username": "desk", "password": "s3cret-Passw0rd"})
        wrong = client.post(reverse("login"), {"username": "desk", "password": "sai"})
    authenticate.assert_not_called()
    assert right.status_code == wrong.status_code == 429
    assert right.context["form"].errors == wrong.context["form"].errors == {"__all__": [str(TOO_MANY_SIGN_INS)]}
