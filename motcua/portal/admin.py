"""Administrators read citizens' records here; changes go through the portal's services, so nothing is editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.portal.models import Citizen, DataReuse, Evaluation, Feedback, OnlineSubmission, OnlineSupplement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Citizen)
class CitizenAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "identity_number", "email", "phone", "verified_at"]
    search_fields = ["full_name", "identity_number", "email", "phone"]


@admin.register(OnlineSubmission)
class OnlineSubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "applicant_name",
        "procedure_version",
        "receiving_unit",
        "status",
        "submitted_at",
        "desk_due_at",
    ]
    list_filter = ["status"]
    search_fields = ["applicant_name", "identity_number", "dossier__code"]


@admin.register(OnlineSupplement)
class OnlineSupplementAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "state", "uploaded_at", "decided_at"]
    list_filter = ["state"]


@admin.register(DataReuse)
class DataReuseAdmin(ReadOnlyAdmin):
    list_display = ["submission", "source", "outcome", "looked_up_at"]
    list_filter = ["source", "outcome"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "satisfaction", "source", "recorded_at"]
    list_filter = ["satisfaction", "source"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "subject", "unit", "state", "answer_by"]
    list_filter = ["kind", "state"]
    search_fields = ["number", "subject", "sender_name"]
