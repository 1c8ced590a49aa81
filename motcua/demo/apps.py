from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province: Lâm Đồng after the 2025 merger, loaded by `make run` and `manage.py load_demo`."""

    name = "motcua.demo"
    verbose_name = _("Dữ liệu mẫu")
