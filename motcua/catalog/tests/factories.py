"""Factories for the catalog: a published procedure version with an active four-step process in one call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from motcua.catalog.models import (
    Component,
    ComponentForm,
    Procedure,
    ProcedureVersion,
    Process,
    Sector,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.services import add_standard_steps as add_standard_steps  # re-exported for tests
from motcua.catalog.services import build_standard_process
from motcua.organization.models import UnitLevel


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "HO_TICH"
    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"1.{4873 + n:06d}.H68")
    name = factory.Sequence(lambda n: f"Thủ tục cấp Giấy xác nhận tình trạng hôn nhân {n}")
    sector = factory.SubFactory(SectorFactory)
    level = UnitLevel.COMMUNE


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    status = VersionStatus.DRAFT
    time_limit_value = Decimal(3)
    time_limit_unit = TimeLimitUnit.WORKING_DAYS
    implementing_agency = "Ủy ban nhân dân cấp xã"
    result_document = "Giấy xác nhận tình trạng hôn nhân"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (mẫu {n})")
    form = ComponentForm.ORIGINAL
    copies = 1
    required = True


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    version = factory.SubFactory(ProcedureVersionFactory)
    number = 1
    name = "Quy trình nội bộ"


def published_version(
    *, components: int = 3, limit_days: int = 3, valid_from: dt.date = dt.date(2025, 1, 1), **version_fields: object
) -> ProcedureVersion:
    """A published version with ``components`` components and an active standard process.

    Publication skips the overlap and completeness checks (tests build odd versions on purpose); the process goes
    through the real builder, so it is approved by the same rules as in production.
    """
    version_fields.setdefault("time_limit_value", Decimal(limit_days))
    version = ProcedureVersionFactory(valid_from=valid_from, **version_fields)
    for order in range(1, components + 1):
        ComponentFactory(version=version, order=order, required=order == 1)
    version.status = VersionStatus.PUBLISHED
    version.save()
    build_standard_process(
        version,
        decision_number="123/QĐ-UBND",
        decision_date=valid_from,
        decision_signer="Chủ tịch UBND tỉnh",
        by=None,
    )
    return version
