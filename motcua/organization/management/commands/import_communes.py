"""Import a province's communes, wards and special zones from the ``vietnam-provinces`` package as units.

Each becomes the People's Committee of that commune (kind PEOPLES_COMMITTEE, level COMMUNE, area code = the ward
code). Electronic codes are generated as ``000.00.<WWWWW>.H<PP>``: the five-digit ward code in the level-2 slot of
the Decision 20/2020 pattern (communes sit directly under the province since 1/7/2025) and ``H`` + the two-digit
province code, e.g. ``000.00.24781.H68`` for Phường Xuân Hương - Đà Lạt. The code is a function of the ward code
alone, so re-running finds the same units: existing ones are updated only where the data changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from motcua.organization.models import Unit, UnitKind, UnitLevel
from motcua.organization.services import commune_unit_code, commune_unit_name, create_unit, update_unit

DEFAULT_VALID_FROM = dt.date(2025, 7, 1)


class Command(BaseCommand):
    help = "Nhập các xã, phường, đặc khu của một tỉnh làm đơn vị (Ủy ban nhân dân cấp xã)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", type=int, required=True, help="Mã tỉnh, ví dụ 68 (Lâm Đồng).")
        parser.add_argument(
            "--valid-from",
            type=dt.date.fromisoformat,
            default=DEFAULT_VALID_FROM,
            help="Ngày bắt đầu hiệu lực của các đơn vị mới (YYYY-MM-DD), mặc định 2025-07-01.",
        )
        parser.add_argument("--parent", help="Mã định danh điện tử của đơn vị cấp trên (tùy chọn).")

    def handle(self, *args: Any, province: int, valid_from: dt.date, parent: str | None, **options: Any) -> None:
        try:
            province_name = Province.from_code(province).name
        except (ValueError, KeyError) as error:
            raise CommandError(_("Không có tỉnh mã %(code)s.") % {"code": province}) from error
        parent_unit = None
        if parent:
            parent_unit = Unit.objects.filter(code=parent).first()
            if parent_unit is None:
                raise CommandError(_("Không có đơn vị cấp trên mã %(code)s.") % {"code": parent})
        created = updated = unchanged = 0
        try:
            with transaction.atomic():
                for ward in Ward.iter_by_province(province):
                    wanted: dict[str, Any] = {
                        "name": commune_unit_name(ward.name),
                        "kind": UnitKind.PEOPLES_COMMITTEE,
                        "level": UnitLevel.COMMUNE,
                        "area_code": str(int(ward.code)),
                    }
                    code = commune_unit_code(province, int(ward.code))
                    unit = Unit.objects.filter(code=code).first()
                    if unit is None:
                        create_unit(code=code, valid_from=valid_from, parent=parent_unit, **wanted)
                        created += 1
                        continue
                    changes = {field: value for field, value in wanted.items() if getattr(unit, field) != value}
                    if parent_unit is not None and unit.parent_id != parent_unit.pk:
                        changes["parent"] = parent_unit
                    if changes:
                        update_unit(unit, **changes)
                        updated += 1
                    else:
                        unchanged += 1
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if created == updated == 0:
            self.stdout.write(
                _("Không có thay đổi: %(unchanged)d đơn vị cấp xã của %(province)s đã có đủ.")
                % {"unchanged": unchanged, "province": province_name}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(province)s: tạo mới %(created)d, cập nhật %(updated)d, giữ nguyên %(unchanged)d đơn vị cấp xã.")
                % {"province": province_name, "created": created, "updated": updated, "unchanged": unchanged}
            )
        )
