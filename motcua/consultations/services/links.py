"""Inter-agency dossiers (liên thông): a child dossier at another agency, its result flowing back to the parent,
and each agency's share of the parent's working time.

The parent's inter-agency step is held by the other agency (a fixed unit), so its desk opens the child through the
ordinary reception (its own procedure version, process, code and clock) and the parent's step waits, its clock
running: the law counts the child's time as the other agency's share of the one-stop time limit (decision 006).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, StepKind
from motcua.consultations.models import DossierLink
from motcua.consultations.services.payloads import OpenInterAgencyPayload
from motcua.dossiers.models import Dossier, EventAction, Result
from motcua.dossiers.services.clock import pauses_of
from motcua.dossiers.services.context import ActionContext, Outcome, iso
from motcua.dossiers.services.payloads import ComponentReceipt
from motcua.dossiers.services.reception import ApplicantData, ReceptionData, receive
from motcua.dossiers.services.records import record_event
from motcua.organization.models import Unit
from motcua.workcalendar.services import calendar_for

APPLICANT_FIELDS = tuple(field.name for field in dataclasses.fields(ApplicantData))


def waiting_at_inter_agency_step(dossier: Dossier) -> bool:
    """Whether the dossier stands at an inter-agency step with no child dossier open yet (the action is offered)."""
    step = dossier.current_step
    return (
        step is not None
        and step.kind == StepKind.INTER_AGENCY
        and not DossierLink.objects.filter(parent=dossier, completed_at__isnull=True).exists()
    )


def open_inter_agency(ctx: ActionContext, data: OpenInterAgencyPayload) -> Outcome:
    """Receive the child dossier at this agency: same applicant, the published papers handed over electronically."""
    parent = ctx.dossier
    step = parent.current_step
    if step is None or step.kind != StepKind.INTER_AGENCY:
        raise ValidationError(_("Chỉ lập hồ sơ liên thông ở bước liên thông của quy trình."), code="not_inter_agency")
    if DossierLink.objects.filter(parent=parent, completed_at__isnull=True).exists():
        raise ValidationError(_("Hồ sơ đang có một hồ sơ liên thông chưa trả kết quả."), code="link_open")
    applicant = ApplicantData(**{name: getattr(parent.applicant, name) for name in APPLICANT_FIELDS})
    required = Component.objects.filter(version_id=data.procedure_version_id, required=True).order_by("order")
    child = receive(
        actor=ctx.actor,
        data=ReceptionData(
            procedure_version_id=data.procedure_version_id,
            receiving_unit_id=ctx.unit.pk,
            applicant=applicant,
            channel=parent.channel,
            components=[ComponentReceipt(component_id=component.pk, digitised=True) for component in required],
            note=str(_("Hồ sơ liên thông của hồ sơ %(code)s.") % {"code": parent.code}),
        ),
        at=ctx.at,
    )
    DossierLink.objects.create(parent=parent, child=child, step=step, created_at=ctx.at)
    return Outcome(
        EventAction.INTER_AGENCY_OPENED,
        reason=data.note,
        payload={
            "child": child.code,
            "unit": ctx.unit.code,
            "procedure_version": data.procedure_version_id,
            "child_due_at": iso(child.due_at),
        },
    )


def report_to_parent(ctx: ActionContext) -> None:
    """When a child dossier's result is returned, the parent records it and its inter-agency step may go on."""
    link = (
        DossierLink.objects.select_for_update()
        .select_related("parent")
        .filter(child=ctx.dossier, completed_at__isnull=True)
        .first()
    )
    if link is None:
        return
    results = [result.code for result in Result.objects.filter(dossier=ctx.dossier).select_related("dossier")]

    def apply(parent: Dossier) -> dict:
        DossierLink.objects.filter(pk=link.pk).update(completed_at=ctx.at)
        return {"child": ctx.dossier.code, "unit": ctx.unit.code, "results": results}

    record_event(
        dossier=link.parent.code,
        action=EventAction.INTER_AGENCY_RETURNED,
        actor=ctx.actor,
        role=ctx.role,
        unit=ctx.unit,
        at=ctx.at,
        apply=apply,
    )


@dataclasses.dataclass(frozen=True)
class AgencyShare:
    """Working minutes one unit held the dossier (its inter-agency children included) against its allotment."""

    unit: Unit
    minutes: int
    allotted_minutes: int

    @property
    def over_minutes(self) -> int:
        return max(0, self.minutes - self.allotted_minutes)


def _collect(
    dossier: Dossier,
    now: dt.datetime,
    minutes: dict[int, int],
    allotted: dict[int, int],
    units: dict[int, Unit],
    *,
    count_allotment: bool,
) -> None:
    """Add each visit's working time to its unit; a visit that waited on a child gives the child's span to the
    child's own visits (its agency), keeping only the rest."""
    pauses = pauses_of(dossier)
    links = list(DossierLink.objects.filter(parent=dossier).select_related("child"))
    for visit in dossier.visits.select_related("step", "unit").order_by("entered_at", "id"):
        end = visit.left_at or dossier.finished_at or now
        calendar = calendar_for(visit.unit.code)
        spent = calendar.working_minutes_between(visit.entered_at, end, pauses)
        units[visit.unit_id] = visit.unit
        if count_allotment:
            allotted[visit.unit_id] += visit.step.allotted_minutes
        for link in links:
            if link.step_id != visit.step_id or not visit.entered_at <= link.created_at <= end:
                continue
            child_end = min(link.completed_at or now, end)
            spent -= calendar.working_minutes_between(link.child.received_at, child_end, pauses)
            _collect(link.child, now, minutes, allotted, units, count_allotment=False)
        minutes[visit.unit_id] += max(0, spent)


def agency_shares(dossier: Dossier, *, now: dt.datetime | None = None) -> list[AgencyShare]:
    """Each unit's share of the dossier's working time, from the step visits of the dossier and of its children.

    Allotments are the parent's step allotments only: the inter-agency step's allotment is the other agency's
    share of the one legal time limit, whatever the child's own process allots internally.
    """
    now = now or timezone.now()
    minutes: dict[int, int] = defaultdict(int)
    allotted: dict[int, int] = defaultdict(int)
    units: dict[int, Unit] = {}
    _collect(dossier, now, minutes, allotted, units, count_allotment=True)
    return [
        AgencyShare(unit=units[pk], minutes=minutes[pk], allotted_minutes=allotted[pk])
        for pk in sorted(units, key=lambda pk: units[pk].code)
    ]
