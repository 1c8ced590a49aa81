"""The API's request and response shapes; field names are the public contract (the committed ``openapi.json``).

Request bodies mirror the services' dataclasses (``ReceptionData``, ``ApplicantData``, ``ComponentReceipt``) and
refuse unknown fields, so a typo is an error rather than silently ignored. Choice fields answer with the stored code
and its label in the caller's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

from motcua.catalog.models import ProcedureVersion, TimeLimitUnit
from motcua.documents.forms import FormKind
from motcua.dossiers.models import (
    OPEN_STATUSES,
    ApplicantKind,
    Channel,
    DigitisationExemption,
    Dossier,
    DossierEvent,
    DossierStatus,
)
from motcua.dossiers.services import Action
from motcua.organization.models import UnitLevel


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


def label(choices: Any, value: str) -> str:
    """The label of ``value`` in a ``TextChoices`` class, in the active language ('' for an empty value)."""
    return str(choices(value).label) if value else ""


# Errors -------------------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="Thông báo lỗi, theo ngôn ngữ của yêu cầu (Accept-Language; mặc định vi).")
    errors: dict[str, list[str]] = Field(description="Lỗi theo từng trường; `__all__` cho lỗi chung.")


class ConflictOut(ErrorOut):
    current_version: int = Field(description="Phiên bản ghi hiện tại của hồ sơ: tải lại rồi thực hiện lại.")


# Shared -------------------------------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    code: str
    name: str


class SectorOut(Schema):
    code: str
    name: str


class ProcedureRefOut(Schema):
    code: str
    name: str


# Procedures ---------------------------------------------------------------------------------------------------------


class ProcedureOut(Schema):
    code: str
    name: str
    level: UnitLevel
    level_label: str
    sector: SectorOut

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return label(UnitLevel, obj.level)


class ComponentOut(Schema):
    id: int
    order: int
    name: str
    form: str
    copies: int | None
    required: bool
    condition: str
    data_source: str


class FeeOut(Schema):
    kind: str
    description: str
    amount_vnd: int | None
    payable_when: str


class TimeLimitOut(Schema):
    value: Decimal | None
    unit: str
    unit_label: str
    note: str
    same_day_cutoff: dt.time
    extended_value: Decimal | None
    extended_condition: str


class VersionOut(Schema):
    id: int = Field(description="Dùng làm `procedure_version_id` khi tiếp nhận hồ sơ.")
    number: int
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    implementing_agency: str
    time_limit: TimeLimitOut
    pausable: bool
    extendable: bool
    supplementation_limit: int
    boundary_free: bool
    channel_counter: bool
    channel_postal: bool
    online_mode: str
    result_document: str
    legal_basis: str
    components: list[ComponentOut]
    fees: list[FeeOut]

    @staticmethod
    def resolve_time_limit(obj: ProcedureVersion) -> dict[str, Any]:
        return {
            "value": obj.time_limit_value,
            "unit": obj.time_limit_unit,
            "unit_label": label(TimeLimitUnit, obj.time_limit_unit),
            "note": obj.time_limit_note,
            "same_day_cutoff": obj.same_day_cutoff,
            "extended_value": obj.extended_time_limit_value,
            "extended_condition": obj.extended_time_limit_condition,
        }

    @staticmethod
    def resolve_components(obj: ProcedureVersion) -> list[Any]:
        return list(obj.components.all())

    @staticmethod
    def resolve_fees(obj: ProcedureVersion) -> list[Any]:
        return list(obj.fees.all())


class ProcedureDetailOut(ProcedureOut):
    version_in_force: VersionOut | None = Field(
        description="Phiên bản có hiệu lực vào ngày hỏi (mặc định hôm nay); null nếu không có."
    )


# Dossiers: reception ------------------------------------------------------------------------------------------------


class ApplicantIn(Input):
    kind: ApplicantKind
    name: str = Field(min_length=1, max_length=255)
    identity_number: str = ""
    date_of_birth: dt.date | None = None
    tax_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


class ComponentReceiptIn(Input):
    component_id: int = Field(description="Mã thành phần hồ sơ của phiên bản thủ tục (xem GET /procedures/{code}).")
    copies: int = Field(1, ge=1)
    form: str = Field("", description="Để trống: theo hình thức đã công bố.")
    digitised: bool = False
    digitisation_exemption: DigitisationExemption | None = None


class ReceptionIn(Input):
    """Mirrors ``motcua.dossiers.services.ReceptionData``; scanned files are attached in the staff UI."""

    procedure_version_id: int
    receiving_unit_id: int
    applicant: ApplicantIn
    channel: Channel
    components: list[ComponentReceiptIn]
    resolving_unit_id: int | None = Field(None, description="Mặc định: đơn vị tiếp nhận.")
    received_at: dt.datetime | None = Field(None, description="Thời điểm tiếp nhận hợp lệ; mặc định: bây giờ.")
    note: str = ""

    def service_data(self) -> dict[str, Any]:
        """The body as the plain dict ``receive`` accepts."""
        data = self.model_dump(mode="python")
        for component in data["components"]:
            component["digitisation_exemption"] = component["digitisation_exemption"] or ""
        return data


# Dossiers: reading --------------------------------------------------------------------------------------------------


class StepOut(Schema):
    code: str
    name: str
    kind: str


class ApplicantOut(Schema):
    kind: str
    name: str
    identity_number: str
    date_of_birth: dt.date | None
    tax_code: str
    representative: str
    address: str
    phone: str
    email: str


class ReceivedComponentOut(Schema):
    component_id: int
    name: str
    form: str
    copies: int
    digitised: bool
    digitisation_exemption: str
    received_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.component.name


class DossierSummaryOut(Schema):
    code: str
    status: DossierStatus
    status_label: str
    procedure: ProcedureRefOut
    applicant_name: str
    channel: Channel
    receiving_unit: UnitOut
    current_unit: UnitOut | None
    current_step: StepOut | None
    received_at: dt.datetime
    due_at: dt.datetime | None = Field(description="Ngày hẹn trả; null khi đang tạm dừng tính thời gian.")
    overdue: bool = Field(description="Đang mở và đã quá ngày hẹn trả.")
    lock_version: int = Field(description="Gửi lại làm `expected_version` khi thực hiện thao tác.")

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return label(DossierStatus, obj.status)

    @staticmethod
    def resolve_procedure(obj: Dossier) -> Any:
        return obj.procedure_version.procedure

    @staticmethod
    def resolve_applicant_name(obj: Dossier) -> str:
        return obj.applicant.name

    @staticmethod
    def resolve_overdue(obj: Dossier) -> bool:
        return obj.status in OPEN_STATUSES and obj.due_at is not None and obj.due_at < timezone.now()


class DossierOut(DossierSummaryOut):
    national_status: int = Field(description="TrangThaiHoSo của Cổng dịch vụ công quốc gia.")
    procedure_version_id: int
    rule_set: str
    resolving_unit: UnitOut
    applicant: ApplicantOut
    supplement_count: int
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    judgement: str
    components: list[ReceivedComponentOut]

    @staticmethod
    def resolve_national_status(obj: Dossier) -> int:
        return DossierStatus(obj.status).national_code

    @staticmethod
    def resolve_components(obj: Dossier) -> list[Any]:
        return list(obj.components.select_related("component"))


class UserRefOut(Schema):
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class EventOut(Schema):
    seq: int
    at: dt.datetime
    action: str
    action_label: str
    actor: UserRefOut
    role: str
    role_label: str
    unit: UnitOut
    from_status: str
    to_status: str
    reason: str
    clock_effect: str
    clock_effect_label: str

    @staticmethod
    def resolve_action_label(obj: DossierEvent) -> str:
        return str(obj.get_action_display())

    @staticmethod
    def resolve_role_label(obj: DossierEvent) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_clock_effect_label(obj: DossierEvent) -> str:
        return str(obj.get_clock_effect_display())


class AllowedActionOut(Schema):
    action: Action
    label: str


class AllowedActionsOut(Schema):
    lock_version: int
    actions: list[AllowedActionOut]


class FormOut(Schema):
    kind: FormKind = Field(description="Dùng trong GET /dossiers/{code}/forms/{kind}.")
    number: str
    title: str


class ActionIn(Input):
    action: Action
    expected_version: int = Field(ge=0, description="`lock_version` của hồ sơ mà người gọi đã đọc.")
    payload: dict[str, Any] = Field(
        default_factory=dict, description="Dữ liệu của thao tác (xem motcua.dossiers.services.payloads)."
    )
