"""Fixtures of the consultation tests: a 15-working-day procedure, the fire police with a liaison, a dossier at the
processing step."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Role, Unit, UnitKind, UnitLevel, User
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory

HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords need not resist cracking here; Argon2 would make each test seconds slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def version(db) -> ProcedureVersion:
    """15 working days, like the construction permit for a private house (Law on Construction 2014, Art. 102)."""
    return published_version(limit_days=15)


@pytest.fixture
def fire_police(db) -> Unit:
    return UnitFactory(
        code="000.20.01.H68", name="Phòng Cảnh sát PCCC và CNCH", kind=UnitKind.AGENCY, level=UnitLevel.PROVINCE
    )


@pytest.fixture
def fire_liaison(fire_police) -> User:
    user = UserFactory(username="pccc")
    MembershipFactory(user=user, unit=fire_police, role=Role.CONSULTATION_LIAISON)
    return user


@pytest.fixture
def at_processing(personas, version) -> Dossier:
    """Received on Monday 08:00 and handed to the specialist at 09:00."""
    dossier = received(version, personas.commune, personas.desk_officer)
    return act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
