"""The smallest province a dossier can live in, built through the same services the administrators use.

One provincial committee and one commune with a desk officer, a specialist and a leader, and one published
procedure (3 working days, 3 components) with its approved, active standard four-step process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from motcua.catalog.models import ComponentForm, ProcedureVersion, Sector, TimeLimitUnit
from motcua.catalog.services import add_component, build_standard_process, create_procedure, publish_version
from motcua.organization.models import Role, Unit, UnitKind, UnitLevel, User
from motcua.organization.services import assign_role, create_unit

EPOCH = dt.date(2025, 7, 1)
COMPONENTS = (
    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
    "Giấy tờ chứng minh tình trạng hôn nhân",
    "Văn bản ủy quyền (nếu có)",
)


@dataclass(frozen=True)
class Province:
    commune: Unit
    desk_officer: User
    specialist: User
    unit_leader: User
    version: ProcedureVersion
    component_ids: tuple[int, ...]


def _staff(username: str, full_name: str, unit: Unit, role: Role) -> User:
    last_name, _space, first_name = full_name.partition(" ")
    # No password: nobody signs in, and hashing one costs ~0.4 s with Argon2.
    user = User.objects.create_user(username=username, first_name=first_name, last_name=last_name)
    assign_role(user=user, unit=unit, role=role, valid_from=EPOCH)
    return user


@transaction.atomic
def build_province() -> Province:
    """Create the province in an empty, migrated database."""
    province = create_unit(
        code="000.00.00.H68",
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.PROVINCE,
        valid_from=EPOCH,
    )
    commune = create_unit(
        code="000.00.22.H68",
        name="Ủy ban nhân dân phường Phan Thiết",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=province,
        valid_from=EPOCH,
    )
    desk_officer = _staff("bench-desk", "Trần Thị Bình", commune, Role.DESK_OFFICER)
    specialist = _staff("bench-specialist", "Lê Văn Cường", commune, Role.SPECIALIST)
    unit_leader = _staff("bench-leader", "Phạm Minh Đức", commune, Role.UNIT_LEADER)
    sector = Sector.objects.create(code="HO_TICH", name="Hộ tịch")
    version = create_procedure(
        code="1.004873.H68",
        name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        sector=sector,
        level=UnitLevel.COMMUNE,
        time_limit_value=Decimal(3),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        implementing_agency="Ủy ban nhân dân cấp xã",
        result_document="Giấy xác nhận tình trạng hôn nhân",
    )
    components = [
        add_component(version, name=name, form=ComponentForm.ORIGINAL, copies=1, required=order == 1)
        for order, name in enumerate(COMPONENTS, start=1)
    ]
    version = publish_version(version, valid_from=EPOCH, by=None)
    build_standard_process(
        version,
        decision_number="01/QĐ-UBND",
        decision_date=EPOCH,
        decision_signer="Chủ tịch Ủy ban nhân dân tỉnh",
        by=None,
    )
    return Province(commune, desk_officer, specialist, unit_leader, version, tuple(c.pk for c in components))
