from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The staff UI shell: home page, sign-in, language switch."""

    name = "motcua.web"
    verbose_name = _("Giao diện")
