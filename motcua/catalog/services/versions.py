"""Procedure versions: drafting, publishing with validity dates, retiring, and finding the one in force.

A published version is law for the dossiers received under it; every change goes into a new draft (a full copy of
the latest version) that is published with its own validity dates. Validity periods of one procedure never overlap,
so a day maps to at most one version.

Publishing a version whose validity starts after that of the current open-ended version closes the latter
automatically the day before (the usual case: a new decision replaces the old text from a date). Any other overlap is
refused: the administrator must end the other version first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    SUPPLEMENTATION_CEILING,
    Component,
    Fee,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStatus,
    Sector,
    Step,
    TimeLimitUnit,
    Transition,
    VersionStatus,
)
from motcua.organization.models import User
from motcua.workcalendar.services import calendar_for

# Versions that were (or are) law on some day: what version_in_force() and the overlap check look at.
BINDING_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)

# Fields that are not part of a version's text and are not copied into a new draft.
_LIFECYCLE_COLUMNS = {"id", "procedure", "number", "status", "valid_from", "valid_to", "published_at", "published_by"}


def lock(instance: models.Model) -> None:
    """Lock the row and refresh the caller's instance in place, so callers see the state the service left."""
    instance.refresh_from_db(from_queryset=type(instance).objects.select_for_update())


def _day(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


def ensure_draft(version: ProcedureVersion) -> None:
    """The service-level form of the model guard, with a message naming the version."""
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Phiên bản %(version)s đã công bố hoặc hết hiệu lực nên không được sửa; hãy tạo phiên bản mới.")
            % {"version": version},
            code="immutable",
        )


