"""Complaints and petitions (phản ánh, kiến nghị — PAKN) and the deadlines of their handling (domain.md §7).

From receipt, in working days of the addressed unit's calendar: reject within 2, ask for more information within 5,
answer within 15; from the answer: publish it within 2. Each deadline is stored when its clock starts, and each
step records whether it was late, so the staff list and the index (PAKN answered on time) read columns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.notifications.models import NotificationKind
from motcua.organization.access import roles_of
from motcua.organization.models import Role, Unit, User
from motcua.portal.models import Citizen, Feedback, FeedbackKind, FeedbackState, FeedbackStep, FeedbackStepKind
from motcua.portal.services.messaging import tell
from motcua.workcalendar.services import calendar_for

REJECT_DAYS = 2
REQUEST_MORE_DAYS = 5
ANSWER_DAYS = 15
PUBLISH_DAYS = 2
# Roles that handle the PAKN addressed to their unit.
HANDLER_ROLES = frozenset({Role.DESK_OFFICER, Role.UNIT_LEADER, Role.SPECIALIST})


def _after(unit: Unit, start: dt.datetime, days: int) -> dt.datetime:
    calendar = calendar_for(unit.code)
    return calendar.add_working(start, days * calendar.day_minutes)


@dataclasses.dataclass
class FeedbackData:
    unit_id: int
    kind: str
    sender_name: str
    sender_contact: str
    subject: str
    content: str
    dossier_code: str = ""


def submit_feedback(*, data: FeedbackData, citizen: Citizen | None = None, at: dt.datetime | None = None) -> Feedback:
    """Receive a PAKN and start its clocks."""
    at = at or timezone.now()
    if data.kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Hãy chọn phản ánh hoặc kiến nghị.")})
    for field, message in (
        ("sender_name", _("Cần ghi họ và tên người gửi.")),
        ("sender_contact", _("Cần ghi thư điện tử hoặc số điện thoại để nhận trả lời.")),
        ("subject", _("Cần ghi tiêu đề.")),
        ("content", _("Cần ghi nội dung phản ánh, kiến nghị.")),
    ):
        if not getattr(data, field).strip():
            raise ValidationError({field: message})
    unit = Unit.objects.active_on(timezone.localdate(at)).filter(pk=data.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Cơ quan tiếp nhận không hợp lệ.")})
    dossier = None
    if data.dossier_code.strip():
        dossier = Dossier.objects.filter(code=data.dossier_code.strip().upper()).first()
        if dossier is None:
            raise ValidationError({"dossier_code": _("Không có hồ sơ mang mã này.")})
    with transaction.atomic():
        feedback = Feedback.objects.create(
            kind=data.kind,
            unit=unit,
            dossier=dossier,
            citizen=citizen,
            sender_name=data.sender_name.strip(),
            sender_contact=data.sender_contact.strip(),
            subject=data.subject.strip(),
            content=data.content.strip(),
            state=FeedbackState.RECEIVED,
            received_at=at,
            reject_by=_after(unit, at, REJECT_DAYS),
            request_more_by=_after(unit, at, REQUEST_MORE_DAYS),
            answer_by=_after(unit, at, ANSWER_DAYS),
        )
        FeedbackStep.objects.create(feedback=feedback, kind=FeedbackStepKind.RECEIVED, at=at)
    return feedback


def _tell_sender(feedback: Feedback, subject: object, body: str) -> None:
    tell(
        user=feedback.citizen.user if feedback.citizen else None,
        contact=feedback.sender_contact,
        kind=NotificationKind.OTHER,
        subject=str(subject),
        body=body,
    )


def may_handle(user: User, feedback: Feedback) -> bool:
    return any(unit_id == feedback.unit_id and role in HANDLER_ROLES for unit_id, role in roles_of(user))


def _step(
    *,
    actor: User,
    feedback: Feedback,
    kind: FeedbackStepKind,
    due_field: str,
    note: str,
    states: tuple[FeedbackState, ...],
    at: dt.datetime,
) -> Feedback:
    if not may_handle(actor, feedback):
        raise ValidationError(_("Bạn không xử lý phản ánh, kiến nghị của đơn vị này."), code="not_allowed")
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.state not in states:
        raise ValidationError(
            _("Không thực hiện được bước này khi phản ánh, kiến nghị đang “%(state)s”.")
            % {"state": locked.get_state_display()},
            code="wrong_state",
        )
    due_at = getattr(locked, due_field)
    FeedbackStep.objects.create(
        feedback=locked,
        kind=kind,
        actor=actor,
        at=at,
        due_at=due_at,
        late=due_at is not None and at > due_at,
        note=note,
    )
    return locked


def _text(value: str, field: str, message: object) -> str:
    if not value.strip():
        raise ValidationError({field: message})
    return value.strip()


def reject_feedback(*, actor: User, feedback: Feedback, reason: str, at: dt.datetime | None = None) -> Feedback:
    """Refuse to handle it (out of scope, anonymous abuse…), with the reason, within 2 working days."""
    at = at or timezone.now()
    reason = _text(reason, "reason", _("Cần ghi lý do từ chối."))
    with transaction.atomic():
        locked = _step(
            actor=actor,
            feedback=feedback,
            kind=FeedbackStepKind.REJECTED,
            due_field="reject_by",
            note=reason,
            states=(FeedbackState.RECEIVED,),
            at=at,
        )
        locked.state = FeedbackState.REJECTED
        locked.closed_at = at
        locked.save()
    _tell_sender(locked, _("Phản ánh, kiến nghị %(n)s") % {"n": locked.number}, reason)
    return locked


def request_more(*, actor: User, feedback: Feedback, question: str, at: dt.datetime | None = None) -> Feedback:
    """Ask the sender for what is missing, within 5 working days of receipt."""
    at = at or timezone.now()
    question = _text(question, "question", _("Cần ghi thông tin đề nghị bổ sung."))
    with transaction.atomic():
        locked = _step(
            actor=actor,
            feedback=feedback,
            kind=FeedbackStepKind.MORE_REQUESTED,
            due_field="request_more_by",
            note=question,
            states=(FeedbackState.RECEIVED,),
            at=at,
        )
        locked.state = FeedbackState.MORE_REQUESTED
        locked.save()
    _tell_sender(locked, _("Phản ánh, kiến nghị %(n)s") % {"n": locked.number}, question)
    return locked


def record_more_information(*, feedback: Feedback, text: str, at: dt.datetime | None = None) -> Feedback:
    """The sender's added information (taken by the unit from their reply) puts the PAKN back in handling."""
    at = at or timezone.now()
    text = _text(text, "text", _("Cần ghi thông tin bổ sung."))
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.state != FeedbackState.MORE_REQUESTED:
            raise ValidationError(_("Phản ánh, kiến nghị này không chờ bổ sung thông tin."), code="wrong_state")
        FeedbackStep.objects.create(feedback=locked, kind=FeedbackStepKind.MORE_PROVIDED, at=at, note=text)
        locked.state = FeedbackState.RECEIVED
        locked.save()
    return locked


