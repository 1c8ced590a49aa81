"""The navigation menu: only pages that exist, and only those the person may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.consultations.access import may_answer_consultations
from motcua.dossiers.access import may_list_sos
from motcua.dossiers.queues import has_workspace_role
from motcua.monitoring.access import may_monitor
from motcua.organization.access import has_role
from motcua.organization.models import Role
from motcua.sync.access import may_watch_sync


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str


def links_for(user: object) -> list[NavLink]:
    """Links shown in the header: the workspace to staff who work dossiers, the admin to those who may use it."""
    links: list[NavLink] = [NavLink(_("Trang chủ"), reverse("home"))]
    if has_workspace_role(user):
        links.append(NavLink(_("Hồ sơ"), reverse("dossiers:all")))
    if has_role(user, Role.DESK_OFFICER):
        links.append(NavLink(_("Tiếp nhận hồ sơ"), reverse("dossiers:reception")))
    if may_answer_consultations(user):
        links.append(NavLink(_("Chờ cho ý kiến"), reverse("consultations:queue")))
    if has_workspace_role(user):
        links.append(NavLink(_("Phản ánh, kiến nghị"), reverse("portal:feedback-list")))
    if has_workspace_role(user) and may_list_sos(user):
        links.append(NavLink(_("SOS"), reverse("dossiers:sos-list")))
    if may_monitor(user):
        links.append(NavLink(_("Giám sát"), reverse("monitoring:dashboard")))
    if may_watch_sync(user):
        links.append(NavLink(_("Đồng bộ"), reverse("sync:status")))
    links.append(NavLink(_("Dịch vụ công"), reverse("portal:catalog")))
    links.append(NavLink(_("Tra cứu hồ sơ"), reverse("portal:lookup")))
    if getattr(user, "is_staff", False):
        links.append(NavLink(_("Quản trị danh mục"), reverse("admin:index")))
    return links
