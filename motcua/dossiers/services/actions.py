"""``perform``: the one path for every change to a dossier after reception (design.md "One path for every change").

lock the row and check the caller's version → guard (is the action allowed at the current step and status for this
actor's role and unit, by the pinned process's transitions?) → validate the payload → apply (a small handler per
action) → append the hashed event → bump ``lock_version`` and ``head_hash`` → commit. The guard runs on the locked
row, so what it checked cannot change before the write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import StepAction
from motcua.consultations.hooks import parent_reads, reporting_to_parent, unless_waiting, waiting_reads
from motcua.consultations.services import consultations, links
from motcua.consultations.services.payloads import (
    ConsultPayload,
    DecideExtensionPayload,
    OpenInterAgencyPayload,
    WaiveConsultationPayload,
)
from motcua.dossiers.events import chain_event
from motcua.dossiers.exceptions import ActionNotAllowed, ConflictError
from motcua.dossiers.models import CLOSED_STATUSES, OPEN_STATUSES, ClockPause, Dossier, DossierStatus
from motcua.dossiers.services import (
    appointments,
    corrections,
    daily_figures,
    endings,
    financial,
    overdue,
    processing,
    sos,
    supplementation,
)
from motcua.dossiers.services.context import ActionContext, Outcome
from motcua.dossiers.services.payloads import (
    ApprovePayload,
    AttachResultPayload,
    CancelResultPayload,
    ConfirmPaperPayload,
    CorrectPayload,
    ForwardPayload,
    ReceiveSupplementPayload,
    RefusePayload,
    RequestSupplementPayload,
    ReturnResultPayload,
    SendBackPayload,
    StopPayload,
    WithdrawPayload,
    coerce_payload,
)
from motcua.dossiers.services.pinned import process_graph
from motcua.lib.prepared import PreparedQuery
from motcua.organization.models import Membership, Role, Unit, User


class Action(models.TextChoices):
    """Actions ``perform`` accepts. Values of process transitions equal the catalog's ``StepAction`` values."""

    FORWARD = StepAction.FORWARD.value, StepAction.FORWARD.label
    SEND_BACK = StepAction.SEND_BACK.value, StepAction.SEND_BACK.label
    REQUEST_SUPPLEMENT = StepAction.REQUEST_SUPPLEMENT.value, StepAction.REQUEST_SUPPLEMENT.label
    APPROVE = StepAction.APPROVE.value, StepAction.APPROVE.label
    REFUSE = StepAction.REFUSE.value, StepAction.REFUSE.label
    RETURN_RESULT = StepAction.RETURN_RESULT.value, StepAction.RETURN_RESULT.label
    CONFIRM_PAPER = "confirm_paper", _("Xác nhận nhận hồ sơ giấy")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Nhận hồ sơ bổ sung")
    ATTACH_RESULT = "attach_result", _("Đính kèm kết quả")
    CANCEL_RESULT = "cancel_result", _("Hủy kết quả")
    STOP = "stop", _("Dừng giải quyết")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    CORRECT = "correct", _("Đính chính thông tin")
    CONSULT = StepAction.CONSULT.value, StepAction.CONSULT.label
    DECIDE_CONSULTATION_EXTENSION = "decide_consultation_extension", _("Xử lý đề nghị gia hạn cho ý kiến")
    WAIVE_CONSULTATION = "waive_consultation", _("Cho chuyển bước khi chưa đủ ý kiến")
    OPEN_INTER_AGENCY = "open_inter_agency", _("Lập hồ sơ liên thông")
    RESCHEDULE = "reschedule", _("Dự thảo xin lỗi, hẹn lại ngày trả")
    APPROVE_RESCHEDULE = "approve_reschedule", _("Duyệt văn bản xin lỗi, hẹn lại")
    REJECT_RESCHEDULE = "reject_reschedule", _("Trả lại dự thảo xin lỗi, hẹn lại")
    REPROJECT = "reproject", _("Tính lại hạn theo lịch làm việc")
    RAISE_SOS = "raise_sos", _("Báo SOS")
    RESOLVE_SOS = "resolve_sos", _("Xử lý xong SOS")
    REQUEST_PAYMENT = "request_payment", _("Thông báo thực hiện nghĩa vụ tài chính")
    CONFIRM_PAYMENT = "confirm_payment", _("Xác nhận đã thực hiện nghĩa vụ tài chính")


