"""Build the demo province through the same services the administrators use, so the demo obeys every rule."""

from __future__ import annotations

import io

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.services import build_standard_process
from motcua.catalog.services.reference import import_reference_procedures
from motcua.demo.data import (
    DEMO_COMMUNES,
    DEMO_PASSWORD,
    DEMO_STAFF,
    MERGER_DAY,
    PROCESS_DECISION,
    PROVINCE,
    PROVINCE_AREA_CODE,
    PROVINCIAL_UNITS,
    commune_codes,
)
from motcua.demo.dossiers import generate_demo_dossiers
from motcua.dossiers.models import Dossier
from motcua.organization.models import Unit, UnitKind, UnitLevel, User
from motcua.organization.services import assign_role, create_unit


def demo_loaded() -> bool:
    """The demo is loaded once its provincial People's Committee exists."""
    return Unit.objects.filter(code=PROVINCE).exists()


def _unit(code: str, name: str, kind: UnitKind, level: UnitLevel, parent: Unit | None, area_code: str = "") -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return create_unit(
        code=code, name=name, kind=kind, level=level, parent=parent, area_code=area_code, valid_from=MERGER_DAY
    )


def _provincial_units() -> None:
    for spec in PROVINCIAL_UNITS:
        parent = Unit.objects.get(code=spec.parent) if spec.parent else None
        _unit(spec.code, spec.name, spec.kind, spec.level, parent, spec.area_code)


def _commune_units() -> None:
    """Every commune of the province from `vietnam-provinces`; the demo ones get a service centre and police."""
    call_command("import_communes", province=int(PROVINCE_AREA_CODE), parent=PROVINCE, stdout=io.StringIO())
    for ward_code in DEMO_COMMUNES:
        codes = commune_codes(ward_code)
        committee = Unit.objects.get(code=codes["committee"])
        place = committee.name.removeprefix("Ủy ban nhân dân ")
        _unit(
            codes["centre"],
            f"Trung tâm Phục vụ hành chính công {place}",
            UnitKind.SERVICE_CENTRE,
            UnitLevel.COMMUNE,
            committee,
        )
        _unit(codes["police"], f"Công an {place}", UnitKind.AGENCY, UnitLevel.COMMUNE, committee)


def _staff() -> int:
    password = make_password(DEMO_PASSWORD)  # one Argon2 hash shared by every demo account: hashing is slow on purpose
    for spec in DEMO_STAFF:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            last_name, _space, first_name = spec.full_name.partition(" ")
            user = User.objects.create(
                username=spec.username,
                password=password,
                first_name=first_name,
                last_name=last_name,
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
        unit = Unit.objects.get(code=spec.unit)
        if not user.memberships.filter(unit=unit, role=spec.role).exists():
            assign_role(user=user, unit=unit, role=spec.role, valid_from=MERGER_DAY)
    return len(DEMO_STAFF)


def _processes(versions: list[ProcedureVersion], by: User) -> int:
    """An approved, active standard process for every published version that has none."""
    activated = 0
    number, day, signer = PROCESS_DECISION
    for version in versions:
        if version.status != VersionStatus.PUBLISHED or version.processes.filter(status="active").exists():
            continue
        build_standard_process(version, decision_number=number, decision_date=day, decision_signer=signer, by=by)
        activated += 1
    return activated


@transaction.atomic
def load_demo(*, with_dossiers: bool = True) -> dict[str, int]:
    """Create what is missing of the demo province; running it again adds nothing.

    Demo dossiers are generated only into a province that has none, so a reload never doubles them.
    """
    _provincial_units()
    _commune_units()
    staff = _staff()
    admin = User.objects.get(username="quantri")
    versions = import_reference_procedures(valid_from=MERGER_DAY, by=admin)
    _processes(versions, admin)
    published = [v for v in versions if v.status == VersionStatus.PUBLISHED]
    if with_dossiers and not Dossier.objects.exists():
        generate_demo_dossiers(versions)
    return {
        "dossiers": Dossier.objects.count(),
        "units": Unit.objects.filter(Q(code__endswith=".H68")).count(),
        "staff": staff,
        "published": len(published),
        "processes": sum(1 for v in published if v.processes.filter(status="active").exists()),
        "drafts": len(versions) - len(published),
    }
