"""Admin permissions: the province's system administrators keep the working calendar (overrides and hours)."""

from __future__ import annotations

from motcua.organization.rules import grant_model_permissions, is_system_admin

grant_model_permissions("workcalendar", ("view", "add", "change", "delete"), is_system_admin)
