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
    ProcessStatus,
    Sector,
    Step,
    StepAction,
    StepKind,
    TimeLimitUnit,
    Transition,
    UnitSelector,
    VersionStatus,
)
from motcua.organization.models import Role, UnitLevel


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


# (code, name, kind, selector, role, share of the legal limit in per mille)
STANDARD_STEPS = [
    ("tiep-nhan", "Tiếp nhận hồ sơ", StepKind.RECEPTION, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 50),
    ("xu-ly", "Thẩm định, xử lý hồ sơ", StepKind.PROCESSING, UnitSelector.RESOLVING_UNIT, Role.SPECIALIST, 650),
    ("phe-duyet", "Phê duyệt, ký kết quả", StepKind.APPROVAL, UnitSelector.RESOLVING_UNIT, Role.UNIT_LEADER, 200),
    ("tra-ket-qua", "Trả kết quả", StepKind.RETURN, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 100),
]
STANDARD_TRANSITIONS = [
    ("tiep-nhan", StepAction.FORWARD, "xu-ly"),
    ("xu-ly", StepAction.FORWARD, "phe-duyet"),
    ("xu-ly", StepAction.REQUEST_SUPPLEMENT, None),
    ("xu-ly", StepAction.CONSULT, None),
    ("xu-ly", StepAction.SEND_BACK, "tiep-nhan"),
    ("phe-duyet", StepAction.APPROVE, "tra-ket-qua"),
    ("phe-duyet", StepAction.SEND_BACK, "xu-ly"),
    ("phe-duyet", StepAction.REFUSE, "tra-ket-qua"),
    ("tra-ket-qua", StepAction.RETURN_RESULT, None),
]


def add_standard_steps(process: Process, limit_minutes: int) -> list[Step]:
    """Reception → processing → approval → return, sharing ``limit_minutes`` of working time between them."""
    steps = {
        code: Step.objects.create(
            process=process,
            order=order,
            code=code,
            name=name,
            kind=kind,
            unit_selector=selector,
            role=role,
            allotted_minutes=limit_minutes * share // 1000,
        )
        for order, (code, name, kind, selector, role, share) in enumerate(STANDARD_STEPS, start=1)
    }
    for source, action, target in STANDARD_TRANSITIONS:
        Transition.objects.create(step=steps[source], action=action, to_step=steps[target] if target else None)
    return list(steps.values())


def published_version(
    *, components: int = 3, limit_days: int = 3, valid_from: dt.date = dt.date(2025, 1, 1), **version_fields: object
) -> ProcedureVersion:
    """A published version with ``components`` components and an active standard process (no approval checks)."""
    version = ProcedureVersionFactory(
        status=VersionStatus.PUBLISHED,
        valid_from=valid_from,
        time_limit_value=Decimal(limit_days),
        **version_fields,
    )
    for order in range(1, components + 1):
        ComponentFactory(version=version, order=order, required=order == 1)
    process = ProcessFactory(
        version=version,
        status=ProcessStatus.ACTIVE,
        decision_number="123/QĐ-UBND",
        decision_date=valid_from,
        decision_signer="Chủ tịch UBND tỉnh",
    )
    add_standard_steps(process, limit_days * 480)
    return version
