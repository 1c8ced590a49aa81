"""Fixtures of the API tests: a published procedure, clients signed in by session or by token, and a dossier."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from motcua.api.services import issue_token
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import received
from motcua.organization.models import User


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords need not resist cracking here; Argon2 would make each test seconds slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def version(db) -> ProcedureVersion:
    """3 working days, 3 components (the first required), tiep-nhan → xu-ly → phe-duyet → tra-ket-qua."""
    return published_version()


@pytest.fixture
def as_user() -> Callable[[User], Client]:
    """A test client signed in (session) as the given user."""

    def client_for(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def with_token() -> Callable[[User], Client]:
    """A test client sending a fresh personal token of the given user, and no cookie."""

    def client_for(user: User) -> Client:
        _token, raw = issue_token(user=user, name="Kiểm thử")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return client_for


@pytest.fixture
def dossier(personas, version) -> Dossier:
    """A dossier just received at the commune's desk on Monday 6 October 2025, 08:00."""
    return received(version, personas.commune, personas.desk_officer)
