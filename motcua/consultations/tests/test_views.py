"""Pages of the consulted unit, and the consultation panel and actions on the dossier page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from motcua.consultations.models import Consultation, ConsultationStatus
from motcua.consultations.tests.conftest import HOUR
from motcua.dossiers.tests.factories import MONDAY
from motcua.dossiers.tests.helpers import act


@pytest.fixture
def consultation(personas, at_processing, fire_police):
    act(at_processing, "consult", personas.specialist, MONDAY + 2 * HOUR, unit_ids=[fire_police.pk], question="PCCC?")
    return Consultation.objects.get()


def test_anonymous_visitors_are_sent_to_sign_in(client, consultation):
    for url in (reverse("consultations:queue"), reverse("consultations:detail", kwargs={"pk": consultation.pk})):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_the_queue_is_refused_to_staff_who_answer_for_no_unit(client, personas, consultation):
    client.force_login(personas.desk_officer)
    assert client.get(reverse("consultations:queue")).status_code == 403


def test_the_consulted_units_liaison_sees_the_request_in_the_queue(client, fire_liaison, consultation):
    client.force_login(fire_liaison)
    response = client.get(reverse("consultations:queue"))
    assert response.status_code == 200
    assert consultation.dossier.code in response.content.decode()


def test_another_units_staff_get_not_found(client, personas, consultation):
    client.force_login(personas.outsider)
    assert client.get(reverse("consultations:detail", kwargs={"pk": consultation.pk})).status_code == 404
    response = client.post(reverse("consultations:answer", kwargs={"pk": consultation.pk}), {"answer": "?"})
    assert response.status_code == 404


def test_the_asking_specialist_may_read_but_not_answer(client, personas, consultation):
    client.force_login(personas.specialist)
    assert client.get(reverse("consultations:detail", kwargs={"pk": consultation.pk})).status_code == 200
    response = client.post(reverse("consultations:answer", kwargs={"pk": consultation.pk}), {"answer": "Tự trả lời"})
    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


def test_the_liaison_answers_from_the_page(client, fire_liaison, consultation):
    client.force_login(fire_liaison)
    url = reverse("consultations:answer", kwargs={"pk": consultation.pk})
    assert client.post(url, {"answer": " "}).status_code == 422
    response = client.post(url, {"answer": "Đủ điều kiện về PCCC."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED and consultation.answered_by == fire_liaison


def test_the_liaison_asks_for_more_time_from_the_page(client, fire_liaison, consultation):
    client.force_login(fire_liaison)
    url = reverse("consultations:extension", kwargs={"pk": consultation.pk})
    response = client.post(url, {"reason": "Cần khảo sát.", "proposed_on": "2025-10-10"})
    assert response.status_code == 302
    assert consultation.extensions.get().reason == "Cần khảo sát."


def test_the_dossier_page_shows_the_panel_and_the_consult_form(client, personas, consultation, fire_police):
    client.force_login(personas.specialist)
    page = client.get(reverse("dossiers:detail", kwargs={"code": consultation.dossier.code})).content.decode()
    assert fire_police.name in page and 'id="action-consult"' in page


def test_consulting_from_the_dossier_page_goes_through_perform(client, personas, at_processing, fire_police):
    client.force_login(personas.specialist)
    at_processing.refresh_from_db()
    response = client.post(
        reverse("dossiers:action", kwargs={"code": at_processing.code, "action": "consult"}),
        {
            "consult-lock_version": at_processing.lock_version,
            "consult-units": [fire_police.pk],
            "consult-question": "Đề nghị cho ý kiến.",
            "consult-mandatory": "on",
        },
    )
    assert response.status_code == 302
    assert Consultation.objects.get().unit == fire_police
