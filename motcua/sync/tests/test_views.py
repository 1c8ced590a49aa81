"""The sync status page: for provincial monitors and system administrators only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.dossiers.tests.factories import MONDAY, received
from motcua.sync.senders import HttpSender
from motcua.sync.services import send_pending


def test_the_sync_page_asks_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("sync:status"))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["desk_officer", "unit_leader", "catalog_admin", "outsider"])
def test_the_sync_page_is_forbidden_to_other_roles(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("sync:status")).status_code == 403


@pytest.mark.parametrize("who", ["provincial_monitor", "system_admin"])
def test_the_sync_page_shows_the_lag_counts_and_failures(client, personas, version, portal, who):
    dossier = received(version, personas.commune, personas.desk_officer)
    received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(hours=1))
    portal.fail_next(502)
    send_pending(HttpSender(portal.url), batch=1, now=MONDAY + dt.timedelta(days=1))
    client.force_login(getattr(personas, who))
    response = client.get(reverse("sync:status"))
    assert response.status_code == 200
    lag = response.context["lag"]
    assert lag.counts == {"pending": 1, "retrying": 1, "sent": 0}
    assert lag.oldest_unsent_at == MONDAY
    page = response.content.decode()
    assert dossier.code in page
    assert "HTTP 502" in page
