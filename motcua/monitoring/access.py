"""Who may read monitoring: provincial monitors everything, unit leaders their units with their sub-units (and the
units they succeeded), nobody else. Pages about a unit or an official outside one's scope answer 404."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from motcua.monitoring.selectors.scope import UnitTree
from motcua.organization.access import has_role, is_provincial_monitor, units_where
from motcua.organization.models import Membership, Role, Unit, User


@dataclasses.dataclass(frozen=True)
class Scope:
    """The recorded units a person may read (``None``: the whole province) and the units they lead."""

    units: frozenset[int] | None
    led: tuple[int, ...] = ()

    @property
    def province(self) -> bool:
        return self.units is None


def may_monitor(user: object) -> bool:
    """Whether ``user`` may open monitoring pages at all (for the navigation menu)."""
    return is_provincial_monitor(user) or has_role(user, Role.UNIT_LEADER)


def scope_for(user: User, tree: UnitTree) -> Scope:
    """The person's scope today; 403 for anyone who is neither a provincial monitor nor a unit leader."""
    if is_provincial_monitor(user):
        return Scope(None)
    led = tuple(units_where(user, Role.UNIT_LEADER).order_by("code").values_list("pk", flat=True))
    if not led:
        raise PermissionDenied(_("Trang giám sát dành cho Văn phòng UBND tỉnh và lãnh đạo đơn vị."))
    return Scope(frozenset(tree.recorded_units(led, remap=True)), led)


def unit_in_scope(scope: Scope, tree: UnitTree, code: str) -> Unit:
    """The unit with ``code`` if the person may read it, else 404 (another unit must not learn it is watched)."""
    unit = next((u for u in tree.units.values() if u.code == code), None)
    if unit is None or (scope.units is not None and unit.pk not in scope.units):
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def official_in_scope(scope: Scope, username: str) -> User:
    """The official if they have ever held a role in a unit of the scope, else 404."""
    user = User.objects.filter(username=username).first()
    if user is None or (
        scope.units is not None and not Membership.objects.filter(user=user, unit_id__in=scope.units).exists()
    ):
        raise Http404(_("Không tìm thấy cán bộ."))
    return user


def narrow(scope: Scope, wanted: set[int] | None) -> frozenset[int] | None:
    """The recorded units a question may count: what was asked for, within what the person may read."""
    if wanted is None:
        return scope.units
    if scope.units is None:
        return frozenset(wanted)
    return frozenset(wanted & scope.units)
