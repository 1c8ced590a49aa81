"""The navigation menu: only pages that exist, and only those the person may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str


def links_for(user: object) -> list[NavLink]:
    """Links shown in the header; the admin only to staff who may use it."""
    links: list[NavLink] = [NavLink(_("Trang chủ"), reverse("home"))]
    if getattr(user, "is_staff", False):
        links.append(NavLink(_("Quản trị danh mục"), reverse("admin:index")))
    return links
