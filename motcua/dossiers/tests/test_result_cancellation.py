"""Cancelling an issued result is a leader's decision recorded in the dossier's history; the result is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.documents.models import ResultCancellation
from motcua.dossiers.events import verify_chain
from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import Dossier, DossierStatus, EventAction, ReturnMethod
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def returned(personas, version) -> Dossier:
    """Returned on Monday with result KQ(1), a PDF."""
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(dossier, "forward", personas.specialist, MONDAY + 2 * HOUR)
    pdf = SimpleUploadedFile("scan 01.pdf", b"%PDF-1.4 result", content_type="application/pdf")
    dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + 3 * HOUR, name="Giấy xác nhận", file=pdf)
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 4 * HOUR)
    return act(
        dossier,
        "return_result",
        personas.desk_officer,
        MONDAY + 5 * HOUR,
        method=ReturnMethod.AT_COUNTER,
        recipient="An",
    )


def test_cancelling_a_result_is_an_event_of_the_chain_and_the_verification_page_says_cancelled(
    client, personas, returned
):
    dossier = act(returned, "cancel_result", personas.unit_leader, MONDAY + 6 * HOUR, number=1, reason="Cấp nhầm")

    event = dossier.events.order_by("seq").last()
    assert (event.action, event.reason, event.payload) == (
        EventAction.RESULT_CANCELLED,
        "Cấp nhầm",
        {"result": f"{dossier.code}-KQ(1)"},
    )
    assert dossier.status == DossierStatus.RETURNED
    assert ResultCancellation.objects.get().cancelled_by == personas.unit_leader
    assert verify_chain(dossier, list(dossier.events.order_by("seq"))) is None
    page = client.get(reverse("documents:verify-result"), {"code": f"{dossier.code}-KQ(1)"}).content.decode()
    assert "Kết quả đã bị hủy" in page


def test_only_a_leader_of_the_resolving_unit_cancels_a_result_and_only_once(personas, returned):
    with pytest.raises(ActionNotAllowed):
        act(returned, "cancel_result", personas.specialist, MONDAY + 6 * HOUR, number=1, reason="Cấp nhầm")
    dossier = act(returned, "cancel_result", personas.unit_leader, MONDAY + 6 * HOUR, number=1, reason="Cấp nhầm")
    with pytest.raises(ValidationError):
        act(dossier, "cancel_result", personas.unit_leader, MONDAY + 7 * HOUR, number=1, reason="Lần nữa")

    assert dossier.events.filter(action=EventAction.RESULT_CANCELLED).count() == 1


def test_the_result_file_downloads_under_the_result_code(client, personas, returned):
    client.force_login(personas.unit_leader)
    response = client.get(reverse("dossiers:result-file", args=[returned.code, 1]))

    assert response.status_code == 200
    assert f'filename="{returned.code}-KQ(1).pdf"' in response.headers["Content-Disposition"]
