"""The procedure catalog: procedures, their published versions, components, fees and electronic processes.

A published version is binding law for the dossiers received under it, so it is immutable: changes go into a new
draft version (a copy) that is published with its own validity dates. The same holds for processes, which are
approved by a decision and then activated. Dossiers point to the exact version and process they were received under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.organization.models import Role, Unit, UnitLevel


class Sector(models.Model):
    """A field of administrative procedures (lĩnh vực): civil status, business registration, land…"""

    code = models.CharField(_("mã lĩnh vực"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) as listed in the national TTHC database."""

    code = models.CharField(
        _("mã thủ tục"), max_length=64, unique=True, help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC.")
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=UnitLevel.choices)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công bố")
    RETIRED = "retired", _("Hết hiệu lực")


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    WITHIN_DAY = "within_day", _("trong ngày")


def published_law_error() -> ValidationError:
    return ValidationError(
        _("Phiên bản thủ tục đã công bố là văn bản có hiệu lực, không được sửa hoặc xóa; hãy tạo phiên bản mới."),
        code="immutable",
    )


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    """Bulk writes refuse to touch published or retired versions, like ``save()`` and ``delete()`` do."""

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - ProcedureVersion.LIFECYCLE_FIELDS and self.exclude(status=VersionStatus.DRAFT).exists():
            raise published_law_error()
        return super().update(**kwargs)

    def bulk_update(self, objs: Iterable[ProcedureVersion], fields: Iterable[str], **kwargs: Any) -> int:
        objs = list(objs)
        if set(fields) - ProcedureVersion.LIFECYCLE_FIELDS and (
            self.model.objects.filter(pk__in=[obj.pk for obj in objs]).exclude(status=VersionStatus.DRAFT).exists()
        ):
            raise published_law_error()
        return super().bulk_update(objs, fields, **kwargs)


class OnlineMode(models.TextChoices):
    NONE = "none", _("Không cung cấp trực tuyến")
    PARTIAL = "partial", _("Trực tuyến một phần")
    FULL = "full", _("Trực tuyến toàn trình")


# More than one supplementation request already counts as late in the national index; two is the hard ceiling.
SUPPLEMENTATION_CEILING = 2


