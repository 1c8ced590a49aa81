"""Endings other than the return of a result: processing stopped, and withdrawal at the applicant's request.

Both close the open step visit and any open pause (the clock stops; the appointment is recomputed from the closed
records so it still equals a fresh computation), and keep every record: nothing is deleted.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import ClockEffect, Dossier, DossierStatus, EventAction
from motcua.dossiers.rulesets import rules_for
from motcua.dossiers.services.clock import compute_due_at
from motcua.dossiers.services.context import ActionContext, Outcome, iso, leave_current_step, require_text
from motcua.dossiers.services.payloads import StopPayload, WithdrawPayload


def _close(ctx: ActionContext, status: DossierStatus, note: str) -> dict:
    dossier = ctx.dossier
    left = leave_current_step(ctx, note=note)
    if ctx.close_open_pause():
        dossier.due_at = compute_due_at(dossier, ctx.pauses(), ctx.calendars)
    dossier.status = status
    dossier.finished_at = ctx.at
    dossier.current_step = None
    dossier.current_unit = None
    return {"from_step": left.step.code, "due_at": iso(dossier.due_at)}


def stop_is_an_ending(dossier: Dossier) -> bool:
    """Whether the rules the dossier was received under know "processing stopped" (Decree 118 onwards)."""
    return rules_for(timezone.localdate(dossier.received_at)).decree.processing_stop_is_an_ending


def stop(ctx: ActionContext, data: StopPayload) -> Outcome:
    """Processing stopped (dừng giải quyết, Decree 118): a terminal state with the notice of form 05."""
    rules = rules_for(timezone.localdate(ctx.dossier.received_at))
    if not stop_is_an_ending(ctx.dossier):
        raise ActionNotAllowed(
            _(
                "Hồ sơ tiếp nhận theo %(decree)s không có thủ tục dừng giải quyết; hãy dùng rút hồ sơ hoặc từ "
                "chối giải quyết."
            ),
            code="stop_not_in_rule_set",
            params={"decree": rules.decree.decree.label},
        )
    reason = require_text(data.reason, "reason", _("Cần ghi lý do dừng giải quyết hồ sơ."))
    answers = require_text(
        data.answers_request, "answers_request", _("Cần ghi văn bản, yêu cầu mà việc dừng giải quyết trả lời.")
    )
    payload = _close(ctx, DossierStatus.STOPPED, reason)
    payload |= {
        "answers_request": answers,
        "legal_grounds": data.legal_grounds,
        "notice_form": rules.form_set.forms.get("stop_notice"),
    }
    return Outcome(EventAction.STOPPED, reason=reason, clock_effect=ClockEffect.STOPPED, payload=payload)


def withdraw(ctx: ActionContext, data: WithdrawPayload) -> Outcome:
    """The applicant asked to withdraw the dossier: it ends here, with the request's date and reason."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do rút hồ sơ của người nộp."))
    payload = _close(ctx, DossierStatus.WITHDRAWN, reason)
    payload["requested_on"] = iso(data.requested_on or timezone.localdate(ctx.at))
    return Outcome(EventAction.WITHDRAWN, reason=reason, clock_effect=ClockEffect.STOPPED, payload=payload)
