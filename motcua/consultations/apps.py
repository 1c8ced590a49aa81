from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Consultations (lấy ý kiến) and inter-agency (liên thông) work between units on a dossier."""

    name = "motcua.consultations"
    verbose_name = _("Lấy ý kiến, liên thông")

    def ready(self) -> None:
        """The dossier page draws one form per allowed action from ``ACTION_FORMS``; this app's actions join it here
        because its forms build on the dossier forms, which cannot import them back without a cycle."""
        from motcua.consultations.forms import ACTION_FORMS as CONSULTATION_FORMS
        from motcua.dossiers.forms import ACTION_FORMS

        ACTION_FORMS.update(CONSULTATION_FORMS)
