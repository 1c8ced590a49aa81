"""Online supplementation: only the requested items, confirmed by the desk, the clock resumed at the upload."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import DossierEvent, DossierStatus, EventAction
from motcua.notifications.models import Notification
from motcua.portal.models import SupplementState
from motcua.portal.services.supplements import confirm_supplement, return_supplement, submit_supplement
from motcua.portal.tests.factories import PDF, PNG, upload
from motcua.portal.tests.helpers import MONDAY, received_online, waiting_for_supplement


@pytest.fixture
def waiting(personas, citizen, version):
    dossier = received_online(personas, citizen, version)
    return waiting_for_supplement(personas, dossier, MONDAY + dt.timedelta(hours=2))


def form_id(dossier):
    return dossier.procedure_version.components.get(order=1).pk


def test_the_citizen_uploads_exactly_the_requested_items(waiting, citizen):
    other = waiting.procedure_version.components.get(order=3).pk
    with pytest.raises(ValidationError) as error:
        submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload(), other: upload()})
    assert error.value.code == "not_requested"
    with pytest.raises(ValidationError) as error:
        submit_supplement(citizen=citizen, dossier=waiting, files={})
    assert error.value.code == "missing"


def test_another_citizen_cannot_supplement_the_dossier(waiting, other_citizen):
    with pytest.raises(ValidationError):
        submit_supplement(citizen=other_citizen, dossier=waiting, files={form_id(waiting): upload()})


def test_the_upload_waits_for_the_desk_and_the_dossier_stays_paused(waiting, citizen):
    supplement = submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload(PNG, "a.png")})
    waiting.refresh_from_db()
    assert supplement.state == SupplementState.PENDING
    assert waiting.status == DossierStatus.WAITING_SUPPLEMENT
    with pytest.raises(ValidationError) as error:
        submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload()})
    assert error.value.code == "already_pending"


def test_confirming_records_receive_supplement_by_the_desk_dated_at_the_upload(waiting, citizen, personas):
    uploaded_at = MONDAY + dt.timedelta(hours=4)
    supplement = submit_supplement(
        citizen=citizen, dossier=waiting, files={form_id(waiting): upload(PDF)}, at=uploaded_at
    )
    dossier = confirm_supplement(
        actor=personas.desk_officer, supplement=supplement, at=uploaded_at + dt.timedelta(days=1)
    )
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == EventAction.SUPPLEMENT_RECEIVED
    assert (event.actor, event.at) == (personas.desk_officer, uploaded_at)
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.pauses.get().ended_at == uploaded_at
    assert dossier.components.filter(supplementation__isnull=False).get().file.read() == PDF
    supplement.refresh_from_db()
    assert supplement.state == SupplementState.CONFIRMED


def test_only_staff_who_may_receive_the_supplement_confirm_it(waiting, citizen, personas):
    supplement = submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload()})
    with pytest.raises(ValidationError):
        confirm_supplement(actor=personas.outsider, supplement=supplement)


def test_a_returned_upload_tells_the_citizen_why_and_lets_them_upload_again(waiting, citizen, personas):
    supplement = submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload()})
    with pytest.raises(ValidationError):
        return_supplement(actor=personas.desk_officer, supplement=supplement, reason="  ")
    return_supplement(actor=personas.desk_officer, supplement=supplement, reason="Ảnh mờ, không đọc được")
    told = Notification.objects.filter(recipient=citizen.user, channel="email").latest("created_at")
    assert "Ảnh mờ" in told.body and told.address == citizen.email
    again = submit_supplement(citizen=citizen, dossier=waiting, files={form_id(waiting): upload()})
    assert again.state == SupplementState.PENDING
