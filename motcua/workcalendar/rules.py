"""Admin permissions: the province's system administrators keep the working calendar (overrides and hours)."""

from __future__ import annotations

from motcua.organization.rules import _grant, is_system_admin

_grant("workcalendar", ("view", "add", "change", "delete"), is_system_admin)
