"""The delivery record for administrators: read-only, since it is the evidence of what was sent to whom."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "kind", "recipient_name", "address", "subject", "status", "attempts"]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["recipient_name", "address", "subject", "dossier__code", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "dossier"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
