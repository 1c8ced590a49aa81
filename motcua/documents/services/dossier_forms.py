"""Fill the forms from what the dossiers app recorded, and hand back files for the UI and the API.

Forms are read from the records, never typed in: the receipt from the reception event (its appointment is the one
given that day, even if a pause moved it since), form 02 from the supplementation request, form 05 from the stop
event, the control form from the step visits and the return, the ledger from the unit's dossiers. Each dossier is
printed in the form set it was received under (``Dossier.rule_set``); a reception notice in its own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode

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
from motcua.documents.printing import VIETNAM, format_date, format_instant, local_day
from motcua.documents.registry import FormSpec, forms_of, spec_for
from motcua.documents.services.rendering import render_docx, render_pdf
from motcua.dossiers.models import (
    Applicant,
    ApplicantKind,
    AppointmentChange,
    AppointmentChangeState,
    Dossier,
    DossierEvent,
    DossierStatus,
    EventAction,
    Judgement,
    NoticeKind,
    ReceptionNotice,
    ResultReturn,
    ReturnMethod,
    StepVisit,
    SupplementationRequest,
)
from motcua.dossiers.rulesets import rules_for
from motcua.organization.models import Unit, User

Format = Literal["pdf", "docx"]
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Decision 20/2020 codes end in ".H<province code>" (e.g. 000.00.22.H68): the province names the date line.
_PROVINCE_SUFFIX = re.compile(r"\.H(\d{2})$")


def _place(unit: Unit) -> str:
    match = _PROVINCE_SUFFIX.search(unit.code)
    if match is None:
        return unit.name
    try:
        name = Province.from_code(ProvinceCode(int(match[1]))).name
    except (ValueError, KeyError):
        return unit.name
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


def agency_for(unit: Unit) -> Agency:
    """The issuing agency block of a unit: its superior (if any), its name, its code and the place name."""
    parent = unit.parent.name if unit.parent else ""
    return Agency(name=unit.name, code=unit.code, place=_place(unit), parent_name=parent)


def _applicant(applicant: Applicant) -> ApplicantInfo:
    organisation = applicant.kind == ApplicantKind.ORGANISATION
    return ApplicantInfo(
        name=applicant.name,
        identifier=applicant.tax_code if organisation else applicant.identity_number,
        address=applicant.address,
        phone=applicant.phone,
        email=applicant.email,
    )


def _person(user: User | None) -> str:
    return str(user) if user is not None else ""


def _time_limit(dossier: Dossier) -> str:
    version = dossier.procedure_version
    if version.time_limit_value is None:
        return version.time_limit_note
    value = Decimal(version.time_limit_value).normalize()
    return f"{value:f} {version.get_time_limit_unit_display()}"


def _event(dossier: Dossier, action: EventAction) -> DossierEvent:
    event = dossier.events.filter(action=action).select_related("actor").order_by("-seq").first()
    if event is None:
        raise ValidationError(
            _("Hồ sơ %(code)s chưa có bước “%(action)s” nên chưa thể in biểu mẫu này."),
            code="form_not_available",
            params={"code": dossier.code, "action": action.label},
        )
    return event


def _today() -> dt.date:
    return local_day(timezone.now())


def receipt_context(dossier: Dossier) -> ReceiptContext:
    """Form 01 from the reception event: the papers received that day and the appointment given then."""
    event = _event(dossier, EventAction.RECEIVED)
    appointment = dt.datetime.fromisoformat(event.payload["due_at"]) if event.payload.get("due_at") else None
    components = dossier.components.filter(supplementation__isnull=True).select_related("component")
    return ReceiptContext(
        agency=agency_for(dossier.receiving_unit),
        issued_on=local_day(dossier.received_at),
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        matter=dossier.procedure_version.procedure.name,
        applicant=_applicant(dossier.applicant),
        components=[
            ReceivedComponent(name=row.component.name, form=row.get_form_display(), copies=row.copies)
            for row in components
        ],
        sets=1,
        time_limit=_time_limit(dossier),
        received_at=dossier.received_at,
        return_at=appointment or dossier.due_at or dossier.received_at,
        collect_at=dossier.receiving_unit.name,
        ledger_reference=_("số thứ tự %(number)s ngày %(day)s")
        % {"number": dossier.code.rsplit("-", 1)[-1], "day": format_date(dossier.received_at)},
        receiver=Signature(title=_("Người tiếp nhận hồ sơ"), name=_person(event.actor)),
        lookup_secret=dossier.lookup_secret,
    )


def guidance_context(dossier: Dossier, request: SupplementationRequest | None = None) -> GuidanceContext:
    """Form 02 during processing, from a supplementation request (the latest unless one is given)."""
    request = request or dossier.supplementations.select_related("author").order_by("-number").first()
    if request is None or request.dossier_id != dossier.pk:
        raise ValidationError(
            _("Hồ sơ %(code)s không có yêu cầu bổ sung nào để in."),
            code="form_not_available",
            params={"code": dossier.code},
        )
    return GuidanceContext(
        agency=agency_for(dossier.resolving_unit),
        issued_on=local_day(request.requested_at),
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        matter=dossier.procedure_version.procedure.name,
        applicant=_applicant(dossier.applicant),
        requested_items=[RequestedItem(name=item.name) for item in request.items.order_by("order")],
        reason=request.reason,
        contact_officer=_person(request.author),
        contact_phone=request.author.phone,
        guide=Signature(title=_("Người hướng dẫn"), name=_person(request.author)),
    )


def stop_notice_context(dossier: Dossier) -> StopNoticeContext:
    """Form 05 of the 2025 set from the stop event: the request it answers, the reason and who decided."""
    event = _event(dossier, EventAction.STOPPED)
    grounds = event.payload.get("legal_grounds") or ""
    return StopNoticeContext(
        agency=agency_for(dossier.resolving_unit),
        issued_on=local_day(event.at),
        document_number="",
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        matter=dossier.procedure_version.procedure.name,
        applicant=_applicant(dossier.applicant),
        received_at=dossier.received_at,
        request=event.payload.get("answers_request", ""),
        reason=f"{event.reason} ({grounds})" if grounds else event.reason,
        signer=Signature(title=_("Thủ trưởng cơ quan"), name=_person(event.actor)),
        copied_to=[dossier.receiving_unit.name],
    )


def apology_context(dossier: Dossier) -> ApologyContext:
    """Form 04 from the issued apology letter: the responsible agency, the old and new appointments, the reason."""
    change = (
        AppointmentChange.objects.filter(dossier=dossier, state=AppointmentChangeState.APPROVED)
        .select_related("responsible_unit__parent", "decided_by")
        .first()
    )
    if change is None:
        raise ValidationError(
            _("Hồ sơ %(code)s chưa có văn bản xin lỗi, hẹn lại ngày trả kết quả đã phát hành."),
            code="form_not_available",
            params={"code": dossier.code},
        )
    return ApologyContext(
        agency=agency_for(change.responsible_unit),
        issued_on=local_day(change.letter_issued_at),
        document_number="",
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        matter=dossier.procedure_version.procedure.name,
        applicant=_applicant(dossier.applicant),
        received_at=dossier.received_at,
        original_return_at=change.old_due_at,
        reason=change.reason,
        new_return_at=change.new_due_at,
        signer=Signature(title=_("Thủ trưởng cơ quan"), name=_person(change.decided_by)),
        copied_to=[dossier.receiving_unit.name],
    )


def _paper_note(visit: StepVisit) -> str:
    if not visit.paper_handed_over:
        return ""
    if visit.paper_confirmed_at is None:
        return _("Có giao hồ sơ giấy, chưa xác nhận nhận")
    return _("Đã nhận hồ sơ giấy lúc %(at)s") % {"at": format_instant(visit.paper_confirmed_at)}


def control_form_context(dossier: Dossier) -> ControlContext:
    """The control form: one row per hand-over between step visits, and the return to the applicant."""
    visits = list(dossier.visits.select_related("unit", "holder", "left_by").order_by("entered_at", "id"))
    judgements = dict(Judgement.choices)
    rows = []
    for given, taken in itertools.pairwise(visits):
        note = "; ".join(part for part in (given.note, _paper_note(taken)) if part)
        rows.append(
            HandOverRow(
                giver_unit=given.unit.name,
                giver_name=_person(given.left_by),
                receiver_unit=taken.unit.name,
                receiver_name=_person(taken.holder),
                handed_at=taken.entered_at,
                received_at=taken.paper_confirmed_at,
                judgement=str(judgements.get(given.judgement, "")),
                note=note,
            )
        )
    returned = ResultReturn.objects.filter(dossier=dossier).select_related("returned_by").first()
    if returned is not None and visits:
        rows.append(
            HandOverRow(
                giver_unit=visits[-1].unit.name,
                giver_name=_person(returned.returned_by),
                receiver_unit=_("Người nộp hồ sơ"),
                receiver_name=returned.recipient,
                handed_at=returned.returned_at,
                received_at=None,
                judgement=str(judgements.get(dossier.judgement, "")),
                note=returned.get_method_display(),
            )
        )
    main_units = {dossier.receiving_unit_id, dossier.resolving_unit_id}
    coordinating = list(dict.fromkeys(visit.unit.name for visit in visits if visit.unit_id not in main_units))
    return ControlContext(
        agency=agency_for(dossier.receiving_unit),
        issued_on=_today(),
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        matter=dossier.procedure_version.procedure.name,
        applicant=_applicant(dossier.applicant),
        resolving_agency=dossier.resolving_unit.name,
        coordinating_agencies=coordinating,
        rows=rows,
    )


def ledger_context(unit: Unit, day_from: dt.date, day_to: dt.date) -> LedgerContext:
    """The ledger of the dossiers ``unit`` received from ``day_from`` to ``day_to`` (local days, inclusive)."""
    if day_to < day_from:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="invalid_period")
    start = dt.datetime.combine(day_from, dt.time.min, tzinfo=VIETNAM)
    end = dt.datetime.combine(day_to + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    # Uses dossier_receiving_day_idx (receiving unit + received_at).
    dossiers = (
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("applicant", "procedure_version__procedure", "resolving_unit", "result_return")
        .order_by("received_at", "code")
    )
    methods = dict(ReturnMethod.choices)
    rows = []
    for number, dossier in enumerate(dossiers, start=1):
        returned = getattr(dossier, "result_return", None)
        applicant = dossier.applicant
        rows.append(
            LedgerRow(
                number=number,
                dossier_code=dossier.code,
                procedure=dossier.procedure_version.procedure.name,
                sets=1,
                applicant=applicant.name,
                contact="; ".join(part for part in (applicant.address, applicant.phone) if part),
                lead_agency=dossier.resolving_unit.name,
                received_at=dossier.received_at,
                return_at=dossier.due_at,
                returned_at=dossier.returned_at,
                return_method=str(methods.get(returned.method, "")) if returned else "",
                note="" if dossier.status == DossierStatus.RETURNED else dossier.get_status_display(),
            )
        )
    return LedgerContext(agency=agency_for(unit), issued_on=_today(), day_from=day_from, day_to=day_to, rows=rows)


def notice_context(notice: ReceptionNotice) -> GuidanceContext | RefusalContext:
    """Form 02 or 03 given at the desk instead of receiving: no dossier code exists, the serial identifies it."""
    procedure = notice.procedure_version.procedure
    agency, applicant = agency_for(notice.unit), _applicant(notice.applicant)
    issued_on, officer = local_day(notice.issued_at), _person(notice.officer)
    if notice.kind == NoticeKind.REFUSAL:
        return RefusalContext(
            agency=agency,
            issued_on=issued_on,
            dossier_code="",
            procedure_code=procedure.code,
            matter=procedure.name,
            applicant=applicant,
            reasons=[line.strip() for line in notice.reason.splitlines() if line.strip()],
            receiver=Signature(title=_("Người tiếp nhận hồ sơ"), name=officer),
        )
    return GuidanceContext(
        agency=agency,
        issued_on=issued_on,
        dossier_code="",
        procedure_code=procedure.code,
        matter=procedure.name,
        applicant=applicant,
        requested_items=[RequestedItem(name=item.name) for item in notice.items.order_by("order")],
        reason=notice.reason,
        contact_officer=officer,
        contact_phone=notice.officer.phone,
        guide=Signature(title=_("Người hướng dẫn"), name=officer),
    )


DOSSIER_BUILDERS: dict[FormKind, Callable[[Dossier], FormContext]] = {
    FormKind.RECEIPT: receipt_context,
    FormKind.GUIDANCE: guidance_context,
    FormKind.APOLOGY: apology_context,
    FormKind.STOP_NOTICE: stop_notice_context,
    FormKind.CONTROL: control_form_context,
}


def context_for(form_kind: FormKind | str, dossier: Dossier) -> FormContext:
    """The context of one form of a dossier, read from its records."""
    builder = DOSSIER_BUILDERS.get(FormKind(form_kind))
    if builder is None:
        raise ValidationError(
            _("Biểu mẫu “%(form)s” không in theo từng hồ sơ từ dữ liệu hiện có."),
            code="form_not_available",
            params={"form": FormKind(form_kind).label},
        )
    return builder(dossier)


def printable_forms(dossier: Dossier) -> list[FormSpec]:
    """The forms of the dossier's set that its records can fill now, for the dossier page's print menu."""
    available = {FormKind.RECEIPT, FormKind.CONTROL}
    if dossier.supplement_count:
        available.add(FormKind.GUIDANCE)
    if dossier.status == DossierStatus.STOPPED:
        available.add(FormKind.STOP_NOTICE)
    if dossier.extended_minutes:  # mirrors the issued apology letter (one per dossier)
        available.add(FormKind.APOLOGY)
    return [spec for spec in forms_of(dossier.rule_set) if spec.kind in available]


def _render(spec: FormSpec, context: FormContext, fmt: str) -> bytes:
    renderers = {"pdf": render_pdf, "docx": render_docx}
    if fmt not in renderers:
        raise ValidationError(
            _("Định dạng tệp không được hỗ trợ: %(fmt)s."), code="invalid_format", params={"fmt": fmt}
        )
    return renderers[fmt](spec.kind, spec.rule_set, context)


def form_for_dossier(dossier: Dossier, form_kind: FormKind | str, fmt: Format = "pdf") -> tuple[str, str, bytes]:
    """``(filename, content type, content)`` of a form of the dossier, in the dossier's own form set."""
    spec = spec_for(dossier.rule_set, form_kind)
    content = _render(spec, context_for(spec.kind, dossier), fmt)
    return f"{dossier.code}-mau-{spec.number}.{fmt}", CONTENT_TYPES[fmt], content


def form_for_notice(notice: ReceptionNotice, fmt: Format = "pdf") -> tuple[str, str, bytes]:
    """``(filename, content type, content)`` of the guidance (02) or refusal (03) given at the desk."""
    spec = spec_for(notice.rule_set, notice.kind)
    content = _render(spec, notice_context(notice), fmt)
    return f"{notice.serial}-mau-{spec.number}.{fmt}", CONTENT_TYPES[fmt], content


def ledger_for_unit(unit: Unit, day_from: dt.date, day_to: dt.date, fmt: Format = "pdf") -> tuple[str, str, bytes]:
    """``(filename, content type, content)`` of the unit's ledger, in the form set in force on its last day."""
    spec = spec_for(rules_for(day_to).code, FormKind.LEDGER)
    content = _render(spec, ledger_context(unit, day_from, day_to), fmt)
    name = f"so-theo-doi-ho-so-{unit.code}-{day_from:%Y%m%d}-{day_to:%Y%m%d}.{fmt}"
    return name, CONTENT_TYPES[fmt], content
