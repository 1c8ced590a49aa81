"""Fixtures of the documents tests: a published procedure, fast hashing, a test PKI configured for signing."""

from __future__ import annotations

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.documents.services.signing import load_signer
from motcua.documents.tests.certificates import TestPki, make_pki


@pytest.fixture
def version(db) -> ProcedureVersion:
    return published_version()


@pytest.fixture
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def signing(settings, pki, tmp_path) -> TestPki:
    """The agency certificate configured; uploads go to a temporary media root."""
    settings.MOTCUA_SIGNING_P12 = str(pki.p12)
    settings.MOTCUA_SIGNING_P12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"
    yield pki
    load_signer.cache_clear()
