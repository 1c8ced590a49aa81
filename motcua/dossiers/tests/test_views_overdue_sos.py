"""Pages of the overdue and SOS work: the SOS list, acknowledging, proposals, the register, and the dossier page's
new actions — each answering anonymous → login, wrong role → 403, other unit → 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import AmendmentProposal, AppointmentChange, Dossier, Sos, SosState
from motcua.dossiers.tests.factories import received
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Role
from motcua.organization.tests.factories import MembershipFactory

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def dossier(personas, version) -> Dossier:
    """Received an hour ago and handed to the commune's specialists, so the clock runs in the present."""
    start = timezone.now() - 2 * HOUR
    dossier = received(version, personas.commune, personas.desk_officer, at=start)
    return act(dossier, "forward", personas.desk_officer, start + HOUR)


@pytest.fixture
def sos(personas, dossier) -> Sos:
    act(dossier, "raise_sos", personas.specialist, timezone.now(), category="unclear_rule", reason="Quy định chưa rõ")
    return Sos.objects.get()


def _sos_urls(sos: Sos) -> list[tuple[str, str]]:
    return [
        ("post", reverse("dossiers:sos-acknowledge", args=[sos.pk])),
        ("get", reverse("dossiers:sos-propose", args=[sos.pk])),
    ]


def _call(client, method: str, url: str):
    return client.post(url, {}) if method == "post" else client.get(url)


def test_sos_pages_send_anonymous_visitors_to_sign_in(client, sos):
    for method, url in [
        *_sos_urls(sos),
        ("get", reverse("dossiers:sos-list")),
        ("get", reverse("dossiers:amendments")),
    ]:
        response = _call(client, method, url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_sos_pages_refuse_a_handler_who_does_not_answer_sos(client, personas, sos):
    client.force_login(personas.specialist)
    for method, url in [
        *_sos_urls(sos),
        ("get", reverse("dossiers:sos-list")),
        ("get", reverse("dossiers:amendments")),
    ]:
        assert _call(client, method, url).status_code == 403, url


def test_another_units_leader_gets_not_found_for_an_sos_and_an_empty_list(client, personas, sos):
    MembershipFactory(user=personas.outsider, unit=personas.other_commune, role=Role.UNIT_LEADER)
    client.force_login(personas.outsider)
    for method, url in _sos_urls(sos):
        assert _call(client, method, url).status_code == 404, url
    page = client.get(reverse("dossiers:sos-list")).content.decode()
    assert sos.dossier.code not in page


def test_the_leader_lists_the_units_sos_with_response_times_in_bounded_queries(client, personas, sos):
    client.force_login(personas.unit_leader)
    client.get(reverse("dossiers:sos-list"))  # warm the calendar cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dossiers:sos-list"), {"state": "open"})
    assert response.status_code == 200
    assert sos.dossier.code in response.content.decode()
    assert len(queries) <= 10


def test_a_monitor_acknowledges_an_sos_from_the_list(client, personas, sos):
    client.force_login(personas.provincial_monitor)
    response = client.post(reverse("dossiers:sos-acknowledge", args=[sos.pk]), {"from": "list"})
    sos.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("dossiers:sos-list")
    assert (sos.state, sos.acknowledged_by) == (SosState.ACKNOWLEDGED, personas.provincial_monitor)


def test_a_monitor_resolves_an_sos_from_the_dossier_page(client, personas, sos):
    client.force_login(personas.provincial_monitor)
    sos.dossier.refresh_from_db()
    page = client.get(reverse("dossiers:detail", args=[sos.dossier.code])).content.decode()
    response = client.post(
        reverse("dossiers:action", args=[sos.dossier.code, "resolve_sos"]),
        {"resolve_sos-lock_version": sos.dossier.lock_version, "resolve_sos-resolution": "Đã hướng dẫn áp dụng"},
    )
    sos.refresh_from_db()
    assert 'id="action-resolve_sos"' in page
    assert response.status_code == 302 and sos.state == SosState.RESOLVED


def test_a_leader_turns_a_resolved_sos_into_a_proposal_in_the_register(client, personas, sos):
    dossier = sos.dossier
    dossier.refresh_from_db()
    act(dossier, "resolve_sos", personas.unit_leader, timezone.now(), resolution="Đã hỏi Sở Tư pháp")
    client.force_login(personas.unit_leader)

    response = client.post(reverse("dossiers:sos-propose", args=[sos.pk]), {"proposal": "Sửa thành phần hồ sơ"})
    register = client.get(reverse("dossiers:amendments")).content.decode()

    assert response.status_code == 302 and response.url == reverse("dossiers:amendments")
    assert AmendmentProposal.objects.get().proposal == "Sửa thành phần hồ sơ"
    assert "Sửa thành phần hồ sơ" in register


def test_the_dossier_page_offers_raising_an_sos_and_drafting_an_apology_to_the_handler(client, personas, dossier):
    client.force_login(personas.specialist)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()

    assert 'id="action-raise_sos"' in page and 'id="action-reschedule"' in page


def test_an_apology_drafted_on_the_page_is_approved_by_the_leader(client, personas, dossier):
    client.force_login(personas.specialist)
    response = client.post(
        reverse("dossiers:action", args=[dossier.code, "reschedule"]),
        {
            "reschedule-lock_version": dossier.lock_version,
            "reschedule-reason": "Chờ ý kiến Sở Xây dựng",
            "reschedule-extension": "1d",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    client.force_login(personas.unit_leader)
    response = client.post(
        reverse("dossiers:action", args=[dossier.code, "approve_reschedule"]),
        {"approve_reschedule-lock_version": dossier.lock_version},
    )
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()

    assert response.status_code == 302
    assert AppointmentChange.objects.get().decided_by == personas.unit_leader
    assert reverse("dossiers:print", args=[dossier.code, "apology", "pdf"]) in page
