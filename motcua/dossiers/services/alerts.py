"""Who is told about a dossier: the people behind each alert of the overdue sweep, the apology letter and SOS.

Recipients are found from today's role memberships (a person who moved on is not told), never from names stored
on the dossier, so a staff change never sends an alert to the wrong desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from motcua.dossiers.models import Dossier, StepVisit
from motcua.organization.models import Membership, Role, User


def _holders(day: dt.date, **filters: object) -> list[User]:
    members = Membership.objects.active_on(day).filter(**filters).values("user_id")
    return list(User.objects.filter(pk__in=members, is_active=True).order_by("username"))


def leaders_of(unit_ids: Iterable[int], day: dt.date) -> list[User]:
    """The unit leaders of these units on ``day``."""
    return _holders(day, unit_id__in=list(unit_ids), role=Role.UNIT_LEADER)


def desk_officers_of(unit_id: int, day: dt.date) -> list[User]:
    """The one-stop desk officers of a unit on ``day`` (they hand printed letters to applicants)."""
    return _holders(day, unit_id=unit_id, role=Role.DESK_OFFICER)


def provincial_monitors(day: dt.date) -> list[User]:
    """The provincial TTHC-control monitors on ``day`` (domain.md §8: told of every SOS at once)."""
    return _holders(day, role=Role.PROVINCIAL_MONITOR)


def visit_handlers(visit: StepVisit, day: dt.date) -> list[User]:
    """Who works the visit: its named holder, else everyone holding the step's role in the visit's unit."""
    if visit.holder_id is not None:
        return [visit.holder]
    return _holders(day, unit_id=visit.unit_id, role=visit.step.role)


def merge(*groups: Iterable[User]) -> list[User]:
    """Recipients of several groups, each person once, in first-seen order."""
    seen: dict[int, User] = {}
    for group in groups:
        for user in group:
            seen.setdefault(user.pk, user)
    return list(seen.values())


def dossier_url(dossier: Dossier) -> str:
    """The dossier page, as the link of an in-app notification."""
    return reverse("dossiers:detail", kwargs={"code": dossier.code})
