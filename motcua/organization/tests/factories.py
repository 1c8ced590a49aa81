"""Factories for units, staff and roles, shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import functools

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password

from motcua.organization.models import Membership, Role, Unit, UnitKind, UnitLevel, User

EPOCH = dt.date(2025, 7, 1)
DEMO_PASSWORD = "demo-Passw0rd"


def _hash_once(password: str) -> str:
    """Argon2 costs ~0.4 s a hash by design: factory users with the same password share one hash.

    Keyed by the hasher in force too: a test module that switches to a fast hasher must not leave its hash to
    tests that run under the real ones (their sign-in would fail).
    """
    return _hash(password, settings.PASSWORD_HASHERS[0])


@functools.cache
def _hash(password: str, hasher: str) -> str:
    return make_password(password)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"000.{n // 100 % 100:02d}.{n % 100:02d}.H68")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử nghiệm {n}")
    kind = UnitKind.PEOPLES_COMMITTEE
    level = UnitLevel.COMMUNE
    valid_from = EPOCH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")
    password = factory.django.Password(DEMO_PASSWORD, transform=_hash_once)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.SPECIALIST
    valid_from = EPOCH
