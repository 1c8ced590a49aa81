"""Issuing and revoking tokens: the service, the ``create_api_token`` command and the admin, each showing it once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.api.models import ApiToken
from motcua.api.services import hash_token, issue_token, revoke_token
from motcua.organization.tests.factories import UserFactory


def test_issuing_refuses_a_nameless_token_a_locked_account_and_a_past_expiry(personas):
    locked = UserFactory(is_active=False)

    with pytest.raises(ValidationError) as nameless:
        issue_token(user=personas.specialist, name="  ")
    with pytest.raises(ValidationError) as for_locked:
        issue_token(user=locked, name="Kết nối")
    with pytest.raises(ValidationError) as expired:
        issue_token(user=personas.specialist, name="Kết nối", expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert nameless.value.message_dict == {"name": ["Cần đặt tên gợi nhớ cho mã truy cập."]}
    assert for_locked.value.message_dict == {"user": ["Tài khoản đã bị khóa, không thể cấp mã truy cập."]}
    assert expired.value.message_dict == {"expires_at": ["Thời điểm hết hạn phải ở sau thời điểm tạo."]}
    assert not ApiToken.objects.exists()


def test_revoking_is_recorded_once_and_keeps_the_row(personas):
    token, _raw = issue_token(user=personas.specialist, name="Kết nối")

    assert revoke_token(token) is True
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert revoke_token(token) is False
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first is not None


def test_the_command_prints_a_working_token_once_with_its_expiry(personas):
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_token", "specialist", "Kết nối Cổng dịch vụ công", "--days", "30", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw)
    assert token.expires_at - token.created_at == pytest.approx(dt.timedelta(days=30), abs=dt.timedelta(seconds=5))
    assert "shown only now" in err.getvalue()
    assert Client().get("/api/v1/procedures", headers={"authorization": f"Bearer {raw}"}).status_code == 200


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["nobody", "Kết nối"], "No user named 'nobody'."), (["specialist", "Kết nối", "--days", "0"], "từ 1 trở lên")],
)
def test_the_command_refuses_an_unknown_user_and_a_non_positive_validity(personas, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", *arguments, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()


def test_a_system_admin_creates_a_token_in_the_admin_and_sees_it_once(personas, as_user):
    client = as_user(personas.system_admin)

    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": personas.specialist.pk, "name": "Kết nối thống kê", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )

    token = ApiToken.objects.get()
    shown = [str(message) for message in response.context["messages"] if "chỉ hiển thị một lần" in str(message)]
    (message,) = shown
    raw = message.split(": ", 1)[1].split(" ", 1)[0]
    assert token.token_hash == hash_token(raw)
    assert raw not in client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()


def test_a_system_admin_revokes_tokens_from_the_list_and_cannot_delete_them(personas, as_user):
    token, _raw = issue_token(user=personas.specialist, name="Kết nối")
    client = as_user(personas.system_admin)

    client.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    delete = client.get(reverse("admin:api_apitoken_delete", args=[token.pk]))

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert delete.status_code == 403


@pytest.mark.parametrize("who", ["catalog_admin", "unit_leader"])
def test_only_system_admins_reach_the_token_admin(personas, as_user, who):
    response = as_user(getattr(personas, who)).get(reverse("admin:api_apitoken_changelist"))

    assert response.status_code in {302, 403}
