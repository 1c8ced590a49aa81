"""Who may see and act on which dossier: staff of the units it passes through, and the provincial monitors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.organization.models import Membership, Role, User


def _memberships(user: User) -> list[tuple[int, str]]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    return list(Membership.objects.active_on(today).filter(user=user).order_by().values_list("unit_id", "role"))


def _staff_filter(units: set[int]) -> Q:
    return Q(receiving_unit_id__in=units) | Q(resolving_unit_id__in=units) | Q(current_unit_id__in=units)


def visibility_filter(user: User) -> Q:
    """The rows ``user`` may read: every dossier for a provincial monitor, else those touching one of their units."""
    memberships = _memberships(user)
    if any(role == Role.PROVINCIAL_MONITOR for _unit, role in memberships):
        return Q()
    units = {unit for unit, role in memberships if role != Role.PROVINCIAL_MONITOR}
    if not units:
        return Q(pk__in=[])
    return _staff_filter(units)


def dossier_for_user(user: User, code: str, *, write: bool = False) -> Dossier:
    """The dossier ``code`` if ``user`` may see it, else 404 (other units must not learn that it exists).

    ``write=True`` also requires a staff role in a unit the dossier touches: monitors read, they never act.
    """
    dossier = Dossier.objects.visible_to(user).filter(code=code).first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if write:
        units = {unit for unit, role in _memberships(user) if role != Role.PROVINCIAL_MONITOR}
        if not units & {dossier.receiving_unit_id, dossier.resolving_unit_id, dossier.current_unit_id}:
            raise PermissionDenied(_("Bạn chỉ được xem, không được xử lý hồ sơ này."))
    return dossier
