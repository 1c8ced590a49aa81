"""Portal test data: a procedure offered online (one component held by the population database) and citizens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.catalog.models import DataSource, OnlineMode, ProcedureVersion, VersionStatus
from motcua.catalog.services import build_standard_process
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory
from motcua.organization.tests.factories import UserFactory
from motcua.portal.models import Citizen

PDF = b"%PDF-1.4\n% scan\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03" + b"\x00" * 32
# A person of the demo population registry (motcua/portal/data/population_demo.json).
AN = {"name": "Nguyễn Văn An", "identity_number": "068090001234", "birth_date": dt.date(1990, 5, 17)}


def online_version(*, population: bool = True, **fields: object) -> ProcedureVersion:
    """A published, fully online version: a required form, an identity paper (population data), an optional paper."""
    fields = {"online_mode": OnlineMode.FULL, "time_limit_value": Decimal(3), **fields}
    version = ProcedureVersionFactory(valid_from=dt.date(2025, 1, 1), **fields)
    ComponentFactory(version=version, order=1, required=True, name="Tờ khai theo mẫu")
    ComponentFactory(
        version=version,
        order=2,
        required=True,
        name="Căn cước của người yêu cầu",
        data_source=DataSource.POPULATION if population else DataSource.NONE,
    )
    ComponentFactory(version=version, order=3, required=False, name="Giấy tờ khác (nếu có)")
    version.status = VersionStatus.PUBLISHED
    version.save()
    build_standard_process(
        version, decision_number="9/QĐ-UBND", decision_date=dt.date(2025, 1, 1), decision_signer="Chủ tịch", by=None
    )
    return version


def make_citizen(
    username: str = "an@example.vn",
    *,
    name: str = AN["name"],
    identity_number: str = AN["identity_number"],
    birth_date: dt.date = AN["birth_date"],
) -> Citizen:
    """A verified citizen account (password ``demo-Passw0rd``, as the staff personas)."""
    user = UserFactory(username=username, first_name=name, last_name="", email=username if "@" in username else "")
    return Citizen.objects.create(
        user=user,
        full_name=name,
        identity_number=identity_number,
        date_of_birth=birth_date,
        email=username if "@" in username else "",
        phone="" if "@" in username else username,
        verified_at=timezone.now(),
    )


def upload(
    content: bytes = PDF, name: str = "to-khai.pdf", content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
