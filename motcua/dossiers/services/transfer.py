"""Reorganisation: moving what an ended unit still holds to its successor (domain.md §1; decision 006).

``plan_transfer`` counts what would move (the dry-run report); ``transfer_open_dossiers`` moves it: open dossiers
in batches, each batch in its own transaction and each dossier through ``record_event`` (one ``record.transferred``
event naming the old and new units, so statistics can still be shown as they were), its code, dates, appointment
and pauses untouched; open consultations asked by or of the unit; the staff's roles (ended at the old unit, started
at the successor); and the fixed steps of approved and active processes. Running it again moves nothing more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcessStatus, Step, UnitSelector
from motcua.consultations.models import Consultation, ConsultationStatus
from motcua.dossiers.models import Dossier, EventAction, StepVisit
from motcua.dossiers.services.records import record_event
from motcua.organization.models import Membership, Role, Unit, User
from motcua.organization.services import assign_role, end_membership, successor_on

SYSTEM_USERNAME = "he-thong"
DOSSIER_UNIT_FIELDS = ("receiving_unit", "resolving_unit", "current_unit")


@dataclasses.dataclass(frozen=True)
class TransferPlan:
    """What a transfer from one unit to its successor covers, counted before (dry run) or after moving it."""

    from_unit: Unit
    to_unit: Unit
    first_day: dt.date
    dossiers: int
    consultations: int
    memberships: int
    steps: int


def system_actor() -> User:
    """The account recorded as the actor of events nobody performs by hand; it can never sign in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "Hệ thống", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _first_day(from_unit: Unit) -> dt.date:
    """The successor's first day: the day after the old unit ended, or today for a unit that has not ended."""
    return from_unit.valid_to + dt.timedelta(days=1) if from_unit.valid_to else timezone.localdate()


def _target(from_unit: Unit, to_unit: Unit | None, day: dt.date) -> Unit:
    if to_unit is None:
        to_unit = successor_on(from_unit, day)
        if to_unit is None or to_unit.pk == from_unit.pk:
            raise ValidationError(
                _("Đơn vị %(unit)s chưa có đơn vị kế thừa; hãy ghi nhận sáp nhập, chia tách hoặc chọn đơn vị nhận."),
                params={"unit": from_unit},
            )
    if to_unit.pk == from_unit.pk:
        raise ValidationError(_("Đơn vị nhận phải khác đơn vị cũ."))
    if not to_unit.is_active_on(day):
        raise ValidationError(
            _("Đơn vị nhận %(unit)s không có hiệu lực vào ngày %(day)s."),
            params={"unit": to_unit, "day": day.strftime("%d/%m/%Y")},
        )
    return to_unit


def _dossier_ids(unit: Unit) -> list[int]:
    """Open dossiers the unit receives, resolves or holds, and dossiers with an open consultation asked by or of it."""
    held = Dossier.objects.open().filter(Q(receiving_unit=unit) | Q(resolving_unit=unit) | Q(current_unit=unit))
    consulted = _open_consultations(unit).values("dossier_id")
    return sorted(
        set(held.values_list("pk", flat=True))
        | set(Dossier.objects.filter(pk__in=consulted).values_list("pk", flat=True))
    )


def _open_consultations(unit: Unit) -> QuerySet[Consultation]:
    return Consultation.objects.filter(Q(unit=unit) | Q(requesting_unit=unit), status=ConsultationStatus.OPEN)


def _memberships(unit: Unit, last_day: dt.date) -> QuerySet[Membership]:
    """Roles held in the old unit on its last day."""
    return Membership.objects.active_on(last_day).filter(unit=unit).select_related("user")


def _fixed_steps(unit: Unit) -> QuerySet[Step]:
    return Step.objects.filter(
        unit=unit,
        unit_selector=UnitSelector.FIXED,
        process__status__in=[ProcessStatus.APPROVED, ProcessStatus.ACTIVE],
    )


