"""Print the demo accounts (printed by `make run` so a newcomer can sign in at once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.demo.data import DEMO_PASSWORD, DEMO_STAFF
from motcua.organization.models import Unit
from motcua.portal.demo import DEMO_CITIZEN


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu và mật khẩu."

    def handle(self, *args: Any, **options: Any) -> None:
        names = dict(Unit.objects.filter(code__in={s.unit for s in DEMO_STAFF}).values_list("code", "name"))
        self.stdout.write(_("Tài khoản mẫu (mật khẩu chung: %(password)s):") % {"password": DEMO_PASSWORD})
        for spec in DEMO_STAFF:
            self.stdout.write(f"  {spec.username:<22} {spec.role.label} — {names.get(spec.unit, spec.unit)}")
        citizen = DEMO_CITIZEN["username"]
        self.stdout.write(f"  {citizen:<22} {_('Công dân (đăng nhập tại /cong-dan/dang-nhap/)')}")
        self.stdout.write(_("Mở http://127.0.0.1:8000/ và đăng nhập; trang quản trị: /admin/ (tài khoản quantri)."))
