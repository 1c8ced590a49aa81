"""Who holds which role where: the questions every other app's access checks start from.

Roles are membership rows dated like the units, so every answer is "on a day" (today unless told). The answer for
a day is computed once per user object and kept on it (as Django does with ``_perm_cache``): a page asks many
times, and ``assign_role``/``end_membership`` forget it for the instance they are given.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from motcua.organization.models import Membership, Role, Unit

_CACHE_ATTRIBUTE = "_motcua_roles_cache"


def roles_of(user: object, on: dt.date | None = None) -> set[tuple[int, Role]]:
    """(unit id, role) pairs ``user`` holds on day ``on``; empty for anonymous or deactivated accounts."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return set()
    day = on or timezone.localdate()
    cache: dict[dt.date, frozenset[tuple[int, Role]]] = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if day not in cache:
        rows = Membership.objects.active_on(day).filter(user=user).values_list("unit_id", "role")
        cache[day] = frozenset((unit_id, Role(role)) for unit_id, role in rows)
    return set(cache[day])


def forget_cached_roles(user: object) -> None:
    """Drop the roles remembered on this user object, after its memberships changed."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def has_role(user: object, role: Role, unit: Unit | None = None, on: dt.date | None = None) -> bool:
    """Whether ``user`` holds ``role`` on day ``on`` — in ``unit`` if given, else in any unit."""
    return any(held == role and (unit is None or unit_id == unit.pk) for unit_id, held in roles_of(user, on))


def units_where(user: object, role: Role, on: dt.date | None = None) -> QuerySet[Unit]:
    """The units in which ``user`` holds ``role`` on day ``on`` (e.g. the desks an officer may receive at)."""
    return Unit.objects.filter(pk__in=[unit_id for unit_id, held in roles_of(user, on) if held == role])


def is_provincial_monitor(user: object, on: dt.date | None = None) -> bool:
    """Whether ``user`` may watch every unit of the province (read-only) on day ``on``."""
    return has_role(user, Role.PROVINCIAL_MONITOR, on=on)
