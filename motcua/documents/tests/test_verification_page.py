"""The public verification page: anyone may check a result; nothing about the applicant is shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.documents.services.results import cancel_result
from motcua.documents.tests.results import a_pdf, attach, stored

pytestmark = pytest.mark.usefixtures("fast_password_hashing")
URL = "documents:verify-result"


def test_the_page_is_public(client, db):
    response = client.get(reverse(URL))
    assert response.status_code == 200


def test_an_uploaded_signed_result_is_shown_valid_with_its_dossier_and_nothing_personal(
    client, personas, version, signing
):
    result = attach(personas, version, a_pdf())
    upload = SimpleUploadedFile("kq.pdf", stored(result), content_type="application/pdf")
    response = client.post(reverse(URL), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả hợp lệ" in page
    assert result.code in page
    assert version.procedure.name in page
    assert personas.commune.name in page
    applicant = result.dossier.applicant
    for personal in (applicant.name, applicant.identity_number, applicant.phone, applicant.address):
        assert personal not in page


def test_a_result_code_is_verified_from_the_stored_copy(client, personas, version, signing):
    result = attach(personas, version, a_pdf())
    response = client.get(reverse(URL), {"code": result.code})
    assert response.status_code == 200
    assert response.context["answer"].valid


def test_an_unknown_code_is_answered_404(client, db):
    response = client.get(reverse(URL), {"code": "000.00.22.H68-251006-0009-KQ(1)"})
    assert response.status_code == 404


def test_a_tampered_upload_is_shown_as_not_verified(client, personas, version, signing):
    result = attach(personas, version, a_pdf())
    tampered = stored(result).replace(b"WeasyPrint", b"WeasyPrinT", 1)
    response = client.post(reverse(URL), {"file": SimpleUploadedFile("kq.pdf", tampered)})
    assert "Không xác thực được kết quả" in response.content.decode()


def test_a_cancelled_result_is_shown_as_cancelled(client, personas, version, signing):
    result = attach(personas, version, a_pdf())
    cancel_result(result, actor=personas.unit_leader, reason="Cấp nhầm")
    response = client.get(reverse(URL), {"code": result.code})
    assert "Kết quả đã bị hủy" in response.content.decode()
    assert "Cấp nhầm" not in response.content.decode()


def test_a_submission_without_code_or_file_is_refused_with_a_message(client, db):
    response = client.post(reverse(URL), {})
    assert "Hãy nhập mã kết quả hoặc tải lên tệp PDF." in response.content.decode()
