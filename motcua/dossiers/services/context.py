"""What every action handler receives and returns, and the step moves they share."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Step, StepKind, Transition, UnitSelector
from motcua.dossiers.models import (
    ClockEffect,
    ClockPause,
    Dossier,
    DossierStatus,
    EventAction,
    PauseKind,
    StepVisit,
)
from motcua.dossiers.services.clock import (
    Calendars,
    compute_due_at,
    judge,
    pauses_of,
    refresh_open_visit_due,
    step_due_at,
)
from motcua.lib.prepared import PreparedQuery
from motcua.organization.models import Membership, Unit, User
from motcua.workcalendar.core import Pause


@dataclasses.dataclass
class ActionContext:
    """A locked dossier, who acts on it in which capacity, when, and the transition the process allows (if any)."""

    dossier: Dossier
    actor: User
    role: str
    unit: Unit
    at: dt.datetime
    transition: Transition | None
    calendars: Calendars = dataclasses.field(default_factory=Calendars)
    _pauses: list[Pause] | None = None

    def pauses(self) -> list[Pause]:
        """The dossier's pauses, read once per action (handlers update this list when they open or close one)."""
        if self._pauses is None:
            self._pauses = pauses_of(self.dossier)
        return self._pauses

    def close_open_pause(self) -> bool:
        """End the open pause (if any) now; True when there was one."""
        pauses = self.pauses()
        closed = ClockPause.objects.filter(dossier=self.dossier, ended_at__isnull=True).update(ended_at=self.at)
        if closed:
            self._pauses = [(start, self.at if end is None else end) for start, end in pauses]
        return bool(closed)

    def pause_clock(self, kind: PauseKind, reason: str, **links: Any) -> ClockEffect:
        """Stop the clock for the applicant (a supplement, a payment) if the version allows pausing.

        While paused there is no appointment and the open step has no due instant; ``links`` names the record that
        caused the pause (its supplementation request).
        """
        if not self.dossier.procedure_version.pausable:
            return ClockEffect.NONE
        ClockPause.objects.create(dossier=self.dossier, kind=kind, started_at=self.at, reason=reason, **links)
        self.pauses().append((self.at, None))
        self.dossier.due_at = None
        self._refresh_open_visit_due()
        return ClockEffect.PAUSED

    def resume_clock(self) -> ClockEffect:
        """End the open pause (if any) and compute the new appointment and the open step's due instant."""
        if not self.close_open_pause():
            return ClockEffect.NONE
        self.dossier.due_at = compute_due_at(self.dossier, self.pauses(), self.calendars)
        self._refresh_open_visit_due()
        return ClockEffect.RESUMED

    def _refresh_open_visit_due(self) -> None:
        visit = self.open_visit()
        refresh_open_visit_due(visit, self.pauses(), self.calendars)
        visit.save(update_fields=["due_at"])

    def open_visit(self) -> StepVisit:
        """The open visit, its step and unit taken from the locked dossier instead of joined again."""
        dossier = self.dossier
        visit = _OPEN_VISIT.get(dossier=dossier.pk)
        if visit.step_id == dossier.current_step_id:
            visit.step = dossier.current_step
        if visit.unit_id == dossier.current_unit_id:
            visit.unit = dossier.current_unit
        return visit


_OPEN_VISIT = PreparedQuery(
    lambda dossier: StepVisit.objects.filter(dossier_id=dossier, left_at__isnull=True),
    dossier=StepVisit._meta.get_field("dossier"),
)


@dataclasses.dataclass
class Outcome:
    """What the handler did, for the event ``perform`` appends."""

    event: EventAction
    reason: str = ""
    clock_effect: ClockEffect = ClockEffect.NONE
    payload: dict[str, Any] = dataclasses.field(default_factory=dict)


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """Instants (in UTC) and dates in event payloads are ISO strings: they hash the same after a database round trip."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return None if value is None else value.isoformat()


def status_for_step(step: Step) -> DossierStatus:
    """The status a dossier has while it stands at ``step`` (not waiting for the applicant)."""
    if step.kind == StepKind.RECEPTION:
        return DossierStatus.RECEIVED
    if step.kind == StepKind.RETURN:
        return DossierStatus.PROCESSED
    return DossierStatus.PROCESSING


def unit_for_step(dossier: Dossier, step: Step) -> Unit:
    """The unit that holds ``dossier`` at ``step``: fixed, the receiving centre, or the competent agency."""
    if step.unit_selector == UnitSelector.FIXED:
        return step.unit
    if step.unit_selector == UnitSelector.RECEIVING_UNIT:
        return dossier.receiving_unit
    return dossier.resolving_unit


def require_text(value: str, field: str, message: Any) -> str:
    """Reasons and notes the law asks for must not be blank."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def check_holder(user_id: int, step: Step, unit: Unit, day: dt.date) -> User:
    """The named receiver of a hand-over must hold the target step's role in its unit."""
    membership = (
        Membership.objects.active_on(day)
        .select_related("user")
        .filter(user_id=user_id, unit=unit, role=step.role)
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise ValidationError(
            {
                "to_user_id": _("Người nhận không giữ vai trò “%(role)s” tại %(unit)s.")
                % {"role": step.get_role_display(), "unit": unit.name}
            }
        )
    return membership.user


def leave_current_step(ctx: ActionContext, *, note: str = "", visit: StepVisit | None = None) -> StepVisit:
    """Close the open visit: given by the actor now, judged against the step's due instant."""
    visit = visit or ctx.open_visit()
    visit.left_at = ctx.at
    visit.left_by = ctx.actor
    visit.note = note
    visit.judgement = judge(ctx.at, visit.due_at)
    visit.save(update_fields=["left_at", "left_by", "note", "judgement"])
    return visit


def enter_step(
    ctx: ActionContext, step: Step, *, holder: User | None = None, paper_handed_over: bool = False
) -> StepVisit:
    """Open a visit at ``step`` in its unit and make it the dossier's current step (the dossier is saved later)."""
    dossier = ctx.dossier
    unit = unit_for_step(dossier, step)
    visit = StepVisit.objects.create(
        dossier=dossier,
        step=step,
        unit=unit,
        holder=holder,
        entered_at=ctx.at,
        due_at=step_due_at(
            step=step, unit_code=unit.code, entered_at=ctx.at, pauses=ctx.pauses(), calendars=ctx.calendars
        ),
        paper_handed_over=paper_handed_over,
    )
    dossier.current_step = step
    dossier.current_unit = unit
    dossier.status = status_for_step(step)
    dossier.finished_at = ctx.at if dossier.status == DossierStatus.PROCESSED else None
    return visit
