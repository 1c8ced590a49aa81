"""Asking other units for their opinion, their answers and requests for more time, and a leader's waiver.

The requesting side acts through ``perform`` (``consult``, ``decide_consultation_extension``,
``waive_consultation``): it holds the dossier, so the dossier's process and roles decide. The consulted unit does
not hold the dossier; ``answer_consultation`` and ``request_extension`` check its own roles and write the dossier's
event through ``motcua.dossiers.services.records.record_event``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Step
from motcua.consultations.access import answering_role
from motcua.consultations.models import (
    Consultation,
    ConsultationExtension,
    ConsultationFile,
    ConsultationStatus,
    ExtensionState,
    FilePurpose,
)
from motcua.consultations.services.notices import announce_answer, announce_extension, announce_request
from motcua.consultations.services.payloads import (
    ConsultPayload,
    DecideExtensionPayload,
    WaiveConsultationPayload,
)
from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import Dossier, EventAction
from motcua.dossiers.services.clock import judge
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text
from motcua.dossiers.services.records import record_event
from motcua.organization.models import Unit, User
from motcua.workcalendar.services import calendar_for

# Three working days when neither the step nor the settings say otherwise (domain.md §3.5: configurable).
DEFAULT_CONSULTATION_MINUTES = 3 * 8 * 60


def default_consultation_minutes(step: Step) -> int:
    """The step's own consultation time, else ``MOTCUA_CONSULTATION_MINUTES``, else three working days."""
    if step.consultation_minutes:
        return step.consultation_minutes
    return int(getattr(settings, "MOTCUA_CONSULTATION_MINUTES", DEFAULT_CONSULTATION_MINUTES))


def default_due_at(*, step: Step, unit: Unit, at: dt.datetime) -> dt.datetime:
    """The answer's deadline in the consulted unit's working time."""
    return calendar_for(unit.code).add_working(at, default_consultation_minutes(step))


def _attach(
    consultation: Consultation, files: Sequence[File], purpose: FilePurpose, actor: User, at: dt.datetime
) -> list[str]:
    names = []
    for upload in files:
        row = ConsultationFile(consultation=consultation, purpose=purpose, uploaded_at=at, uploaded_by=actor)
        row.file.save(upload.name, upload, save=False)
        row.save(force_insert=True)
        names.append(row.file.name)
    return names


def request_consultations(ctx: ActionContext, data: ConsultPayload) -> Outcome:
    """Send the question (and files) to each chosen unit, each with its own deadline."""
    question = require_text(data.question, "question", _("Cần ghi nội dung xin ý kiến."))
    unit_ids = list(dict.fromkeys(data.unit_ids))
    if not unit_ids:
        raise ValidationError({"unit_ids": _("Cần chọn ít nhất một cơ quan được lấy ý kiến.")})
    units = list(Unit.objects.active_on(timezone.localdate(ctx.at)).filter(pk__in=unit_ids).order_by("code"))
    if len(units) != len(unit_ids):
        raise ValidationError({"unit_ids": _("Có cơ quan được chọn không tồn tại hoặc đã hết hiệu lực.")})
    if ctx.unit.pk in unit_ids:
        raise ValidationError({"unit_ids": _("Không gửi lấy ý kiến chính đơn vị đang xử lý hồ sơ.")})
    if data.due_at is not None and data.due_at <= ctx.at:
        raise ValidationError({"due_at": _("Hạn trả lời phải sau thời điểm gửi.")})
    step = ctx.dossier.current_step
    sent = []
    for unit in units:
        consultation = Consultation.objects.create(
            dossier=ctx.dossier,
            step=step,
            requesting_unit=ctx.unit,
            requested_by=ctx.actor,
            unit=unit,
            question=question,
            mandatory=data.mandatory,
            requested_at=ctx.at,
            due_at=data.due_at or default_due_at(step=step, unit=unit, at=ctx.at),
        )
        files = _attach(consultation, data.files, FilePurpose.QUESTION, ctx.actor, ctx.at)
        announce_request(consultation)
        sent.append({"id": consultation.pk, "unit": unit.code, "due_at": iso(consultation.due_at), "files": files})
    return Outcome(
        EventAction.CONSULTATION_REQUESTED,
        reason=question,
        payload={"step": step.code, "mandatory": data.mandatory, "consultations": sent},
    )


def _answering_role_or_refuse(actor: User, consultation: Consultation, at: dt.datetime) -> str:
    role = answering_role(actor, consultation.unit_id, timezone.localdate(at))
    if role is None:
        raise ActionNotAllowed(
            _("Chỉ đầu mối, chuyên viên hoặc lãnh đạo của %(unit)s được trả lời xin ý kiến này.")
            % {"unit": consultation.unit.name},
            code="action_not_allowed",
        )
    return role


def _locked_open(consultation_id: int) -> Consultation:
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation_id)
    if not consultation.is_open:
        raise ValidationError(_("Xin ý kiến này đã được trả lời."), code="consultation_closed")
    return consultation


