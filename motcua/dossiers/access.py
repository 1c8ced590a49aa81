"""Who may see and act on which dossier: staff of the units it passes through, and the provincial monitors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, Sos
from motcua.organization.access import has_role, is_provincial_monitor, units_where
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


def may_answer_sos(user: User, sos: Sos, day: dt.date | None = None) -> bool:
    """Leaders of the unit that raised the SOS and the provincial monitors acknowledge, resolve and follow it up."""
    return has_role(user, Role.UNIT_LEADER, sos.unit, on=day) or is_provincial_monitor(user, on=day)


def may_list_sos(user: User) -> bool:
    """Whether the SOS list opens for ``user``: unit leaders (their units' SOS) and the provincial monitors."""
    return is_provincial_monitor(user) or has_role(user, Role.UNIT_LEADER)


def sos_units_for(user: User) -> list[int] | None:
    """The units whose SOS list ``user`` may read: every unit for a monitor (None), else the units they lead."""
    if is_provincial_monitor(user):
        return None
    units = list(units_where(user, Role.UNIT_LEADER).values_list("pk", flat=True))
    if not units:
        raise PermissionDenied(_("Danh sách SOS dành cho lãnh đạo đơn vị và bộ phận giám sát của tỉnh."))
    return units


def sos_for_user(user: User, pk: int) -> Sos:
    """An SOS ``user`` may answer: 404 when its dossier is out of their sight, 403 when they may only read it."""
    sos = Sos.objects.select_related("dossier", "unit", "raised_by").filter(pk=pk).first()
    if sos is None:
        raise Http404(_("Không tìm thấy SOS."))
    dossier_for_user(user, sos.dossier.code)
    if not may_answer_sos(user, sos):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị báo SOS hoặc bộ phận giám sát của tỉnh được xử lý SOS."))
    return sos