# Who may act, besides "the holder of the current step" (the current step's role in the dossier's current unit):
# pairs of (which of the dossier's units, role).
UnitRole = tuple[str, Role]
DESK_OF_RECEIVING_UNIT: UnitRole = ("receiving_unit_id", Role.DESK_OFFICER)
LEADER_OF_RESOLVING_UNIT: UnitRole = ("resolving_unit_id", Role.UNIT_LEADER)
LEADER_OF_RECEIVING_UNIT: UnitRole = ("receiving_unit_id", Role.UNIT_LEADER)
LEADER_OF_CURRENT_UNIT: UnitRole = ("current_unit_id", Role.UNIT_LEADER)
# Anyone working in one of the dossier's units may call for help on it (domain.md §8).
SOS_RAISERS: tuple[UnitRole, ...] = tuple(
    (unit, role)
    for unit in ("current_unit_id", "resolving_unit_id", "receiving_unit_id")
    for role in (Role.SPECIALIST, Role.UNIT_LEADER, Role.DESK_OFFICER, Role.CONSULTATION_LIAISON)
)


@dataclasses.dataclass(frozen=True)
class ActionSpec:
    """How one action is guarded and applied.

    ``by_transition``: the pinned process must have a transition for it at the current step, and only the current
    step's holder may take it. Otherwise the step holder (if ``by_step_holder``) or any of ``unit_roles`` may act,
    or a holder of one of ``province_roles`` in any unit (a provincial monitor answering an SOS, a system
    administrator re-projecting deadlines).
    ``offered_if`` is the cheap precondition ``allowed_actions`` checks so the UI does not offer a dead button (the
    handler checks it again, with the row locked).
    ``reads``: the annotations the handler relies on (does a result exist? is a consultation still open?), read by
    the locking statement itself instead of one statement each; built once, as building them costs as much as a
    statement.
    ``joins``: further relations the handler reads (the procedure version of a supplementation), joined to the
    locking statement.
    """

    handler: Callable[[ActionContext, Any], Outcome]
    payload: type
    statuses: tuple[DossierStatus, ...]
    by_transition: bool = False
    by_step_holder: bool = False
    unit_roles: tuple[UnitRole, ...] = ()
    province_roles: tuple[Role, ...] = ()
    offered_if: Callable[[Dossier], bool] | None = None
    reads: Mapping[str, models.Expression] = dataclasses.field(default_factory=dict)
    joins: tuple[str, ...] = ()


MOVING = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.PROCESSED)


def never(_dossier: Dossier) -> bool:
    """Actions run by commands only (re-projection) are never offered on the dossier page."""
    return False


