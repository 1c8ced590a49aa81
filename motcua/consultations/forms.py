"""Forms of consultations and inter-agency work: the dossier-page actions (through ``perform``) and the consulted
unit's answer and request for more time. Forms only shape input; the services check every rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion, ProcessStatus, VersionStatus
from motcua.consultations.models import ConsultationExtension, ConsultationStatus, ExtensionState
from motcua.dossiers.forms import DATE_INPUT, SHORT_TEXT, ActionForm
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Action
from motcua.organization.models import Unit
from motcua.workcalendar.services import calendar_for


def end_of_working_day(day: dt.date | None, unit: Unit | None = None) -> dt.datetime | None:
    """A date picked on a form as an instant: the close of that working day (or of the next one)."""
    if day is None:
        return None
    return calendar_for(unit.code if unit else None).end_of_working_day(day)


class ConsultForm(ActionForm):
    action = Action.CONSULT
    units = forms.ModelMultipleChoiceField(label=_("Cơ quan được lấy ý kiến"), queryset=Unit.objects.none())
    question = forms.CharField(label=_("Nội dung xin ý kiến"), widget=SHORT_TEXT)
    mandatory = forms.BooleanField(label=_("Bắt buộc có ý kiến trước khi chuyển bước"), required=False, initial=True)
    due_on = forms.DateField(
        label=_("Hạn trả lời"), required=False, widget=DATE_INPUT, help_text=_("Để trống: theo thời hạn của quy trình.")
    )
    file = forms.FileField(label=_("Tài liệu gửi kèm"), required=False)

    FIELD_MAP = {"unit_ids": "units", "due_at": "due_on"}

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["units"].queryset = (
            Unit.objects.active_on(timezone.localdate()).exclude(pk=dossier.current_unit_id).order_by("kind", "code")
        )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit_ids": [unit.pk for unit in data["units"]],
            "question": data["question"],
            "mandatory": data["mandatory"],
            "due_at": end_of_working_day(data["due_on"]),
            "files": [data["file"]] if data["file"] else [],
        }


class DecideExtensionForm(ActionForm):
    action = Action.DECIDE_CONSULTATION_EXTENSION
    extension = forms.ModelChoiceField(label=_("Đề nghị gia hạn"), queryset=ConsultationExtension.objects.none())
    accept = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("Ý kiến (bắt buộc khi không đồng ý)"), required=False, widget=SHORT_TEXT)

    FIELD_MAP = {"extension_id": "extension"}

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["extension"].queryset = ConsultationExtension.objects.filter(
            consultation__dossier=dossier, consultation__status=ConsultationStatus.OPEN, state=ExtensionState.PENDING
        ).select_related("consultation__unit")

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"extension_id": data["extension"].pk, "accept": data["accept"], "note": data["note"]}


class WaiveConsultationForm(ActionForm):
    action = Action.WAIVE_CONSULTATION
    reason = forms.CharField(label=_("Lý do cho chuyển bước khi chưa có ý kiến"), widget=SHORT_TEXT)


class OpenInterAgencyForm(ActionForm):
    action = Action.OPEN_INTER_AGENCY
    procedure_version = forms.ModelChoiceField(label=_("Thủ tục liên thông"), queryset=ProcedureVersion.objects.none())
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)

    FIELD_MAP = {"procedure_version_id": "procedure_version"}

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["procedure_version"].queryset = (
            ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, processes__status=ProcessStatus.ACTIVE)
            .select_related("procedure")
            .order_by("procedure__code")
        )

    def payload(self) -> dict[str, Any]:
        return {"procedure_version_id": self.cleaned_data["procedure_version"].pk, "note": self.cleaned_data["note"]}


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action.value: form for form in (ConsultForm, DecideExtensionForm, WaiveConsultationForm, OpenInterAgencyForm)
}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Ý kiến trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Tài liệu trả lời"), required=False)


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xin gia hạn"), widget=SHORT_TEXT)
    proposed_on = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DATE_INPUT)
