from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations (lấy ý kiến) and inter-agency (liên thông) work between units on a dossier."""

    name = "motcua.consultations"
    verbose_name = _("Lấy ý kiến, liên thông")
