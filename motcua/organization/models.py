"""The organisation: a versioned tree of units, staff accounts and their unit-scoped roles.

Units carry validity dates and succession links because the 2025 reorganisation merged provinces and abolished
districts: a dossier received by a unit that no longer exists must still name it, and its successor must be found.
Roles are rows scoped to a unit (never global groups), so a desk officer of one commune sees nothing of another.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

UNIT_CODE_VALIDATOR = RegexValidator(
    r"^[0-9A-Z.]{1,35}$",
    _("Mã định danh điện tử gồm tối đa 35 ký tự: chữ số, chữ in hoa và dấu chấm (Quyết định 20/2020/QĐ-TTg)."),
)


class User(AbstractUser):
    """A person who signs in: staff now, citizens' accounts live in the portal."""

    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Thị Lan"), unlike Django's given-name-first default."""
        return f"{self.last_name} {self.first_name}".strip()

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UnitLevel(models.TextChoices):
    """Tier of local government since 1/7/2025 (two tiers; districts abolished)."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    OFFICE = "office", _("Văn phòng")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    AGENCY = "agency", _("Cơ quan ngành dọc")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    DIVISION = "division", _("Phòng chuyên môn")
    EXTERNAL = "external", _("Cơ quan bên ngoài")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: dt.date) -> UnitQuerySet:
        """Units that exist on ``day`` (valid_from ≤ day and not yet ended)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Unit(models.Model):
    """An agency or centre, identified by its electronic code (Decision 20/2020)."""

    code = models.CharField(_("mã định danh điện tử"), max_length=35, unique=True, validators=[UNIT_CODE_VALIDATOR])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    area_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã tỉnh hoặc xã theo danh mục đơn vị hành chính (gói vietnam-provinces)."),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def clean(self) -> None:
        # Imported here because the services import these models; the rules themselves live there.
        from motcua.organization.services import validate_unit

        validate_unit(self)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")


class UnitSuccession(models.Model):
    """One predecessor → successor link of a reorganisation, effective from a date."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT, related_name="successions_in"
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=SuccessionKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    note = models.TextField(_("căn cứ, ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        ordering = ["effective_on", "predecessor__code"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="unit_succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} → {self.successor.code} ({self.get_kind_display()})"

    def clean(self) -> None:
        from motcua.organization.services import validate_succession

        validate_succession(self)


class Role(models.TextChoices):
    """What a membership lets its holder do inside its unit."""

    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    CONSULTATION_LIAISON = "consultation_liaison", _("Đầu mối lấy ý kiến")
    PROVINCIAL_MONITOR = "provincial_monitor", _("Giám sát (Văn phòng UBND tỉnh)")
    CATALOG_ADMIN = "catalog_admin", _("Quản trị danh mục TTHC")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Membership(models.Model):
    """A staff member holding one role in one unit for a period."""

    user = models.ForeignKey(User, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        ordering = ["unit__code", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role", "valid_from"], name="membership_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_to_after_valid_from",
            ),
        ]
        indexes = [
            # Used by "does this step's role have a holder in its unit?" (process approval, compliance).
            models.Index(fields=["unit", "role"], name="membership_unit_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit.code}"

    def clean(self) -> None:
        from motcua.organization.services import validate_membership

        validate_membership(self)
