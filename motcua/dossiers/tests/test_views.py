"""The staff workspace: every view answers anonymous → login, wrong role → 403, other unit → 404; then each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import DigitisationExemption, Dossier, DossierStatus, NoticeKind, ReceptionNotice
from motcua.dossiers.services import record_guidance
from motcua.dossiers.tests.factories import MONDAY, person, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def dossier(personas, version) -> Dossier:
    return received(version, personas.commune, personas.desk_officer)


@pytest.fixture
def notice(personas, version) -> ReceptionNotice:
    return record_guidance(
        actor=personas.desk_officer,
        data={
            "procedure_version_id": version.pk,
            "receiving_unit_id": personas.commune.pk,
            "applicant": person(),
            "channel": "counter",
            "component_ids": [version.components.first().pk],
            "reason": "Thiếu tờ khai",
        },
        at=MONDAY,
    )


def _dossier_urls(dossier: Dossier) -> list[tuple[str, str]]:
    code = dossier.code
    return [
        ("get", reverse("dossiers:detail", args=[code])),
        ("post", reverse("dossiers:action", args=[code, "forward"])),
        ("get", reverse("dossiers:component-file", args=[code, dossier.components.first().pk])),
        ("get", reverse("dossiers:result-file", args=[code, 1])),
        ("get", reverse("dossiers:print", args=[code, "receipt", "pdf"])),
    ]


def _get_or_post(client, method: str, url: str):
    return client.post(url, {}) if method == "post" else client.get(url)


# --- access, for every view ---------------------------------------------------------------------------------------


def test_every_workspace_page_sends_anonymous_visitors_to_sign_in(client, dossier, notice):
    urls = [
        *_dossier_urls(dossier),
        ("get", reverse("dossiers:all")),
        ("get", reverse("dossiers:queue", args=["moi-tiep-nhan"])),
        ("get", reverse("dossiers:reception")),
        ("get", reverse("dossiers:reception-components")),
        ("get", reverse("dossiers:notice", args=[notice.serial])),
        ("get", reverse("dossiers:notice-print", args=[notice.serial, "pdf"])),
    ]
    for method, url in urls:
        response = _get_or_post(client, method, url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_every_workspace_page_refuses_a_role_that_does_not_work_dossiers(client, personas, dossier, notice):
    client.force_login(personas.catalog_admin)
    urls = [
        *_dossier_urls(dossier),
        ("get", reverse("dossiers:all")),
        ("get", reverse("dossiers:queue", args=["moi-tiep-nhan"])),
        ("get", reverse("dossiers:reception")),
        ("get", reverse("dossiers:notice", args=[notice.serial])),
    ]
    for method, url in urls:
        assert _get_or_post(client, method, url).status_code == 403, url


def test_reception_and_desk_queues_are_refused_to_a_specialist(client, personas, notice):
    client.force_login(personas.specialist)
    assert client.get(reverse("dossiers:reception")).status_code == 403
    assert client.get(reverse("dossiers:reception-components")).status_code == 403
    assert client.get(reverse("dossiers:notice", args=[notice.serial])).status_code == 403
    assert client.get(reverse("dossiers:queue", args=["moi-tiep-nhan"])).status_code == 403


def test_a_provincial_monitor_reads_a_dossier_but_may_not_act_on_it(client, personas, dossier):
    client.force_login(personas.provincial_monitor)
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 200
    response = client.post(reverse("dossiers:action", args=[dossier.code, "forward"]), {"forward-lock_version": 1})
    assert response.status_code == 403


def test_another_units_staff_get_not_found_for_every_dossier_page(client, personas, dossier):
    client.force_login(personas.outsider)
    for method, url in _dossier_urls(dossier):
        assert _get_or_post(client, method, url).status_code == 404, url


def test_another_units_desk_gets_not_found_for_a_notice(client, personas, notice):
    from motcua.organization.models import Role
    from motcua.organization.tests.factories import MembershipFactory

    MembershipFactory(user=personas.outsider, unit=personas.other_commune, role=Role.DESK_OFFICER)
    client.force_login(personas.outsider)
    assert client.get(reverse("dossiers:notice", args=[notice.serial])).status_code == 404


def test_another_units_dossiers_never_appear_in_queues_or_search(client, personas, dossier):
    client.force_login(personas.outsider)
    for url in (reverse("dossiers:all"), reverse("dossiers:queue", args=["dang-xu-ly"])):
        response = client.get(url, {"q": dossier.code})
        assert response.status_code == 200
        assert reverse("dossiers:detail", args=[dossier.code]) not in response.content.decode()


# --- queues ------------------------------------------------------------------------------------------------------


def test_the_desk_queue_lists_new_dossiers_with_appointment_and_counts(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("dossiers:queue", args=["moi-tiep-nhan"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in page
    assert "Nguyễn Văn An" in page
    assert "Ngày hẹn trả" in page
    assert "Quá hạn" in page  # received in 2025, still open: overdue today
    assert 'class="badge"' in page


def test_a_queue_page_costs_a_bounded_number_of_queries(client, personas, version, django_assert_max_num_queries):
    for minutes in range(3):
        received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(minutes=minutes))
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:queue", args=["moi-tiep-nhan"])
    client.get(url)  # warm the calendar cache
    with django_assert_max_num_queries(22):
        small = client.get(url)
    for minutes in range(3, 30):
        received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(minutes=minutes))
    with django_assert_max_num_queries(22):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert "Trang 1/2" in large.content.decode()


def test_search_finds_a_dossier_by_code_applicant_name_or_identity_number(client, personas, version, dossier):
    other = received(version, personas.commune, personas.desk_officer, applicant=person(name="Trần Thị Bình"))
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:all")
    for term in (dossier.code, "văn an", "068090001234"):
        page = client.get(url, {"q": term}).content.decode()
        assert dossier.code in page, term
    page = client.get(url, {"q": "Bình"}).content.decode()
    assert other.code in page and dossier.code not in page


def test_filters_narrow_by_status_procedure_and_appointment(client, personas, version, dossier):
    forwarded = act(
        received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY + HOUR
    )
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:all")
    page = client.get(url, {"status": DossierStatus.PROCESSING}).content.decode()
    assert forwarded.code in page and dossier.code not in page
    page = client.get(url, {"procedure": version.procedure.pk}).content.decode()
    assert forwarded.code in page and dossier.code in page
    assert dossier.code not in client.get(url, {"due_before": "2025-10-01"}).content.decode()
    assert dossier.code in client.get(url, {"due_before": "2025-10-31"}).content.decode()


def test_an_htmx_search_returns_only_the_table(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("dossiers:all"), {"q": dossier.code}, HTTP_HX_TARGET="queue-table", **HTMX)
    page = response.content.decode()
    assert dossier.code in page
    assert "<html" not in page


def test_the_home_page_shows_the_desks_queues_with_red_counts(client, personas, dossier):
    client.force_login(personas.desk_officer)
    page = client.get(reverse("home")).content.decode()
    assert "Mới tiếp nhận" in page and "Chờ trả kết quả" in page
    assert reverse("dossiers:reception") in page
    assert "Chờ ký duyệt" not in page


def test_an_unknown_queue_is_not_found(client, personas):
    client.force_login(personas.desk_officer)
    assert client.get(reverse("dossiers:queue", args=["khong-co"])).status_code == 404


# --- reception ---------------------------------------------------------------------------------------------------


def _reception_post(personas, version, outcome: str = "receive", **extra) -> dict:
    data = {
        "procedure_version": version.pk,
        "receiving_unit": personas.commune.pk,
        "resolving_unit": personas.commune.pk,
        "channel": "counter",
        "applicant_kind": "person",
        "name": "Lê Thị Cúc",
        "identity_number": "068190001234",
        "date_of_birth": "1990-05-17",
        "address": "5 Nguyễn Huệ",
        "phone": "0911222333",
        "outcome": outcome,
    }
    for component in version.components.all():
        data.update(
            {
                f"c{component.pk}_received": "on",
                f"c{component.pk}_form": component.form,
                f"c{component.pk}_copies": 1,
                f"c{component.pk}_exemption": DigitisationExemption.PRESENTED_ONLY,
            }
        )
    data.update(extra)
    return data


def test_the_reception_form_offers_only_the_published_components_of_the_chosen_version(client, personas, version):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("dossiers:reception-components"), {"procedure_version": version.pk}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    for component in version.components.all():
        assert f'name="c{component.pk}_received"' in page
    assert len(re.findall(r'name="c\d+_received"', page)) == version.components.count()


def test_a_desk_officer_receives_a_dossier_and_lands_on_its_page_with_the_receipt(client, personas, version):
    client.force_login(personas.desk_officer)
    first = version.components.first()
    data = _reception_post(personas, version)
    data[f"c{first.pk}_file"] = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(reverse("dossiers:reception"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dossiers:detail", args=[dossier.code])
    assert dossier.applicant.name == "Lê Thị Cúc"
    assert dossier.components.get(component=first).digitised
    page = client.get(response.url).content.decode()
    assert reverse("dossiers:print", args=[dossier.code, "receipt", "pdf"]) in page
    assert dossier.lookup_secret in page
    download = client.get(
        reverse("dossiers:component-file", args=[dossier.code, dossier.components.get(component=first).pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 scan"


def test_reception_without_a_required_component_is_refused_with_the_reason_and_nothing_saved(client, personas, version):
    client.force_login(personas.desk_officer)
    first = version.components.first()
    data = _reception_post(personas, version)
    del data[f"c{first.pk}_received"]
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 422
    assert "mẫu 02" in response.content.decode()
    assert not Dossier.objects.exists()


def test_an_incomplete_dossier_gets_written_guidance_form_02(client, personas, version):
    client.force_login(personas.desk_officer)
    first = version.components.first()
    data = _reception_post(personas, version, outcome="guidance", reason="Thiếu tờ khai có chữ ký")
    data[f"c{first.pk}_missing"] = "on"
    response = client.post(reverse("dossiers:reception"), data)
    notice = ReceptionNotice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dossiers:notice", args=[notice.serial])
    assert notice.kind == NoticeKind.GUIDANCE
    assert list(notice.items.all()) == [first]
    assert reverse("dossiers:notice-print", args=[notice.serial, "pdf"]) in client.get(response.url).content.decode()


def test_a_refusal_needs_its_reasons(client, personas, version):
    client.force_login(personas.desk_officer)
    response = client.post(reverse("dossiers:reception"), _reception_post(personas, version, outcome="refuse"))
    assert response.status_code == 422
    assert "lý do từ chối" in response.content.decode()
    data = _reception_post(personas, version, outcome="refuse", reason="Không thuộc thẩm quyền")
    assert client.post(reverse("dossiers:reception"), data).status_code == 302
    assert ReceptionNotice.objects.get().kind == NoticeKind.REFUSAL


def test_a_desk_officer_cannot_receive_for_another_units_desk(client, personas, version):
    client.force_login(personas.desk_officer)
    data = _reception_post(personas, version, receiving_unit=personas.other_commune.pk)
    response = client.post(reverse("dossiers:reception"), data)
    assert response.status_code == 422
    assert not Dossier.objects.exists()


# --- the dossier page and its actions ------------------------------------------------------------------------------


def test_the_dossier_page_shows_header_clock_components_timeline_and_allowed_actions(client, personas, dossier):
    client.force_login(personas.desk_officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert dossier.code in page
    assert "Ngày hẹn trả" in page and "09/10/2025" in page
    assert "Quá hạn" in page
    assert "Tiếp nhận hồ sơ" in page  # the timeline's first event
    assert reverse("dossiers:action", args=[dossier.code, "forward"]) in page
    assert reverse("dossiers:action", args=[dossier.code, "approve"]) not in page


def test_an_action_posted_with_the_current_version_is_applied(client, personas, dossier):
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:action", args=[dossier.code, "forward"])
    response = client.post(url, {"forward-lock_version": dossier.lock_version, "forward-note": "Chuyển xử lý"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.lock_version == 2


def test_an_htmx_action_answers_with_a_client_redirect(client, personas, dossier):
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:action", args=[dossier.code, "forward"])
    response = client.post(url, {"forward-lock_version": dossier.lock_version}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("dossiers:detail", args=[dossier.code])


def test_a_stale_version_is_a_conflict_and_nothing_is_applied(client, personas, dossier):
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:action", args=[dossier.code, "forward"])
    response = client.post(url, {"forward-lock_version": dossier.lock_version - 1}, **HTMX)
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    response = client.post(url, {"forward-lock_version": dossier.lock_version - 1}, follow=True)
    assert "vừa được người khác cập nhật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.lock_version == 1


def test_an_action_the_process_does_not_allow_comes_back_with_the_message(client, personas, dossier):
    client.force_login(personas.desk_officer)
    url = reverse("dossiers:action", args=[dossier.code, "approve"])
    response = client.post(url, {"approve-lock_version": dossier.lock_version})
    assert response.status_code == 422
    assert "Phê duyệt" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.lock_version == 1


def test_a_refused_payload_re_renders_the_form_with_the_services_message(client, personas, version, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    client.force_login(personas.specialist)
    url = reverse("dossiers:action", args=[dossier.code, "request_supplement"])
    data = {
        "request_supplement-lock_version": dossier.lock_version,
        "request_supplement-components": [version.components.first().pk],
        "request_supplement-reason": "   ",
    }
    response = client.post(url, data, **HTMX)
    assert response.status_code == 422
    assert 'id="action-request_supplement"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING


def test_a_supplementation_round_is_requested_and_recorded_at_the_desk(client, personas, version, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    first = version.components.first()
    client.force_login(personas.specialist)
    client.post(
        reverse("dossiers:action", args=[dossier.code, "request_supplement"]),
        {
            "request_supplement-lock_version": dossier.lock_version,
            "request_supplement-components": [first.pk],
            "request_supplement-reason": "Tờ khai thiếu chữ ký",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WAITING_SUPPLEMENT
    client.force_login(personas.desk_officer)
    queue = client.get(reverse("dossiers:queue", args=["cho-bo-sung"])).content.decode()
    assert dossier.code in queue
    response = client.post(
        reverse("dossiers:action", args=[dossier.code, "receive_supplement"]),
        {
            "receive_supplement-lock_version": dossier.lock_version,
            f"receive_supplement-c{first.pk}_received": "on",
            f"receive_supplement-c{first.pk}_form": first.form,
            f"receive_supplement-c{first.pk}_copies": 1,
            f"receive_supplement-c{first.pk}_exemption": DigitisationExemption.PRESENTED_ONLY,
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.due_at is not None


def test_the_receipt_prints_as_pdf_and_unknown_forms_are_not_found(client, personas, dossier):
    client.force_login(personas.desk_officer)
    response = client.get(reverse("dossiers:print", args=[dossier.code, "receipt", "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("dossiers:print", args=[dossier.code, "stop_notice", "pdf"])).status_code == 404
    assert client.get(reverse("dossiers:print", args=[dossier.code, "receipt", "exe"])).status_code == 404


def test_the_dossier_page_costs_the_same_few_queries_however_long_its_history(
    client, personas, dossier, django_assert_max_num_queries
):
    client.force_login(personas.specialist)
    url = reverse("dossiers:detail", args=[dossier.code])
    client.get(url)  # warm the calendar cache
    # 20 for the page itself; 4 for SOS and apology letters (offered actions, panels); 3 for consultations and
    # inter-agency links.
    with django_assert_max_num_queries(27):
        client.get(url)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(dossier, "send_back", personas.specialist, MONDAY + 2 * HOUR, reason="Thiếu thông tin")
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + 3 * HOUR)
    with django_assert_max_num_queries(27):
        assert client.get(url).status_code == 200


def test_the_workspace_renders_when_english_is_chosen(client, personas, dossier):
    client.force_login(personas.desk_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in (
        reverse("home"),
        reverse("dossiers:all"),
        reverse("dossiers:reception"),
        reverse("dossiers:detail", args=[dossier.code]),
        reverse("portal:lookup"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "en"
