"""The apology letter and the new appointment (form 04; domain.md §3.6, decision 005).

A handler drafts the letter (``reschedule``: the reason and either the new return date or an extension in working
time); a leader of the responsible agency approves it (``approve_reschedule``), which issues it: the appointment
moves, the applicant is written to (e-mail, SMS; form 04 prints from the record) and the desk is told. Or the leader
sends the draft back (``reject_reschedule``) and a new one can be drafted.

The law asks for the letter at least one working day before the deadline and allows one new appointment only
(Decree 61: "không quá một lần"). A later letter is refused unless the officer states it is late: every late
dossier still owes the applicant an apology, so it is recorded, flagged ``late``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import StepKind
from motcua.documents.printing import format_date, format_instant
from motcua.dossiers.models import (
    ApologyResponsibility,
    AppointmentChange,
    AppointmentChangeState,
    ClockEffect,
    Dossier,
    EventAction,
    StepVisit,
)
from motcua.dossiers.services.alerts import desk_officers_of, dossier_url
from motcua.dossiers.services.clock import compute_due_at
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text
from motcua.dossiers.services.overdue import overrun_by_unit
from motcua.dossiers.timeline import remaining_text
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import EMAIL, IN_APP, SMS, Contact, notify
from motcua.organization.models import Membership, Role, Unit
from motcua.workcalendar.core import Pause, WorkingCalendar, parse_duration


@dataclasses.dataclass
class ReschedulePayload:
    """The draft: why, and the new appointment as a working date (``new_due_on``) or an extension (``"2d"``, ``"4h"``).

    ``late`` states that the letter goes out less than one working day before the deadline, knowingly.
    """

    reason: str
    new_due_on: dt.date | None = None
    extension: str = ""
    late: bool = False


@dataclasses.dataclass
class ApproveReschedulePayload:
    note: str = ""
    late: bool = False


@dataclasses.dataclass
class RejectReschedulePayload:
    reason: str


# --- who apologises ---------------------------------------------------------------------------------------------


def responsibility_setting() -> ApologyResponsibility:
    """Setting MOTCUA_APOLOGY_RESPONSIBILITY; the directive's default names the result issuer for multi-agency work."""
    return ApologyResponsibility(
        getattr(settings, "MOTCUA_APOLOGY_RESPONSIBILITY", ApologyResponsibility.RESULT_ISSUER)
    )


def is_multi_agency(dossier: Dossier) -> bool:
    """Whether units other than the resolving agency worked the dossier (reception and return do not count)."""
    units = set(
        StepVisit.objects.filter(dossier=dossier)
        .exclude(step__kind__in=[StepKind.RECEPTION, StepKind.RETURN])
        .values_list("unit_id", flat=True)
    )
    return bool(units - {dossier.resolving_unit_id})


def agency_at_fault(dossier: Dossier, *, now: dt.datetime | None = None) -> Unit:
    """The unit that held the dossier longest beyond its allotment; before anyone overran, the unit holding it."""
    overruns = [row for row in overrun_by_unit(dossier, now=now) if row.overrun_minutes > 0]
    if overruns:
        return max(overruns, key=lambda row: row.overrun_minutes).unit
    return dossier.current_unit or dossier.resolving_unit


def responsible_unit(dossier: Dossier, *, now: dt.datetime | None = None) -> tuple[Unit, ApologyResponsibility]:
    """Who issues the letter (domain.md §3.6), and by which rule."""
    if responsibility_setting() == ApologyResponsibility.RESULT_ISSUER and is_multi_agency(dossier):
        return dossier.resolving_unit, ApologyResponsibility.RESULT_ISSUER
    return agency_at_fault(dossier, now=now), ApologyResponsibility.AGENCY_AT_FAULT


# --- what the actions are offered on ----------------------------------------------------------------------------


def can_reschedule(dossier: Dossier) -> bool:
    """A running clock, never rescheduled, no draft waiting for a leader."""
    return (
        dossier.due_at is not None
        and not AppointmentChange.objects.filter(
            dossier=dossier, state__in=[AppointmentChangeState.DRAFTED, AppointmentChangeState.APPROVED]
        ).exists()
    )


def has_pending_draft(dossier: Dossier) -> bool:
    return AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.DRAFTED).exists()


# --- rules ------------------------------------------------------------------------------------------------------


