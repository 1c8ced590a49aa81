"""The public lookup: code + secret → progress, nothing personal; wrong input answers alike; rate-limited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

URL = reverse("portal:lookup")


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(personas):
    return received(published_version(), personas.commune, personas.desk_officer)


def test_the_lookup_page_is_open_to_anyone(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Mã tra cứu" in response.content.decode()


def test_code_and_secret_show_status_steps_and_appointment_but_nothing_personal(client, personas, dossier):
    response = client.post(URL, {"code": dossier.code, "secret": dossier.lookup_secret.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mới tiếp nhận" in page
    assert "09/10/2025" in page  # Ngày hẹn trả
    assert "Tiếp nhận hồ sơ" in page and personas.commune.name in page
    for private in (dossier.applicant.identity_number, dossier.applicant.address, dossier.applicant.phone):
        assert private not in page
    assert str(personas.desk_officer) not in page


def test_the_applicant_sees_what_they_must_still_bring(client, personas, dossier):
    version = dossier.procedure_version
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(hours=1))
    act(
        dossier,
        "request_supplement",
        personas.specialist,
        MONDAY + dt.timedelta(hours=2),
        component_ids=[version.components.first().pk],
        reason="Tờ khai thiếu chữ ký",
    )
    page = client.post(URL, {"code": dossier.code, "secret": dossier.lookup_secret}).content.decode()
    assert "Giấy tờ bạn cần bổ sung" in page
    assert version.components.first().name in page
    assert "Tờ khai thiếu chữ ký" in page


def test_the_applicant_sees_the_financial_obligations_they_must_still_pay(client, personas, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(hours=1))
    act(
        dossier,
        "request_payment",
        personas.specialist,
        MONDAY + dt.timedelta(hours=2),
        description="Lệ phí trước bạ nhà, đất",
        amount=1_250_000,
        reason="Nghị định 10/2022",
    )
    page = client.post(URL, {"code": dossier.code, "secret": dossier.lookup_secret}).content.decode()
    assert "Nghĩa vụ tài chính bạn cần thực hiện" in page
    assert "Lệ phí trước bạ nhà, đất" in page and "Nghị định 10/2022" in page
    assert "Chờ thực hiện nghĩa vụ tài chính" in page
    assert "chờ thực hiện nghĩa vụ tài chính" in page  # the appointment is paused


def _without(page: str, *echoed: str) -> str:
    """The page without what differs by design: the CSRF tokens and the values typed in."""
    page = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", page)
    for value in echoed:
        page = page.replace(value, "")
    return page


def test_a_wrong_code_and_a_wrong_secret_get_the_same_answer(client, dossier):
    unknown = dossier.code[:-1] + "9"
    wrong_secret = client.post(URL, {"code": dossier.code, "secret": "XXXXXXXX"})
    wrong_code = client.post(URL, {"code": unknown, "secret": dossier.lookup_secret})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert _without(wrong_secret.content.decode(), dossier.code, "XXXXXXXX") == _without(
        wrong_code.content.decode(), unknown, dossier.lookup_secret
    )
    assert "Không tìm thấy hồ sơ" in wrong_code.content.decode()


def test_too_many_attempts_from_one_address_are_refused_for_a_while(client, dossier, settings):
    for _attempt in range(10):
        assert client.post(URL, {"code": dossier.code, "secret": "XXXXXXXX"}).status_code == 404
    response = client.post(URL, {"code": dossier.code, "secret": dossier.lookup_secret})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    other_address = client.post(
        URL, {"code": dossier.code, "secret": dossier.lookup_secret}, REMOTE_ADDR="198.51.100.7"
    )
    assert other_address.status_code == 200
