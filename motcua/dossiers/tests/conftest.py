"""Fixtures of the dossier tests: a published procedure with the standard four-step process."""

from __future__ import annotations

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version


@pytest.fixture
def version(db) -> ProcedureVersion:
    """3 working days, 3 components (the first required), tiep-nhan → xu-ly → phe-duyet → tra-ket-qua."""
    return published_version()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords need not resist cracking here; Argon2 would make each test seconds slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
