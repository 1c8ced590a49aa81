"""An online submission's own changes reach the national portal too: 1 when it lands in the desk's queue, 3 when it
is not received (refused or guided), then the dossier's own codes once received — in that order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.models import DossierStatus
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.portal.models import OnlineSubmission
from motcua.portal.services import submissions
from motcua.portal.services.supplements import confirm_supplement, submit_supplement
from motcua.portal.tests.factories import AN, PDF, make_citizen, online_version, upload
from motcua.portal.tests.helpers import MONDAY, waiting_for_supplement
from motcua.sync.models import OutboxMessage, OutboxState
from motcua.sync.senders import HttpSender
from motcua.sync.services import message_document, record_submission_change, send_pending

HOUR = dt.timedelta(hours=1)
LATER = MONDAY + dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def submitted(personas) -> OnlineSubmission:
    version = online_version()
    draft = submissions.start(citizen=make_citizen(), version=version, receiving_unit=personas.commune)
    submissions.save_applicant(
        draft,
        submissions.ApplicantInput(
            kind="person", name=AN["name"], identity_number=AN["identity_number"], date_of_birth=AN["birth_date"]
        ),
    )
    submissions.upload(draft, component_id=version.components.get(order=1).pk, file=upload(PDF))
    return submissions.submit(draft, at=MONDAY)


def test_a_submission_landing_in_the_desk_queue_writes_national_status_1_online(submitted):
    message = OutboxMessage.objects.get(submission=submitted)
    assert (message.national_status, message.national_channel) == (1, 2)
    assert message.dossier_id is None and message.event_seq is None
    assert message.idempotency_key == f"{submitted.reference}/1"
    assert message.body["NgayNopHoSo"] == "20251006100000"
    assert message.state == OutboxState.PENDING


def test_a_refused_submission_writes_national_status_3_with_the_refusal_serial(submitted, personas):
    refused = submissions.refuse_submission(
        actor=personas.desk_officer, submission=submitted, reason="Không thuộc thẩm quyền", at=MONDAY + HOUR
    )
    codes = list(OutboxMessage.objects.filter(submission=submitted).values_list("national_status", flat=True))
    assert codes == [1, 3]
    last = OutboxMessage.objects.filter(submission=submitted).last()
    assert last.body["SoPhieu"] == refused.notice.serial


def test_a_guided_submission_is_reported_as_not_received(submitted, personas):
    component = submitted.procedure_version.components.get(order=1)
    submissions.guide_submission(
        actor=personas.desk_officer,
        submission=submitted,
        component_ids=[component.pk],
        reason="Tờ khai thiếu chữ ký",
        at=MONDAY + HOUR,
    )
    codes = list(OutboxMessage.objects.filter(submission=submitted).values_list("national_status", flat=True))
    assert codes == [1, 3]


def test_receiving_a_submission_links_its_messages_to_the_dossier_ahead_of_the_reception(submitted, personas):
    dossier = submissions.receive_submission(actor=personas.desk_officer, submission=submitted, at=MONDAY + HOUR)
    messages = list(OutboxMessage.objects.filter(dossier=dossier).order_by("id"))
    assert [(m.national_status, m.submission_id) for m in messages] == [(1, submitted.pk), (2, None)]


def test_every_status_an_online_applicant_goes_through_is_queued(submitted, personas):
    """Submitted 1 → received 2 → processing 4 → supplementation requested 5 → supplement received 4."""
    citizen = submitted.citizen
    dossier = submissions.receive_submission(actor=personas.desk_officer, submission=submitted, at=MONDAY + HOUR)
    dossier = waiting_for_supplement(personas, dossier, MONDAY + 2 * HOUR)
    supplement = submit_supplement(
        citizen=citizen,
        dossier=dossier,
        files={dossier.procedure_version.components.get(order=1).pk: upload(PDF)},
        at=MONDAY + 4 * HOUR,
    )
    dossier = confirm_supplement(actor=personas.desk_officer, supplement=supplement, at=MONDAY + 5 * HOUR)
    assert dossier.status == DossierStatus.PROCESSING
    codes = list(OutboxMessage.objects.filter(dossier=dossier).order_by("id").values_list("national_status", flat=True))
    assert codes == [1, 2, 4, 5, 4]
    assert set(OutboxMessage.objects.filter(dossier=dossier).values_list("national_channel", flat=True)) == {2}


def test_the_submissions_message_goes_out_first_and_keeps_the_submissions_reference(submitted, personas, portal):
    portal.fail_next(503)
    send_pending(HttpSender(portal.url), now=MONDAY + dt.timedelta(minutes=5))
    dossier = submissions.receive_submission(actor=personas.desk_officer, submission=submitted, at=MONDAY + HOUR)
    act(dossier, "forward", personas.desk_officer, MONDAY + 2 * HOUR)
    report = send_pending(HttpSender(portal.url), now=LATER)
    assert report.sent == 3
    assert portal.keys == [f"{submitted.reference}/1", f"{dossier.code}/1", f"{dossier.code}/2"]
    first, reception = portal.received[0][1], portal.received[1][1]
    assert (first["MaHoSo"], first["TrangThaiHoSo"], first["MaTTHC"]) == (
        submitted.reference,
        1,
        submitted.procedure_version.procedure.code,
    )
    assert (reception["MaHoSo"], reception["MaHoSoTrucTuyen"], reception["TrangThaiHoSo"]) == (
        dossier.code,
        submitted.reference,
        2,
    )


def test_a_counter_dossier_names_no_online_submission(personas):
    dossier = received(online_version(), personas.commune, personas.desk_officer)
    assert message_document(OutboxMessage.objects.get(dossier=dossier))["MaHoSoTrucTuyen"] is None


def test_a_submission_change_costs_one_statement(submitted, personas):
    submitted.status = "refused"
    with CaptureQueriesContext(connection) as queries:
        record_submission_change(submitted, MONDAY + HOUR)
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_submission_that_fails_to_submit_leaves_no_message(personas):
    version = online_version()
    draft = submissions.start(citizen=make_citizen(), version=version, receiving_unit=personas.commune)
    with pytest.raises(RuntimeError), transaction.atomic():
        submissions.save_applicant(
            draft,
            submissions.ApplicantInput(
                kind="person", name=AN["name"], identity_number=AN["identity_number"], date_of_birth=AN["birth_date"]
            ),
        )
        submissions.upload(draft, component_id=version.components.get(order=1).pk, file=upload(PDF))
        submissions.submit(draft, at=MONDAY)
        raise RuntimeError("the caller's transaction fails after the submission")
    assert not OutboxMessage.objects.exists()


def test_the_sync_page_names_a_failing_submission_by_its_reference(client, submitted, personas, portal):
    portal.fail_next(502)
    send_pending(HttpSender(portal.url), now=MONDAY + dt.timedelta(minutes=5))
    client.force_login(personas.provincial_monitor)
    page = client.get(reverse("sync:status")).content.decode()
    assert submitted.reference in page and "HTTP 502" in page
