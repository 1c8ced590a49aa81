"""Fixtures of the notification tests: fast hashing, a received dossier, and the fake SMS gateway."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import received
from motcua.notifications.tests.fake_gateway import FakeGateway, running_fake_gateway


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dossier(personas) -> Dossier:
    return received(published_version(), personas.commune, personas.desk_officer)


@pytest.fixture
def gateway(settings) -> FakeGateway:
    """The fake gateway, with the HTTP adapter pointed at it and a short timeout for the timeout cases."""
    with running_fake_gateway() as fake:
        settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.HttpGatewaySmsBackend"
        settings.MOTCUA_SMS_GATEWAY_URL = fake.url
        settings.MOTCUA_SMS_GATEWAY_TOKEN = "test-token"
        settings.MOTCUA_SMS_GATEWAY_TIMEOUT = 0.5
        settings.MOTCUA_SMS_SENDER = "LAMDONG"
        yield fake