def plan_transfer(*, from_unit: Unit, to_unit: Unit | None = None) -> TransferPlan:
    """The dry-run report: how many open dossiers, open consultations, roles and fixed steps would move."""
    day = _first_day(from_unit)
    target = _target(from_unit, to_unit, day)
    return TransferPlan(
        from_unit=from_unit,
        to_unit=target,
        first_day=day,
        dossiers=len(_dossier_ids(from_unit)),
        consultations=_open_consultations(from_unit).count(),
        memberships=_memberships(from_unit, day - dt.timedelta(days=1)).count(),
        steps=_fixed_steps(from_unit).count(),
    )


def _move_dossier(code: str, from_unit: Unit, to_unit: Unit, actor: User, at: dt.datetime) -> int:
    """Re-point one dossier (and its open visit and consultations) in one event; returns the consultations moved."""
    moved: list[int] = []

    def apply(dossier: Dossier) -> dict:
        fields = []
        for field in DOSSIER_UNIT_FIELDS:
            if getattr(dossier, f"{field}_id") == from_unit.pk:
                setattr(dossier, field, to_unit)
                fields.append(field)
        visits = StepVisit.objects.filter(dossier=dossier, left_at__isnull=True, unit=from_unit).update(unit=to_unit)
        consultations = _open_consultations(from_unit).filter(dossier=dossier)
        moved.extend(consultations.values_list("pk", flat=True))
        Consultation.objects.filter(pk__in=moved, unit=from_unit).update(unit=to_unit)
        Consultation.objects.filter(pk__in=moved, requesting_unit=from_unit).update(requesting_unit=to_unit)
        return {
            "from_unit": from_unit.code,
            "to_unit": to_unit.code,
            "fields": fields,
            "open_visit_moved": bool(visits),
            "consultations": sorted(moved),
        }

    record_event(
        dossier=code,
        action=EventAction.TRANSFERRED,
        actor=actor,
        role=Role.SYSTEM_ADMIN,
        unit=to_unit,
        at=at,
        apply=apply,
        reason=str(_("Chuyển giao từ %(old)s sang %(new)s do sắp xếp đơn vị.") % {"old": from_unit, "new": to_unit}),
    )
    return len(moved)


def _move_roles(from_unit: Unit, to_unit: Unit, day: dt.date) -> int:
    """End each role held in the old unit on its last day and start the same role at the successor."""
    last_day = day - dt.timedelta(days=1)
    count = 0
    for membership in _memberships(from_unit, last_day):
        if membership.valid_to is None or membership.valid_to > last_day:
            end_membership(membership, last_day=last_day)
        already = Membership.objects.active_on(day).filter(user=membership.user, unit=to_unit, role=membership.role)
        if not already.exists():
            assign_role(user=membership.user, unit=to_unit, role=membership.role, valid_from=day)
            count += 1
    return count


def _move_steps(from_unit: Unit, to_unit: Unit) -> int:
    """Re-point fixed steps one by one (``save`` lets the process-graph cache forget them)."""
    count = 0
    for step in _fixed_steps(from_unit):
        step.unit = to_unit
        step.save(update_fields=["unit"])
        count += 1
    return count


def transfer_open_dossiers(
    *, from_unit: Unit, to_unit: Unit | None = None, batch: int = 500, at: dt.datetime | None = None
) -> TransferPlan:
    """Move everything ``plan_transfer`` counts; returns what was moved. Each batch of dossiers commits on its own,
    so an interrupted run leaves whole dossiers moved and can simply be run again."""
    if batch < 1:
        raise ValidationError(_("Cỡ lô phải từ 1 trở lên."))
    at = at or timezone.now()
    day = _first_day(from_unit)
    target = _target(from_unit, to_unit, day)
    actor = system_actor()
    ids = _dossier_ids(from_unit)
    consultations = 0
    for start in range(0, len(ids), batch):
        chunk = Dossier.objects.filter(pk__in=ids[start : start + batch]).order_by("pk").values_list("code", flat=True)
        with transaction.atomic():
            for code in chunk:
                consultations += _move_dossier(code, from_unit, target, actor, at)
    with transaction.atomic():
        memberships = _move_roles(from_unit, target, day)
        steps = _move_steps(from_unit, target)
    return TransferPlan(
        from_unit=from_unit,
        to_unit=target,
        first_day=day,
        dossiers=len(ids),
        consultations=consultations,
        memberships=memberships,
        steps=steps,
    )
