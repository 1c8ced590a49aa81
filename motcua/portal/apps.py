from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Pages for citizens and businesses: catalog, accounts, online submission, tracking, evaluation and PAKN."""

    name = "motcua.portal"
    verbose_name = _("Cổng công dân")

    def ready(self) -> None:
        from motcua.portal import receivers  # noqa: F401 - connects the citizen notifications
