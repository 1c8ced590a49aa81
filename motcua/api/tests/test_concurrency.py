"""Two officers act on the same dossier at the same instant: exactly one succeeds, the other gets 409 (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import received
from motcua.organization.models import Role
from motcua.organization.tests.factories import MembershipFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_on_one_dossier_give_one_success_and_one_conflict(personas, with_token):
    dossier = received(published_version(), personas.commune, personas.desk_officer)
    second_desk = MembershipFactory(unit=personas.commune, role=Role.DESK_OFFICER).user
    clients = [with_token(personas.desk_officer), with_token(second_desk)]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def forward(client) -> None:
        try:
            start.wait()
            response = client.post(
                f"/api/v1/dossiers/{dossier.code}/actions",
                {"action": "forward", "expected_version": 1, "payload": {"note": "Chuyển xử lý"}},
                content_type="application/json",
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=forward, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200, 409]
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2
    dossier.refresh_from_db()
    assert dossier.lock_version == 2
