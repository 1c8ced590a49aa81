from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "motcua.sync"
    verbose_name = _("Đồng bộ Cổng dịch vụ công quốc gia")

    def ready(self) -> None:
        from motcua.sync import receivers  # noqa: F401  (connects the outbox to the event table)
