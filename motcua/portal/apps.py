from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Pages for citizens and businesses: public dossier lookup now, online submission later."""

    name = "motcua.portal"
    verbose_name = _("Cổng công dân")
