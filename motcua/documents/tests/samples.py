"""One filled context per form, with Vietnamese values that exercise every diacritic the fonts must carry."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.documents.forms import (
    Agency,
    ApologyContext,
    ApplicantInfo,
    ControlContext,
    FormContext,
    FormKind,
    GuidanceContext,
    HandOverRow,
    LedgerContext,
    LedgerRow,
    ReceiptContext,
    ReceivedComponent,
    RefusalContext,
    RequestedItem,
    Signature,
    StopNoticeContext,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = Agency(
    name="Trung tâm Phục vụ hành chính công phường Xuân Hương - Đà Lạt",
    code="000.17.22.H68",
    place="Lâm Đồng",
    parent_name="Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
)
APPLICANT = ApplicantInfo(
    name="Nguyễn Thị Hường",
    identifier="068190012345",
    address="12 đường Trần Hưng Đạo, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
    phone="0912345678",
    email="huong@example.vn",
)
CODE = "000.17.22.H68-250916-0007"
PROCEDURE = "1.000894.000.00.00.H38"
MATTER = "Đăng ký khai sinh"
RECEIVED = dt.datetime(2025, 9, 16, 8, 5, tzinfo=VN)
DUE = dt.datetime(2025, 9, 19, 16, 30, tzinfo=VN)
NEW_DUE = dt.datetime(2025, 9, 24, 10, 0, tzinfo=VN)
ISSUED = dt.date(2025, 9, 16)
LEADER = Signature(title="Phó Giám đốc", name="Trần Văn Đức", on_behalf="KT. Giám đốc")


def sample(kind: FormKind) -> FormContext:
    """A realistic context of ``kind`` (the ledger and control form hold enough rows to need a second page)."""
    return {
        FormKind.RECEIPT: lambda: ReceiptContext(
            agency=AGENCY,
            issued_on=ISSUED,
            dossier_code=CODE,
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            components=[
                ReceivedComponent("Tờ khai đăng ký khai sinh", "Bản chính", 1),
                ReceivedComponent("Giấy chứng sinh", "Bản chính", 1),
            ],
            sets=1,
            time_limit="03 ngày làm việc",
            received_at=RECEIVED,
            return_at=DUE,
            collect_at="Quầy số 3, Trung tâm Phục vụ hành chính công",
            ledger_reference="Quyển số 2025/09, số thứ tự 0007",
            receiver=Signature(title="Người tiếp nhận hồ sơ", name="Lê Thị Ánh"),
            lookup_secret="K7Q2-M9XD",
        ),
        FormKind.GUIDANCE: lambda: GuidanceContext(
            agency=AGENCY,
            issued_on=ISSUED,
            dossier_code=CODE,
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            requested_items=[RequestedItem("Giấy chứng sinh", "bản chụp mờ, không đọc được số hiệu")],
            reason="Giấy tờ nộp không đọc được để đối chiếu.",
            contact_officer="Lê Thị Ánh",
            contact_phone="02633822111",
            guide=Signature(title="Người hướng dẫn", name="Lê Thị Ánh"),
        ),
        FormKind.REFUSAL: lambda: RefusalContext(
            agency=AGENCY,
            issued_on=ISSUED,
            dossier_code="",
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            reasons=["Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Đức Trọng."],
            receiver=Signature(title="Người tiếp nhận hồ sơ", name="Lê Thị Ánh"),
        ),
        FormKind.APOLOGY: lambda: ApologyContext(
            agency=AGENCY,
            issued_on=dt.date(2025, 9, 18),
            document_number="15/XL-TTPVHCC",
            dossier_code=CODE,
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            received_at=RECEIVED,
            original_return_at=DUE,
            reason="Chờ kết quả xác minh của Ủy ban nhân dân xã Đức Trọng.",
            new_return_at=NEW_DUE,
            signer=LEADER,
            copied_to=["Bộ phận Một cửa"],
        ),
        FormKind.STOP_NOTICE: lambda: StopNoticeContext(
            agency=AGENCY,
            issued_on=dt.date(2025, 9, 18),
            document_number="16/TB-TTPVHCC",
            dossier_code=CODE,
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            received_at=RECEIVED,
            request="Đơn đề nghị dừng giải quyết hồ sơ của bà Nguyễn Thị Hường ngày 17/09/2025",
            reason="Người yêu cầu rút hồ sơ.",
            signer=LEADER,
            copied_to=["Bộ phận Một cửa"],
        ),
        FormKind.CONTROL: lambda: ControlContext(
            agency=AGENCY,
            issued_on=ISSUED,
            dossier_code=CODE,
            procedure_code=PROCEDURE,
            matter=MATTER,
            applicant=APPLICANT,
            resolving_agency="Phòng Văn hóa - Xã hội",
            coordinating_agencies=["Công an phường Xuân Hương - Đà Lạt"],
            rows=[
                HandOverRow(
                    giver_unit=f"Bộ phận Một cửa (bước {step})",
                    giver_name="Lê Thị Ánh",
                    receiver_unit="Phòng Văn hóa - Xã hội",
                    receiver_name="Phạm Quốc Việt",
                    handed_at=RECEIVED + dt.timedelta(hours=step),
                    received_at=RECEIVED + dt.timedelta(hours=step, minutes=20),
                    judgement="Đúng hạn",
                    note="Đã giao bản giấy",
                )
                for step in range(1, 13)
            ],
        ),
        FormKind.LEDGER: lambda: LedgerContext(
            agency=AGENCY,
            issued_on=dt.date(2025, 9, 30),
            day_from=dt.date(2025, 9, 1),
            day_to=dt.date(2025, 9, 30),
            rows=[
                LedgerRow(
                    number=number,
                    dossier_code=f"000.17.22.H68-250916-{number:04d}",
                    procedure=MATTER,
                    sets=1,
                    applicant="Nguyễn Thị Hường",
                    contact="12 Trần Hưng Đạo; 0912345678",
                    lead_agency="Phòng Văn hóa - Xã hội",
                    received_at=RECEIVED,
                    return_at=DUE,
                    returned_at=DUE if number % 2 else None,
                    return_method="Trực tiếp",
                )
                for number in range(1, 31)
            ],
        ),
    }[kind]()
