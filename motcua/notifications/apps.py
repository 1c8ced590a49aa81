from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Messages to staff and applicants: in-app, e-mail and SMS, every one recorded with its delivery."""

    name = "motcua.notifications"
    verbose_name = _("Thông báo")
