"""Forms of the staff workspace: queue filters, reception at the desk, and one small form per dossier action.

Forms only collect and shape input; every rule is checked by the services (``receive``, ``record_guidance``,
``record_refusal``, ``perform``), whose ``ValidationError`` is put back on the form with ``add_service_error``.
Components are offered only from the procedure version's published list (domain.md §2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, ComponentForm, Procedure, ProcedureVersion, ProcessStatus, VersionStatus
from motcua.catalog.services import published_components
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    DigitisationExemption,
    Dossier,
    DossierStatus,
    ReturnMethod,
    Sos,
    SosCategory,
    SosState,
    SupplementationRequest,
)
from motcua.dossiers.services import (
    CORRECTABLE_FIELDS,
    Action,
    ApplicantData,
    ComponentReceipt,
    GuidanceData,
    ReceptionData,
    RefusalData,
)
from motcua.dossiers.services.processing import valid_results
from motcua.organization.access import units_where
from motcua.organization.models import Membership, Role, Unit, UnitKind, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def add_service_error(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names when the form has it, else on top."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.error_dict.items():
        field = field_map.get(key, key)
        messages = [message for item in errors for message in item.messages]
        form.add_error(field if field in form.fields else None, messages)


class QueueFilterForm(forms.Form):
    """Search (code, applicant name, identity number) and filters of a queue page; all optional."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Mã hồ sơ, tên người nộp, số định danh")}),
    )
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục"), queryset=Procedure.objects.order_by("code"), required=False, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *DossierStatus.choices], required=False
    )
    due_before = forms.DateField(label=_("Hẹn trả trước ngày"), required=False, widget=DATE_INPUT)

    def filter(self, dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
        """``dossiers`` narrowed by the valid criteria (an invalid form filters nothing more)."""
        if not self.is_valid():
            return dossiers
        data = self.cleaned_data
        text = data["q"].strip()
        if text:
            match = Q(code__istartswith=text) | Q(applicant__name__icontains=text)
            if text.isdigit():
                match |= Q(applicant__identity_number=text)
            dossiers = dossiers.filter(match)
        if data["procedure"]:
            dossiers = dossiers.filter(procedure_version__procedure=data["procedure"])
        if data["status"]:
            dossiers = dossiers.filter(status=data["status"])
        if data["due_before"]:
            end = dt.datetime.combine(data["due_before"], dt.time.min, tzinfo=timezone.get_current_timezone())
            dossiers = dossiers.filter(due_at__lt=end)
        return dossiers


class ComponentRows:
    """Per published component: received?, form, copies, scanned file or why not scanned (Circular 03/2025 Art. 5).

    Mixed into a form; ``self.components`` must be set before ``add_component_fields`` runs.
    """

    components: list[Component]
    fields: dict[str, forms.Field]
    component_field_names: frozenset[str] = frozenset()

    def add_component_fields(self, *, received: bool, with_missing: bool = False) -> None:
        before = set(self.fields)
        for component in self.components:
            prefix = f"c{component.pk}"
            self.fields[f"{prefix}_received"] = forms.BooleanField(label=_("Đã nhận"), required=False, initial=received)
            if with_missing:
                self.fields[f"{prefix}_missing"] = forms.BooleanField(label=_("Cần bổ sung"), required=False)
            self.fields[f"{prefix}_form"] = forms.ChoiceField(
                label=_("Hình thức"), choices=ComponentForm.choices, initial=component.form or ComponentForm.ORIGINAL
            )
            self.fields[f"{prefix}_copies"] = forms.IntegerField(
                label=_("Số bản"), min_value=1, initial=component.copies or 1
            )
            self.fields[f"{prefix}_file"] = forms.FileField(label=_("Bản quét"), required=False)
            self.fields[f"{prefix}_exemption"] = forms.ChoiceField(
                label=_("Không số hóa vì"),
                choices=[("", "—"), *DigitisationExemption.choices],
                required=False,
            )
        self.component_field_names = frozenset(set(self.fields) - before)

    def component_rows(self) -> list[dict[str, Any]]:
        """The component fields grouped per component, for the template's table."""
        rows = []
        for component in self.components:
            prefix = f"c{component.pk}"
            row: dict[str, Any] = {"component": component}
            for name in ("received", "missing", "form", "copies", "file", "exemption"):
                if f"{prefix}_{name}" in self.fields:
                    row[name] = self[f"{prefix}_{name}"]  # type: ignore[index]
            rows.append(row)
        return rows

    def component_receipts(self) -> list[ComponentReceipt]:
        """The ticked components as receipts; a scanned file marks the paper as digitised."""
        data = self.cleaned_data  # type: ignore[attr-defined]
        receipts = []
        for component in self.components:
            prefix = f"c{component.pk}"
            if not data.get(f"{prefix}_received"):
                continue
            upload = data.get(f"{prefix}_file")
            receipts.append(
                ComponentReceipt(
                    component_id=component.pk,
                    copies=data.get(f"{prefix}_copies") or 1,
                    form=data.get(f"{prefix}_form") or "",
                    file=upload,
                    digitised=upload is not None,
                    digitisation_exemption="" if upload is not None else data.get(f"{prefix}_exemption", ""),
                )
            )
        return receipts


def versions_in_force(day: dt.date) -> QuerySet[ProcedureVersion]:
    """Published versions valid on ``day`` that have an active process: what a desk can receive under today."""
    return (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .filter(processes__status=ProcessStatus.ACTIVE)
        .select_related("procedure")
        .order_by("procedure__code", "number")
        .distinct()
    )


def resolving_units_for(desks: QuerySet[Unit], day: dt.date) -> QuerySet[Unit]:
    """The units a desk may name as competent to resolve (a stop-gap until the competence table exists).

    Offered: the desk's own units, their parent People's Committee, and the units under that committee (or under
    the desk's parent) where someone holds a specialist or leader role, since a dossier sent to a unit nobody works
    in would be stuck.
    """
    desk_ids = list(desks.values_list("pk", flat=True))
    parents = list(desks.exclude(parent=None).values_list("parent_id", flat=True))
    staffed = Membership.objects.active_on(day).filter(role__in=[Role.SPECIALIST, Role.UNIT_LEADER]).values("unit_id")
    return (
        Unit.objects.active_on(day)
        .filter(
            Q(pk__in=desk_ids)
            | Q(pk__in=parents, kind=UnitKind.PEOPLES_COMMITTEE)
            | Q(parent_id__in=parents, pk__in=staffed)
        )
        .order_by("code")
        .distinct()
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProcedureVersion) -> str:
        return f"{obj.procedure.code} — {obj.procedure.name}"


APPLICANT_TEXT_FIELDS = ("name", "identity_number", "address", "phone", "email", "tax_code", "representative")


class ReceptionForm(ComponentRows, forms.Form):
    """The desk's reception: procedure, applicant, channel, components, resolving unit, then one of three outcomes.

    The component rows exist only once a procedure version is chosen (the page loads them with htmx when the
    choice changes, or after a plain submit without JavaScript).
    """

    OUTCOME_RECEIVE = "receive"
    OUTCOME_GUIDANCE = "guidance"
    OUTCOME_REFUSE = "refuse"

    procedure_version = VersionChoiceField(label=_("Thủ tục"), queryset=ProcedureVersion.objects.none())
    receiving_unit = forms.ModelChoiceField(label=_("Nơi tiếp nhận"), queryset=Unit.objects.none(), empty_label=None)
    resolving_unit = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_(
            "Tạm thời chọn trong đơn vị của bộ phận một cửa, UBND cấp trên và các đơn vị trực thuộc có cán bộ."
        ),
    )
    channel = forms.ChoiceField(label=_("Kênh nộp"), choices=Channel.choices, initial=Channel.COUNTER)
    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255)
    identity_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DATE_INPUT)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14, required=False)
    representative = forms.CharField(label=_("Người đại diện"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)
    reason = forms.CharField(
        label=_("Lý do, nội dung hướng dẫn"),
        required=False,
        widget=SHORT_TEXT,
        help_text=_("Bắt buộc khi hướng dẫn bổ sung (mẫu 02) hoặc từ chối tiếp nhận (mẫu 03)."),
    )
    # The recorded population look-up the officer made for this applicant (set by the look-up button's answer).
    population_lookup = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, day: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        desks = units_where(user, Role.DESK_OFFICER, on=day).order_by("code")
        self.fields["procedure_version"].queryset = versions_in_force(day)
        self.fields["receiving_unit"].queryset = desks
        self.fields["resolving_unit"].queryset = resolving_units_for(desks, day)
        first_desk = desks.first()
        if first_desk is not None:
            self.fields["receiving_unit"].initial = first_desk.pk
            committee = first_desk.parent if first_desk.parent_id else None
            is_committee = committee is not None and committee.kind == UnitKind.PEOPLES_COMMITTEE
            self.fields["resolving_unit"].initial = committee.pk if is_committee else first_desk.pk
        self.version = self._chosen_version()
        self.components = list(published_components(self.version)) if self.version else []
        self.add_component_fields(received=False, with_missing=True)

    def _chosen_version(self) -> ProcedureVersion | None:
        raw = self.data.get("procedure_version") if self.is_bound else self.initial.get("procedure_version")
        try:
            return self.fields["procedure_version"].queryset.get(pk=int(raw)) if raw else None
        except (ValueError, TypeError, ProcedureVersion.DoesNotExist):
            return None

    def _applicant(self) -> ApplicantData:
        data = self.cleaned_data
        text = {name: data[name] or "" for name in APPLICANT_TEXT_FIELDS}
        return ApplicantData(kind=data["applicant_kind"], date_of_birth=data["date_of_birth"], **text)

    def _common(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "procedure_version_id": data["procedure_version"].pk,
            "receiving_unit_id": data["receiving_unit"].pk,
            "applicant": self._applicant(),
            "channel": data["channel"],
        }

    def reception_data(self) -> ReceptionData:
        return ReceptionData(
            **self._common(),
            components=self.component_receipts(),
            resolving_unit_id=self.cleaned_data["resolving_unit"].pk,
            note=self.cleaned_data["note"],
        )

    def guidance_data(self) -> GuidanceData:
        missing = [c.pk for c in self.components if self.cleaned_data.get(f"c{c.pk}_missing")]
        return GuidanceData(**self._common(), component_ids=missing, reason=self.cleaned_data["reason"])

    def refusal_data(self) -> RefusalData:
        return RefusalData(**self._common(), reason=self.cleaned_data["reason"])

    def paper_components(self, outcome: str) -> list[Component]:
        """The components a person hands in on paper (receive) or is asked for (guidance): what a look-up must allow."""
        data = self.cleaned_data
        if data["applicant_kind"] != ApplicantKind.PERSON or outcome == self.OUTCOME_REFUSE:
            return []
        flag = "missing" if outcome == self.OUTCOME_GUIDANCE else "received"
        return [component for component in self.components if data.get(f"c{component.pk}_{flag}")]

    FIELD_MAP = {
        "procedure_version_id": "procedure_version",
        "receiving_unit_id": "receiving_unit",
        "resolving_unit_id": "resolving_unit",
    }


class ActionForm(forms.Form):
    """One action of ``perform``: its fields, the version the officer saw, and the payload it builds."""

    action: Action
    FIELD_MAP: dict[str, str] = {}
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action.value)
        kwargs.setdefault("initial", {})["lock_version"] = dossier.lock_version
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def payload(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "lock_version"}

    def plain_fields(self) -> list[forms.BoundField]:
        """The visible fields outside the component table (which the template draws itself)."""
        names = getattr(self, "component_field_names", frozenset())
        return [field for field in self.visible_fields() if field.name not in names]


