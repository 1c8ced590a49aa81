"""The shared personas: one person per role, plus an outsider from another unit.

Every view test covers anonymous → login, wrong role → 403 and other unit → 404 with these, so they live in one
place (exposed as the ``personas`` fixture in the root conftest).
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.organization.models import Role, Unit, UnitKind, UnitLevel, User
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory


@dataclass
class Personas:
    province_office: Unit
    commune: Unit
    other_commune: Unit
    desk_officer: User
    specialist: User
    unit_leader: User
    consultation_liaison: User
    provincial_monitor: User
    catalog_admin: User
    system_admin: User
    outsider: User


# Administrators work in the Django admin, which only lets staff accounts in.
ADMIN_ROLES = frozenset({Role.CATALOG_ADMIN, Role.SYSTEM_ADMIN})


def _person(username: str, unit: Unit, role: Role) -> User:
    user = UserFactory(username=username, is_staff=role in ADMIN_ROLES)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


def make_personas() -> Personas:
    province_office = UnitFactory(
        code="000.00.01.H68", name="Văn phòng Ủy ban nhân dân tỉnh", kind=UnitKind.OFFICE, level=UnitLevel.PROVINCE
    )
    commune = UnitFactory(code="000.00.22.H68", name="Ủy ban nhân dân phường Phan Thiết")
    other_commune = UnitFactory(code="000.00.23.H68", name="Ủy ban nhân dân phường Mũi Né")
    return Personas(
        province_office=province_office,
        commune=commune,
        other_commune=other_commune,
        desk_officer=_person("desk", commune, Role.DESK_OFFICER),
        specialist=_person("specialist", commune, Role.SPECIALIST),
        unit_leader=_person("leader", commune, Role.UNIT_LEADER),
        consultation_liaison=_person("liaison", commune, Role.CONSULTATION_LIAISON),
        provincial_monitor=_person("monitor", province_office, Role.PROVINCIAL_MONITOR),
        catalog_admin=_person("catalog", province_office, Role.CATALOG_ADMIN),
        system_admin=_person("sysadmin", province_office, Role.SYSTEM_ADMIN),
        outsider=_person("outsider", other_commune, Role.SPECIALIST),
    )
