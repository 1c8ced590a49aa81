"""Portal pages: who may open what (anonymous, another citizen, staff), and the public catalog."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from motcua.catalog.tests.factories import ProcedureVersionFactory, published_version
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.notifications.models import Notification
from motcua.portal.models import Feedback, SubmissionStatus
from motcua.portal.services import submissions
from motcua.portal.services.evaluation import evaluation_path
from motcua.portal.tests.factories import PDF, online_version, upload
from motcua.portal.tests.helpers import MONDAY, received_online, returned

PASSWORD = "demo-Passw0rd"
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def draft(personas, citizen, version):
    item = submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)
    submissions.upload(item, component_id=version.components.get(order=1).pk, file=upload(PDF))
    return item


def sign_in(client, user):
    client.force_login(user)
    return client


# --- public pages ------------------------------------------------------------------------------------------------


def test_the_catalog_finds_a_procedure_by_a_word_of_its_name_and_by_its_code(client, version):
    page = client.get(reverse("portal:catalog"), {"q": "hôn nhân"}).content.decode()
    assert version.procedure.name in page
    assert (
        version.procedure.name in client.get(reverse("portal:catalog"), {"q": version.procedure.code}).content.decode()
    )
    assert version.procedure.name not in client.get(reverse("portal:catalog"), {"q": "đất đai"}).content.decode()


def test_the_catalog_filters_procedures_offered_online(client, version):
    offline = online_version(online_mode="none")
    page = client.get(reverse("portal:catalog"), {"online": "on"}).content.decode()
    assert version.procedure.name in page and offline.procedure.name not in page


def test_the_procedure_page_shows_components_where_to_file_and_the_online_offer(client, personas, version):
    page = client.get(reverse("portal:procedure", args=[version.procedure.code])).content.decode()
    assert "Căn cước của người yêu cầu" in page
    assert personas.commune.name in page and personas.other_commune.name not in page
    assert "Đăng nhập để nộp hồ sơ trực tuyến" in page


def test_a_procedure_without_a_published_version_has_no_public_page(client, db):
    draft = ProcedureVersionFactory(online_mode="full")
    assert client.get(reverse("portal:procedure", args=[draft.procedure.code])).status_code == 404


def test_anyone_may_send_a_complaint(client, personas):
    response = client.post(
        reverse("portal:feedback"),
        {
            "kind": "complaint",
            "unit": personas.commune.pk,
            "sender_name": "Trần Thị Bình",
            "sender_contact": "binh@example.vn",
            "subject": "Chậm trả",
            "content": "Hồ sơ trả chậm.",
        },
    )
    assert response.status_code == 302
    assert Feedback.objects.get().unit == personas.commune


# --- citizen pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["portal:mine", "portal:profile"])
def test_anonymous_visitors_are_sent_to_the_citizen_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))


def test_staff_get_403_on_citizen_pages(client, personas):
    assert sign_in(client, personas.desk_officer).get(reverse("portal:mine")).status_code == 403


def test_another_citizen_gets_404_on_a_submission(client, draft, other_citizen):
    response = sign_in(client, other_citizen.user).get(reverse("portal:submission", args=[draft.pk]))
    assert response.status_code == 404


def test_the_citizen_fills_in_and_submits_through_the_pages(client, draft, citizen, version):
    sign_in(client, citizen.user)
    response = client.post(
        reverse("portal:applicant", args=[draft.pk]),
        {
            "kind": "person",
            "name": citizen.full_name,
            "identity_number": citizen.identity_number,
            "date_of_birth": "1990-05-17",
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("portal:submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SUBMITTED


def test_an_executable_is_refused_on_the_upload_page(client, draft, citizen, version):
    sign_in(client, citizen.user)
    response = client.post(
        reverse("portal:upload", args=[draft.pk]),
        {"component": version.components.get(order=3).pk, "file": upload(b"MZ\x90\x00", "giay-to.pdf")},
    )
    assert response.status_code == 422
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()


# --- files ---------------------------------------------------------------------------------------------------------


def test_the_owner_downloads_the_file_as_an_attachment_typed_by_its_content(client, draft, citizen):
    row = draft.files.get()
    response = sign_in(client, citizen.user).get(reverse("portal:file", args=[row.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_another_citizen_gets_404_on_the_file(client, draft, other_citizen):
    assert (
        sign_in(client, other_citizen.user).get(reverse("portal:file", args=[draft.files.get().pk])).status_code == 404
    )


def test_anonymous_visitors_get_404_on_the_file(client, draft):
    assert client.get(reverse("portal:file", args=[draft.files.get().pk])).status_code == 404


def test_the_desk_of_the_receiving_unit_reads_a_submitted_file_and_another_units_staff_do_not(client, draft, personas):
    url = reverse("portal:file", args=[draft.files.get().pk])
    assert sign_in(client, personas.desk_officer).get(url).status_code == 200
    assert sign_in(client, personas.outsider).get(url).status_code == 404


def test_staff_who_see_the_dossier_read_its_online_files(client, personas, citizen, version):
    dossier = received_online(personas, citizen, version)
    row = dossier.online_submission.files.get()
    assert sign_in(client, personas.specialist).get(reverse("portal:file", args=[row.pk])).status_code == 200


def test_no_url_serves_the_media_root(client, draft):
    assert client.get("/media/" + draft.files.get().file.name).status_code == 404


# --- the desk --------------------------------------------------------------------------------------------------------


def test_the_online_queue_sends_anonymous_visitors_to_the_staff_sign_in(client, db):
    response = client.get(reverse("portal:online-queue"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_online_queue_is_refused_to_citizens_and_specialists(client, citizen, personas):
    assert sign_in(client, citizen.user).get(reverse("portal:online-queue")).status_code == 403
    assert sign_in(client, personas.specialist).get(reverse("portal:online-queue")).status_code == 403


def test_the_desk_receives_a_submission_from_its_queue(client, draft, citizen, personas):
    submissions.save_applicant(
        draft,
        submissions.ApplicantInput(
            kind="person",
            name=citizen.full_name,
            identity_number=citizen.identity_number,
            date_of_birth=citizen.date_of_birth,
        ),
    )
    submissions.submit(draft)
    sign_in(client, personas.desk_officer)
    assert draft.reference in client.get(reverse("portal:online-queue")).content.decode()
    response = client.post(
        reverse("portal:desk-decide", args=[draft.pk, "tiep-nhan"]), {"resolving_unit": personas.commune.pk}
    )
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RECEIVED
    assert response.url == reverse("dossiers:detail", args=[draft.dossier.code])


def test_another_units_desk_gets_404_on_a_submission(client, draft, personas):
    other_desk = personas.outsider
    other_desk.memberships.update(role="desk_officer")
    assert sign_in(client, other_desk).get(reverse("portal:desk-submission", args=[draft.pk])).status_code == 404


def test_the_kiosk_rates_a_returned_dossier_for_the_officer_who_opened_it(client, personas, citizen, version):
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    sign_in(client, personas.desk_officer)
    response = client.post(
        reverse("portal:kiosk", args=[dossier.code]),
        {"contacts": 2, "agencies": 2, "attitude": 2, "satisfaction": "satisfied"},
    )
    assert response.status_code == 200
    assert dossier.evaluation.kiosk_opened_by == personas.desk_officer


def test_the_kiosk_of_another_units_dossier_is_404(client, personas, citizen, version):
    dossier = received_online(personas, citizen, version)
    assert sign_in(client, personas.outsider).get(reverse("portal:kiosk", args=[dossier.code])).status_code == 404


def test_the_rating_link_works_without_sign_in_and_only_once(client, personas, citizen, version):
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    answers = {"contacts": 2, "agencies": 2, "attitude": 1, "satisfaction": "very_satisfied", "comment": "Nhanh"}
    assert client.post(evaluation_path(dossier), answers).status_code == 200
    assert "đã được đánh giá" in client.get(evaluation_path(dossier)).content.decode()
    assert client.get(reverse("portal:evaluate", args=["gia-mao"])).status_code == 404


def test_the_citizens_page_of_a_returned_dossier_offers_the_rating_link_and_qr_code(client, personas, citizen, version):
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    page = (
        sign_in(client, citizen.user)
        .get(reverse("portal:submission", args=[dossier.online_submission.pk]))
        .content.decode()
    )
    assert "/danh-gia/" in page and "<svg" in page
    assert personas.desk_officer.get_full_name() not in page


def test_the_citizens_page_tells_what_financial_obligations_remain_to_pay(client, personas, citizen, version):
    dossier = act(received_online(personas, citizen, version), "forward", personas.desk_officer, MONDAY + HOUR)
    act(
        dossier,
        "request_payment",
        personas.specialist,
        MONDAY + 2 * HOUR,
        description="Tiền sử dụng đất",
        amount=12_000_000,
        reason="Luật Đất đai 2024",
    )
    page = (
        sign_in(client, citizen.user)
        .get(reverse("portal:submission", args=[dossier.online_submission.pk]))
        .content.decode()
    )
    assert "Nghĩa vụ tài chính bạn cần thực hiện" in page and "Tiền sử dụng đất" in page
    assert personas.specialist.get_full_name() not in page


def test_each_change_of_an_online_dossier_is_mailed_to_the_citizen(
    personas, citizen, version, mailoutbox, django_capture_on_commit_callbacks
):
    dossier = received_online(personas, citizen, version)
    with django_capture_on_commit_callbacks(execute=True):
        act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(hours=2))
    assert mailoutbox[-1].to == [citizen.email]
    assert dossier.code in mailoutbox[-1].subject and "Đang xử lý" in mailoutbox[-1].body


def test_the_workspace_menu_shows_the_online_queue_with_its_count_to_the_desk_only(client, draft, citizen, personas):
    submissions.save_applicant(
        draft,
        submissions.ApplicantInput(
            kind="person",
            name=citizen.full_name,
            identity_number=citizen.identity_number,
            date_of_birth=citizen.date_of_birth,
        ),
    )
    submissions.submit(draft)
    page = sign_in(client, personas.desk_officer).get(reverse("dossiers:all")).content.decode()
    assert "Chờ tiếp nhận trực tuyến" in page and reverse("portal:online-queue") in page
    assert (
        "Chờ tiếp nhận trực tuyến"
        not in sign_in(client, personas.specialist).get(reverse("dossiers:all")).content.decode()
    )


def test_the_citizen_downloads_the_returned_result_named_after_its_code_and_nobody_else_does(
    client, personas, citizen, other_citizen, version
):
    dossier = received_online(personas, citizen, version)
    submission = dossier.online_submission
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + dt.timedelta(minutes=65))
    dossier = act(dossier, "forward", personas.specialist, MONDAY + dt.timedelta(hours=2))
    dossier = act(
        dossier,
        "attach_result",
        personas.unit_leader,
        MONDAY + dt.timedelta(hours=3),
        name="KQ",
        file=upload(PDF, "kq.pdf"),
    )
    url = reverse("portal:result", args=[submission.pk, 1])
    assert sign_in(client, citizen.user).get(url).status_code == 404  # not yet returned
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + dt.timedelta(hours=4))
    act(
        dossier, "return_result", personas.desk_officer, MONDAY + dt.timedelta(hours=5), method="online", recipient="An"
    )
    response = client.get(url)
    assert response.status_code == 200
    assert f"{dossier.code}-KQ(1)" in response["Content-Disposition"]
    assert sign_in(client, other_citizen.user).get(url).status_code == 404


def test_the_dossier_page_of_a_returned_dossier_offers_the_rating_qr_code_and_the_kiosk(
    client, personas, citizen, version
):
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    page = sign_in(client, personas.desk_officer).get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("portal:kiosk", args=[dossier.code]) in page and "<svg" in page


def test_an_applicant_who_filed_at_the_counter_is_sent_the_rating_link_after_the_return(
    personas, django_capture_on_commit_callbacks
):
    dossier = received(published_version(), personas.commune, personas.desk_officer, at=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        returned(personas, dossier, MONDAY + dt.timedelta(minutes=30))
    invitation = Notification.objects.get(dossier=dossier, kind="result_ready")
    assert invitation.address == "an@example.vn" and "/danh-gia/" in invitation.url


def test_the_desks_reception_form_looks_the_applicant_up_in_the_population_registry(client, personas):
    sign_in(client, personas.desk_officer)
    assert reverse("portal:population-check") in client.get(reverse("dossiers:reception")).content.decode()
    person = {"identity_number": "068090001234", "date_of_birth": "1990-05-17"}
    url = reverse("portal:population-check")
    found = client.post(url, {**person, "name": "Nguyễn Văn An"})
    assert "đã xác thực" in found.content.decode() and "Trần Hưng Đạo" in found.content.decode()
    wrong = client.post(url, {**person, "name": "Nguyễn Văn Ân"})
    assert "không khớp" in wrong.content.decode()
    assert sign_in(client, personas.specialist).post(url).status_code == 403


def _dangling_references(html: str) -> set[str]:
    """Ids named by aria-describedby, aria-labelledby or a label's ``for`` that no element of the page carries."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = re.findall(r'\s(?:aria-describedby|aria-labelledby|for)="([^"]+)"', html)
    return {ref for value in named for ref in value.split()} - ids


def test_every_aria_reference_on_the_public_pages_points_to_an_element(client, personas, citizen, version):
    """Screen readers announce help texts and errors through these references; a dangling one is read as nothing."""
    dossier = returned(personas, received_online(personas, citizen, version), MONDAY + dt.timedelta(hours=2))
    pages = [
        client.get(path)
        for path in (
            reverse("portal:catalog"),
            reverse("portal:procedure", args=[version.procedure.code]),
            reverse("portal:signup"),
            reverse("portal:login"),
            reverse("portal:lookup"),
            reverse("portal:feedback"),
            reverse("documents:verify-result"),
            evaluation_path(dossier),
        )
    ]
    pages += [
        client.post(path, {})
        for path in (
            reverse("portal:signup"),
            reverse("portal:lookup"),
            reverse("portal:feedback"),
            evaluation_path(dossier),
        )
    ]
    sign_in(client, citizen.user)
    pages.append(client.get(reverse("portal:submission", args=[dossier.online_submission.pk])))
    for response in pages:
        assert response.status_code < 500
        assert not _dangling_references(response.content.decode()), response.wsgi_request.path