class ForwardForm(ActionForm):
    action = Action.FORWARD
    note = forms.CharField(label=_("Ý kiến chuyển xử lý"), required=False, widget=SHORT_TEXT)
    paper_handed_over = forms.BooleanField(label=_("Có giao kèm hồ sơ giấy"), required=False)


class ConfirmPaperForm(ActionForm):
    action = Action.CONFIRM_PAPER
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)


class SendBackForm(ActionForm):
    action = Action.SEND_BACK
    reason = forms.CharField(label=_("Lý do trả lại"), widget=SHORT_TEXT)


class RequestSupplementForm(ActionForm):
    """Form 02 during processing: only published components, every missing item at once, with the reason."""

    action = Action.REQUEST_SUPPLEMENT
    components = forms.ModelMultipleChoiceField(
        label=_("Giấy tờ cần bổ sung"), queryset=Component.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Lý do yêu cầu bổ sung"), widget=SHORT_TEXT)
    legal_basis = forms.CharField(label=_("Căn cứ (khi vượt số lần quy định)"), required=False, widget=SHORT_TEXT)
    approver = forms.ModelChoiceField(
        label=_("Lãnh đạo đồng ý (khi vượt số lần quy định)"), queryset=User.objects.none(), required=False
    )
    applicant_at_fault = forms.BooleanField(label=_("Thiếu sót do lỗi của người nộp"), required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["components"].queryset = published_components(dossier.procedure_version)
        leaders = Membership.objects.active_on(timezone.localdate()).filter(
            unit_id__in=[dossier.resolving_unit_id, dossier.current_unit_id], role=Role.UNIT_LEADER
        )
        self.fields["approver"].queryset = User.objects.filter(pk__in=leaders.values("user_id")).order_by("username")

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "component_ids": [c.pk for c in data["components"]],
            "reason": data["reason"],
            "legal_basis": data["legal_basis"],
            "approver_id": data["approver"].pk if data["approver"] else None,
            "applicant_at_fault": data["applicant_at_fault"],
        }

    FIELD_MAP = {"component_ids": "components", "approver_id": "approver"}


class ReceiveSupplementForm(ComponentRows, ActionForm):
    """The applicant's supplement, recorded at the desk: the papers the open request listed."""

    action = Action.RECEIVE_SUPPLEMENT
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        request = (
            SupplementationRequest.objects.filter(dossier=dossier, fulfilled_at__isnull=True)
            .prefetch_related("items")
            .order_by("-number")
            .first()
        )
        self.components = list(request.items.all()) if request else []
        self.add_component_fields(received=True)

    def payload(self) -> dict[str, Any]:
        return {"components": self.component_receipts(), "note": self.cleaned_data["note"]}


class RequestPaymentForm(ActionForm):
    """The notice of financial obligations (fees, taxes) the applicant must pay before processing goes on."""

    action = Action.REQUEST_PAYMENT
    description = forms.CharField(label=_("Nghĩa vụ tài chính phải nộp"), widget=SHORT_TEXT)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, required=False)
    notice_number = forms.CharField(label=_("Số thông báo"), max_length=64, required=False)
    notice_date = forms.DateField(label=_("Ngày thông báo"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(label=_("Căn cứ, lý do"), widget=SHORT_TEXT)


class ConfirmPaymentForm(ActionForm):
    """The applicant's payment, shown at the desk or recorded by the step holder: processing resumes."""

    action = Action.CONFIRM_PAYMENT
    receipt_reference = forms.CharField(label=_("Số biên lai, chứng từ nộp tiền"), max_length=64)
    paid_on = forms.DateField(label=_("Ngày nộp tiền"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)


class ApproveForm(ActionForm):
    action = Action.APPROVE
    note = forms.CharField(label=_("Ý kiến phê duyệt"), required=False, widget=SHORT_TEXT)


class RefuseForm(ActionForm):
    action = Action.REFUSE
    reason = forms.CharField(label=_("Lý do từ chối giải quyết"), widget=SHORT_TEXT)


class AttachResultForm(ActionForm):
    action = Action.ATTACH_RESULT
    name = forms.CharField(label=_("Tên giấy tờ kết quả"), max_length=500)
    document_number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=64, required=False)
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE_INPUT)
    file = forms.FileField(label=_("Tệp kết quả"), required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["name"].initial = dossier.procedure_version.result_document[:500]


class CancelResultForm(ActionForm):
    """The leader's decision to cancel one issued result; it stays on record, marked cancelled."""

    action = Action.CANCEL_RESULT
    number = forms.TypedChoiceField(label=_("Kết quả cần hủy"), coerce=int)
    reason = forms.CharField(label=_("Lý do hủy kết quả"), widget=SHORT_TEXT)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["number"].choices = [
            (result.number, f"KQ({result.number}) — {result.name}") for result in valid_results(dossier)
        ]


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    method = forms.ChoiceField(label=_("Hình thức trả"), choices=ReturnMethod.choices, initial=ReturnMethod.AT_COUNTER)
    recipient = forms.CharField(label=_("Người nhận kết quả"), max_length=255)
    recipient_identity_number = forms.CharField(label=_("Số giấy tờ người nhận"), max_length=20, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["recipient"].initial = dossier.applicant.name


class StopForm(ActionForm):
    action = Action.STOP
    reason = forms.CharField(label=_("Lý do dừng giải quyết"), widget=SHORT_TEXT)
    answers_request = forms.CharField(label=_("Theo đề nghị, văn bản số"), max_length=255)
    legal_grounds = forms.CharField(label=_("Căn cứ"), required=False, widget=SHORT_TEXT)


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    reason = forms.CharField(label=_("Lý do rút hồ sơ"), widget=SHORT_TEXT)
    requested_on = forms.DateField(label=_("Ngày đề nghị rút"), required=False, widget=DATE_INPUT)


class CorrectForm(ActionForm):
    action = Action.CORRECT
    field = forms.ChoiceField(label=_("Thông tin cần đính chính"), choices=[(f, f) for f in CORRECTABLE_FIELDS])
    value = forms.CharField(label=_("Giá trị đúng"), max_length=500)
    reason = forms.CharField(label=_("Lý do đính chính"), widget=SHORT_TEXT)


class RescheduleForm(ActionForm):
    """Form 04 drafted by the handler: the reason and the new appointment, as a working date or an extension."""

    action = Action.RESCHEDULE
    reason = forms.CharField(
        label=_("Lý do chậm trễ"),
        widget=SHORT_TEXT,
        help_text=_("Cơ quan xin lỗi được xác định theo quy định và ghi trong dự thảo để lãnh đạo duyệt."),
    )
    new_due_on = forms.DateField(label=_("Ngày hẹn trả mới"), required=False, widget=DATE_INPUT)
    extension = forms.CharField(
        label=_("Hoặc gia hạn thêm"),
        max_length=16,
        required=False,
        help_text=_("Thời gian làm việc, ví dụ 2d (hai ngày), 4h (bốn giờ)."),
    )
    late = forms.BooleanField(label=_("Gửi muộn (còn dưới một ngày làm việc trước hạn)"), required=False)


class ApproveRescheduleForm(ActionForm):
    action = Action.APPROVE_RESCHEDULE
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=SHORT_TEXT)
    late = forms.BooleanField(label=_("Đồng ý gửi muộn (còn dưới một ngày làm việc trước hạn)"), required=False)


class RejectRescheduleForm(ActionForm):
    action = Action.REJECT_RESCHEDULE
    reason = forms.CharField(label=_("Lý do trả lại dự thảo"), widget=SHORT_TEXT)


class RaiseSosForm(ActionForm):
    action = Action.RAISE_SOS
    category = forms.ChoiceField(label=_("Loại vướng mắc"), choices=SosCategory.choices)
    reason = forms.CharField(label=_("Nội dung vướng mắc"), widget=SHORT_TEXT)


class ResolveSosForm(ActionForm):
    action = Action.RESOLVE_SOS
    resolution = forms.CharField(label=_("Kết quả xử lý"), widget=SHORT_TEXT)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action.value: form
    for form in (
        ForwardForm,
        ConfirmPaperForm,
        SendBackForm,
        RequestSupplementForm,
        ReceiveSupplementForm,
        RequestPaymentForm,
        ConfirmPaymentForm,
        ApproveForm,
        RefuseForm,
        AttachResultForm,
        CancelResultForm,
        ReturnResultForm,
        StopForm,
        WithdrawForm,
        CorrectForm,
        RescheduleForm,
        ApproveRescheduleForm,
        RejectRescheduleForm,
        RaiseSosForm,
        ResolveSosForm,
    )
}


class SosFilterForm(forms.Form):
    """The SOS list narrowed to one of the person's units and one state; all optional."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    state = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả")), *SosState.choices], required=False)

    def __init__(self, *args: Any, units: list[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.all() if units is None else Unit.objects.filter(pk__in=units)
        ).order_by("name")

    def filter(self, sos_list: QuerySet[Sos]) -> QuerySet[Sos]:
        if not self.is_valid():
            return sos_list
        if self.cleaned_data["unit"]:
            sos_list = sos_list.filter(unit=self.cleaned_data["unit"])
        if self.cleaned_data["state"]:
            sos_list = sos_list.filter(state=self.cleaned_data["state"])
        return sos_list


class AmendmentProposalForm(forms.Form):
    proposal = forms.CharField(
        label=_("Nội dung đề xuất sửa đổi thủ tục"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Nêu vướng mắc lặp lại, quy định cần sửa và đề xuất cụ thể."),
    )
