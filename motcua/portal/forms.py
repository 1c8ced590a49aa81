"""Forms of the portal: they collect and shape input; the services check every rule.

A service's ``ValidationError`` goes back on the form with ``motcua.dossiers.forms.add_service_error``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, Sector
from motcua.dossiers.forms import DATE_INPUT, SHORT_TEXT
from motcua.dossiers.models import ApplicantKind
from motcua.organization.models import Unit, UnitLevel
from motcua.portal.models import FeedbackKind, SatisfactionLevel
from motcua.portal.services.accounts import SignUpData, citizen_of, normalise_contact
from motcua.portal.services.evaluation import EvaluationAnswers
from motcua.portal.services.feedback import FeedbackData
from motcua.portal.services.submissions import ApplicantInput


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=64, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    secret = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=32,
        help_text=_("In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Ví dụ: khai sinh, 1.001193")}),
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Sector.objects.order_by("name"), required=False, empty_label=_("Tất cả")
    )
    level = forms.ChoiceField(label=_("Cấp thực hiện"), choices=[("", _("Tất cả")), *UnitLevel.choices], required=False)
    online = forms.BooleanField(label=_("Chỉ thủ tục nộp trực tuyến"), required=False)


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=12,
        help_text=_("12 chữ số, in trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=DATE_INPUT)
    contact = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"),
        max_length=255,
        help_text=_("Mã xác thực sẽ được gửi đến đây."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
        elif first:
            try:
                password_validation.validate_password(first)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def sign_up_data(self) -> SignUpData:
        data = self.cleaned_data
        return SignUpData(
            full_name=data["full_name"],
            identity_number=data["identity_number"].strip(),
            date_of_birth=data["date_of_birth"],
            contact=data["contact"],
            password=data["password1"],
        )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CitizenLoginForm(AuthenticationForm):
    """Sign-in with the verified e-mail address or phone number; staff accounts sign in on the staff page."""

    username = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"),
        max_length=255,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        return normalise_contact(self.cleaned_data["username"])

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if citizen_of(user) is None:
            raise ValidationError(
                _("Tài khoản này không phải tài khoản công dân; cán bộ đăng nhập tại trang dành cho cán bộ."),
                code="not_citizen",
            )


class ProfileForm(forms.Form):
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=500, required=False)


class StartForm(forms.Form):
    receiving_unit = forms.ModelChoiceField(label=_("Nơi nộp hồ sơ"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255)
    identity_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DATE_INPUT)
    tax_code = forms.CharField(label=_("Mã số thuế (tổ chức)"), max_length=14, required=False)
    representative = forms.CharField(label=_("Người đại diện (tổ chức)"), max_length=255, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    note = forms.CharField(label=_("Ghi chú cho cán bộ"), required=False, widget=SHORT_TEXT)

    def applicant(self) -> ApplicantInput:
        data = self.cleaned_data
        return ApplicantInput(
            kind=data["kind"],
            name=data["name"],
            identity_number=data["identity_number"].strip(),
            date_of_birth=data["date_of_birth"],
            tax_code=data["tax_code"].strip(),
            representative=data["representative"],
            address=data["address"],
            phone=data["phone"],
            email=data["email"],
            note=data["note"],
        )


class UploadForm(forms.Form):
    component = forms.TypedChoiceField(label=_("Giấy tờ cần tải lên"), coerce=int)
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG hoặc PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, components: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [(c.pk, str(c)) for c in components]


class SupplementForm(forms.Form):
    """One file per requested component, named ``c<id>``."""

    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args: Any, components: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        for component in components:
            self.fields[f"c{component.pk}"] = forms.FileField(
                label=str(component), widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
            )

    def files_by_component(self) -> dict[int, Any]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.components}


class DeskReceiveForm(forms.Form):
    resolving_unit = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=Unit.objects.none(), empty_label=None
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args: Any, units: Any, initial_unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolving_unit"].queryset = units
        if initial_unit is not None:
            self.fields["resolving_unit"].initial = initial_unit.pk

    FIELD_MAP = {"resolving_unit_id": "resolving_unit"}


class DeskGuideForm(forms.Form):
    components = forms.ModelMultipleChoiceField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện"),
        queryset=Component.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Lý do, nội dung hướng dẫn"), widget=SHORT_TEXT)

    def __init__(self, *args: Any, components: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["components"].queryset = components

    FIELD_MAP = {"component_ids": "components"}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=SHORT_TEXT)


SCORE_CHOICES = {
    "contacts": [(2, _("Không phải liên hệ thêm")), (1, _("Một lần")), (0, _("Nhiều hơn một lần"))],
    "agencies": [(2, _("Chỉ bộ phận một cửa")), (1, _("Thêm một cơ quan")), (0, _("Nhiều cơ quan"))],
    "generic": [(2, _("Tốt")), (1, _("Bình thường")), (0, _("Chưa tốt"))],
}


def _score(label: Any, choices: str, required: bool = True) -> forms.TypedChoiceField:
    options = SCORE_CHOICES[choices] if required else [("", _("Không đánh giá")), *SCORE_CHOICES[choices]]
    return forms.TypedChoiceField(
        label=label,
        choices=options,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class EvaluationForm(forms.Form):
    contacts = _score(_("Số lần bạn phải liên hệ với bộ phận một cửa để hoàn thiện hồ sơ"), "contacts")
    agencies = _score(_("Số cơ quan bạn phải liên hệ để giải quyết hồ sơ"), "agencies")
    attitude = _score(_("Thái độ của cán bộ tiếp nhận và trả kết quả"), "generic")
    one_stop = _score(_("Việc tiếp nhận, giải quyết, trả kết quả qua bộ phận một cửa"), "generic", required=False)
    publication = _score(_("Công khai thủ tục hành chính"), "generic", required=False)
    feedback = _score(_("Việc tiếp thu, giải trình ý kiến góp ý"), "generic", required=False)
    online = _score(_("Tiến độ, chất lượng dịch vụ công trực tuyến"), "generic", required=False)
    satisfaction = forms.ChoiceField(
        label=_("Mức độ hài lòng của bạn"), choices=SatisfactionLevel.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Góp ý thêm"), required=False, widget=SHORT_TEXT)

    def answers(self) -> EvaluationAnswers:
        return EvaluationAnswers(**self.cleaned_data)


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=FeedbackKind.choices, widget=forms.RadioSelect)
    unit = forms.ModelChoiceField(label=_("Gửi đến cơ quan"), queryset=Unit.objects.none())
    sender_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    sender_contact = forms.CharField(label=_("Thư điện tử hoặc số điện thoại"), max_length=255)
    dossier_code = forms.CharField(label=_("Mã hồ sơ liên quan (nếu có)"), max_length=64, required=False)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=255)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}))

    FIELD_MAP = {"unit_id": "unit"}

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def feedback_data(self) -> FeedbackData:
        data = self.cleaned_data
        return FeedbackData(
            unit_id=data["unit"].pk,
            kind=data["kind"],
            sender_name=data["sender_name"],
            sender_contact=data["sender_contact"],
            subject=data["subject"],
            content=data["content"],
            dossier_code=data["dossier_code"],
        )


class FeedbackStepForm(forms.Form):
    STEPS = (
        ("reject", _("Từ chối xử lý")),
        ("request_more", _("Đề nghị bổ sung thông tin")),
        ("more_provided", _("Ghi nhận thông tin bổ sung")),
        ("answer", _("Trả lời")),
        ("publish", _("Công khai trả lời")),
    )
    step = forms.ChoiceField(choices=STEPS, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
