"""The catalog back office: drafts are edited here, everything published is shown read-only.

Lifecycle changes (publish, new version, approve, activate) are admin actions calling the services, so the admin
checks exactly what the services check and shows their messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStatus,
    Sector,
    Step,
    Transition,
)
from motcua.catalog.services import activate_process, approve_process, new_draft_version, publish_version


def _run_each(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, action: Callable[[Any], Any]
) -> None:
    """Run ``action`` on each selected object, reporting each success and each refusal with its reasons."""
    for obj in queryset:
        try:
            result = action(obj)
        except ValidationError as error:
            refusal = _("%(object)s: không thực hiện được. %(reasons)s")
            modeladmin.message_user(
                request, refusal % {"object": obj, "reasons": " ".join(error.messages)}, level=messages.ERROR
            )
        else:
            modeladmin.message_user(request, _("%(object)s: đã thực hiện.") % {"object": result}, messages.SUCCESS)


class ReadOnlyInline(admin.TabularInline):
    """An inline that lists rows without allowing any change."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DraftOnlyInline(admin.TabularInline):
    """An inline editable while its parent is a draft, read-only afterwards."""

    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is None or obj.status == "draft"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ["number", "status", "valid_from", "valid_to", "published_at"]
    readonly_fields = fields


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "level"]
    list_filter = ["level", "sector"]
    search_fields = ["code", "name"]
    inlines = [VersionInline]


class ComponentInline(DraftOnlyInline):
    model = Component
    fields = ["order", "name", "form", "copies", "required", "condition", "data_source", "template"]


class FeeInline(DraftOnlyInline):
    model = Fee
    fields = ["kind", "description", "amount_vnd", "payable_when"]


class ProcessInline(ReadOnlyInline):
    model = Process
    fields = ["number", "name", "status", "decision_number", "decision_date"]
    readonly_fields = fields


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "status", "valid_from", "valid_to", "time_limit_value", "time_limit_unit"]
    list_filter = ["status", "time_limit_unit", "online_mode", "procedure__sector"]
    search_fields = ["procedure__code", "procedure__name"]
    list_select_related = ["procedure"]
    autocomplete_fields = ["procedure"]
    inlines = [ComponentInline, FeeInline, ProcessInline]
    actions = ["publish", "new_version"]
    lifecycle_fields = ["number", "status", "published_at", "published_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> list[str]:
        if obj is not None and not obj.is_editable:
            return [field.name for field in self.model._meta.concrete_fields if field.name != "id"]
        return self.lifecycle_fields

    def has_delete_permission(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> bool:
        return (obj is None or obj.is_editable) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool) -> None:
        if not change:
            last = obj.procedure.versions.order_by("-number").values_list("number", flat=True).first()
            obj.number = (last or 0) + 1
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Công bố (hiệu lực từ ngày đã nhập, mặc định hôm nay)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        _run_each(
            self,
            request,
            queryset,
            lambda version: publish_version(
                version,
                valid_from=version.valid_from or timezone.localdate(),
                valid_to=version.valid_to,
                by=request.user,
            ),
        )

    @admin.action(description=_("Tạo phiên bản mới (sao chép phiên bản đã chọn)"))
    def new_version(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        _run_each(self, request, queryset, lambda version: new_draft_version(version.procedure, copy_from=version))


class StepInline(DraftOnlyInline):
    model = Step
    fields = ["order", "code", "name", "kind", "unit_selector", "unit", "role", "allotted_minutes"]
    autocomplete_fields = ["unit"]
    show_change_link = True


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["version", "number", "name", "status", "decision_number", "decision_date"]
    list_filter = ["status"]
    search_fields = ["version__procedure__code", "version__procedure__name", "decision_number"]
    list_select_related = ["version__procedure"]
    autocomplete_fields = ["version"]
    inlines = [StepInline]
    readonly_fields = ["transitions"]
    actions = ["approve", "activate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Process | None = None) -> list[str]:
        if obj is not None and obj.status != ProcessStatus.DRAFT:
            return [field.name for field in self.model._meta.concrete_fields if field.name != "id"] + ["transitions"]
        return ["status", "approved_at", "approved_by", "transitions"]

    @admin.display(description=_("chuyển bước"))
    def transitions(self, obj: Process) -> str:
        rows = Transition.objects.filter(step__process=obj).select_related("step", "to_step")
        return format_html_join(
            "",
            "<div>{} — {} → {}</div>",
            ((row.step.name, row.get_action_display(), row.to_step.name if row.to_step_id else "—") for row in rows),
        )

    @admin.action(description=_("Phê duyệt (theo số, ngày, người ký quyết định đã nhập)"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Process]) -> None:
        _run_each(
            self,
            request,
            queryset,
            lambda process: approve_process(
                process,
                decision_number=process.decision_number,
                decision_date=process.decision_date,
                decision_signer=process.decision_signer,
                by=request.user,
            ),
        )

    @admin.action(description=_("Áp dụng"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Process]) -> None:
        _run_each(self, request, queryset, activate_process)


class TransitionInline(admin.TabularInline):
    model = Transition
    fk_name = "step"
    fields = ["action", "to_step"]
    extra = 0

    def _editable(self, obj: Step | None) -> bool:
        return obj is None or obj.process.status == ProcessStatus.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    """Reached from a process page; holds the transitions of one step."""

    list_display = ["process", "order", "name", "kind", "role", "allotted_minutes"]
    list_select_related = ["process__version__procedure"]
    search_fields = ["name", "code", "process__version__procedure__code"]
    autocomplete_fields = ["unit"]
    inlines = [TransitionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Step | None = None) -> list[str]:
        if obj is not None and obj.process.status != ProcessStatus.DRAFT:
            return [field.name for field in self.model._meta.concrete_fields if field.name != "id"]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: Step | None = None) -> bool:
        editable = obj is None or obj.process.status == ProcessStatus.DRAFT
        return editable and super().has_delete_permission(request, obj)