class ProcedureVersion(models.Model):
    """One published (or draft) text of a procedure: what a dossier is received and judged under.

    Once published, its content is frozen here in the model (not only in the services and the admin) so that no code
    path can rewrite the law a dossier was received under. Only the lifecycle fields move afterwards: the status
    (published → retired) and the end of validity, which may only be set or brought forward.
    """

    LIFECYCLE_FIELDS = frozenset({"status", "valid_to"})

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    implementing_agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeLimitUnit.choices, default=TimeLimitUnit.WORKING_DAYS
    )
    time_limit_note = models.TextField(_("ghi chú thời hạn"), blank=True)
    same_day_cutoff = models.TimeField(
        _("giờ tiếp nhận muộn nhất trong ngày"),
        default=dt.time(15, 0),
        help_text=_("Với thời hạn “trong ngày”: hồ sơ nhận sau giờ này được trả trong ngày làm việc tiếp theo."),
    )
    extended_time_limit_value = models.DecimalField(
        _("thời hạn kéo dài"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    extended_time_limit_condition = models.TextField(_("trường hợp kéo dài thời hạn"), blank=True)
    transfer_cutoff = models.TimeField(
        _("giờ chuyển hồ sơ sang ngày làm việc sau"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu hồ sơ luôn được chuyển trong ngày tiếp nhận."),
    )
    pausable = models.BooleanField(_("được tạm dừng tính thời gian"), default=True)
    extendable = models.BooleanField(_("được gia hạn"), default=True)
    supplementation_limit = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung tối đa"),
        default=1,
        validators=[MaxValueValidator(SUPPLEMENTATION_CEILING)],
        help_text=_("Mặc định 1; không quá 2 (hơn một lần bị tính là quá hạn trong Bộ chỉ số 766)."),
    )
    boundary_free = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=False)
    channel_counter = models.BooleanField(_("nộp trực tiếp"), default=True)
    channel_postal = models.BooleanField(_("nộp qua bưu chính"), default=True)
    online_mode = models.CharField(
        _("mức độ trực tuyến"), max_length=16, choices=OnlineMode.choices, default=OnlineMode.NONE
    )
    result_document = models.TextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique_number"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=False, valid_to__gte=models.F("valid_from")),
                name="procedure_version_valid_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(valid_from__isnull=False), name="procedure_version_published_dated"
            ),
            models.CheckConstraint(
                condition=Q(supplementation_limit__lte=SUPPLEMENTATION_CEILING),
                name="procedure_version_supplementation_ceiling",
            ),
        ]
        indexes = [
            # Used by version_in_force(): the published version of a procedure whose validity covers a day.
            models.Index(fields=["procedure", "status", "valid_from"], name="procedure_version_in_force_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None and stored.status != VersionStatus.DRAFT:
                self._check_lifecycle_change(stored)
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def _check_lifecycle_change(self, stored: ProcedureVersion) -> None:
        changed = {
            field.name
            for field in self._meta.concrete_fields
            if field.value_from_object(self) != field.value_from_object(stored)
        }
        if changed - self.LIFECYCLE_FIELDS:
            raise published_law_error()
        if "status" in changed and (stored.status, self.status) != (VersionStatus.PUBLISHED, VersionStatus.RETIRED):
            raise published_law_error()
        if "valid_to" in changed and (
            self.valid_to is None or (stored.valid_to is not None and self.valid_to > stored.valid_to)
        ):
            raise ValidationError(
                _("Thời hạn hiệu lực của phiên bản đã công bố chỉ có thể được chấm dứt hoặc rút ngắn."),
                code="immutable",
            )


def ensure_version_editable(version_id: int | None) -> None:
    """Refuse a change to the components or fees of a published or retired version."""
    if version_id is None:
        return
    if ProcedureVersion.objects.filter(pk=version_id).exclude(status=VersionStatus.DRAFT).exists():
        raise published_law_error()


class VersionContentQuerySet(models.QuerySet):
    """Bulk writes on components and fees refuse rows of published versions, like ``save()`` does."""

    def update(self, **kwargs: Any) -> int:
        if self.exclude(version__status=VersionStatus.DRAFT).exists():
            raise published_law_error()
        target = kwargs.get("version", kwargs.get("version_id"))
        ensure_version_editable(target.pk if isinstance(target, ProcedureVersion) else target)
        return super().update(**kwargs)

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list[models.Model]:
        objs = list(objs)
        for version_id in {obj.version_id for obj in objs}:  # type: ignore[attr-defined]
            ensure_version_editable(version_id)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields: Iterable[str], **kwargs: Any) -> int:
        objs = list(objs)
        stored = self.model.objects.filter(pk__in=[obj.pk for obj in objs])
        if stored.exclude(version__status=VersionStatus.DRAFT).exists():
            raise published_law_error()
        for version_id in {obj.version_id for obj in objs}:  # type: ignore[attr-defined]
            ensure_version_editable(version_id)
        return super().bulk_update(objs, fields, **kwargs)


class VersionContent(models.Model):
    """A row that belongs to the text of a procedure version and freezes with it."""

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        ensure_version_editable(self.version_id)  # type: ignore[attr-defined]
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
            ensure_version_editable(stored)
        super().save(*args, **kwargs)


class ComponentForm(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    COPY = "copy", _("Bản sao")
    ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")
    PRESENTED = "presented", _("Bản chính (xuất trình)")


class DataSource(models.TextChoices):
    """Published databases that replace a paper component (Resolution 66.7/2025)."""

    NONE = "", pgettext_lazy("none of the options", "Không")
    POPULATION = "population", _("Cơ sở dữ liệu quốc gia về dân cư")
    BUSINESS_REGISTRY = "business_registry", _("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp")
    LAND = "land", _("Cơ sở dữ liệu đất đai")
    CIVIL_STATUS = "civil_status", _("Cơ sở dữ liệu hộ tịch điện tử")


class Component(VersionContent):
    """A paper of a procedure version's published list; officials may ask for nothing else."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.TextField(_("tên giấy tờ"))
    form = models.CharField(_("hình thức"), max_length=32, choices=ComponentForm.choices, blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng"), null=True, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    condition = models.TextField(_("trường hợp phải nộp"), blank=True)
    data_source = models.CharField(
        _("khai thác từ cơ sở dữ liệu"), max_length=32, choices=DataSource.choices, blank=True, default=DataSource.NONE
    )
    template = models.FileField(_("mẫu đơn, tờ khai"), upload_to="catalog/templates/", blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="component_unique_order")]

    def __str__(self) -> str:
        return self.name[:80]


class FeeKind(models.TextChoices):
    FEE = "fee", _("Phí")
    CHARGE = "charge", _("Lệ phí")


class FeePayableWhen(models.TextChoices):
    ON_SUBMISSION = "on_submission", _("Khi nộp hồ sơ")
    ON_RESULT = "on_result", _("Khi nhận kết quả")


class Fee(VersionContent):
    """A fee or charge (phí, lệ phí) of a procedure version; an unknown amount stays empty, never zero."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.CASCADE, related_name="fees"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=FeeKind.choices, default=FeeKind.CHARGE)
    description = models.TextField(_("mô tả"))
    amount_vnd = models.PositiveBigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    payable_when = models.CharField(
        _("thời điểm nộp"), max_length=16, choices=FeePayableWhen.choices, default=FeePayableWhen.ON_SUBMISSION
    )

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return self.description[:80]


@receiver(pre_delete, sender=ProcedureVersion, dispatch_uid="catalog_version_delete_guard")
def _refuse_deleting_published_version(sender: type, instance: ProcedureVersion, **kwargs: Any) -> None:
    """A receiver rather than a ``delete()`` override so that queryset deletes and cascades are caught too."""
    if ProcedureVersion.objects.filter(pk=instance.pk).exclude(status=VersionStatus.DRAFT).exists():
        raise published_law_error()


@receiver(pre_delete, sender=Component, dispatch_uid="catalog_component_delete_guard")
@receiver(pre_delete, sender=Fee, dispatch_uid="catalog_fee_delete_guard")
def _refuse_deleting_published_content(sender: type, instance: Component | Fee, **kwargs: Any) -> None:
    ensure_version_editable(instance.version_id)


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")
    ACTIVE = "active", _("Đang áp dụng")
    RETIRED = "retired", _("Ngừng áp dụng")


class Process(models.Model):
    """The approved electronic process (quy trình nội bộ, điện tử) for one procedure version."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="processes"
    )
    number = models.PositiveIntegerField(_("phiên bản quy trình"))
    name = models.CharField(_("tên quy trình"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=255, blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt trên hệ thống"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("quy trình điện tử")
        verbose_name_plural = _("quy trình điện tử")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="process_unique_number"),
            # One active process per procedure version: reception picks it without ambiguity.
            models.UniqueConstraint(
                fields=["version"], condition=Q(status="active"), name="process_one_active_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — quy trình {self.number}"


class StepKind(models.TextChoices):
    RECEPTION = "reception", _("Tiếp nhận")
    PROCESSING = "processing", _("Xử lý")
    CONSULTATION = "consultation", _("Lấy ý kiến")
    INTER_AGENCY = "inter_agency", _("Liên thông")
    APPROVAL = "approval", _("Phê duyệt, ký")
    RETURN = "return", _("Trả kết quả")


class UnitSelector(models.TextChoices):
    """How a step's unit is found when a dossier reaches it; commune procedures run in every commune."""

    FIXED = "fixed", _("Đơn vị cố định")
    RECEIVING_UNIT = "receiving_unit", _("Đơn vị tiếp nhận hồ sơ")
    RESOLVING_UNIT = "resolving_unit", _("Cơ quan có thẩm quyền giải quyết")


class Step(models.Model):
    """One step of a process: who holds the dossier (unit and role, never a person) and for how long."""

    process = models.ForeignKey(Process, verbose_name=_("quy trình"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.SlugField(_("mã bước"), max_length=32)
    name = models.CharField(_("tên bước"), max_length=255)
    kind = models.CharField(_("loại bước"), max_length=16, choices=StepKind.choices)
    unit_selector = models.CharField(
        _("cách xác định đơn vị"), max_length=16, choices=UnitSelector.choices, default=UnitSelector.RESOLVING_UNIT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, null=True, blank=True, related_name="process_steps"
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    allotted_minutes = models.PositiveIntegerField(_("thời gian được giao (phút làm việc)"))
    consultation_minutes = models.PositiveIntegerField(
        _("thời hạn cho ý kiến (phút làm việc)"),
        null=True,
        blank=True,
        help_text=_("Thời hạn mặc định để cơ quan được lấy ý kiến trả lời; để trống thì dùng mức chung của hệ thống."),
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="step_unique_order"),
            models.UniqueConstraint(fields=["process", "code"], name="step_unique_code"),
            models.CheckConstraint(
                condition=~Q(unit_selector="fixed") | Q(unit__isnull=False), name="step_fixed_unit_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class StepAction(models.TextChoices):
    """Actions a process may allow at a step (the words staff use in existing systems)."""

    FORWARD = "forward", _("Chuyển bước xử lý")
    SEND_BACK = "send_back", _("Trả lại bước trước")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    CONSULT = "consult", _("Lấy ý kiến")
    APPROVE = "approve", _("Phê duyệt")
    REFUSE = "refuse", _("Từ chối giải quyết")
    RETURN_RESULT = "return_result", _("Trả kết quả")


class Transition(models.Model):
    """An action allowed at a step and, when it moves the dossier, the step it leads to."""

    step = models.ForeignKey(Step, verbose_name=_("từ bước"), on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("thao tác"), max_length=32, choices=StepAction.choices)
    to_step = models.ForeignKey(
        Step, verbose_name=_("đến bước"), on_delete=models.CASCADE, null=True, blank=True, related_name="incoming"
    )

    class Meta:
        verbose_name = _("chuyển bước")
        verbose_name_plural = _("chuyển bước")
        ordering = ["step", "action"]
        constraints = [models.UniqueConstraint(fields=["step", "action"], name="transition_unique_action")]

    def __str__(self) -> str:
        target = self.to_step.code if self.to_step_id else "—"
        return f"{self.step.code} —{self.action}→ {target}"
