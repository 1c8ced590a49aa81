"""Admin permissions from today's roles: catalog admins edit the catalog, system admins the organisation.

Django's admin asks ``user.has_perm("<app>.<action>_<model>")`` and ``user.has_module_perms("<app>")``; the
``rules`` backend answers them from membership rows, so no permission or group rows need to be kept in step.
Units, successions, memberships and accounts get no delete permission: dossiers and history refer to them, so they
are ended (validity, membership end date, deactivation) instead.
"""

from __future__ import annotations

import rules
from django.apps import apps

from motcua.organization.access import has_role
from motcua.organization.models import Role


@rules.predicate
def is_system_admin(user: object) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


@rules.predicate
def is_catalog_admin(user: object) -> bool:
    return has_role(user, Role.CATALOG_ADMIN)


def grant_model_permissions(app_label: str, actions: tuple[str, ...], predicate: rules.Predicate) -> None:
    rules.add_perm(app_label, predicate)
    for model in apps.get_app_config(app_label).get_models():
        for action in actions:
            rules.add_perm(f"{app_label}.{action}_{model._meta.model_name}", predicate)


grant_model_permissions("organization", ("view", "add", "change"), is_system_admin)
grant_model_permissions("catalog", ("view", "add", "change", "delete"), is_catalog_admin)