def _field_error(field: str, message: object, code: str) -> ValidationError:
    """A refusal shown on the form field it concerns, keeping its code for the API and the tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def _refuse_second(dossier: Dossier) -> None:
    issued = AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.APPROVED).first()
    if issued is not None:
        raise ValidationError(
            _(
                "Hồ sơ đã được hẹn lại ngày trả kết quả một lần (văn bản phát hành %(at)s); theo quy định, việc "
                "hẹn lại ngày trả kết quả chỉ được thực hiện không quá một lần."
            ),
            code="rescheduled_once",
            params={"at": format_instant(issued.letter_issued_at)},
        )


def _current_due(dossier: Dossier) -> dt.datetime:
    if dossier.due_at is None:
        raise ValidationError(
            _("Hồ sơ đang tạm dừng tính thời gian hoặc không có thời hạn giải quyết nên chưa thể hẹn lại ngày trả."),
            code="no_running_clock",
        )
    return dossier.due_at


def check_notice(calendar: WorkingCalendar, at: dt.datetime, due: dt.datetime, late_acknowledged: bool) -> bool:
    """Whether the letter is late (less than one working day before ``due``); refused then unless acknowledged."""
    remaining = calendar.working_minutes_between(at, due)
    late = remaining < calendar.day_minutes
    if late and not late_acknowledged:
        raise _field_error(
            "late",
            _(
                "Văn bản xin lỗi, hẹn lại phải gửi chậm nhất một ngày làm việc trước hạn trả kết quả "
                "(%(due)s); hiện tại: %(left)s. Nếu vẫn gửi, hãy đánh dấu “Gửi muộn” để văn bản được ghi "
                "nhận là gửi muộn."
            )
            % {"due": format_instant(due), "left": remaining_text(remaining, calendar.day_minutes)},
            "apology_too_late",
        )
    return late


def new_appointment(
    calendar: WorkingCalendar, *, old: dt.datetime, at: dt.datetime, data: ReschedulePayload, pauses: list[Pause]
) -> tuple[dt.datetime, int]:
    """The new appointment and the working minutes it adds, from a working date or a working-time extension."""
    extension = (data.extension or "").strip()
    if (data.new_due_on is None) == (not extension):
        raise _field_error(
            "new_due_on",
            _("Nhập ngày hẹn trả mới hoặc thời gian gia hạn (chỉ một trong hai)."),
            "one_of_date_or_extension",
        )
    if data.new_due_on is not None:
        if not calendar.is_working_day(data.new_due_on):
            raise _field_error(
                "new_due_on",
                _("Ngày %(day)s không phải ngày làm việc; hãy hẹn vào một ngày làm việc.")
                % {"day": format_date(data.new_due_on)},
                "not_a_working_day",
            )
        new = calendar.end_of_working_day(data.new_due_on)
    else:
        try:
            minutes = parse_duration(extension, calendar.day_minutes)
        except ValueError as error:
            raise _field_error("extension", str(error), "invalid_extension") from error
        new = calendar.add_working(old, minutes, pauses)
    if new <= old or new <= at:
        raise _field_error(
            "new_due_on",
            _("Ngày hẹn trả mới phải sau ngày hẹn cũ (%(old)s) và sau thời điểm hiện tại.")
            % {"old": format_instant(old)},
            "not_after_old_appointment",
        )
    return new, calendar.working_minutes_between(old, new, pauses)


def _pending(dossier: Dossier) -> AppointmentChange:
    draft = (
        AppointmentChange.objects.select_related("responsible_unit")
        .filter(dossier=dossier, state=AppointmentChangeState.DRAFTED)
        .first()
    )
    if draft is None:
        raise ValidationError(_("Không có dự thảo văn bản xin lỗi nào đang chờ duyệt."), code="no_pending_draft")
    return draft


def _check_signer(ctx: ActionContext, draft: AppointmentChange) -> None:
    """The head of the responsible agency signs; an agency no longer touching the dossier signs through the
    resolving agency's leader (its own leaders can no longer reach the dossier)."""
    dossier = ctx.dossier
    reachable = {dossier.current_unit_id, dossier.resolving_unit_id}
    unit = draft.responsible_unit if draft.responsible_unit_id in reachable else dossier.resolving_unit
    signs = (
        Membership.objects.active_on(timezone.localdate(ctx.at))
        .filter(user=ctx.actor, unit=unit, role=Role.UNIT_LEADER)
        .exists()
    )
    if not signs:
        raise ValidationError(
            _("Văn bản xin lỗi, hẹn lại phải do lãnh đạo %(unit)s duyệt.") % {"unit": unit.name}, code="wrong_signer"
        )


def _change_payload(change: AppointmentChange) -> dict:
    return {
        "change": change.pk,
        "old_due_at": iso(change.old_due_at),
        "new_due_at": iso(change.new_due_at),
        "extension_minutes": change.extension_minutes,
        "responsible_unit": change.responsible_unit.code,
        "responsibility": change.responsibility,
        "late": change.late,
    }


# --- the actions ------------------------------------------------------------------------------------------------


