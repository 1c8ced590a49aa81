"""Reception at the desk (domain.md §3.1): a received dossier, or a written guidance or refusal instead.

A received dossier gets its code, its papers, the applicant's snapshot, its first step visit, its appointment and
the event ``reception.received`` in one transaction. Guidance (form 02: what to complete and why) and refusal
(form 03: the reasons) are recorded as numbered ``ReceptionNotice`` rows with the applicant: the law requires them
in writing, but they are not dossiers, so they consume no dossier code and start no clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, OnlineMode, ProcedureVersion, Process, ProcessStatus, Step, VersionStatus
from motcua.catalog.services import validate_requested_components
from motcua.dossiers.events import chain_event
from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import (
    Applicant,
    Channel,
    ClockEffect,
    Dossier,
    DossierComponent,
    EventAction,
    NoticeKind,
    ReceptionNotice,
    StepVisit,
)
from motcua.dossiers.rulesets import RuleSet, rules_for
from motcua.dossiers.services import daily_figures
from motcua.dossiers.services.clock import Calendars, compute_due_at, step_due_at
from motcua.dossiers.services.codes import allocate_dossier_code, allocate_notice_serial
from motcua.dossiers.services.components import checked_components, component_rows
from motcua.dossiers.services.context import iso, require_text, status_for_step, unit_for_step
from motcua.dossiers.services.payloads import ComponentReceipt, coerce_payload
from motcua.dossiers.services.pinned import pinned_components
from motcua.lib.prepared import PreparedQuery
from motcua.organization.models import Membership, Unit, User


@dataclasses.dataclass
class ApplicantData:
    """The applicant as declared: a person (identity number, birth date) or an organisation (tax code)."""

    kind: str
    name: str
    identity_number: str = ""
    date_of_birth: dt.date | None = None
    tax_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclasses.dataclass
class ReceptionData:
    """What the desk records; ``resolving_unit_id`` defaults to the receiving unit, ``received_at`` to now.

    ``received_at`` is the valid receipt the clock starts from: the desk's time, the postmark, or the online
    system's timestamp (domain.md §3.1).
    """

    procedure_version_id: int
    receiving_unit_id: int
    applicant: ApplicantData
    channel: str
    components: list[ComponentReceipt]
    resolving_unit_id: int | None = None
    received_at: dt.datetime | None = None
    note: str = ""


@dataclasses.dataclass
class GuidanceData:
    """Form 02 at reception: every paper to complete (published components only) and why."""

    procedure_version_id: int
    receiving_unit_id: int
    applicant: ApplicantData
    channel: str
    component_ids: list[int]
    reason: str


@dataclasses.dataclass
class RefusalData:
    """Form 03: the specific reasons the dossier cannot be received."""

    procedure_version_id: int
    receiving_unit_id: int
    applicant: ApplicantData
    channel: str
    reason: str


@dataclasses.dataclass
class _Desk:
    version: ProcedureVersion
    process: Process
    first_step: Step
    receiving_unit: Unit
    resolving_unit: Unit
    reception_unit: Unit
    rules: RuleSet


def _required_components() -> Subquery:
    return Subquery(
        Component.objects.filter(version=OuterRef("process__version"), required=True)
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )


# One query for the version, its procedure, its active process and that process's first step, with the number of
# required components (reception checks completeness against it).
_FIRST_STEP = PreparedQuery(
    lambda version: (
        Step.objects.select_related("process__version__procedure", "unit")
        .filter(process__version_id=version, process__status=ProcessStatus.ACTIVE)
        .annotate(required_components=Coalesce(_required_components(), 0))
        .order_by("order")[:1]
    ),
    version=Process._meta.get_field("version"),
)
_UNITS = PreparedQuery(
    lambda first, second: Unit.objects.filter(Q(pk=first) | Q(pk=second)),
    first=Unit._meta.pk,
    second=Unit._meta.pk,
)
_HOLDS_ROLE = PreparedQuery(
    lambda user, unit, role, day: (
        Membership.objects.active_on(day).filter(user_id=user, unit_id=unit, role=role).values_list("pk")[:1]
    ),
    user=Membership._meta.get_field("user"),
    unit=Membership._meta.get_field("unit"),
    role=Membership._meta.get_field("role"),
    day=Membership._meta.get_field("valid_from"),
)


def _desk(
    *, actor: User, version_id: int, receiving_unit_id: int, resolving_unit_id: int | None, channel: str, day: dt.date
) -> _Desk:
    """Check the version in force, its active process, the channel and the actor's desk role; the shared context."""
    first_step = next(iter(_FIRST_STEP.objects(version=version_id)), None)
    version = first_step.process.version if first_step else ProcedureVersion.objects.filter(pk=version_id).first()
    if (
        version is None
        or version.status == VersionStatus.DRAFT
        or version.valid_from is None
        or version.valid_from > day
        or (version.valid_to is not None and version.valid_to < day)
    ):
        raise ValidationError(
            {"procedure_version_id": _("Thủ tục này không có phiên bản đã công bố còn hiệu lực vào ngày tiếp nhận.")}
        )
    if first_step is None:
        raise ValidationError(
            {"procedure_version_id": _("Thủ tục chưa có quy trình điện tử đang áp dụng nên chưa thể tiếp nhận.")}
        )
    process = first_step.process
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kênh nộp không hợp lệ.")})
    offered = {
        Channel.COUNTER: version.channel_counter,
        Channel.POSTAL: version.channel_postal,
        Channel.ONLINE: version.online_mode != OnlineMode.NONE,
    }
    if not offered[Channel(channel)]:
        raise ValidationError(
            {"channel": _("Thủ tục không được thực hiện qua kênh “%(channel)s”.") % {"channel": Channel(channel).label}}
        )
    units = {unit.pk: unit for unit in _UNITS.objects(first=receiving_unit_id, second=resolving_unit_id)}
    receiving_unit = units.get(receiving_unit_id)
    resolving_unit = units.get(resolving_unit_id or receiving_unit_id)
    if receiving_unit is None or resolving_unit is None:
        raise ValidationError({"receiving_unit_id": _("Đơn vị không tồn tại.")})
    reception_unit = unit_for_step(Dossier(receiving_unit=receiving_unit, resolving_unit=resolving_unit), first_step)
    if not _HOLDS_ROLE.objects(user=actor.pk, unit=reception_unit.pk, role=first_step.role, day=day):
        raise ActionNotAllowed(
            _("Bạn không có vai trò “%(role)s” tại %(unit)s để tiếp nhận hồ sơ.")
            % {"role": first_step.get_role_display(), "unit": reception_unit.name},
            code="action_not_allowed",
        )
    return _Desk(version, process, first_step, receiving_unit, resolving_unit, reception_unit, rules_for(day))


