"""API tokens in the back office: a system administrator issues one (the token is shown once) or revokes it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.api.models import ApiToken
from motcua.api.services import issue_token, revoke_token, validate_new_token


class ApiTokenCreationForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("user") is not None and cleaned.get("name"):
            validate_new_token(user=cleaned["user"], name=cleaned["name"], expires_at=cleaned.get("expires_at"))
        return cleaned


class TokenStateFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("usable", _("Đang dùng được")), ("revoked", _("Đã thu hồi")), ("expired", _("Đã hết hạn"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        now = timezone.now()
        if self.value() == "usable":
            return queryset.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(expires_at__lte=now)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = [TokenStateFilter]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_form(
        self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: forms.ModelForm, change: bool) -> None:
        """A new token is issued by the service (never saved from the form), and shown once."""
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = issue_token(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk = token.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            _("Mã truy cập “%(name)s”: %(token)s — hãy sao chép ngay, mã chỉ hiển thị một lần.")
            % {"name": token.name, "token": raw},
            messages.WARNING,
        )

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(revoke_token(token) for token in queryset)
        self.message_user(request, _("Đã thu hồi %(count)d mã truy cập.") % {"count": revoked}, messages.SUCCESS)