def legal_limit_minutes(version: ProcedureVersion, *, day_minutes: int | None = None) -> int | None:
    """The legal time limit in working minutes, the budget that process step allotments must fit in.

    A working day is the province calendar's (``day_minutes`` overrides it): a process serves every unit, so it is
    checked against the province's working hours. Calendar days are converted to floor(N × 5/7) working days, a
    conservative bound (holidays only shorten the real number of working days further).
    """
    if day_minutes is None:
        day_minutes = calendar_for(None).day_minutes
    if version.time_limit_unit == TimeLimitUnit.WITHIN_DAY:
        return day_minutes
    value = version.time_limit_value
    if value is None:
        return None
    if version.time_limit_unit == TimeLimitUnit.WORKING_HOURS:
        return int(value * 60)
    if version.time_limit_unit == TimeLimitUnit.CALENDAR_DAYS:
        return int(value * 5 // 7) * day_minutes
    return int(value * day_minutes)


@transaction.atomic
def create_procedure(*, code: str, name: str, sector: Sector, level: str, **version_fields: Any) -> ProcedureVersion:
    """Create a procedure and its first draft version (returned, since that is what is edited next)."""
    code = code.strip()
    if Procedure.objects.filter(code=code).exists():
        raise ValidationError(_("Mã thủ tục %(code)s đã tồn tại.") % {"code": code}, code="duplicate")
    procedure = Procedure(code=code, name=name, sector=sector, level=level)
    procedure.full_clean()
    procedure.save()
    version = ProcedureVersion(procedure=procedure, number=1, **version_fields)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def update_draft_version(version: ProcedureVersion, **fields: Any) -> ProcedureVersion:
    """Change the text of a draft version (time limit, channels, legal basis…)."""
    lock(version)
    ensure_draft(version)
    forbidden = set(fields) & _LIFECYCLE_COLUMNS
    if forbidden:
        raise ValidationError(
            _("Không sửa trực tiếp các trường %(fields)s; hãy dùng thao tác công bố hoặc ngừng hiệu lực.")
            % {"fields": ", ".join(sorted(forbidden))},
            code="lifecycle",
        )
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def add_component(version: ProcedureVersion, **fields: Any) -> Component:
    """Append a component to a draft version's list (at the end unless ``order`` is given)."""
    ensure_draft(version)
    if "order" not in fields:
        fields["order"] = (version.components.aggregate(last=Max("order"))["last"] or 0) + 1
    component = Component(version=version, **fields)
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def update_component(component: Component, **fields: Any) -> Component:
    ensure_draft(component.version)
    for name, value in fields.items():
        setattr(component, name, value)
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def remove_component(component: Component) -> None:
    ensure_draft(component.version)
    component.delete()


@transaction.atomic
def add_fee(version: ProcedureVersion, **fields: Any) -> Fee:
    ensure_draft(version)
    fee = Fee(version=version, **fields)
    fee.full_clean()
    fee.save()
    return fee


@transaction.atomic
def update_fee(fee: Fee, **fields: Any) -> Fee:
    ensure_draft(fee.version)
    for name, value in fields.items():
        setattr(fee, name, value)
    fee.full_clean()
    fee.save()
    return fee


@transaction.atomic
def remove_fee(fee: Fee) -> None:
    ensure_draft(fee.version)
    fee.delete()


def _copy_process(source: Process, version: ProcedureVersion) -> Process:
    copy = Process.objects.create(version=version, number=1, name=source.name, status=ProcessStatus.DRAFT)
    steps = {
        step.pk: Step.objects.create(
            process=copy,
            order=step.order,
            code=step.code,
            name=step.name,
            kind=step.kind,
            unit_selector=step.unit_selector,
            unit_id=step.unit_id,
            role=step.role,
            allotted_minutes=step.allotted_minutes,
        )
        for step in source.steps.all()
    }
    for transition in Transition.objects.filter(step__process=source):
        Transition.objects.create(
            step=steps[transition.step_id],
            action=transition.action,
            to_step=steps[transition.to_step_id] if transition.to_step_id else None,
        )
    return copy


@transaction.atomic
def new_draft_version(procedure: Procedure, *, copy_from: ProcedureVersion | None = None) -> ProcedureVersion:
    """Start a new draft as a full copy of ``copy_from`` (default: the latest version).

    The copy takes the text, components and fees, and the process that governs the source (the active one, else
    the latest) as a draft to be approved again: a new text needs a new approval decision.
    One draft at a time per procedure, so that two drafts never race to replace the same law.
    """
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    existing_draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if existing_draft is not None:
        raise ValidationError(
            _("Thủ tục %(code)s đã có phiên bản dự thảo số %(number)s; hãy hoàn thiện hoặc xóa dự thảo đó.")
            % {"code": procedure.code, "number": existing_draft.number},
            code="draft_exists",
        )
    source = copy_from or procedure.versions.order_by("-number").first()
    if source is not None and source.procedure_id != procedure.pk:
        raise ValidationError(_("Phiên bản nguồn không thuộc thủ tục này."), code="wrong_procedure")
    number = (procedure.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if source is None:
        return ProcedureVersion.objects.create(procedure=procedure, number=number)
    text = {
        field.attname: field.value_from_object(source)
        for field in ProcedureVersion._meta.concrete_fields
        if field.name not in _LIFECYCLE_COLUMNS
    }
    draft = ProcedureVersion.objects.create(procedure=procedure, number=number, **text)
    Component.objects.bulk_create(
        Component(
            version=draft,
            order=component.order,
            name=component.name,
            form=component.form,
            copies=component.copies,
            required=component.required,
            condition=component.condition,
            data_source=component.data_source,
            template=component.template.name,
        )
        for component in source.components.all()
    )
    Fee.objects.bulk_create(
        Fee(
            version=draft,
            kind=fee.kind,
            description=fee.description,
            amount_vnd=fee.amount_vnd,
            payable_when=fee.payable_when,
        )
        for fee in source.fees.all()
    )
    governing = (
        source.processes.filter(status=ProcessStatus.ACTIVE).first()
        or source.processes.exclude(status=ProcessStatus.RETIRED).order_by("-number").first()
        or source.processes.order_by("-number").first()
    )
    if governing is not None:
        _copy_process(governing, draft)
    return draft


def _overlapping(version: ProcedureVersion, valid_from: dt.date, valid_to: dt.date | None) -> list[ProcedureVersion]:
    others = ProcedureVersion.objects.filter(procedure_id=version.procedure_id, status__in=BINDING_STATUSES).exclude(
        pk=version.pk
    )
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        others = others.filter(valid_from__lte=valid_to)
    return list(others.order_by("valid_from"))


def _closable(other: ProcedureVersion, valid_from: dt.date) -> bool:
    """The current open-ended version that started earlier is closed the day before the new one starts."""
    return other.status == VersionStatus.PUBLISHED and other.valid_to is None and other.valid_from < valid_from


def publication_problems(
    version: ProcedureVersion, *, valid_from: dt.date | None, valid_to: dt.date | None = None
) -> list[str]:
    """Every reason why ``version`` cannot be published with these dates (empty when it can)."""
    problems: list[str] = []
    if version.status != VersionStatus.DRAFT:
        problems.append(
            _("Chỉ công bố được phiên bản dự thảo; phiên bản này đang ở trạng thái “%(status)s”.")
            % {"status": version.get_status_display()}
        )
    if not version.components.exists():
        problems.append(_("Phiên bản chưa có thành phần hồ sơ nào."))
    if version.time_limit_unit != TimeLimitUnit.WITHIN_DAY and (
        version.time_limit_value is None or version.time_limit_value <= Decimal(0)
    ):
        problems.append(
            _("Chưa có thời hạn giải quyết: cần số %(unit)s (chỉ thời hạn “trong ngày” không cần số).")
            % {"unit": version.get_time_limit_unit_display()}
        )
    if version.supplementation_limit > SUPPLEMENTATION_CEILING:
        problems.append(
            _("Số lần yêu cầu bổ sung tối đa là %(limit)s, vượt mức trần %(ceiling)s.")
            % {"limit": version.supplementation_limit, "ceiling": SUPPLEMENTATION_CEILING}
        )
    if valid_from is None:
        problems.append(_("Chưa có ngày bắt đầu hiệu lực."))
        return problems
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            _("Ngày hết hiệu lực %(to)s trước ngày bắt đầu hiệu lực %(from)s.")
            % {"to": _day(valid_to), "from": _day(valid_from)}
        )
        return problems
    for other in _overlapping(version, valid_from, valid_to):
        if _closable(other, valid_from):
            continue
        problems.append(
            _(
                "Thời gian hiệu lực trùng với phiên bản %(number)s (từ %(from)s đến %(to)s); "
                "hãy chấm dứt hiệu lực phiên bản đó trước."
            )
            % {
                "number": other.number,
                "from": _day(other.valid_from),
                "to": _day(other.valid_to) if other.valid_to else _("nay"),
            }
        )
    return problems


@transaction.atomic
def publish_version(
    version: ProcedureVersion, *, valid_from: dt.date, valid_to: dt.date | None = None, by: User | None
) -> ProcedureVersion:
    """Make a draft binding from ``valid_from``; refuses with every problem listed, in Vietnamese."""
    Procedure.objects.select_for_update().get(pk=version.procedure_id)
    lock(version)
    problems = publication_problems(version, valid_from=valid_from, valid_to=valid_to)
    if problems:
        raise ValidationError(problems, code="unpublishable")
    for other in _overlapping(version, valid_from, valid_to):
        other.valid_to = valid_from - dt.timedelta(days=1)
        other.save(update_fields=["valid_to"])
    version.status = VersionStatus.PUBLISHED
    version.valid_from = valid_from
    version.valid_to = valid_to
    version.published_at = timezone.now()
    version.published_by = by
    version.save()
    return version


@transaction.atomic
def retire_version(version: ProcedureVersion, *, last_day: dt.date | None = None) -> ProcedureVersion:
    """End a published version: it stays law for ``last_day`` (default today) and the days before it.

    The retired version is kept, since dossiers received under it are still judged by it.
    """
    lock(version)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(
            _("Chỉ ngừng hiệu lực được phiên bản đang công bố; phiên bản %(version)s đang ở trạng thái “%(status)s”.")
            % {"version": version, "status": version.get_status_display()},
            code="not_published",
        )
    last_day = last_day or timezone.localdate()
    if last_day < version.valid_from:
        raise ValidationError(
            _("Ngày hết hiệu lực %(to)s trước ngày bắt đầu hiệu lực %(from)s.")
            % {"to": _day(last_day), "from": _day(version.valid_from)},
            code="before_start",
        )
    if version.valid_to is not None and last_day > version.valid_to:
        last_day = version.valid_to
    version.status = VersionStatus.RETIRED
    version.valid_to = last_day
    version.save(update_fields=["status", "valid_to"])
    return version


def version_in_force(procedure: Procedure, on: dt.date) -> ProcedureVersion | None:
    """The version that was (or is) law on ``on``: published, or retired after that day."""
    return (
        ProcedureVersion.objects.filter(procedure=procedure, status__in=BINDING_STATUSES, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
