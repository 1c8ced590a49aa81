"""Fixtures of the sync tests: a published procedure, fast hashing, and the fake national portal."""

from __future__ import annotations

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.sync.tests.fake_portal import running_fake_portal


@pytest.fixture
def version(db) -> ProcedureVersion:
    return published_version()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def portal(settings):
    with running_fake_portal() as fake:
        settings.MOTCUA_NATIONAL_PORTAL_URL = fake.url
        yield fake