def _applicant(data: ApplicantData) -> Applicant:
    applicant = Applicant(**dataclasses.asdict(data))
    applicant.full_clean()
    return applicant


def receive(*, actor: User, data: ReceptionData | dict[str, Any], at: dt.datetime | None = None) -> Dossier:
    """Receive a complete dossier: code, papers, applicant, first step, appointment and the first event.

    A dossier lacking a required paper is refused here: the desk gives written guidance instead
    (``record_guidance``). Raises ``ActionNotAllowed`` when the actor is not a desk officer of the receiving unit
    and ``ValidationError`` for anything else wrong; nothing is written then, and no code is consumed.
    """
    at = at or timezone.now()
    data = coerce_payload(data, ReceptionData)
    received_at = data.received_at or at
    if received_at > at:
        raise ValidationError({"received_at": _("Thời điểm tiếp nhận không được ở tương lai.")})
    day = timezone.localdate(received_at)
    desk = _desk(
        actor=actor,
        version_id=data.procedure_version_id,
        receiving_unit_id=data.receiving_unit_id,
        resolving_unit_id=data.resolving_unit_id,
        channel=data.channel,
        day=day,
    )
    components = checked_components(desk.version, data.components)
    if sum(c.required for c in components.values()) < desk.first_step.required_components:
        missing = [c for c in desk.version.components.filter(required=True) if c.pk not in components]
        raise ValidationError(
            {
                "components": _(
                    "Hồ sơ chưa đủ thành phần bắt buộc (%(names)s): hãy lập phiếu hướng dẫn bổ sung, hoàn thiện "
                    "hồ sơ (mẫu 02) thay vì tiếp nhận."
                )
                % {"names": "; ".join(str(c) for c in missing)}
            }
        )
    applicant = _applicant(data.applicant)
    calendars = Calendars()
    with transaction.atomic():
        applicant.save()
        dossier = Dossier(
            code=allocate_dossier_code(desk.receiving_unit, day),
            receiving_unit=desk.receiving_unit,
            resolving_unit=desk.resolving_unit,
            procedure_version=desk.version,
            process=desk.process,
            rule_set=desk.rules.code,
            applicant=applicant,
            channel=data.channel,
            received_at=received_at,
            status=status_for_step(desk.first_step),
            current_step=desk.first_step,
            current_unit=desk.reception_unit,
        )
        dossier.due_at = compute_due_at(dossier, (), calendars)
        rows = component_rows(
            dossier=dossier,
            receipts=data.components,
            components=components,
            rules=desk.rules,
            channel=data.channel,
            at=received_at,
        )
        visit_due = step_due_at(
            step=desk.first_step,
            unit_code=dossier.current_unit.code,
            entered_at=received_at,
            pauses=(),
            calendars=calendars,
        )
        event = chain_event(
            dossier,
            action=EventAction.RECEIVED,
            actor=actor,
            role=desk.first_step.role,
            unit=dossier.current_unit,
            at=at,
            from_status="",
            reason=data.note,
            clock_effect=ClockEffect.STARTED,
            payload={
                "procedure": desk.version.procedure.code,
                "procedure_version": desk.version.pk,
                "process": desk.process.pk,
                "rule_set": desk.rules.code.value,
                "channel": data.channel,
                "received_at": iso(received_at),
                "due_at": iso(dossier.due_at),
                "step": desk.first_step.code,
                "components": sorted(components),
            },
        )
        dossier.save(force_insert=True)
        DossierComponent.objects.bulk_create(rows)
        StepVisit.objects.create(
            dossier=dossier,
            step=desk.first_step,
            unit=dossier.current_unit,
            holder=actor,
            entered_at=received_at,
            due_at=visit_due,
        )
        event.save(force_insert=True)
        daily_figures.record_change(None, dossier)
    return dossier