ACTIONS: dict[str, ActionSpec] = {
    Action.FORWARD: ActionSpec(
        unless_waiting(processing.forward),
        ForwardPayload,
        (DossierStatus.RECEIVED, DossierStatus.PROCESSING),
        by_transition=True,
        reads=waiting_reads(),
    ),
    Action.SEND_BACK: ActionSpec(processing.send_back, SendBackPayload, MOVING, by_transition=True),
    Action.REQUEST_SUPPLEMENT: ActionSpec(
        supplementation.request_supplement,
        RequestSupplementPayload,
        (DossierStatus.PROCESSING,),
        by_transition=True,
        joins=("procedure_version",),
    ),
    Action.APPROVE: ActionSpec(
        unless_waiting(processing.approve),
        ApprovePayload,
        (DossierStatus.PROCESSING,),
        by_transition=True,
        reads=waiting_reads(),
    ),
    Action.REFUSE: ActionSpec(processing.refuse, RefusePayload, (DossierStatus.PROCESSING,), by_transition=True),
    Action.RETURN_RESULT: ActionSpec(
        reporting_to_parent(processing.return_result),
        ReturnResultPayload,
        (DossierStatus.PROCESSED,),
        by_transition=True,
        reads={**processing.result_reads(), **parent_reads()},
    ),
    Action.CONFIRM_PAPER: ActionSpec(
        processing.confirm_paper,
        ConfirmPaperPayload,
        OPEN_STATUSES,
        by_step_holder=True,
        offered_if=processing.paper_pending,
    ),
    Action.RECEIVE_SUPPLEMENT: ActionSpec(
        supplementation.receive_supplement,
        ReceiveSupplementPayload,
        (DossierStatus.WAITING_SUPPLEMENT,),
        by_step_holder=True,
        unit_roles=(DESK_OF_RECEIVING_UNIT,),
        joins=("procedure_version",),
    ),
    Action.ATTACH_RESULT: ActionSpec(
        processing.attach_result,
        AttachResultPayload,
        (DossierStatus.PROCESSING, DossierStatus.PROCESSED),
        by_step_holder=True,
    ),
    Action.CANCEL_RESULT: ActionSpec(
        processing.cancel_result,
        CancelResultPayload,
        (DossierStatus.PROCESSING, DossierStatus.PROCESSED, *CLOSED_STATUSES),
        unit_roles=(LEADER_OF_RESOLVING_UNIT,),
        offered_if=processing.has_valid_result,
    ),
    Action.STOP: ActionSpec(
        endings.stop,
        StopPayload,
        OPEN_STATUSES,
        unit_roles=(LEADER_OF_RESOLVING_UNIT,),
        offered_if=endings.stop_is_an_ending,
    ),
    Action.WITHDRAW: ActionSpec(
        endings.withdraw, WithdrawPayload, OPEN_STATUSES, unit_roles=(DESK_OF_RECEIVING_UNIT, LEADER_OF_RESOLVING_UNIT)
    ),
    Action.CORRECT: ActionSpec(
        corrections.correct,
        CorrectPayload,
        (*OPEN_STATUSES, *CLOSED_STATUSES),
        unit_roles=(LEADER_OF_RESOLVING_UNIT, LEADER_OF_RECEIVING_UNIT),
    ),
    Action.CONSULT: ActionSpec(
        consultations.request_consultations, ConsultPayload, (DossierStatus.PROCESSING,), by_transition=True
    ),
    Action.DECIDE_CONSULTATION_EXTENSION: ActionSpec(
        consultations.decide_extension,
        DecideExtensionPayload,
        OPEN_STATUSES,
        by_step_holder=True,
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT),
        offered_if=consultations.has_pending_extension,
    ),
    Action.WAIVE_CONSULTATION: ActionSpec(
        consultations.waive_consultations,
        WaiveConsultationPayload,
        OPEN_STATUSES,
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT),
        offered_if=consultations.has_blocking_consultation,
    ),
    Action.OPEN_INTER_AGENCY: ActionSpec(
        links.open_inter_agency,
        OpenInterAgencyPayload,
        (DossierStatus.PROCESSING,),
        by_step_holder=True,
        offered_if=links.waiting_at_inter_agency_step,
    ),
    Action.RESCHEDULE: ActionSpec(
        appointments.reschedule,
        appointments.ReschedulePayload,
        MOVING,
        by_step_holder=True,
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT),
        offered_if=appointments.can_reschedule,
    ),
    Action.APPROVE_RESCHEDULE: ActionSpec(
        appointments.approve_reschedule,
        appointments.ApproveReschedulePayload,
        MOVING,
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT),
        offered_if=appointments.has_pending_draft,
    ),
    Action.REJECT_RESCHEDULE: ActionSpec(
        appointments.reject_reschedule,
        appointments.RejectReschedulePayload,
        OPEN_STATUSES,
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT),
        offered_if=appointments.has_pending_draft,
    ),
    Action.REPROJECT: ActionSpec(
        overdue.reproject, overdue.ReprojectPayload, MOVING, province_roles=(Role.SYSTEM_ADMIN,), offered_if=never
    ),
    Action.RAISE_SOS: ActionSpec(
        sos.raise_sos,
        sos.RaiseSosPayload,
        OPEN_STATUSES,
        unit_roles=SOS_RAISERS,
        offered_if=sos.has_no_unresolved_sos,
    ),
    Action.RESOLVE_SOS: ActionSpec(
        sos.resolve_sos,
        sos.ResolveSosPayload,
        (*OPEN_STATUSES, *CLOSED_STATUSES),
        unit_roles=(LEADER_OF_CURRENT_UNIT, LEADER_OF_RESOLVING_UNIT, LEADER_OF_RECEIVING_UNIT),
        province_roles=(Role.PROVINCIAL_MONITOR,),
        offered_if=sos.has_unresolved_sos,
    ),
    Action.REQUEST_PAYMENT: ActionSpec(
        financial.request_payment,
        financial.RequestPaymentPayload,
        (DossierStatus.PROCESSING,),
        by_step_holder=True,
        joins=("procedure_version",),
    ),
    Action.CONFIRM_PAYMENT: ActionSpec(
        financial.confirm_payment,
        financial.ConfirmPaymentPayload,
        (DossierStatus.WAITING_PAYMENT,),
        by_step_holder=True,
        unit_roles=(DESK_OF_RECEIVING_UNIT,),
        joins=("procedure_version",),
    ),
}


