"""Moving a dossier along its pinned process: hand-over, paper confirmation, send-back, approval, result, return."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.documents.services.results import cancel_result as cancel_issued_result
from motcua.documents.services.results import result_upload
from motcua.dossiers.models import (
    ClockEffect,
    Dossier,
    DossierStatus,
    EventAction,
    Result,
    ResultReturn,
    ReturnMethod,
    StepVisit,
)
from motcua.dossiers.services.clock import judge
from motcua.dossiers.services.context import (
    ActionContext,
    Outcome,
    check_holder,
    enter_step,
    iso,
    leave_current_step,
    require_text,
    unit_for_step,
)
from motcua.dossiers.services.payloads import (
    ApprovePayload,
    AttachResultPayload,
    CancelResultPayload,
    ConfirmPaperPayload,
    ForwardPayload,
    RefusePayload,
    ReturnResultPayload,
    SendBackPayload,
)


def _move(ctx: ActionContext, *, note: str, paper_handed_over: bool = False, to_user_id: int | None = None) -> dict:
    """Leave the current step and enter the transition's target; the move as event payload."""
    assert ctx.transition is not None and ctx.transition.to_step is not None  # guaranteed by the action's spec
    target = ctx.transition.to_step
    holder = None
    if to_user_id is not None:
        holder = check_holder(to_user_id, target, unit_for_step(ctx.dossier, target), timezone.localdate(ctx.at))
    current = ctx.open_visit()
    if current.paper_handed_over and current.paper_confirmed_at is None:
        raise ValidationError(
            _("Chưa xác nhận đã nhận hồ sơ giấy ở bước “%(step)s”: hãy xác nhận trước khi chuyển.")
            % {"step": current.step.name},
            code="paper_unconfirmed",
        )
    left = leave_current_step(ctx, note=note, visit=current)
    entered = enter_step(ctx, target, holder=holder, paper_handed_over=paper_handed_over)
    return {
        "from_step": left.step.code,
        "to_step": target.code,
        "to_unit": entered.unit.code,
        "to_user": holder.pk if holder else None,
        "judgement": left.judgement,
        "left_step_due_at": iso(left.due_at),
        "step_due_at": iso(entered.due_at),
        "paper_handed_over": paper_handed_over,
    }


def forward(ctx: ActionContext, data: ForwardPayload) -> Outcome:
    """Hand the dossier over to the next step (Chuyển bước xử lý), judging the step just left."""
    payload = _move(ctx, note=data.note, paper_handed_over=data.paper_handed_over, to_user_id=data.to_user_id)
    return Outcome(EventAction.FORWARDED, reason=data.note, payload=payload)


def paper_pending(dossier: Dossier) -> bool:
    """Whether the paper file was handed over to the current step and not yet confirmed."""
    return StepVisit.objects.filter(
        dossier=dossier, left_at__isnull=True, paper_handed_over=True, paper_confirmed_at__isnull=True
    ).exists()


def confirm_paper(ctx: ActionContext, data: ConfirmPaperPayload) -> Outcome:
    """The receiver confirms the paper file arrived, so paper and electronic states cannot drift apart."""
    visit = ctx.open_visit()
    if not visit.paper_handed_over or visit.paper_confirmed_at is not None:
        raise ValidationError(
            _("Không có hồ sơ giấy nào đang chờ xác nhận ở bước “%(step)s”.") % {"step": visit.step.name},
            code="no_paper_pending",
        )
    visit.paper_confirmed_at = ctx.at
    visit.paper_confirmed_by = ctx.actor
    visit.save(update_fields=["paper_confirmed_at", "paper_confirmed_by"])
    return Outcome(EventAction.PAPER_CONFIRMED, reason=data.note, payload={"step": visit.step.code})


