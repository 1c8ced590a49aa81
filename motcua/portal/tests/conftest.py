"""Fixtures of the portal tests: fast hashing, uploads in a temporary media root, an online procedure, citizens."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.portal.tests.factories import make_citizen, online_version


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def version(db):
    return online_version()


@pytest.fixture
def citizen(db):
    return make_citizen()


@pytest.fixture
def other_citizen(db):
    return make_citizen(
        "0912000111", name="Trần Thị Bình", identity_number="060185004321", birth_date=dt.date(1985, 11, 2)
    )
