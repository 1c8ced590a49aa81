"""Fixtures of the fee tests: a published procedure with a charge of 50,000 đ and a fee of unknown amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog.models import Fee, FeeKind, ProcedureVersion, VersionStatus
from motcua.catalog.services import build_standard_process
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory
from motcua.dossiers.tests.factories import received


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def version(db) -> ProcedureVersion:
    """Built like ``published_version`` but with its fees added while it is still a draft (published law is frozen)."""
    version = ProcedureVersionFactory(valid_from=dt.date(2025, 1, 1), time_limit_value=Decimal(3))
    for order in (1, 2):
        ComponentFactory(version=version, order=order, required=order == 1)
    Fee.objects.create(version=version, kind=FeeKind.CHARGE, description="Lệ phí cấp giấy xác nhận", amount_vnd=50_000)
    Fee.objects.create(version=version, kind=FeeKind.FEE, description="Phí thẩm định", amount_vnd=None)
    version.status = VersionStatus.PUBLISHED
    version.save()
    build_standard_process(
        version, decision_number="1/QĐ-UBND", decision_date=version.valid_from, decision_signer="Chủ tịch", by=None
    )
    return version


@pytest.fixture
def dossier(personas, version):
    return received(version, personas.commune, personas.desk_officer)


@pytest.fixture
def fees(version) -> list[Fee]:
    return list(version.fees.order_by("id"))