def send_back(ctx: ActionContext, data: SendBackPayload) -> Outcome:
    """Return the dossier to the previous step (Trả lại bước trước); the reason is mandatory."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do trả lại bước trước."))
    return Outcome(EventAction.SENT_BACK, reason=reason, payload=_move(ctx, note=reason))


def approve(ctx: ActionContext, data: ApprovePayload) -> Outcome:
    """The leader approves: processing is finished and the dossier goes to the return step."""
    return Outcome(EventAction.APPROVED, reason=data.note, payload=_move(ctx, note=data.note))


def refuse(ctx: ActionContext, data: RefusePayload) -> Outcome:
    """The leader refuses to resolve: the refusal (with reasons) is what the applicant will be given back."""
    reason = require_text(data.reason, "reason", _("Cần ghi rõ lý do từ chối giải quyết."))
    return Outcome(EventAction.REFUSED, reason=reason, payload=_move(ctx, note=reason))


def attach_result(ctx: ActionContext, data: AttachResultPayload) -> Outcome:
    """Attach a result document, numbered ``<code>-KQ(n)``; results are never removed."""
    name = require_text(data.name, "name", _("Cần ghi tên giấy tờ kết quả."))
    last = Result.objects.filter(dossier=ctx.dossier).aggregate(last=Max("number"))["last"] or 0
    result = Result(
        dossier=ctx.dossier,
        number=last + 1,
        name=name,
        document_number=data.document_number,
        signed_on=data.signed_on,
        attached_at=ctx.at,
        attached_by=ctx.actor,
    )
    if data.file is not None:
        upload = result_upload(result, data.file)
        result.file.save(upload.name, upload, save=False)
    result.save(force_insert=True)
    return Outcome(
        EventAction.RESULT_ATTACHED,
        payload={
            "result": result.code,
            "number": result.number,
            "name": result.name,
            "document_number": result.document_number,
            "signed_on": iso(result.signed_on),
            "file": result.file.name or None,
        },
    )


def valid_results(dossier: Dossier) -> QuerySet[Result]:
    """The dossier's results not cancelled, the ones a leader may still cancel."""
    return Result.objects.filter(dossier=dossier, cancellation__isnull=True)


def has_valid_result(dossier: Dossier) -> bool:
    return valid_results(dossier).exists()


def cancel_result(ctx: ActionContext, data: CancelResultPayload) -> Outcome:
    """Cancel an issued result by the resolving agency's decision: the result and its file are kept (domain.md §7),
    and the dossier's history says which one, when, by whom and why."""
    result = Result.objects.filter(dossier=ctx.dossier, number=data.number).first()
    if result is None:
        raise ValidationError({"number": _("Hồ sơ không có kết quả số %(number)s.") % {"number": data.number}})
    cancellation = cancel_issued_result(result, actor=ctx.actor, reason=data.reason, at=ctx.at)
    return Outcome(EventAction.RESULT_CANCELLED, reason=cancellation.reason, payload={"result": result.code})


def result_reads() -> dict[str, Exists]:
    """What ``return_result`` asks, read by the statement that locks the dossier (``ActionSpec.reads``)."""
    return {"has_result": Exists(Result.objects.filter(dossier=OuterRef("pk")))}


def return_result(ctx: ActionContext, data: ReturnResultPayload) -> Outcome:
    """Hand the result to the applicant: how, to whom and now; the dossier is judged against its appointment."""
    if data.method not in ReturnMethod.values:
        raise ValidationError({"method": _("Hình thức trả kết quả không hợp lệ.")})
    recipient = require_text(data.recipient, "recipient", _("Cần ghi người nhận kết quả."))
    if not ctx.dossier.has_result:
        raise ValidationError(_("Hồ sơ chưa có kết quả đính kèm nên chưa thể trả kết quả."), code="no_result_attached")
    dossier = ctx.dossier
    left = leave_current_step(ctx, note=data.note)
    ResultReturn.objects.create(
        dossier=dossier,
        method=data.method,
        recipient=recipient,
        recipient_identity_number=data.recipient_identity_number,
        returned_at=ctx.at,
        returned_by=ctx.actor,
        note=data.note,
    )
    dossier.status = DossierStatus.RETURNED
    dossier.returned_at = ctx.at
    dossier.finished_at = dossier.finished_at or ctx.at
    dossier.judgement = judge(ctx.at, dossier.due_at)
    dossier.current_step = None
    dossier.current_unit = None
    return Outcome(
        EventAction.RESULT_RETURNED,
        reason=data.note,
        clock_effect=ClockEffect.STOPPED,
        payload={
            "from_step": left.step.code,
            "method": data.method,
            "recipient": recipient,
            "recipient_identity_number": data.recipient_identity_number,
            "due_at": iso(dossier.due_at),
            "judgement": dossier.judgement,
        },
    )
