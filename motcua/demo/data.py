"""The demo province as data: the new Lâm Đồng (merged with Bình Thuận and Đắk Nông on 1/7/2025).

Unit codes follow the electronic-code pattern of Decision 20/2020 with the province suffix H38; they are demo values,
not the province's registered codes. Communes come from the `vietnam-provinces` package (ward codes), so their
names and area codes are the real two-tier ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.organization.models import Role, UnitKind, UnitLevel

MERGER_DAY = dt.date(2025, 7, 1)
PROVINCE_AREA_CODE = "68"
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - printed by `demo_logins`; demo data only


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    level: UnitLevel
    parent: str | None = None
    area_code: str = ""


PROVINCE = "000.00.00.H38"
PROVINCIAL_OFFICE = "000.00.01.H38"
PROVINCIAL_CENTRE = "000.00.02.H38"
JUSTICE = "000.00.10.H38"
FINANCE = "000.00.11.H38"
CONSTRUCTION = "000.00.12.H38"
AGRICULTURE_ENVIRONMENT = "000.00.13.H38"
HEALTH = "000.00.14.H38"
POLICE = "000.00.20.H38"
FIRE_POLICE = "000.20.01.H38"
TRAFFIC_POLICE = "000.20.02.H38"

PROVINCIAL_UNITS = [
    UnitSpec(PROVINCE, "Ủy ban nhân dân tỉnh Lâm Đồng", UnitKind.PEOPLES_COMMITTEE, UnitLevel.PROVINCE, None, "68"),
    UnitSpec(PROVINCIAL_OFFICE, "Văn phòng Ủy ban nhân dân tỉnh", UnitKind.OFFICE, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(
        PROVINCIAL_CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        UnitKind.SERVICE_CENTRE,
        UnitLevel.PROVINCE,
        PROVINCE,
    ),
    UnitSpec(JUSTICE, "Sở Tư pháp", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(FINANCE, "Sở Tài chính", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(CONSTRUCTION, "Sở Xây dựng", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(
        AGRICULTURE_ENVIRONMENT, "Sở Nông nghiệp và Môi trường", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, PROVINCE
    ),
    UnitSpec(HEALTH, "Sở Y tế", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(POLICE, "Công an tỉnh Lâm Đồng", UnitKind.AGENCY, UnitLevel.PROVINCE, PROVINCE),
    UnitSpec(
        FIRE_POLICE,
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        UnitKind.DIVISION,
        UnitLevel.PROVINCE,
        POLICE,
    ),
    UnitSpec(TRAFFIC_POLICE, "Phòng Cảnh sát giao thông", UnitKind.DIVISION, UnitLevel.PROVINCE, POLICE),
]


@dataclass(frozen=True)
class CommuneSpec:
    """A demo commune: its People's Committee, its service centre and its police, under the province."""

    ward_code: int
    number: int  # the NN of the demo electronic codes 000.NN.xx.H38


# Former Bình Thuận wards (Phan Thiết, Mũi Né, Hàm Thắng, La Gi, Hàm Thuận Bắc) and Đà Lạt's Xuân Hương.
DEMO_COMMUNES = [
    CommuneSpec(22945, 31),  # Phường Phan Thiết
    CommuneSpec(22918, 32),  # Phường Mũi Né
    CommuneSpec(22933, 33),  # Phường Hàm Thắng
    CommuneSpec(23235, 34),  # Phường La Gi
    CommuneSpec(23089, 35),  # Xã Hàm Thuận Bắc
    CommuneSpec(24781, 36),  # Phường Xuân Hương - Đà Lạt
]


def commune_codes(spec: CommuneSpec) -> dict[str, str]:
    """Electronic codes of a demo commune's committee, service centre and police."""
    return {
        "committee": f"000.{spec.number:02d}.00.H38",
        "centre": f"000.{spec.number:02d}.01.H38",
        "police": f"000.{spec.number:02d}.02.H38",
    }


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    unit: str  # unit code, or "commune:<n>:<part>" for a demo commune's unit
    role: Role
    is_staff: bool = False
    is_superuser: bool = False


PHAN_THIET = DEMO_COMMUNES[0]
MUI_NE = DEMO_COMMUNES[1]


def _c(spec: CommuneSpec, part: str) -> str:
    return commune_codes(spec)[part]


DEMO_STAFF = [
    StaffSpec("motcua.phanthiet", "Nguyễn Thị Lan", _c(PHAN_THIET, "centre"), Role.DESK_OFFICER),
    StaffSpec("chuyenvien.phanthiet", "Trần Văn Minh", _c(PHAN_THIET, "committee"), Role.SPECIALIST),
    StaffSpec("lanhdao.phanthiet", "Lê Quang Huy", _c(PHAN_THIET, "committee"), Role.UNIT_LEADER),
    StaffSpec("congan.phanthiet", "Phạm Đức Thành", _c(PHAN_THIET, "police"), Role.SPECIALIST),
    StaffSpec("motcua.muine", "Võ Thị Hoa", _c(MUI_NE, "centre"), Role.DESK_OFFICER),
    StaffSpec("chuyenvien.muine", "Đặng Văn Tài", _c(MUI_NE, "committee"), Role.SPECIALIST),
    StaffSpec("lanhdao.muine", "Huỳnh Văn Phúc", _c(MUI_NE, "committee"), Role.UNIT_LEADER),
    StaffSpec("motcua.tinh", "Bùi Thị Mai", PROVINCIAL_CENTRE, Role.DESK_OFFICER),
    StaffSpec("chuyenvien.tuphap", "Hoàng Văn Nam", JUSTICE, Role.SPECIALIST),
    StaffSpec("lanhdao.tuphap", "Ngô Thị Thu", JUSTICE, Role.UNIT_LEADER),
    StaffSpec("chuyenvien.taichinh", "Đỗ Minh Khoa", FINANCE, Role.SPECIALIST),
    StaffSpec("lanhdao.taichinh", "Phan Thị Ngọc", FINANCE, Role.UNIT_LEADER),
    StaffSpec("chuyenvien.xaydung", "Lý Văn Đức", CONSTRUCTION, Role.SPECIALIST),
    StaffSpec("lanhdao.xaydung", "Trương Thị Hạnh", CONSTRUCTION, Role.UNIT_LEADER),
    StaffSpec("chuyenvien.yte", "Mai Văn Sơn", HEALTH, Role.SPECIALIST),
    StaffSpec("lanhdao.yte", "Tạ Thị Yến", HEALTH, Role.UNIT_LEADER),
    StaffSpec("chuyenvien.congan", "Châu Văn Long", POLICE, Role.SPECIALIST),
    StaffSpec("lanhdao.congan", "Kiều Văn Bình", POLICE, Role.UNIT_LEADER),
    StaffSpec("chuyenvien.csgt", "La Văn Hải", TRAFFIC_POLICE, Role.SPECIALIST),
    StaffSpec("lanhdao.csgt", "Quách Văn Tuấn", TRAFFIC_POLICE, Role.UNIT_LEADER),
    StaffSpec("pccc", "Dương Văn Cường", FIRE_POLICE, Role.CONSULTATION_LIAISON),
    StaffSpec("giamsat", "Nguyễn Văn Giám", PROVINCIAL_OFFICE, Role.PROVINCIAL_MONITOR),
    StaffSpec("quantri.danhmuc", "Trần Thị Danh", PROVINCIAL_OFFICE, Role.CATALOG_ADMIN, is_staff=True),
    StaffSpec("quantri", "Quản trị hệ thống", PROVINCIAL_OFFICE, Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True),
]