def _record_notice(
    *,
    kind: NoticeKind,
    actor: User,
    data: GuidanceData | RefusalData,
    component_ids: list[int],
    reason: str,
    at: dt.datetime,
) -> ReceptionNotice:
    day = timezone.localdate(at)
    desk = _desk(
        actor=actor,
        version_id=data.procedure_version_id,
        receiving_unit_id=data.receiving_unit_id,
        resolving_unit_id=None,
        channel=data.channel,
        day=day,
    )
    items = validate_requested_components(desk.version, component_ids, published=pinned_components(desk.version))
    applicant = _applicant(data.applicant)
    with transaction.atomic():
        applicant.save()
        notice = ReceptionNotice.objects.create(
            kind=kind,
            serial=allocate_notice_serial(desk.receiving_unit, day),
            unit=desk.receiving_unit,
            procedure_version=desk.version,
            rule_set=desk.rules.code,
            applicant=applicant,
            channel=data.channel,
            reason=reason,
            officer=actor,
            issued_at=at,
        )
        notice.items.add(*items)
    return notice


def record_guidance(
    *, actor: User, data: GuidanceData | dict[str, Any], at: dt.datetime | None = None
) -> ReceptionNotice:
    """Written guidance (form 02) for an incomplete dossier: every paper to complete, and why, given once."""
    data = coerce_payload(data, GuidanceData)
    reason = require_text(data.reason, "reason", _("Cần ghi lý do, nội dung hướng dẫn bổ sung."))
    if not data.component_ids:
        raise ValidationError({"component_ids": _("Cần chọn ít nhất một giấy tờ phải bổ sung, hoàn thiện.")})
    return _record_notice(
        kind=NoticeKind.GUIDANCE,
        actor=actor,
        data=data,
        component_ids=data.component_ids,
        reason=reason,
        at=at or timezone.now(),
    )


def record_refusal(
    *, actor: User, data: RefusalData | dict[str, Any], at: dt.datetime | None = None
) -> ReceptionNotice:
    """Written refusal to receive (form 03) with its specific reasons."""
    data = coerce_payload(data, RefusalData)
    reason = require_text(data.reason, "reason", _("Cần ghi rõ lý do từ chối tiếp nhận."))
    return _record_notice(
        kind=NoticeKind.REFUSAL, actor=actor, data=data, component_ids=[], reason=reason, at=at or timezone.now()
    )