def reschedule(ctx: ActionContext, data: ReschedulePayload) -> Outcome:
    """Draft the apology letter with the new appointment (Dự thảo xin lỗi, hẹn lại) for a leader to approve."""
    dossier = ctx.dossier
    _refuse_second(dossier)
    if has_pending_draft(dossier):
        raise ValidationError(_("Đã có dự thảo văn bản xin lỗi đang chờ lãnh đạo duyệt."), code="draft_pending")
    reason = require_text(data.reason, "reason", _("Cần ghi lý do chậm trễ."))
    old = _current_due(dossier)
    calendar = ctx.calendars.of(dossier.resolving_unit.code)
    new, minutes = new_appointment(calendar, old=old, at=ctx.at, data=data, pauses=ctx.pauses())
    late = check_notice(calendar, ctx.at, old, data.late)
    unit, rule = responsible_unit(dossier, now=ctx.at)
    change = AppointmentChange.objects.create(
        dossier=dossier,
        state=AppointmentChangeState.DRAFTED,
        old_due_at=old,
        new_due_at=new,
        extension_minutes=minutes,
        reason=reason,
        responsible_unit=unit,
        responsibility=rule,
        drafted_by=ctx.actor,
        drafted_at=ctx.at,
        late=late,
    )
    return Outcome(EventAction.APOLOGY_DRAFTED, reason=reason, payload=_change_payload(change))


def _tell(dossier: Dossier, change: AppointmentChange, day: dt.date) -> None:
    """The letter to the applicant (e-mail, SMS) and word to the desk, which prints form 04 and hands it over."""
    params = {
        "code": dossier.code,
        "agency": change.responsible_unit.name,
        "old": format_instant(change.old_due_at),
        "new": format_instant(change.new_due_at),
        "reason": change.reason,
    }
    notify(
        to_contacts=[Contact.of_applicant(dossier.applicant)],
        kind=NotificationKind.APOLOGY_LETTER,
        subject=_("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s") % params,
        body=_(
            "%(agency)s xin lỗi Ông/Bà/Tổ chức vì hồ sơ %(code)s chưa được giải quyết đúng hạn (hẹn trả %(old)s). "
            "Lý do: %(reason)s. Thời gian hẹn trả kết quả mới: %(new)s."
        )
        % params,
        dossier=dossier,
        channels=(EMAIL, SMS),
        dedupe_key=f"apology:{dossier.code}",
    )
    notify(
        recipients=desk_officers_of(dossier.receiving_unit_id, day),
        kind=NotificationKind.APOLOGY_LETTER,
        subject=_("Hồ sơ %(code)s được hẹn lại ngày trả kết quả") % params,
        body=_(
            "%(agency)s đã phát hành văn bản xin lỗi, hẹn lại ngày trả kết quả hồ sơ %(code)s: từ %(old)s sang "
            "%(new)s. Lý do: %(reason)s. In mẫu 04 từ trang hồ sơ để giao người nộp khi cần."
        )
        % params,
        dossier=dossier,
        url=dossier_url(dossier),
        channels=(IN_APP,),
        dedupe_key=f"apology-desk:{dossier.code}",
    )


def approve_reschedule(ctx: ActionContext, data: ApproveReschedulePayload) -> Outcome:
    """Issue the letter: the appointment moves by the drafted working time, the applicant and the desk are told."""
    dossier = ctx.dossier
    _refuse_second(dossier)
    change = _pending(dossier)
    _check_signer(ctx, change)
    old = _current_due(dossier)
    calendar = ctx.calendars.of(dossier.resolving_unit.code)
    late = check_notice(calendar, ctx.at, old, change.late or data.late)
    dossier.extended_minutes = change.extension_minutes
    dossier.due_at = compute_due_at(dossier, ctx.pauses(), ctx.calendars)
    if dossier.due_at is None or dossier.due_at <= ctx.at:
        raise ValidationError(
            _("Ngày hẹn trả mới trong dự thảo đã qua; hãy trả lại dự thảo để lập lại."), code="draft_outdated"
        )
    change.state = AppointmentChangeState.APPROVED
    change.old_due_at = old
    change.new_due_at = dossier.due_at
    change.decided_by = ctx.actor
    change.decided_at = ctx.at
    change.letter_issued_at = ctx.at
    change.late = late
    change.save()
    dossier.due_soon_warned_at = None
    dossier.overdue_alerted_at = None
    _tell(dossier, change, timezone.localdate(ctx.at))
    return Outcome(
        EventAction.RESCHEDULED,
        reason=data.note or change.reason,
        clock_effect=ClockEffect.EXTENDED,
        payload=_change_payload(change),
    )


def reject_reschedule(ctx: ActionContext, data: RejectReschedulePayload) -> Outcome:
    """Send the draft back with the reason; the handler may draft again."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do không duyệt dự thảo."))
    change = _pending(ctx.dossier)
    _check_signer(ctx, change)
    change.state = AppointmentChangeState.REJECTED
    change.decided_by = ctx.actor
    change.decided_at = ctx.at
    change.rejection_reason = reason
    change.save(update_fields=["state", "decided_by", "decided_at", "rejection_reason"])
    return Outcome(EventAction.APOLOGY_REJECTED, reason=reason, payload={"change": change.pk})