def _lock_query(spec: ActionSpec | None) -> PreparedQuery[Dossier]:
    """The locking read of one action: the dossier row, its units (mutable, so read here), its applicant and whether
    it ever paused.

    The pinned process's current step comes from ``process_graph`` (immutable, kept in memory); the version is
    joined only for the few actions that read it. The applicant is joined because the return, the busiest closing
    action, invites them to rate the service: a join costs less than a second statement. The action's ``reads``
    and ``joins`` add what its handler needs to know (see ``ActionSpec``).
    """
    return PreparedQuery(
        lambda code: (
            Dossier.objects.select_for_update(of=("self",))
            .select_related(
                "receiving_unit", "resolving_unit", "current_unit", "applicant", *(spec.joins if spec else ())
            )
            .annotate(
                has_pauses=models.Exists(ClockPause.objects.filter(dossier=models.OuterRef("pk"))),
                **(spec.reads if spec else {}),
            )
            .filter(code=code)
        ),
        code=Dossier._meta.get_field("code"),
    )


_LOCKS: dict[str | None, PreparedQuery[Dossier]] = {
    None: _lock_query(None),
    **{action: _lock_query(spec) for action, spec in ACTIONS.items()},
}


def _lock(dossier: Dossier | str, action: str) -> Dossier:
    code = dossier if isinstance(dossier, str) else dossier.code
    locked = _LOCKS[action if action in ACTIONS else None].get(code=code)
    if locked.current_step_id is not None:
        locked.current_step = process_graph(locked.process_id).step(locked.current_step_id)
    return locked


def _step_name(dossier: Dossier) -> str | Promise:
    return dossier.current_step.name if dossier.current_step else _("(đã kết thúc)")


def _not_allowed(message: Promise, action: str, dossier: Dossier, **params: Any) -> ActionNotAllowed:
    label = Action(action).label if action in Action.values else action
    return ActionNotAllowed(
        message % {"action": label, "step": _step_name(dossier), **params},
        code="action_not_allowed",
        params={"action": action, "step": dossier.current_step.code if dossier.current_step else None},
    )


# Roles that act province-wide, whatever unit they are held in (see ``ActionSpec.province_roles``).
PROVINCE_WIDE_ROLES = (Role.PROVINCIAL_MONITOR, Role.SYSTEM_ADMIN)


# The dossier's units (receiving, resolving, current: at most three, None where absent) as OR-ed equalities, so that
# one compiled statement serves every dossier.
_MEMBERSHIPS = PreparedQuery(
    lambda user, day, unit_1, unit_2, unit_3: (
        Membership.objects.active_on(day)
        .filter(
            models.Q(unit_id=unit_1)
            | models.Q(unit_id=unit_2)
            | models.Q(unit_id=unit_3)
            | models.Q(role__in=PROVINCE_WIDE_ROLES),
            user_id=user,
        )
        .order_by()  # Membership's default ordering joins the unit and user tables for nothing here
        .values_list("unit_id", "role")
    ),
    user=Membership._meta.get_field("user"),
    day=Membership._meta.get_field("valid_from"),
    unit_1=Membership._meta.get_field("unit"),
    unit_2=Membership._meta.get_field("unit"),
    unit_3=Membership._meta.get_field("unit"),
)


def _memberships(actor: User, dossier: Dossier, day: dt.date) -> set[tuple[int, str]]:
    return set(
        _MEMBERSHIPS.objects(
            user=actor.pk,
            day=day,
            unit_1=dossier.receiving_unit_id,
            unit_2=dossier.resolving_unit_id,
            unit_3=dossier.current_unit_id,
        )
    )


def _capacity(spec: ActionSpec, dossier: Dossier, held: set[tuple[int, str]]) -> tuple[int, str] | None:
    """The (unit id, role) in which the actor may take the action, or None."""
    step = dossier.current_step
    holds_step = step is not None and (dossier.current_unit_id, step.role) in held
    if (spec.by_transition or spec.by_step_holder) and holds_step:
        return dossier.current_unit_id, step.role
    for unit_attribute, role in spec.unit_roles:
        unit_id = getattr(dossier, unit_attribute)
        if (unit_id, role) in held:
            return unit_id, role
    for role in spec.province_roles:
        for unit_id, held_role in sorted(held):
            if held_role == role:
                return unit_id, role
    return None


