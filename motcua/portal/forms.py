"""The public lookup form."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
