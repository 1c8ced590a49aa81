"""Back-office pages where administrators enter each year's holiday announcement and units' working hours."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.workcalendar.models import CalendarOverride, WorkingHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "unit", "reason", "created_by", "created_at"]
    list_filter = ["kind", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reason", "unit__code", "unit__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["unit", "created_by"]

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: object, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["unit", "windows", "updated_at"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["updated_at"]
    list_select_related = ["unit"]
