"""The organisation's back office for system administrators.

Forms validate through the models' ``clean()``, which calls the rules in ``services``; a new succession link is
saved by ``services.save_succession_link`` so that its predecessor is ended exactly as the services do it. Nothing
here can be deleted (see ``rules.py``): units, roles and accounts are ended instead.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.organization.forms import UserChangeForm, UserCreationForm
from motcua.organization.models import Membership, Unit, UnitSuccession, User
from motcua.organization.services import periods_overlap, save_succession_link


class ActiveTodayFilter(admin.SimpleListFilter):
    title = _("hiệu lực hôm nay")
    parameter_name = "active"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", _("Đang hiệu lực")), ("no", _("Không hiệu lực"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        active = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        if self.value() == "yes":
            return queryset.filter(active)
        if self.value() == "no":
            return queryset.exclude(active)
        return queryset


class MembershipInlineFormSet(BaseInlineFormSet):
    """Also compares the rows of one submission with each other: each row's ``clean()`` only sees saved rows."""

    def clean(self) -> None:
        super().clean()
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("valid_from")
        ]
        for index, row in enumerate(rows):
            for other in rows[index + 1 :]:
                same_role = (row.get("unit"), row.get("role")) == (other.get("unit"), other.get("role"))
                if same_role and periods_overlap(
                    row["valid_from"], row.get("valid_to"), other["valid_from"], other.get("valid_to")
                ):
                    raise ValidationError(_("Hai phân công cùng vai trò tại cùng đơn vị không được trùng thời gian."))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    fk_name = "user"
    extra = 0
    can_delete = False
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "valid_from", "valid_to"]


class _ReadOnlySuccessionInline(admin.TabularInline):
    """Shown on the unit for context; links are added in their own admin so that the predecessor is ended."""

    model = UnitSuccession
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["predecessor", "successor", "kind", "effective_on", "note"]
    readonly_fields = fields


class SuccessionOutInline(_ReadOnlySuccessionInline):
    fk_name = "predecessor"
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa đơn vị này")


class SuccessionInInline(_ReadOnlySuccessionInline):
    fk_name = "successor"
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("Quyền truy cập"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ["username", "last_name", "first_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[admin.options.InlineModelAdmin]]:
        # Memberships need the account first (and the add page is Django's two-step password form).
        return self.inlines if obj is not None else []


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "level", ActiveTodayFilter]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "kind", "level", "parent", "area_code", "valid_from", "valid_to"]
    inlines = [SuccessionInInline, SuccessionOutInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None) -> list[str]:
        # Dossier codes embed the unit code: a new code is a new unit linked by a "rename" succession.
        return ["code"] if obj is not None else []


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__code", "predecessor__name", "successor__code", "successor__name"]
    autocomplete_fields = ["predecessor", "successor"]
    date_hierarchy = "effective_on"

    def get_readonly_fields(self, request: HttpRequest, obj: UnitSuccession | None = None) -> list[str]:
        # A recorded link has already ended its predecessor; only its note may be corrected.
        return ["predecessor", "successor", "kind", "effective_on"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: UnitSuccession, form: object, change: bool) -> None:
        if change:
            obj.save(update_fields=["note"])
        else:
            save_succession_link(obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "valid_from", "valid_to"]
    list_filter = ["role", "unit__level", ActiveTodayFilter]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]
