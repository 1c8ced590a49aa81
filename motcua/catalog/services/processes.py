"""Electronic processes: approval by a decision, activation, and the standard four-step process.

Approval checks what would otherwise surface as a stuck dossier months later: allotments that exceed the legal
limit, a step that no dossier can reach, a fixed unit whose role nobody holds.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    ProcedureVersion,
    Process,
    ProcessStatus,
    Step,
    StepAction,
    StepKind,
    Transition,
    UnitSelector,
    VersionStatus,
)
from motcua.catalog.services.versions import legal_limit_minutes, lock
from motcua.organization.models import Membership, Role, Unit, User

# (code, name, kind, unit selector, role, share of the legal limit in per mille)
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


StepSpec = tuple[str, str, StepKind, UnitSelector, Role, int]
TransitionSpec = tuple[str, StepAction, str | None]


def add_standard_steps(
    process: Process,
    limit_minutes: int,
    *,
    fixed_units: dict[str, Unit] | None = None,
    steps: list[StepSpec] | None = None,
    transitions: list[TransitionSpec] | None = None,
) -> list[Step]:
    """Reception → processing → approval → return (or the ``steps`` and ``transitions`` given, in the same shape),
    sharing ``limit_minutes`` of working time between them.

    ``fixed_units`` maps a step code to the unit that always does it (e.g. a provincial department), instead of the
    receiving or resolving unit chosen per dossier.
    """
    steps = steps or STANDARD_STEPS
    fixed_units = fixed_units or {}
    unknown = set(fixed_units) - {code for code, *_rest in steps}
    if unknown:
        raise ValidationError(
            _("Không có bước %(codes)s trong quy trình chuẩn.") % {"codes": ", ".join(sorted(unknown))},
            code="unknown_step",
        )
    created = {
        code: Step.objects.create(
            process=process,
            order=order,
            code=code,
            name=name,
            kind=kind,
            unit_selector=UnitSelector.FIXED if code in fixed_units else selector,
            unit=fixed_units.get(code),
            role=role,
            allotted_minutes=limit_minutes * share // 1000,
        )
        for order, (code, name, kind, selector, role, share) in enumerate(steps, start=1)
    }
    for source, action, target in transitions or STANDARD_TRANSITIONS:
        Transition.objects.create(step=created[source], action=action, to_step=created[target] if target else None)
    return list(created.values())


def _unreachable(steps: list[Step], transitions: list[Transition]) -> list[Step]:
    edges: dict[int, set[int]] = {}
    for transition in transitions:
        if transition.to_step_id:
            edges.setdefault(transition.step_id, set()).add(transition.to_step_id)
    seen = {steps[0].pk}
    frontier = [steps[0].pk]
    while frontier:
        for target in edges.get(frontier.pop(), ()):
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return [step for step in steps if step.pk not in seen]


def approval_problems(process: Process, *, today: dt.date | None = None) -> list[str]:
    """Every reason why ``process`` cannot be approved today (empty when it can)."""
    today = today or timezone.localdate()
    problems: list[str] = []
    version = process.version
    if process.status != ProcessStatus.DRAFT:
        problems.append(
            _("Chỉ phê duyệt được quy trình dự thảo; quy trình này đang ở trạng thái “%(status)s”.")
            % {"status": process.get_status_display()}
        )
    if version.status != VersionStatus.PUBLISHED:
        problems.append(
            _("Phiên bản thủ tục %(version)s chưa được công bố (trạng thái “%(status)s”).")
            % {"version": version, "status": version.get_status_display()}
        )
    steps = list(process.steps.select_related("unit").order_by("order"))
    if not steps:
        problems.append(_("Quy trình chưa có bước nào."))
        return problems
    if steps[0].kind != StepKind.RECEPTION:
        problems.append(_("Bước đầu tiên (“%(step)s”) phải là bước tiếp nhận hồ sơ.") % {"step": steps[0].name})
    if not any(step.kind == StepKind.RETURN for step in steps):
        problems.append(_("Quy trình không có bước trả kết quả."))
    limit = legal_limit_minutes(version)
    total = sum(step.allotted_minutes for step in steps)
    if limit is None:
        problems.append(_("Phiên bản thủ tục chưa có thời hạn giải quyết để đối chiếu thời gian các bước."))
    elif total > limit:
        problems.append(
            _(
                "Tổng thời gian các bước là %(total)s phút làm việc, vượt thời hạn giải quyết theo quy định "
                "(%(limit)s phút làm việc)."
            )
            % {"total": total, "limit": limit}
        )
    transitions = list(Transition.objects.filter(step__process=process).select_related("to_step"))
    for transition in transitions:
        if transition.to_step_id and transition.to_step.process_id != process.pk:
            problems.append(
                _("Thao tác “%(action)s” dẫn tới một bước của quy trình khác.")
                % {"action": transition.get_action_display()}
            )
    for step in _unreachable(steps, transitions):
        problems.append(
            _("Bước “%(step)s” không thể tới được từ bước đầu tiên qua các thao tác chuyển bước.") % {"step": step.name}
        )
    for step in steps:
        if step.unit_selector != UnitSelector.FIXED or step.unit is None:
            continue
        if not Membership.objects.active_on(today).filter(unit=step.unit, role=step.role).exists():
            problems.append(
                _("Bước “%(step)s”: %(unit)s hiện không có cán bộ giữ vai trò “%(role)s”.")
                % {"step": step.name, "unit": step.unit.name, "role": step.get_role_display()}
            )
    return problems


@transaction.atomic
def approve_process(
    process: Process, *, decision_number: str, decision_date: dt.date, decision_signer: str, by: User | None
) -> Process:
    """Record the approval decision of a draft process after checking that dossiers can flow through it."""
    lock(process)
    problems = approval_problems(process)
    if not decision_number.strip() or not decision_signer.strip() or decision_date is None:
        problems.insert(0, _("Cần nhập đủ số, ngày và người ký quyết định phê duyệt quy trình."))
    if problems:
        raise ValidationError(problems, code="unapprovable")
    process.status = ProcessStatus.APPROVED
    process.decision_number = decision_number.strip()
    process.decision_date = decision_date
    process.decision_signer = decision_signer.strip()
    process.approved_at = timezone.now()
    process.approved_by = by
    process.save()
    return process


@transaction.atomic
def activate_process(process: Process) -> Process:
    """Make an approved process the one new dossiers follow; the previously active one stops applying."""
    ProcedureVersion.objects.select_for_update().get(pk=process.version_id)
    lock(process)
    if process.status != ProcessStatus.APPROVED:
        raise ValidationError(
            _("Chỉ áp dụng được quy trình đã phê duyệt; quy trình này đang ở trạng thái “%(status)s”.")
            % {"status": process.get_status_display()},
            code="not_approved",
        )
    if process.version.status != VersionStatus.PUBLISHED:
        raise ValidationError(
            _("Phiên bản thủ tục %(version)s không còn ở trạng thái đã công bố.") % {"version": process.version},
            code="version_not_published",
        )
    Process.objects.filter(version_id=process.version_id, status=ProcessStatus.ACTIVE).update(
        status=ProcessStatus.RETIRED
    )
    process.status = ProcessStatus.ACTIVE
    process.save(update_fields=["status"])
    return process


@transaction.atomic
def build_standard_process(
    version: ProcedureVersion,
    *,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    by: User | None,
    fixed_units: dict[str, Unit] | None = None,
    steps: list[StepSpec] | None = None,
    transitions: list[TransitionSpec] | None = None,
) -> Process:
    """Create, approve and activate the standard four-step process of a published version, or the process of
    ``steps`` and ``transitions`` (the demo's processes)."""
    limit = legal_limit_minutes(version)
    if limit is None:
        raise ValidationError(
            _("Phiên bản thủ tục %(version)s chưa có thời hạn giải quyết.") % {"version": version}, code="no_limit"
        )
    number = (version.processes.aggregate(last=Max("number"))["last"] or 0) + 1
    process = Process.objects.create(version=version, number=number, name="Quy trình nội bộ chuẩn")
    add_standard_steps(process, limit, fixed_units=fixed_units, steps=steps, transitions=transitions)
    approve_process(
        process, decision_number=decision_number, decision_date=decision_date, decision_signer=decision_signer, by=by
    )
    return activate_process(process)
