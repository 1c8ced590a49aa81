"""Reading for the portal: the catalog as citizens search it, where each procedure is filed, "Hồ sơ của tôi" and the
desk's online queues.

Where to file is read from the data that already decides it: the desks (units where someone holds the reception
step's role today) — the reception step's fixed unit if the process names one, the desks at the procedure's level
otherwise, and every desk of the province for a boundary-free procedure (Decree 118 Art. 14). A competence table per
procedure would replace this when the province publishes one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from motcua.catalog.models import ProcedureVersion, ProcessStatus, Step, UnitSelector, VersionStatus
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, EventAction, Result
from motcua.organization.access import units_where
from motcua.organization.models import Membership, Role, Unit, User
from motcua.portal.models import Citizen, OnlineSubmission, OnlineSupplement, SubmissionStatus, SupplementState


def versions_in_force(day: dt.date) -> QuerySet[ProcedureVersion]:
    """The published text of each procedure valid on ``day``: what the public catalog lists."""
    return (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("procedure__sector")
    )


def search_catalog(
    *, text: str = "", sector_id: int | None = None, level: str = "", online_only: bool = False, day: dt.date
) -> QuerySet[ProcedureVersion]:
    """Versions in force matching the words of ``text`` in the name (or the code), the sector and the level."""
    versions = versions_in_force(day)
    for word in text.split():
        versions = versions.filter(Q(procedure__name__icontains=word) | Q(procedure__code__icontains=word))
    if sector_id:
        versions = versions.filter(procedure__sector_id=sector_id)
    if level:
        versions = versions.filter(procedure__level=level)
    if online_only:
        versions = versions.exclude(online_mode="none")
    return versions.order_by("procedure__name", "procedure__code")


def reception_step(version: ProcedureVersion) -> Step | None:
    """The first step of the version's active process (reception), or None when no process is active."""
    return (
        Step.objects.select_related("unit")
        .filter(process__version=version, process__status=ProcessStatus.ACTIVE)
        .order_by("order")
        .first()
    )


def receiving_units(version: ProcedureVersion, day: dt.date) -> QuerySet[Unit]:
    """The desks that accept ``version`` on ``day`` (see the module docstring); none without an active process."""
    step = reception_step(version)
    if step is None:
        return Unit.objects.none()
    staffed = Membership.objects.active_on(day).filter(role=step.role).values("unit_id")
    desks = Unit.objects.active_on(day).filter(pk__in=staffed).order_by("level", "name")
    if version.boundary_free:
        return desks
    if step.unit_selector == UnitSelector.FIXED:
        return desks.filter(pk=step.unit_id)
    return desks.filter(level=version.procedure.level)


# Events whose reason is written for the applicant (the request, the refusal, the stop, the apology); the reasons of
# other events are staff notes and stay in the workspace.
APPLICANT_REASONS = frozenset(
    {EventAction.SUPPLEMENT_REQUESTED, EventAction.REFUSED, EventAction.STOPPED, EventAction.RESCHEDULED}
)


@dataclass(frozen=True)
class CitizenEvent:
    """One line of the history a citizen sees: when, what, at which unit, the status after, and why if for them."""

    at: dt.datetime
    action: str | Promise
    unit: str
    status: str | Promise
    reason: str


def citizen_history(dossier: Dossier) -> list[CitizenEvent]:
    """The dossier's event chain without staff names, roles or internal notes."""
    return [
        CitizenEvent(
            at=event.at,
            action=EventAction(event.action).label if event.action in EventAction.values else event.action,
            unit=event.unit.name,
            status=DossierStatus(event.to_status).label,
            reason=event.reason if event.action in APPLICANT_REASONS else "",
        )
        for event in DossierEvent.objects.filter(dossier=dossier).select_related("unit").order_by("seq")
    ]


def returned_results(dossier: Dossier) -> QuerySet[Result]:
    """The results a citizen may download: those of a dossier whose result has been returned, cancelled ones too
    (the verification page says they were cancelled)."""
    if dossier.status != DossierStatus.RETURNED:
        return Result.objects.none()
    return Result.objects.filter(dossier=dossier).select_related("dossier").order_by("number")


def citizen_submissions(citizen: Citizen) -> QuerySet[OnlineSubmission]:
    """ "Hồ sơ của tôi": the citizen's submissions with their dossiers, newest first."""
    return (
        OnlineSubmission.objects.filter(citizen=citizen)
        .select_related("procedure_version__procedure", "receiving_unit", "dossier", "dossier__evaluation")
        .order_by("-created_at", "-id")
    )


def online_queue(user: User, *, day: dt.date | None = None) -> QuerySet[OnlineSubmission]:
    """ "Chờ tiếp nhận trực tuyến": submitted to a desk where ``user`` is a desk officer, the most urgent first."""
    desks = units_where(user, Role.DESK_OFFICER, on=day).values("pk")
    return (
        OnlineSubmission.objects.filter(receiving_unit__in=desks, status=SubmissionStatus.SUBMITTED)
        .select_related("procedure_version__procedure", "receiving_unit", "citizen")
        .order_by("desk_due_at", "id")
    )


def pending_supplements(user: User, *, day: dt.date | None = None) -> QuerySet[OnlineSupplement]:
    """Online supplements waiting for a desk officer's confirmation at the user's desks."""
    desks = units_where(user, Role.DESK_OFFICER, on=day).values("pk")
    return (
        OnlineSupplement.objects.filter(dossier__receiving_unit__in=desks, state=SupplementState.PENDING)
        .select_related("dossier__procedure_version__procedure", "dossier__applicant")
        .order_by("uploaded_at", "id")
    )
