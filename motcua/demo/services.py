"""Build the demo province through the same services the administrators use, so the demo obeys every rule."""

from __future__ import annotations

import io

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from motcua.catalog.models import ComponentForm, ProcedureVersion, Sector, VersionStatus
from motcua.catalog.services import add_component, build_standard_process, create_procedure, publish_version
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
    REFERENCE_PROCESSES,
    commune_codes,
)
from motcua.demo.dossiers import generate_demo_dossiers
from motcua.dossiers.models import Dossier
from motcua.organization.models import Unit, UnitKind, UnitLevel, User
from motcua.organization.services import assign_role, create_unit
from motcua.portal.demo import load_demo_citizen


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
    """An approved, active process for every published version that has none: the reference procedures' own shape
    (``REFERENCE_PROCESSES``, by position in the file), else the standard four steps."""
    activated = 0
    number, day, signer = PROCESS_DECISION
    for index, version in enumerate(versions, start=1):
        if version.status != VersionStatus.PUBLISHED or version.processes.filter(status="active").exists():
            continue
        steps, transitions = REFERENCE_PROCESSES.get(index, (None, None))
        build_standard_process(
            version,
            decision_number=number,
            decision_date=day,
            decision_signer=signer,
            by=by,
            steps=steps,
            transitions=transitions,
        )
        activated += 1
    return activated


CONSTRUCTION_PERMIT = "1.009994.000.00.00.H68"
CONSTRUCTION_PERMIT_COMPONENTS = [
    ("Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)", ComponentForm.ORIGINAL, 1, True),
    ("Giấy tờ chứng minh quyền sử dụng đất", ComponentForm.COPY, 1, True),
    ("Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng và đấu nối)", ComponentForm.ORIGINAL, 2, True),
    (
        "Bản kê khai kinh nghiệm của tổ chức, cá nhân thiết kế (khi chưa có chứng chỉ hành nghề)",
        ComponentForm.ORIGINAL,
        1,
        False,
    ),
]


def _construction_permit(by: User) -> ProcedureVersion:
    """The demo's consultation scenario: a commune permit for a private house, on which the fire police are asked."""
    existing = ProcedureVersion.objects.filter(procedure__code=CONSTRUCTION_PERMIT).first()
    if existing is not None:
        return existing
    sector, _created = Sector.objects.get_or_create(code="XAY_DUNG", defaults={"name": "Hoạt động xây dựng"})
    version = create_procedure(
        code=CONSTRUCTION_PERMIT,
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        sector=sector,
        level="commune",
        implementing_agency="Ủy ban nhân dân cấp xã",
        time_limit_value=15,
        result_document="Giấy phép xây dựng",
        legal_basis="Luật Xây dựng số 50/2014/QH13 (sửa đổi bởi Luật số 62/2020/QH14), Điều 102.",
        notes=(
            "Thời hạn 15 ngày đối với nhà ở riêng lẻ: Luật Xây dựng 2014, Điều 102 (nguồn tham khảo: "
            "https://vietjack.me/phap-luat/luat-xay-dung-2014/chuong-v-2495.html). Thẩm quyền cấp xã từ 1/7/2025. "
            "Mã thủ tục là giá trị của bản demo, chưa đối chiếu với Cơ sở dữ liệu quốc gia về TTHC; lệ phí do "
            "HĐND tỉnh quy định, chưa nhập."
        ),
    )
    for name, form, copies, required in CONSTRUCTION_PERMIT_COMPONENTS:
        add_component(version, name=name, form=form, copies=copies, required=required)
    return publish_version(version, valid_from=MERGER_DAY, by=by)


@transaction.atomic
def load_demo(*, with_dossiers: bool = True) -> dict[str, int]:
    """Create what is missing of the demo province; running it again adds nothing.

    Demo dossiers are generated only into a province that has none, so a reload never doubles them.
    """
    _provincial_units()
    _commune_units()
    staff = _staff()
    load_demo_citizen(DEMO_PASSWORD)
    admin = User.objects.get(username="quantri")
    versions = [*import_reference_procedures(valid_from=MERGER_DAY, by=admin), _construction_permit(admin)]
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