def answer_consultation(
    *, consultation: Consultation, actor: User, answer: str, files: Sequence[File] = (), at: dt.datetime | None = None
) -> Consultation:
    """The consulted unit answers; the answer is judged early / on time / late against the deadline in force."""
    at = at or timezone.now()
    role = _answering_role_or_refuse(actor, consultation, at)
    text = require_text(answer, "answer", _("Cần ghi ý kiến trả lời."))

    def apply(dossier: Dossier) -> dict:
        locked = _locked_open(consultation.pk)
        locked.status = ConsultationStatus.ANSWERED
        locked.answer = text
        locked.answered_at = at
        locked.answered_by = actor
        locked.timeliness = judge(at, locked.due_at)
        locked.save(update_fields=["status", "answer", "answered_at", "answered_by", "timeliness"])
        names = _attach(locked, files, FilePurpose.ANSWER, actor, at)
        announce_answer(locked)
        return {
            "consultation": locked.pk,
            "unit": locked.unit.code,
            "due_at": iso(locked.due_at),
            "timeliness": locked.timeliness,
            "files": names,
        }

    record_event(
        dossier=consultation.dossier.code,
        action=EventAction.CONSULTATION_ANSWERED,
        actor=actor,
        role=role,
        unit=consultation.unit,
        at=at,
        apply=apply,
        reason=text,
    )
    return Consultation.objects.get(pk=consultation.pk)


def request_extension(
    *,
    consultation: Consultation,
    actor: User,
    reason: str,
    proposed_due_at: dt.datetime,
    at: dt.datetime | None = None,
) -> ConsultationExtension:
    """The consulted unit asks for more time, with a reason; the requester decides (one pending request at a time)."""
    at = at or timezone.now()
    role = _answering_role_or_refuse(actor, consultation, at)
    text = require_text(reason, "reason", _("Cần ghi lý do xin gia hạn."))
    created: list[ConsultationExtension] = []

    def apply(dossier: Dossier) -> dict:
        locked = _locked_open(consultation.pk)
        if proposed_due_at <= locked.due_at:
            raise ValidationError({"proposed_due_at": _("Hạn đề nghị phải sau hạn trả lời hiện tại.")})
        if locked.extensions.filter(state=ExtensionState.PENDING).exists():
            raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ xem xét."), code="extension_pending")
        extension = ConsultationExtension.objects.create(
            consultation=locked,
            reason=text,
            old_due_at=locked.due_at,
            proposed_due_at=proposed_due_at,
            requested_at=at,
            requested_by=actor,
        )
        created.append(extension)
        announce_extension(extension)
        return {
            "consultation": locked.pk,
            "extension": extension.pk,
            "unit": locked.unit.code,
            "old_due_at": iso(locked.due_at),
            "proposed_due_at": iso(proposed_due_at),
        }

    record_event(
        dossier=consultation.dossier.code,
        action=EventAction.CONSULTATION_EXTENSION_REQUESTED,
        actor=actor,
        role=role,
        unit=consultation.unit,
        at=at,
        apply=apply,
        reason=text,
    )
    return created[0]


def has_pending_extension(dossier: Dossier) -> bool:
    return ConsultationExtension.objects.filter(
        consultation__dossier=dossier, consultation__status=ConsultationStatus.OPEN, state=ExtensionState.PENDING
    ).exists()


def decide_extension(ctx: ActionContext, data: DecideExtensionPayload) -> Outcome:
    """Accept (the deadline moves and the sweep may remind again) or refuse (with a reason) a request for time."""
    extension = (
        ConsultationExtension.objects.select_for_update()
        .select_related("consultation__unit")
        .filter(pk=data.extension_id, consultation__dossier=ctx.dossier)
        .first()
    )
    if extension is None or extension.state != ExtensionState.PENDING:
        raise ValidationError({"extension_id": _("Không có đề nghị gia hạn này đang chờ xem xét.")})
    consultation = extension.consultation
    if not consultation.is_open:
        raise ValidationError(_("Xin ý kiến này đã được trả lời."), code="consultation_closed")
    note = data.note.strip()
    if not data.accept and not note:
        raise ValidationError({"note": _("Cần ghi lý do không đồng ý gia hạn.")})
    extension.state = ExtensionState.ACCEPTED if data.accept else ExtensionState.REFUSED
    extension.decided_at = ctx.at
    extension.decided_by = ctx.actor
    extension.decision_note = note
    extension.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    if data.accept:
        consultation.due_at = extension.proposed_due_at
        consultation.reminded_at = None
        consultation.alerted_at = None
        consultation.save(update_fields=["due_at", "reminded_at", "alerted_at"])
    return Outcome(
        EventAction.CONSULTATION_EXTENSION_DECIDED,
        reason=note,
        payload={
            "consultation": consultation.pk,
            "extension": extension.pk,
            "unit": consultation.unit.code,
            "accepted": data.accept,
            "due_at": iso(consultation.due_at),
        },
    )


def blocking_consultations(dossier: Dossier | OuterRef) -> QuerySet[Consultation]:
    """Mandatory consultations still unanswered and not waived: they keep the step from being completed."""
    return Consultation.objects.filter(
        dossier=dossier, status=ConsultationStatus.OPEN, mandatory=True, waived_at__isnull=True
    )


def has_blocking_consultation(dossier: Dossier) -> bool:
    return blocking_consultations(dossier).exists()


def waive_consultations(ctx: ActionContext, data: WaiveConsultationPayload) -> Outcome:
    """A leader lets the step go on without the missing answers; the consultations stay open to be answered."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do cho chuyển bước khi chưa có ý kiến."))
    waived = list(blocking_consultations(ctx.dossier).select_for_update().select_related("unit"))
    if not waived:
        raise ValidationError(_("Không có xin ý kiến bắt buộc nào đang chờ trả lời."), code="nothing_to_waive")
    Consultation.objects.filter(pk__in=[c.pk for c in waived]).update(
        waived_at=ctx.at, waived_by=ctx.actor, waiver_reason=reason
    )
    return Outcome(
        EventAction.CONSULTATION_WAIVED,
        reason=reason,
        payload={"consultations": [{"id": c.pk, "unit": c.unit.code} for c in waived]},
    )