def answer_feedback(*, actor: User, feedback: Feedback, answer: str, at: dt.datetime | None = None) -> Feedback:
    """Answer within 15 working days of receipt; the 2-day clock to publish the answer starts."""
    at = at or timezone.now()
    answer = _text(answer, "answer", _("Cần ghi nội dung trả lời."))
    with transaction.atomic():
        locked = _step(
            actor=actor,
            feedback=feedback,
            kind=FeedbackStepKind.ANSWERED,
            due_field="answer_by",
            note=answer,
            states=(FeedbackState.RECEIVED, FeedbackState.MORE_REQUESTED),
            at=at,
        )
        locked.state = FeedbackState.ANSWERED
        locked.answer = answer
        locked.answered_at = at
        locked.publish_by = _after(locked.unit, at, PUBLISH_DAYS)
        locked.save()
    _tell_sender(locked, _("Trả lời phản ánh, kiến nghị %(n)s") % {"n": locked.number}, answer)
    return locked


def publish_answer(*, actor: User, feedback: Feedback, at: dt.datetime | None = None) -> Feedback:
    """Publish the answer on the portal, within 2 working days of answering."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _step(
            actor=actor,
            feedback=feedback,
            kind=FeedbackStepKind.PUBLISHED,
            due_field="publish_by",
            note="",
            states=(FeedbackState.ANSWERED,),
            at=at,
        )
        locked.state = FeedbackState.PUBLISHED
        locked.published_at = at
        locked.closed_at = at
        locked.save()
    return locked
