"""The menu offers the consultation queue, the SOS list and the sync page only to people who may open them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.web.navigation import links_for

QUEUE, SOS, SYNC = "/lay-y-kien/", "/ho-so/sos/", "/dong-bo/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def offered(user) -> set[str]:
    return {link.url for link in links_for(user)} & {QUEUE, SOS, SYNC}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("desk_officer", set()),
        ("specialist", {QUEUE}),
        ("consultation_liaison", {QUEUE}),
        ("unit_leader", {QUEUE, SOS}),
        ("provincial_monitor", {SOS, SYNC}),
        ("system_admin", {SYNC}),
        ("catalog_admin", set()),
    ],
)
def test_each_page_is_offered_exactly_to_the_people_it_opens_for(personas, persona, expected):
    user = getattr(personas, persona)
    client = Client()
    client.force_login(user)
    opens = {url for url in (QUEUE, SOS, SYNC) if client.get(url).status_code == 200}

    assert offered(user) == expected == opens


def test_anonymous_visitors_are_offered_none_of_them(client):
    assert not {QUEUE, SOS, SYNC} & set(client.get(reverse("home")).content.decode().split('"'))
