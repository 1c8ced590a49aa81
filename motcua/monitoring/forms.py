"""The filter bar of every monitoring page: period, unit (as then or re-mapped to today's units), field, procedure."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure, Sector
from motcua.monitoring.access import Scope, narrow
from motcua.monitoring.selectors.scope import Filters, Period, UnitTree

AS_THEN = "khi-do"
REMAPPED = "hien-nay"


def default_period(today: dt.date) -> Period:
    """From the first day of the current month to today."""
    return Period(today.replace(day=1), today)


class FilterForm(forms.Form):
    tu = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    den = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    don_vi = forms.ChoiceField(label=_("Đơn vị"), required=False)
    cach_tinh = forms.ChoiceField(
        label=_("Tính theo đơn vị"),
        required=False,
        choices=[(AS_THEN, _("như khi tiếp nhận")), (REMAPPED, _("quy về đơn vị hiện nay"))],
    )
    chi_don_vi = forms.BooleanField(label=_("Không gồm đơn vị trực thuộc"), required=False)
    linh_vuc = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Sector.objects.all(), empty_label=_("Tất cả")
    )
    thu_tuc = forms.ModelChoiceField(
        label=_("Thủ tục"), required=False, queryset=Procedure.objects.order_by("code"), empty_label=_("Tất cả")
    )

    def __init__(self, data: object, *, scope: Scope, tree: UnitTree) -> None:
        super().__init__(data)
        self.scope = scope
        self.tree = tree
        units = [u for u in tree.units.values() if scope.units is None or u.pk in scope.units]
        everything = _("Toàn tỉnh") if scope.province else _("Tất cả đơn vị được giao")
        self.fields["don_vi"].choices = [("", everything), *((u.code, u.name) for u in units)]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("tu"), data.get("den")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data

    def filters(self, *, unit_code: str | None = None, now: dt.datetime | None = None) -> Filters:
        """The question asked, narrowed to the person's scope; invalid input falls back to the defaults."""
        now = now or timezone.now()
        data = self.cleaned_data if self.is_valid() else {}
        period = default_period(timezone.localdate(now))
        period = Period(data.get("tu") or period.start, data.get("den") or period.end)
        remap = data.get("cach_tinh") == REMAPPED
        code = unit_code or data.get("don_vi") or None
        wanted = None
        if code:
            unit = next((u for u in self.tree.units.values() if u.code == code), None)
            only = bool(data.get("chi_don_vi")) and not unit_code
            wanted = self.tree.recorded_units([unit.pk], remap=remap, subtree=not only) if unit else set()
        sector, procedure = data.get("linh_vuc"), data.get("thu_tuc")
        return Filters(
            period=period,
            now=now,
            units=narrow(self.scope, wanted),
            remap=remap,
            sector_id=sector.pk if sector else None,
            procedure_id=procedure.pk if procedure else None,
        )
