"""Citizen accounts: a one-time code (hashed, expiring, attempt-limited) verifies the contact; staff stay apart."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.portal.models import Citizen, VerificationCode
from motcua.portal.services.accounts import CODE_ATTEMPTS, SignUpData, normalise_contact, sign_up, verify_code

PASSWORD = "mat-khau-Rat-dai-2026"


def data(**fields) -> SignUpData:
    values = {
        "full_name": "Nguyễn Văn An",
        "identity_number": "068090001234",
        "date_of_birth": dt.date(1990, 5, 17),
        "contact": "An@Example.vn",
        "password": PASSWORD,
    }
    values.update(fields)
    return SignUpData(**values)


def sent_code(mailoutbox) -> str:
    return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)


def test_sign_up_creates_an_inactive_account_and_mails_a_code_stored_only_as_a_hash(db, mailoutbox):
    citizen = sign_up(data())
    code = sent_code(mailoutbox)
    assert mailoutbox[-1].to == ["an@example.vn"]
    assert not citizen.user.is_active and citizen.verified_at is None
    stored = VerificationCode.objects.get(citizen=citizen)
    assert code not in stored.code_hash


def test_the_right_code_activates_the_account(db, mailoutbox):
    citizen = sign_up(data())
    verify_code(citizen, sent_code(mailoutbox))
    citizen.refresh_from_db()
    citizen.user.refresh_from_db()
    assert citizen.verified_at is not None and citizen.user.is_active
    assert not citizen.user.memberships.exists()


def test_wrong_codes_are_counted_and_stop_working_after_the_limit(db, mailoutbox):
    citizen = sign_up(data())
    code = sent_code(mailoutbox)
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(CODE_ATTEMPTS):
        with pytest.raises(ValidationError):
            verify_code(citizen, wrong)
    with pytest.raises(ValidationError) as error:
        verify_code(citizen, code)
    assert error.value.error_dict["code"][0].code == "too_many_attempts"


def test_an_expired_code_is_refused(db, mailoutbox):
    issued = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    citizen = sign_up(data(), at=issued)
    with pytest.raises(ValidationError) as error:
        verify_code(citizen, sent_code(mailoutbox), at=issued + dt.timedelta(minutes=11))
    assert error.value.error_dict["code"][0].code == "expired"


def test_the_identity_number_must_match_the_birth_year(db):
    with pytest.raises(ValidationError) as error:
        sign_up(data(date_of_birth=dt.date(1991, 5, 17)))
    assert "identity_number" in error.value.message_dict
    assert not Citizen.objects.exists()


def test_a_verified_identity_number_cannot_sign_up_twice(db, mailoutbox):
    first = sign_up(data())
    verify_code(first, sent_code(mailoutbox))
    with pytest.raises(ValidationError) as error:
        sign_up(data(contact="0912345678"))
    assert "identity_number" in error.value.message_dict


def test_a_staff_account_cannot_be_taken_over_by_signing_up_with_its_username(personas):
    personas.desk_officer.username = "desk@example.vn"
    personas.desk_officer.save()
    with pytest.raises(ValidationError) as error:
        sign_up(data(contact="desk@example.vn"))
    assert "contact" in error.value.message_dict


@pytest.mark.parametrize(("raw", "expected"), [("+84 912 345 678", "0912345678"), ("0912.345.678", "0912345678")])
def test_phone_numbers_are_normalised(raw, expected):
    assert normalise_contact(raw) == expected


def test_the_citizen_sign_in_refuses_staff_accounts(client, personas):
    response = client.post(reverse("portal:login"), {"username": "desk", "password": "demo-Passw0rd"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_up_then_code_then_sign_in_through_the_pages(client, db, mailoutbox):
    response = client.post(
        reverse("portal:signup"),
        {
            "full_name": "Nguyễn Văn An",
            "identity_number": "068090001234",
            "date_of_birth": "1990-05-17",
            "contact": "an@example.vn",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == reverse("portal:verify")
    response = client.post(reverse("portal:verify"), {"code": sent_code(mailoutbox)})
    assert response.url == reverse("portal:login")
    response = client.post(reverse("portal:login"), {"username": "AN@example.vn", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("portal:mine")


SIGN_UP_FORM = {
    "full_name": "Nguyễn Văn An",
    "identity_number": "068090001234",
    "date_of_birth": "1990-05-17",
    "contact": "an@example.vn",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_sign_in_is_refused_for_a_while_after_too_many_tries_for_one_account(client, citizen, settings):
    settings.MOTCUA_PORTAL_ACCOUNT_RATE = (3, 900)
    url = reverse("portal:login")
    for _attempt in range(3):
        assert client.post(url, {"username": citizen.email, "password": "sai"}).status_code == 200
    refused = client.post(url, {"username": citizen.email.upper(), "password": "demo-Passw0rd"})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    other_account = client.post(url, {"username": "0912999888", "password": "sai"}, REMOTE_ADDR="198.51.100.7")
    assert other_account.status_code == 200


def test_sign_in_is_refused_for_a_while_after_too_many_tries_from_one_address(client, db, settings):
    settings.MOTCUA_PORTAL_CLIENT_RATE = (3, 900)
    url = reverse("portal:login")
    for number in range(3):
        assert client.post(url, {"username": f"a{number}@example.vn", "password": "sai"}).status_code == 200
    assert client.post(url, {"username": "a9@example.vn", "password": "sai"}).status_code == 429
    other_address = client.post(url, {"username": "a9@example.vn", "password": "sai"}, REMOTE_ADDR="198.51.100.7")
    assert other_address.status_code == 200


def test_sign_up_is_refused_for_a_while_after_too_many_tries_for_one_address(client, db, settings, mailoutbox):
    settings.MOTCUA_PORTAL_ACCOUNT_RATE = (2, 900)
    url = reverse("portal:signup")
    for _attempt in range(2):
        assert client.post(url, SIGN_UP_FORM).status_code == 302
    refused = client.post(url, SIGN_UP_FORM)
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert len(mailoutbox) == 2


def test_resending_the_code_is_refused_for_a_while_after_too_many_requests(client, db, settings, mailoutbox):
    settings.MOTCUA_PORTAL_ACCOUNT_RATE = (2, 900)
    client.post(reverse("portal:signup"), SIGN_UP_FORM)
    url = reverse("portal:verify")
    for _attempt in range(2):
        assert client.post(url, {"resend": "1"}).status_code == 302
    refused = client.post(url, {"resend": "1"})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert len(mailoutbox) == 3


def test_the_rate_limit_message_is_translated(client, db, settings):
    settings.MOTCUA_PORTAL_ACCOUNT_RATE = (0, 900)
    response = client.post(
        reverse("portal:login"), {"username": "a@example.vn", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


def test_a_refused_citizen_sign_in_never_checks_the_password(client, citizen, settings):
    settings.MOTCUA_PORTAL_ACCOUNT_RATE = (0, 900)
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        refused = client.post(reverse("portal:login"), {"username": citizen.email, "password": "demo-Passw0rd"})
    authenticate.assert_not_called()
    assert refused.status_code == 429
    assert list(refused.context["form"].errors) == ["__all__"]
