"""What each official form prints: one typed context per form, holding the fields of domain.md §4.

The contexts are plain frozen dataclasses so that the renderers can be tested without a database and so that the
dossier builders (``services/dossier_forms.py``) have one exact target to fill from the records. Instants are aware
datetimes and are shown in Vietnam's local time; labels (judgements, channels) arrive already translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    """The forms of the one-stop circulars; values match the keys of ``motcua.dossiers.rulesets``."""

    RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    GUIDANCE = "guidance", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "apology", _("Phiếu xin lỗi, hẹn lại ngày trả kết quả")
    STOP_NOTICE = "stop_notice", _("Thông báo dừng giải quyết hồ sơ")
    CONTROL = "control", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    LEDGER = "ledger", _("Sổ theo dõi hồ sơ")


@dataclass(frozen=True)
class Agency:
    """The issuing agency as printed top left: its superior (cơ quan chủ quản), its own name and the place name."""

    name: str
    code: str
    place: str
    parent_name: str = ""


@dataclass(frozen=True)
class ApplicantInfo:
    """The applicant as the forms name them; ``identifier`` is the identity number or the tax code."""

    name: str
    identifier: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Signature:
    """A signature block: the capacity printed in capitals (``title``) and the signer's name under the blank."""

    title: str
    name: str = ""
    on_behalf: str = ""


@dataclass(frozen=True)
class ReceivedComponent:
    """One line of the table of papers received (form 01)."""

    name: str
    form: str
    copies: int | None


@dataclass(frozen=True)
class RequestedItem:
    """One paper or content the applicant must supply or correct (form 02), with what is wrong with it."""

    name: str
    note: str = ""


@dataclass(frozen=True)
class ReceiptContext:
    """Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    agency: Agency
    issued_on: dt.date
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    components: Sequence[ReceivedComponent]
    sets: int
    time_limit: str
    received_at: dt.datetime
    return_at: dt.datetime
    collect_at: str
    ledger_reference: str
    receiver: Signature
    lookup_secret: str = ""


@dataclass(frozen=True)
class GuidanceContext:
    """Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — one written request listing every missing item."""

    agency: Agency
    issued_on: dt.date
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    requested_items: Sequence[RequestedItem]
    reason: str
    contact_officer: str
    contact_phone: str
    guide: Signature


@dataclass(frozen=True)
class RefusalContext:
    """Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the specific reasons."""

    agency: Agency
    issued_on: dt.date
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    reasons: Sequence[str]
    receiver: Signature


@dataclass(frozen=True)
class ApologyContext:
    """Form 04: the apology with the new return date (2018) or the request to extend the time limit (2025)."""

    agency: Agency
    issued_on: dt.date
    document_number: str
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    received_at: dt.datetime
    original_return_at: dt.datetime
    reason: str
    new_return_at: dt.datetime
    signer: Signature
    copied_to: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class StopNoticeContext:
    """Form 05 of the 2025 set: Thông báo dừng giải quyết hồ sơ, naming the request it answers and the grounds."""

    agency: Agency
    issued_on: dt.date
    document_number: str
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    received_at: dt.datetime
    request: str
    reason: str
    signer: Signature
    copied_to: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class HandOverRow:
    """One hand-over of the dossier between units or people, as the control form prints it."""

    giver_unit: str
    giver_name: str
    receiver_unit: str
    receiver_name: str
    handed_at: dt.datetime
    received_at: dt.datetime | None
    judgement: str
    note: str = ""


@dataclass(frozen=True)
class ControlContext:
    """The control form (2018 no. 05, 2025 no. 06): Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    agency: Agency
    issued_on: dt.date
    dossier_code: str
    procedure_code: str
    matter: str
    applicant: ApplicantInfo
    resolving_agency: str
    coordinating_agencies: Sequence[str]
    rows: Sequence[HandOverRow]


@dataclass(frozen=True)
class LedgerRow:
    """One dossier in the ledger."""

    number: int
    dossier_code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    lead_agency: str
    received_at: dt.datetime
    return_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_method: str
    note: str = ""


@dataclass(frozen=True)
class LedgerContext:
    """The ledger (2018 no. 06, 2025 no. 07): Sổ theo dõi hồ sơ of one unit over a period of reception days."""

    agency: Agency
    issued_on: dt.date
    day_from: dt.date
    day_to: dt.date
    rows: Sequence[LedgerRow]


FormContext = (
    ReceiptContext
    | GuidanceContext
    | RefusalContext
    | ApologyContext
    | StopNoticeContext
    | ControlContext
    | LedgerContext
)

CONTEXT_TYPES: dict[FormKind, type] = {
    FormKind.RECEIPT: ReceiptContext,
    FormKind.GUIDANCE: GuidanceContext,
    FormKind.REFUSAL: RefusalContext,
    FormKind.APOLOGY: ApologyContext,
    FormKind.STOP_NOTICE: StopNoticeContext,
    FormKind.CONTROL: ControlContext,
    FormKind.LEDGER: LedgerContext,
}
