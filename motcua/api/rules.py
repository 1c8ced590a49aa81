"""Admin permissions: system administrators issue and revoke API tokens; tokens are never deleted."""

from __future__ import annotations

import rules

from motcua.organization.rules import is_system_admin

rules.add_perm("api", is_system_admin)
for action in ("view", "add", "change"):
    rules.add_perm(f"api.{action}_apitoken", is_system_admin)
