from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """What the Provincial Office and unit leaders read: dashboards, the Decision 766 index, reports, findings."""

    name = "motcua.monitoring"
    verbose_name = _("Giám sát, đánh giá")
