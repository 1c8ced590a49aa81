"""Administrator-entered calendar data: day overrides and working-hour windows, for the province or one unit.

The public holidays themselves come from the ``holidays`` package; these rows record each year's government
announcement (an extra day off, a Saturday worked) and the cancellation of a package holiday, with the reason,
so that deadlines can be recomputed and explained.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.organization.models import Unit
from motcua.workcalendar.core import DEFAULT_WINDOWS, format_windows, parse_windows


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc")


class CalendarOverride(models.Model):
    """One day declared off or worked, against the package's rule, for the whole province or for one unit.

    A unit's row wins over the province's row for the same date, so a commune can keep working on a day the
    province closes (or the reverse).
    """

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại điều chỉnh"), max_length=16, choices=OverrideKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        help_text=_("Để trống nếu áp dụng cho toàn tỉnh."),
    )
    reason = models.CharField(
        _("lý do, căn cứ"),
        max_length=500,
        help_text=_("Ví dụ: số và ngày của thông báo nghỉ lễ, hoặc lý do hủy ngày nghỉ."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("thời điểm cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date", "id"]
        constraints = [
            # One row per date and scope; Coalesce makes the province (NULL unit) a scope of its own, which a plain
            # unique (date, unit) would not do because NULLs never collide. Its index serves the lookup of one
            # scope's overrides in services.calendar_for.
            models.UniqueConstraint(
                "date",
                Coalesce("unit", models.Value(0)),
                name="calendar_override_unique_date_unit",
                violation_error_message=_(
                    "Ngày này đã có một điều chỉnh lịch cho cùng phạm vi (toàn tỉnh hoặc đơn vị); hãy sửa bản ghi đó."
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit.code if self.unit else _("toàn tỉnh")
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} ({scope})"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Phải ghi lý do hoặc căn cứ của việc điều chỉnh lịch.")})


def validate_windows_text(value: str) -> None:
    try:
        parse_windows(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class WorkingHours(models.Model):
    """The working-hour windows of one unit, or the province default when ``unit`` is empty.

    Without any row the windows are 07:00–11:30 and 13:30–17:00 (domain.md §6). A working day lasts the sum of
    the windows, so a unit with shorter hours also has shorter "days" in working-day limits.
    """

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_hours",
        help_text=_("Để trống để đặt giờ làm việc chung của toàn tỉnh."),
    )
    windows = models.CharField(
        _("khung giờ làm việc"),
        max_length=200,
        default=format_windows(DEFAULT_WINDOWS),
        validators=[validate_windows_text],
        help_text=_("Các khung giờ theo thứ tự, cách nhau bằng dấu phẩy, ví dụ 07:00-11:30, 13:30-17:00."),
    )
    updated_at = models.DateTimeField(_("thời điểm cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = ["unit__code"]
        constraints = [
            # One row per scope, the province (NULL unit) included; the index serves services.calendar_for.
            models.UniqueConstraint(
                Coalesce("unit", models.Value(0)),
                name="working_hours_unique_unit",
                violation_error_message=_("Phạm vi này đã có giờ làm việc; hãy sửa bản ghi đó."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit.code if self.unit else _("toàn tỉnh")
        return f"{scope}: {self.windows}"