def _guard(action: str, dossier: Dossier, actor: User, at: dt.datetime) -> tuple[ActionSpec, ActionContext]:
    spec = ACTIONS.get(action)
    if spec is None:
        raise _not_allowed(_("Thao tác “%(action)s” không có trong hệ thống."), action, dossier)
    if dossier.status not in spec.statuses:
        raise _not_allowed(
            _("Không thể “%(action)s” khi hồ sơ đang “%(status)s” (bước “%(step)s”)."),
            action,
            dossier,
            status=DossierStatus(dossier.status).label,
        )
    transition = None
    if spec.by_transition:
        transition = (
            process_graph(dossier.process_id).transition(dossier.current_step_id, action)
            if dossier.current_step_id
            else None
        )
        if transition is None:
            raise _not_allowed(_("Quy trình không cho phép “%(action)s” ở bước “%(step)s”."), action, dossier)
    capacity = _capacity(spec, dossier, _memberships(actor, dossier, timezone.localdate(at)))
    if capacity is None:
        raise _not_allowed(
            _("Bạn không có vai trò được phép “%(action)s” hồ sơ này ở bước “%(step)s”."), action, dossier
        )
    unit_id, role = capacity
    unit = next(
        (
            unit
            for unit in (dossier.current_unit, dossier.receiving_unit, dossier.resolving_unit)
            if unit is not None and unit.pk == unit_id
        ),
        None,
    ) or Unit.objects.get(pk=unit_id)
    # A dossier that never paused has no pause to read (most of them): the lock query told us.
    pauses = None if dossier.has_pauses else []
    return spec, ActionContext(
        dossier=dossier, actor=actor, role=role, unit=unit, at=at, transition=transition, _pauses=pauses
    )


def perform(
    *,
    dossier: Dossier | str,
    action: str,
    actor: User,
    payload: dict[str, Any] | object,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Apply ``action`` to the dossier (a ``Dossier`` or its code) for ``actor``; returns the updated dossier.

    Raises ``ConflictError`` when ``expected_version`` is given and the dossier moved on, ``ActionNotAllowed`` when
    the action is unknown or not allowed now for this actor, ``ValidationError`` for a bad payload, and
    ``Dossier.DoesNotExist`` for an unknown code. Nothing is written unless everything succeeds.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(dossier, action)
        as_read = _field_values(locked)
        if expected_version is not None and locked.lock_version != expected_version:
            raise ConflictError(
                str(
                    _("Hồ sơ %(code)s vừa được người khác cập nhật; hãy tải lại và thực hiện lại.")
                    % {"code": locked.code}
                ),
                current_version=locked.lock_version,
            )
        spec, ctx = _guard(action, locked, actor, at)
        data = coerce_payload(payload, spec.payload)
        from_status = locked.status
        outcome = spec.handler(ctx, data)
        event = chain_event(
            locked,
            action=outcome.event,
            actor=actor,
            role=ctx.role,
            unit=ctx.unit,
            at=at,
            from_status=from_status,
            reason=outcome.reason,
            clock_effect=outcome.clock_effect,
            payload=outcome.payload,
        )
        event.save(force_insert=True)
        current = _field_values(locked)
        locked.save(update_fields=[name for name, value in current.items() if as_read[name] != value])
        daily_figures.record_change(as_read, locked)
    return locked


_DOSSIER_FIELDS = tuple((field.name, field.attname) for field in Dossier._meta.concrete_fields if not field.primary_key)


def _field_values(dossier: Dossier) -> dict[str, Any]:
    """The dossier's column values, to write back only what the action changed (every action moves the version)."""
    return {name: getattr(dossier, attname) for name, attname in _DOSSIER_FIELDS}


def allowed_actions(dossier: Dossier, actor: User, at: dt.datetime | None = None) -> list[Action]:
    """The actions ``actor`` may take on ``dossier`` now (what the UI offers); payload checks come later."""
    at = at or timezone.now()
    held = _memberships(actor, dossier, timezone.localdate(at))
    transitions = (
        process_graph(dossier.process_id).actions_at(dossier.current_step_id) if dossier.current_step_id else set()
    )
    return [
        Action(name)
        for name, spec in ACTIONS.items()
        if dossier.status in spec.statuses
        and (not spec.by_transition or name in transitions)
        and _capacity(spec, dossier, held) is not None
        and (spec.offered_if is None or spec.offered_if(dossier))
    ]
