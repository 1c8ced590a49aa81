"""Who gets in: a personal token or a signed-in session (with CSRF); anyone else is told to sign in (401)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from motcua.api.models import ApiToken
from motcua.api.services import issue_token, revoke_token
from motcua.organization.tests.factories import UserFactory

CSRF_SECRET = "k" * 32
ENDPOINTS = [
    ("get", "/api/v1/procedures"),
    ("get", "/api/v1/procedures/1.004873.H68"),
    ("get", "/api/v1/dossiers"),
    ("post", "/api/v1/dossiers"),
    ("get", "/api/v1/dossiers/000.00.22.H68-251006-0001"),
    ("get", "/api/v1/dossiers/000.00.22.H68-251006-0001/timeline"),
    ("get", "/api/v1/dossiers/000.00.22.H68-251006-0001/allowed-actions"),
    ("post", "/api/v1/dossiers/000.00.22.H68-251006-0001/actions"),
    ("get", "/api/v1/dossiers/000.00.22.H68-251006-0001/forms"),
    ("get", "/api/v1/dossiers/000.00.22.H68-251006-0001/forms/receipt"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_asks_an_anonymous_caller_to_sign_in(db, method, url):
    response = getattr(Client(), method)(url, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {
        "detail": "Cần đăng nhập, hoặc gửi mã truy cập API hợp lệ trong tiêu đề Authorization.",
        "errors": {},
    }


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_refuses_an_account_without_any_role(db, as_user, method, url):
    response = getattr(as_user(UserFactory()), method)(url, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Tài khoản chưa được phân công vai trò nào nên không được dùng API."


def test_a_personal_token_signs_its_user_in_and_records_its_use(personas):
    token, raw = issue_token(user=personas.specialist, name="Kết nối thử")

    response = Client().get("/api/v1/procedures", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda token, raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"), id="wrong secret"),
        pytest.param(lambda token, raw: "mc_zzzzzzzz_" + raw.rsplit("_", 1)[1], id="unknown prefix"),
        pytest.param(lambda token, raw: raw.replace("mc_", "xx_", 1), id="not a motcua token"),
        pytest.param(lambda token, raw: (revoke_token(token), raw)[1], id="revoked"),
        pytest.param(
            lambda token, raw: (type(token.user).objects.filter(pk=token.user_id).update(is_active=False), raw)[1],
            id="account locked",
        ),
    ],
)
def test_a_token_that_is_wrong_revoked_or_of_a_locked_account_gets_401(personas, spoil):
    token, raw = issue_token(user=personas.specialist, name="Kết nối thử")

    response = Client().get("/api/v1/procedures", headers={"authorization": f"Bearer {spoil(token, raw)}"})

    assert response.status_code == 401


def test_a_token_stops_working_when_it_expires(personas):
    token, raw = issue_token(
        user=personas.specialist, name="Kết nối thử", expires_at=timezone.now() + dt.timedelta(days=1)
    )

    with time_machine.travel(token.expires_at + dt.timedelta(seconds=1)):
        response = Client().get("/api/v1/procedures", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401


def test_only_the_hash_of_a_token_is_stored(personas):
    token, raw = issue_token(user=personas.specialist, name="Kết nối thử")

    stored = ApiToken.objects.values_list("prefix", "token_hash").get(pk=token.pk)

    assert raw.startswith(f"mc_{token.prefix}_")
    assert raw not in str(stored)
    assert len(token.token_hash) == 64


def test_a_signed_in_session_must_send_the_csrf_token_to_change_anything(personas, version):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.desk_officer)
    client.cookies["csrftoken"] = CSRF_SECRET  # set by any page the browser loaded before
    body = {"procedure_version_id": version.pk}

    refused = client.post("/api/v1/dossiers", body, content_type="application/json")
    accepted = client.post(
        "/api/v1/dossiers", body, content_type="application/json", headers={"x-csrftoken": CSRF_SECRET}
    )

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Phiên làm việc thiếu mã CSRF hợp lệ: hãy tải lại trang."
    assert accepted.status_code == 400  # past authentication: the body is incomplete


def test_a_token_request_needs_no_csrf_token(personas, version):
    _token, raw = issue_token(user=personas.desk_officer, name="Kết nối thử")
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})

    response = client.post("/api/v1/dossiers", {"procedure_version_id": version.pk}, content_type="application/json")

    assert response.status_code == 400
