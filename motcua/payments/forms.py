"""Forms of the fee panel: a payment taken at the desk, and a leader's adjustment of a fee."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.payments.models import PaymentMethod


class PaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hình thức nộp"), choices=[(m.value, m.label) for m in (PaymentMethod.CASH, PaymentMethod.TRANSFER)]
    )
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=64)


class AdjustmentForm(forms.Form):
    fee_id = forms.TypedChoiceField(label=_("Khoản phí, lệ phí"), coerce=int)
    amount_vnd = forms.IntegerField(label=_("Số tiền phải nộp (đồng)"), min_value=0)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, fees: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fee_id"].choices = fees
