"""The demo province as data: the new Lâm Đồng (merged with Bình Thuận and Đắk Nông on 1/7/2025).

Unit codes follow the electronic-code pattern of Decision 20/2020 with the suffix H + the province's area code (68);
they are demo values, not the province's registered codes. Communes come from the `vietnam-provinces` package
(`import_communes`), so their names and area codes are the real two-tier ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.catalog.models import StepAction, StepKind, UnitSelector
from motcua.catalog.services.processes import StepSpec, TransitionSpec
from motcua.organization.models import Role, UnitKind, UnitLevel
from motcua.organization.services import commune_unit_code

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


PROVINCE = "000.00.00.H68"
PROVINCIAL_OFFICE = "000.00.01.H68"
PROVINCIAL_CENTRE = "000.00.02.H68"
JUSTICE = "000.00.10.H68"
FINANCE = "000.00.11.H68"
CONSTRUCTION = "000.00.12.H68"
AGRICULTURE_ENVIRONMENT = "000.00.13.H68"
HEALTH = "000.00.14.H68"
POLICE = "000.00.20.H68"
FIRE_POLICE = "000.20.01.H68"
TRAFFIC_POLICE = "000.20.02.H68"

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


# Demo communes (ward codes): former Bình Thuận wards Phan Thiết, Mũi Né, Hàm Thắng, La Gi, the commune Hàm Thuận
# Bắc, and Đà Lạt's Xuân Hương. Each gets a service centre and a police unit beside its People's Committee.
DEMO_COMMUNES = [22945, 22918, 22933, 23235, 23089, 24781]


def commune_codes(ward_code: int) -> dict[str, str]:
    """Electronic codes of a demo commune's committee (as `import_communes` makes it), service centre and police."""
    return {
        "committee": commune_unit_code(int(PROVINCE_AREA_CODE), ward_code),
        "centre": f"000.01.{ward_code:05d}.H68",
        "police": f"000.02.{ward_code:05d}.H68",
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


def _c(ward_code: int, part: str) -> str:
    return commune_codes(ward_code)[part]


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


# Who resolves each reference procedure (by its position in shared/data/procedures.json): a commune-level part
# ("committee", "police") of the receiving commune, or a provincial unit's code.
REFERENCE_RESOLVERS = {
    1: "committee",  # đăng ký khai sinh
    2: "committee",  # đăng ký kết hôn
    3: "committee",  # xác nhận tình trạng hôn nhân
    4: "committee",  # chứng thực bản sao từ bản chính
    5: "committee",  # chứng thực chữ ký
    6: "police",  # đăng ký thường trú
    7: "police",  # đăng ký tạm trú
    8: "committee",  # thành lập hộ kinh doanh
    9: "committee",  # thay đổi nội dung đăng ký hộ kinh doanh
    10: POLICE,  # phiếu lý lịch tư pháp (Công an tỉnh since 1/3/2025)
    11: FINANCE,  # thay đổi địa chỉ trụ sở doanh nghiệp
    12: FINANCE,  # thay đổi người đại diện theo pháp luật
    13: FINANCE,  # thành lập công ty TNHH một thành viên
    14: TRAFFIC_POLICE,  # đổi giấy phép lái xe
    15: HEALTH,  # an toàn thực phẩm, dịch vụ ăn uống
}
PROCESS_DECISION = ("1234/QĐ-UBND", dt.date(2025, 7, 1), "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng")


# Internal processes (quy trình nội bộ) as provinces approve them, instead of the four-step standard where the work
# takes longer: steps are (code, name, kind, unit selector, role, share of the legal limit in per mille), and
# transitions (step, action, target).
# Registrations and certifications: the act is entered in its book (sổ hộ tịch, sổ chứng thực) and stamped before
# the result is returned.
def _book_steps(examined_by: str, book: str) -> list[StepSpec]:
    return [
        ("tiep-nhan", "Tiếp nhận hồ sơ", StepKind.RECEPTION, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 50),
        ("xu-ly", examined_by, StepKind.PROCESSING, UnitSelector.RESOLVING_UNIT, Role.SPECIALIST, 550),
        ("phe-duyet", "Lãnh đạo phê duyệt, ký", StepKind.APPROVAL, UnitSelector.RESOLVING_UNIT, Role.UNIT_LEADER, 200),
        ("vao-so", book, StepKind.PROCESSING, UnitSelector.RESOLVING_UNIT, Role.SPECIALIST, 100),
        ("tra-ket-qua", "Trả kết quả", StepKind.RETURN, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 100),
    ]


CIVIL_STATUS_STEPS = _book_steps("Công chức tư pháp - hộ tịch thẩm định", "Ghi sổ hộ tịch, đóng dấu")
CERTIFICATION_STEPS = _book_steps("Công chức tư pháp - hộ tịch kiểm tra, trình ký", "Ghi sổ chứng thực, đóng dấu")
BOOK_TRANSITIONS: list[TransitionSpec] = [
    ("tiep-nhan", StepAction.FORWARD, "xu-ly"),
    ("xu-ly", StepAction.FORWARD, "phe-duyet"),
    ("xu-ly", StepAction.REQUEST_SUPPLEMENT, None),
    ("xu-ly", StepAction.CONSULT, None),
    ("xu-ly", StepAction.SEND_BACK, "tiep-nhan"),
    ("phe-duyet", StepAction.APPROVE, "vao-so"),
    ("phe-duyet", StepAction.SEND_BACK, "xu-ly"),
    ("phe-duyet", StepAction.REFUSE, "tra-ket-qua"),
    ("vao-so", StepAction.FORWARD, "tra-ket-qua"),
    ("tra-ket-qua", StepAction.RETURN_RESULT, None),
]
# Procedures examined by a division (phòng chuyên môn) of the competent agency: the specialist examines, the
# division's leader reviews and submits, the agency's leader signs, the clerk registers and issues the result.
DIVISION_STEPS: list[StepSpec] = [
    ("tiep-nhan", "Tiếp nhận hồ sơ", StepKind.RECEPTION, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 50),
    ("xu-ly", "Chuyên viên thụ lý, thẩm định", StepKind.PROCESSING, UnitSelector.RESOLVING_UNIT, Role.SPECIALIST, 450),
    (
        "xem-xet",
        "Lãnh đạo phòng xem xét, trình ký",
        StepKind.PROCESSING,
        UnitSelector.RESOLVING_UNIT,
        Role.UNIT_LEADER,
        150,
    ),
    (
        "phe-duyet",
        "Lãnh đạo cơ quan phê duyệt, ký",
        StepKind.APPROVAL,
        UnitSelector.RESOLVING_UNIT,
        Role.UNIT_LEADER,
        150,
    ),
    (
        "phat-hanh",
        "Văn thư vào sổ, đóng dấu, phát hành",
        StepKind.PROCESSING,
        UnitSelector.RESOLVING_UNIT,
        Role.SPECIALIST,
        50,
    ),
    ("tra-ket-qua", "Trả kết quả", StepKind.RETURN, UnitSelector.RECEIVING_UNIT, Role.DESK_OFFICER, 100),
]
DIVISION_TRANSITIONS: list[TransitionSpec] = [
    ("tiep-nhan", StepAction.FORWARD, "xu-ly"),
    ("xu-ly", StepAction.FORWARD, "xem-xet"),
    ("xu-ly", StepAction.REQUEST_SUPPLEMENT, None),
    ("xu-ly", StepAction.CONSULT, None),
    ("xu-ly", StepAction.SEND_BACK, "tiep-nhan"),
    ("xem-xet", StepAction.FORWARD, "phe-duyet"),
    ("xem-xet", StepAction.SEND_BACK, "xu-ly"),
    ("phe-duyet", StepAction.APPROVE, "phat-hanh"),
    ("phe-duyet", StepAction.SEND_BACK, "xem-xet"),
    ("phe-duyet", StepAction.REFUSE, "tra-ket-qua"),
    ("phat-hanh", StepAction.FORWARD, "tra-ket-qua"),
    ("tra-ket-qua", StepAction.RETURN_RESULT, None),
]
# Which reference procedures (by position) follow which process.
REFERENCE_PROCESSES = {
    1: (CIVIL_STATUS_STEPS, BOOK_TRANSITIONS),
    2: (CIVIL_STATUS_STEPS, BOOK_TRANSITIONS),
    4: (CERTIFICATION_STEPS, BOOK_TRANSITIONS),
    5: (CERTIFICATION_STEPS, BOOK_TRANSITIONS),
    **dict.fromkeys((3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), (DIVISION_STEPS, DIVISION_TRANSITIONS)),
}
# Procedures that involve another agency (domain.md §3.5): the examining specialist asks it and waits for the
# answer; the share of dossiers asked. "committee": the People's Committee of another commune (a former residence,
# the facility's commune), else a unit code.
REFERENCE_CONSULTATIONS = {
    3: ("committee", 0.15),  # xác nhận tình trạng hôn nhân: the commune of a former residence confirms
    6: ("committee", 0.1),  # đăng ký thường trú: the commune where the applicant lived before
    10: (JUSTICE, 0.6),  # phiếu lý lịch tư pháp: the Department of Justice's judicial-record database
    15: ("committee", 0.4),  # an toàn thực phẩm: the facility's commune inspects it
}
