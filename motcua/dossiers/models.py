"""Dossiers (hồ sơ) and the records of their life: step visits, clock pauses, supplementation, results, events.

``Dossier`` stays narrow (what queues and reports filter on); everything else lives in related rows written by
``motcua.dossiers.services`` only. Nothing is ever deleted: foreign keys protect, and the event table is append-only
(a trigger on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.models import Component, ComponentForm, ProcedureVersion, Process, Step
from motcua.dossiers.rulesets import FormSet
from motcua.dossiers.validators import validate_identity_number, validate_tax_code
from motcua.lib.prepared import PreparedWrites
from motcua.organization.models import Role, Unit, User

# Printed on the receipt; no 0/O/1/I/L so that it can be read back from paper without confusion.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_SECRET_LENGTH = 8


def new_lookup_secret() -> str:
    """A fresh secret for the public lookup page (about 40 bits; the page is rate-limited)."""
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _i in range(LOOKUP_SECRET_LENGTH))


class DossierStatus(models.TextChoices):
    """Internal statuses; ``national_code`` maps each to TrangThaiHoSo of the national portal (domain.md §5)."""

    RECEIVED = "received", _("Mới tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Chờ bổ sung")
    WAITING_PAYMENT = "waiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    PROCESSED = "processed", _("Chờ trả kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng xử lý")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ theo yêu cầu")

    @property
    def national_code(self) -> int:
        return NATIONAL_STATUS_CODES[self]


NATIONAL_STATUS_CODES = {
    DossierStatus.RECEIVED: 2,
    DossierStatus.PROCESSING: 4,
    DossierStatus.WAITING_SUPPLEMENT: 5,
    DossierStatus.WAITING_PAYMENT: 6,
    DossierStatus.WITHDRAWN: 7,
    DossierStatus.STOPPED: 8,
    DossierStatus.PROCESSED: 9,
    DossierStatus.RETURNED: 10,
}
OPEN_STATUSES = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.WAITING_SUPPLEMENT,
    DossierStatus.WAITING_PAYMENT,
    DossierStatus.PROCESSED,
)
CLOSED_STATUSES = (DossierStatus.RETURNED, DossierStatus.STOPPED, DossierStatus.WITHDRAWN)
OPEN_DOSSIER = Q(status__in=OPEN_STATUSES)


class Channel(models.TextChoices):
    """How the dossier was submitted; ``national_code`` is KenhThucHien of the national portal."""

    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính")

    @property
    def national_code(self) -> int:
        return {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}[self]


class Judgement(models.TextChoices):
    """Timeliness of a hand-over or of the return, against its due instant."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", pgettext_lazy("finished after the due instant", "Quá hạn")


class DeadlineState(models.TextChoices):
    """Where a running clock stands, as the deadline sweep last classified it (blank: no clock running)."""

    NONE = "", _("Không tính thời hạn")
    ON_TRACK = "on_track", _("Trong hạn")
    DUE_SOON = "due_soon", _("Tới hạn")
    OVERDUE = "overdue", _("Quá hạn")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Applicant(PreparedWrites):
    """The applicant as declared at reception: a snapshot, never updated from a registry afterwards."""

    kind = models.CharField(_("loại người nộp"), max_length=16, choices=ApplicantKind.choices)
    name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255)
    identity_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        ordering = ["id"]
        indexes = [
            # Staff search "hồ sơ của công dân có số định danh …" and the citizen's lookup by identity number.
            models.Index(fields=["identity_number"], name="applicant_identity_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A person needs an identity number consistent with the birth date; an organisation a tax code."""
        if self.kind == ApplicantKind.PERSON:
            if not self.identity_number:
                raise ValidationError({"identity_number": _("Cần nhập số định danh cá nhân của người nộp hồ sơ.")})
            try:
                validate_identity_number(self.identity_number, self.date_of_birth)
            except ValidationError as error:
                raise ValidationError({"identity_number": error.messages}) from error
        elif self.kind == ApplicantKind.ORGANISATION:
            if not self.tax_code:
                raise ValidationError({"tax_code": _("Cần nhập mã số thuế của tổ chức nộp hồ sơ.")})
            try:
                validate_tax_code(self.tax_code)
            except ValidationError as error:
                raise ValidationError({"tax_code": error.messages}) from error


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user: User) -> DossierQuerySet:
        """Dossiers ``user`` may read (the rule itself lives in ``access.py``)."""
        from motcua.dossiers.access import visibility_filter

        return self.filter(visibility_filter(user))

    def open(self) -> DossierQuerySet:
        return self.filter(OPEN_DOSSIER)


class Dossier(PreparedWrites):
    """One administrative-procedure dossier, pinned to the procedure version and process it was received under.

    ``lock_version`` counts the dossier's events (reception is event 1), so ``perform`` can refuse a stale write
    and the next event's sequence number is ``lock_version + 1``. ``head_hash`` is the hash of the last event, so
    removing that event is detected too. ``lookup_secret`` is stored as printed on the receipt: form 01 must be
    reprintable, and whoever can read this table already sees everything the secret protects.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    receiving_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    resolving_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="resolved_dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    process = models.ForeignKey(Process, verbose_name=_("quy trình"), on_delete=models.PROTECT, related_name="dossiers")
    rule_set = models.CharField(_("bộ quy định áp dụng"), max_length=8, choices=FormSet.choices)
    applicant = models.OneToOneField(
        Applicant, verbose_name=_("người nộp hồ sơ"), on_delete=models.PROTECT, related_name="dossier"
    )
    channel = models.CharField(_("kênh nộp"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    due_at = models.DateTimeField(
        _("ngày hẹn trả"), null=True, blank=True, help_text=_("Để trống khi đang tạm dừng tính thời gian.")
    )
    status = models.CharField(_("trạng thái"), max_length=24, choices=DossierStatus.choices)
    current_step = models.ForeignKey(
        Step, verbose_name=_("bước hiện tại"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đang xử lý"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    lock_version = models.PositiveIntegerField(_("phiên bản ghi"), default=0)
    head_hash = models.CharField(_("mã băm sự kiện cuối"), max_length=64, blank=True)
    lookup_secret = models.CharField(_("mã tra cứu"), max_length=16, default=new_lookup_secret)
    finished_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    judgement = models.CharField(_("kết quả đánh giá thời hạn"), max_length=8, choices=Judgement.choices, blank=True)
    extended_minutes = models.PositiveIntegerField(
        _("thời gian hẹn lại (phút làm việc)"),
        default=0,
        help_text=_("Thời gian làm việc cộng thêm vào hạn giải quyết theo văn bản xin lỗi, hẹn lại đã phát hành."),
    )
    deadline_state = models.CharField(
        _("tình trạng thời hạn"), max_length=16, choices=DeadlineState.choices, blank=True, default=DeadlineState.NONE
    )
    due_soon_warned_at = models.DateTimeField(_("đã nhắc sắp tới hạn lúc"), null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(_("đã cảnh báo quá hạn lúc"), null=True, blank=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(due_at__gte=models.F("received_at")),
                name="dossier_due_after_received",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES) | Q(finished_at__isnull=False),
                name="dossier_closed_has_finished_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=DossierStatus.RETURNED) | Q(returned_at__isnull=False, judgement__gt=""),
                name="dossier_returned_is_dated_and_judged",
            ),
        ]
        indexes = [
            # Staff queues: "dossiers of my unit at this stage" (selectors.queue_* filter current_unit + status).
            models.Index(fields=["current_unit", "status"], name="dossier_unit_status_idx"),
            # Per-unit "due soon" / "overdue" queues, sorted by appointment: open dossiers only.
            models.Index(fields=["current_unit", "due_at"], condition=OPEN_DOSSIER, name="dossier_unit_open_due_idx"),
            # Province-wide overdue sweep and warnings: open dossiers by appointment.
            models.Index(fields=["due_at"], condition=OPEN_DOSSIER, name="dossier_open_due_idx"),
            # The desk's ledger (sổ theo dõi) and reception statistics: a unit's receptions by date.
            models.Index(fields=["receiving_unit", "received_at"], name="dossier_receiving_day_idx"),
            # The periodic report per resolving agency and status.
            models.Index(fields=["resolving_unit", "status"], name="dossier_resolving_status_idx"),
            # Dashboards counting a unit's open dossiers per deadline state (the sweep keeps the column current).
            models.Index(
                fields=["current_unit", "deadline_state"], condition=OPEN_DOSSIER, name="dossier_unit_deadline_idx"
            ),
            # Monitoring: dossiers open at a past instant are the open ones plus those returned, stopped or
            # withdrawn since (``monitoring.selectors.figures.open_at``); these two find the latter.
            models.Index(
                fields=["returned_at"], condition=Q(status=DossierStatus.RETURNED), name="dossier_returned_at_idx"
            ),
            models.Index(
                fields=["finished_at"],
                condition=Q(status__in=(DossierStatus.STOPPED, DossierStatus.WITHDRAWN)),
                name="dossier_ended_at_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DigitisationExemption(models.TextChoices):
    """Why a paper component was not scanned at reception (Circular 03/2025 Art. 5)."""

    ONLINE_SUBMISSION = "online_submission", _("Hồ sơ nộp trực tuyến")
    PRESENTED_ONLY = "presented_only", _("Giấy tờ chỉ xuất trình")
    AGENCY_REPLY = "agency_reply", _("Kết quả xác minh, trả lời của cơ quan khác")
    CONFIDENTIAL = "confidential", _("Tài liệu mật")


class DossierComponent(PreparedWrites):
    """A paper received for the dossier; only components of the pinned procedure version are accepted."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="components")
    component = models.ForeignKey(
        Component, verbose_name=_("thành phần hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("hình thức"), max_length=32, choices=ComponentForm.choices)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    file = models.FileField(_("bản điện tử"), upload_to="dossiers/%Y/%m/", blank=True)
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    digitisation_exemption = models.CharField(
        _("lý do không số hóa"), max_length=32, choices=DigitisationExemption.choices, blank=True
    )
    supplementation = models.ForeignKey(
        "SupplementationRequest",
        verbose_name=_("nộp bổ sung theo yêu cầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_components",
    )
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("giấy tờ đã nhận")
        verbose_name_plural = _("giấy tờ đã nhận")
        ordering = ["dossier", "received_at", "component__order"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="dossier_component_copies_positive"),
            models.CheckConstraint(
                condition=Q(digitised=True, digitisation_exemption="") | Q(digitised=False),
                name="dossier_component_exemption_only_if_not_digitised",
            ),
        ]
        indexes = [
            # The 766 digitisation ratio: the few dossiers with a paper neither scanned nor exempted.
            models.Index(
                fields=["dossier"],
                condition=Q(digitised=False, digitisation_exemption=""),
                name="component_undigitised_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.component}"


class StepVisit(PreparedWrites):
    """One stay of the dossier at a process step: a row of the control form (phiếu kiểm soát).

    The row records who gave (``left_by`` at ``left_at``) and who received (``holder`` at ``entered_at``), the
    step's due instant in working time, the judgement of the hand-over, and whether the paper file came along.
    """

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="visits")
    step = models.ForeignKey(Step, verbose_name=_("bước"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("nhận lúc"))
    due_at = models.DateTimeField(_("hạn xử lý bước"), null=True, blank=True)
    left_at = models.DateTimeField(_("chuyển đi lúc"), null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("ý kiến chuyển xử lý"), blank=True)
    judgement = models.CharField(_("kết quả"), max_length=8, choices=Judgement.choices, blank=True)
    paper_handed_over = models.BooleanField(_("có giao hồ sơ giấy"), default=False)
    paper_confirmed_at = models.DateTimeField(_("xác nhận nhận hồ sơ giấy lúc"), null=True, blank=True)
    paper_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận hồ sơ giấy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline_state = models.CharField(
        _("tình trạng thời hạn bước"),
        max_length=16,
        choices=DeadlineState.choices,
        blank=True,
        default=DeadlineState.NONE,
    )
    due_soon_warned_at = models.DateTimeField(_("đã nhắc sắp tới hạn lúc"), null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(_("đã cảnh báo quá hạn lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt xử lý")
        verbose_name_plural = _("lượt xử lý")
        ordering = ["dossier", "entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(left_at__isnull=True), name="step_visit_one_open_per_dossier"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("entered_at")),
                name="step_visit_left_after_entered",
            ),
            models.CheckConstraint(
                condition=Q(paper_confirmed_at__isnull=True) | Q(paper_handed_over=True),
                name="step_visit_confirmed_paper_was_handed_over",
            ),
        ]
        indexes = [
            # "Hồ sơ giấy chưa xác nhận" per unit: paper handed over and not yet confirmed.
            models.Index(
                fields=["unit"],
                condition=Q(paper_handed_over=True, paper_confirmed_at__isnull=True),
                name="step_visit_paper_pending_idx",
            ),
            # The deadline sweep: open visits by step due instant.
            models.Index(fields=["due_at"], condition=Q(left_at__isnull=True), name="step_visit_open_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.step_id}"


class PauseKind(models.TextChoices):
    WAITING_APPLICANT = "waiting_applicant", _("Chờ công dân bổ sung hồ sơ")
    WAITING_PAYMENT = "waiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")


class SupplementationRequest(PreparedWrites):
    """A written request to complete the dossier (form 02 during processing), listing only published components."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="supplementations"
    )
    number = models.PositiveSmallIntegerField(_("lần yêu cầu"))
    items = models.ManyToManyField(Component, verbose_name=_("giấy tờ cần bổ sung"), related_name="+")
    reason = models.TextField(_("lý do"))
    legal_basis = models.TextField(_("căn cứ yêu cầu thêm lần"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo đồng ý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beyond_limit = models.BooleanField(_("vượt số lần quy định"), default=False)
    applicant_at_fault = models.BooleanField(_("do lỗi của người nộp"), default=False)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    fulfilled_at = models.DateTimeField(_("đã bổ sung lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung hồ sơ")
        verbose_name_plural = _("yêu cầu bổ sung hồ sơ")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="supplementation_unique_number"),
            models.CheckConstraint(
                condition=Q(beyond_limit=False) | Q(approver__isnull=False), name="supplementation_beyond_has_approver"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.number}"


class ClockPause(PreparedWrites):
    """An interval during which the legal time limit does not run; ``ended_at`` is empty while it lasts."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(_("loại"), max_length=24, choices=PauseKind.choices)
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    supplementation = models.OneToOneField(
        SupplementationRequest,
        verbose_name=_("yêu cầu bổ sung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pause",
    )

    class Meta:
        verbose_name = _("tạm dừng tính thời gian")
        verbose_name_plural = _("tạm dừng tính thời gian")
        ordering = ["dossier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(ended_at__isnull=True), name="clock_pause_one_open_per_dossier"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="clock_pause_ends_after_start",
            ),
        ]
        indexes = [
            # Monitoring: dossiers waiting for the applicant at an instant are those whose pause is still open (the
            # unique constraint's index) or ended after it (this one), not a scan of every pause ever made.
            models.Index(fields=["ended_at"], name="clock_pause_ended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.started_at:%Y-%m-%d %H:%M} → {self.ended_at or '…'}"

    def as_interval(self) -> tuple[dt.datetime, dt.datetime | None]:
        return (self.started_at, self.ended_at)


class Result(PreparedWrites):
    """A result document issued for the dossier, named ``<dossier code>-KQ(n)`` (domain.md §3.7)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="results")
    number = models.PositiveSmallIntegerField(_("số thứ tự kết quả"))
    name = models.CharField(_("tên giấy tờ kết quả"), max_length=500)
    document_number = models.CharField(_("số, ký hiệu văn bản"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    file = models.FileField(_("tệp kết quả"), upload_to="results/%Y/%m/", blank=True)
    attached_at = models.DateTimeField(_("đính kèm lúc"))
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đính kèm"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="result_unique_number")]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.dossier.code}-KQ({self.number})"


class ReturnMethod(models.TextChoices):
    AT_COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
    POSTAL = "postal", _("Qua dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class ResultReturn(PreparedWrites):
    """How, when and to whom the result was handed over (the ledger's last columns)."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="result_return"
    )
    method = models.CharField(_("hình thức trả"), max_length=16, choices=ReturnMethod.choices)
    recipient = models.CharField(_("người nhận kết quả"), max_length=255)
    recipient_identity_number = models.CharField(_("số giấy tờ người nhận"), max_length=20, blank=True)
    returned_at = models.DateTimeField(_("trả lúc"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("trả kết quả")
        verbose_name_plural = _("trả kết quả")
        ordering = ["returned_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.recipient}"


class EventAction(models.TextChoices):
    """What an event records; one service action appends exactly one event."""

    RECEIVED = "reception.received", _("Tiếp nhận hồ sơ")
    FORWARDED = "processing.forwarded", _("Chuyển bước xử lý")
    PAPER_CONFIRMED = "processing.paper_confirmed", _("Xác nhận nhận hồ sơ giấy")
    SENT_BACK = "processing.sent_back", _("Trả lại bước trước")
    SUPPLEMENT_REQUESTED = "supplementation.requested", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT_RECEIVED = "supplementation.received", _("Nhận hồ sơ bổ sung")
    PAYMENT_REQUESTED = "financial.requested", _("Thông báo thực hiện nghĩa vụ tài chính")
    PAYMENT_CONFIRMED = "financial.confirmed", _("Xác nhận đã thực hiện nghĩa vụ tài chính")
    APPROVED = "processing.approved", _("Phê duyệt")
    REFUSED = "processing.refused", _("Từ chối giải quyết")
    RESULT_ATTACHED = "result.attached", _("Đính kèm kết quả")
    RESULT_RETURNED = "result.returned", _("Trả kết quả")
    RESULT_CANCELLED = "result.cancelled", _("Hủy kết quả")
    STOPPED = "ending.stopped", _("Dừng giải quyết hồ sơ")
    WITHDRAWN = "ending.withdrawn", _("Rút hồ sơ theo yêu cầu")
    CORRECTED = "record.corrected", _("Đính chính thông tin")
    CONSULTATION_REQUESTED = "consultation.requested", _("Gửi lấy ý kiến")
    CONSULTATION_ANSWERED = "consultation.answered", _("Nhận ý kiến trả lời")
    CONSULTATION_EXTENSION_REQUESTED = "consultation.extension_requested", _("Đề nghị gia hạn cho ý kiến")
    CONSULTATION_EXTENSION_DECIDED = "consultation.extension_decided", _("Xử lý đề nghị gia hạn cho ý kiến")
    CONSULTATION_WAIVED = "consultation.waived", _("Lãnh đạo cho chuyển bước khi chưa đủ ý kiến")
    INTER_AGENCY_OPENED = "interagency.opened", _("Lập hồ sơ liên thông")
    INTER_AGENCY_RETURNED = "interagency.returned", _("Nhận kết quả liên thông")
    TRANSFERRED = "record.transferred", _("Chuyển giao cho đơn vị kế thừa")
    APOLOGY_DRAFTED = "appointment.apology_drafted", _("Dự thảo văn bản xin lỗi, hẹn lại")
    APOLOGY_REJECTED = "appointment.apology_rejected", _("Không duyệt văn bản xin lỗi, hẹn lại")
    RESCHEDULED = "appointment.rescheduled", _("Phát hành văn bản xin lỗi, hẹn lại ngày trả")
    REPROJECTED = "clock.reprojected", _("Tính lại hạn theo lịch làm việc")
    SOS_RAISED = "sos.raised", _("Báo SOS")
    SOS_RESOLVED = "sos.resolved", _("Xử lý xong SOS")


class ClockEffect(models.TextChoices):
    NONE = "none", _("Không ảnh hưởng")
    STARTED = "started", _("Bắt đầu tính thời gian")
    PAUSED = "paused", _("Tạm dừng tính thời gian")
    RESUMED = "resumed", _("Tiếp tục tính thời gian")
    STOPPED = "stopped", _("Kết thúc tính thời gian")
    EXTENDED = "extended", _("Gia hạn")
    REPROJECTED = "reprojected", _("Tính lại hạn theo lịch làm việc")


class DossierEvent(PreparedWrites):
    """One immutable entry of a dossier's history, chained by hash (see ``motcua.dossiers.events``)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("số thứ tự"))
    action = models.CharField(_("thao tác"), max_length=40, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(_("từ trạng thái"), max_length=24, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=24, choices=DossierStatus.choices)
    reason = models.TextField(_("lý do, ý kiến"), blank=True)
    clock_effect = models.CharField(
        _("tác động thời hạn"), max_length=16, choices=ClockEffect.choices, default=ClockEffect.NONE
    )
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm sự kiện trước"), max_length=64, blank=True)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [
            # Also the index of the timeline query (events of one dossier in order) and of verify_events.
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_unique_seq"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="dossier_event_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.seq} {self.action}"


class NoticeKind(models.TextChoices):
    GUIDANCE = "guidance", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")


class ReceptionNotice(models.Model):
    """A written guidance (form 02) or refusal (form 03) given at the desk instead of receiving a dossier.

    The law requires the answer in writing (domain.md §3.1), so it is recorded with a serial number and the applicant,
    but it is not a dossier: no dossier code is consumed and no clock starts. Being created once and never changed,
    the record is its own history (no event chain).
    """

    kind = models.CharField(_("loại phiếu"), max_length=16, choices=NoticeKind.choices)
    serial = models.CharField(_("số phiếu"), max_length=64, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    rule_set = models.CharField(_("bộ quy định áp dụng"), max_length=8, choices=FormSet.choices)
    applicant = models.OneToOneField(
        Applicant, verbose_name=_("người nộp hồ sơ"), on_delete=models.PROTECT, related_name="notice"
    )
    channel = models.CharField(_("kênh nộp"), max_length=16, choices=Channel.choices)
    items = models.ManyToManyField(Component, verbose_name=_("giấy tờ cần bổ sung, hoàn thiện"), related_name="+")
    reason = models.TextField(_("lý do"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("lập lúc"))

    class Meta:
        verbose_name = _("phiếu hướng dẫn, từ chối tiếp nhận")
        verbose_name_plural = _("phiếu hướng dẫn, từ chối tiếp nhận")
        ordering = ["-issued_at"]
        indexes = [
            # The desk's list of guidance and refusals it issued, newest first.
            models.Index(fields=["unit", "issued_at"], name="reception_notice_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.serial


class CounterSeries(models.TextChoices):
    DOSSIER = "dossier", _("Mã hồ sơ")
    NOTICE = "notice", _("Số phiếu hướng dẫn, từ chối")


class DossierCounter(models.Model):
    """The last number given in a series for a unit and day; allocated inside the reception transaction."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    series = models.CharField(_("loại số"), max_length=16, choices=CounterSeries.choices)
    last = models.PositiveIntegerField(_("số cuối đã cấp"))

    class Meta:
        verbose_name = _("bộ đếm số hồ sơ")
        verbose_name_plural = _("bộ đếm số hồ sơ")
        ordering = ["unit", "day", "series"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "series"], name="dossier_counter_unique_unit_day_series")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.series}: {self.last}"


class ApologyResponsibility(models.TextChoices):
    """Who apologises for a dossier that will be late (domain.md §3.6; setting MOTCUA_APOLOGY_RESPONSIBILITY)."""

    AGENCY_AT_FAULT = "agency_at_fault", _("Cơ quan để xảy ra chậm trễ")
    RESULT_ISSUER = "result_issuer", _("Cơ quan trả kết quả (hồ sơ liên thông)")


class AppointmentChangeState(models.TextChoices):
    DRAFTED = "drafted", _("Dự thảo")
    APPROVED = "approved", _("Đã phát hành")
    REJECTED = "rejected", _("Không duyệt")


class AppointmentChange(models.Model):
    """The apology letter and new appointment (form 04): drafted by a handler, issued when a leader approves it.

    Decree 61 allows the appointment to be moved once, so at most one change per dossier is ever approved (a named
    constraint). ``extension_minutes`` is what the clock adds to the legal due instant, so the appointment stays
    recomputable from the records; ``late`` says the letter went out less than one working day before the deadline.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="appointment_changes"
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=AppointmentChangeState.choices)
    old_due_at = models.DateTimeField(_("ngày hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("ngày hẹn trả mới"))
    extension_minutes = models.PositiveIntegerField(_("thời gian hẹn thêm (phút làm việc)"))
    reason = models.TextField(_("lý do chậm trễ"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan chịu trách nhiệm"), on_delete=models.PROTECT, related_name="+"
    )
    responsibility = models.CharField(
        _("căn cứ xác định cơ quan chịu trách nhiệm"), max_length=16, choices=ApologyResponsibility.choices
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dự thảo"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("dự thảo lúc"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    letter_issued_at = models.DateTimeField(_("phát hành văn bản lúc"), null=True, blank=True)
    late = models.BooleanField(_("phát hành muộn (dưới một ngày làm việc trước hạn)"), default=False)
    rejection_reason = models.TextField(_("lý do không duyệt"), blank=True)

    class Meta:
        verbose_name = _("văn bản xin lỗi, hẹn lại ngày trả")
        verbose_name_plural = _("văn bản xin lỗi, hẹn lại ngày trả")
        ordering = ["dossier", "drafted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(state="approved"), name="appointment_change_rescheduled_once"
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(state="drafted"), name="appointment_change_one_pending_draft"
            ),
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("old_due_at")), name="appointment_change_new_after_old"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(decided_by__isnull=False, letter_issued_at__isnull=False),
                name="appointment_change_issued_is_approved",
            ),
        ]
        indexes = [
            # Reports of apology letters per responsible agency and period.
            models.Index(fields=["responsible_unit", "letter_issued_at"], name="appointment_change_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.old_due_at:%Y-%m-%d %H:%M} → {self.new_due_at:%Y-%m-%d %H:%M}"


class SosCategory(models.TextChoices):
    MISSING_ANSWER = "missing_answer", _("Chờ ý kiến, kết quả của cơ quan khác")
    UNCLEAR_RULE = "unclear_rule", _("Quy định chưa rõ")
    SYSTEM_FAULT = "system_fault", _("Lỗi hệ thống")
    OTHER = "other", _("Khác")


class SosState(models.TextChoices):
    OPEN = "open", _("Mới báo")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("state of an SOS", "Đã tiếp nhận")
    RESOLVED = "resolved", _("Đã xử lý xong")


class Sos(models.Model):
    """A handler's call for help on a stuck or at-risk dossier (domain.md §8), with its own states and timeline.

    ``unit`` is the unit the handler raised it in: its leaders answer it, and the per-unit report counts it there.
    One SOS at a time per dossier stays unresolved, so the dossier page has one panel to act on.
    """

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="sos")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị báo"), on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("loại vướng mắc"), max_length=16, choices=SosCategory.choices)
    reason = models.TextField(_("nội dung vướng mắc"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=SosState.choices, default=SosState.OPEN)
    raised_at = models.DateTimeField(_("báo lúc"))
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("kết quả xử lý"), blank=True)

    class Meta:
        verbose_name = _("SOS")
        verbose_name_plural = _("SOS")
        ordering = ["-raised_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=~Q(state="resolved"), name="sos_one_unresolved_per_dossier"
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(acknowledged_at__isnull=False), name="sos_answered_is_acknowledged"
            ),
            models.CheckConstraint(
                condition=~Q(state="resolved") | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="sos_resolved_is_dated",
            ),
        ]
        indexes = [
            # The per-unit SOS list with response times, newest first.
            models.Index(fields=["unit", "raised_at"], name="sos_unit_raised_idx"),
        ]

    def __str__(self) -> str:
        return f"SOS {self.dossier_id} ({self.get_state_display()})"


class SosEventKind(models.TextChoices):
    RAISED = "raised", _("Báo SOS")
    ACKNOWLEDGED = "acknowledged", _("Tiếp nhận SOS")
    RESOLVED = "resolved", _("Xử lý xong SOS")
    PROPOSED = "proposed", _("Đề xuất sửa đổi thủ tục")


class SosEvent(models.Model):
    """One line of an SOS's own timeline (the dossier's chain records only its raising and resolution)."""

    sos = models.ForeignKey(Sos, verbose_name=_("SOS"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("diễn biến"), max_length=16, choices=SosEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến SOS")
        verbose_name_plural = _("diễn biến SOS")
        ordering = ["sos", "at", "id"]

    def __str__(self) -> str:
        return f"{self.sos_id} {self.kind}"


class AmendmentProposal(models.Model):
    """A proposal to amend a procedure, drawn from a resolved SOS (the directive's item 8): a row of the register."""

    sos = models.OneToOneField(Sos, verbose_name=_("SOS"), on_delete=models.PROTECT, related_name="proposal")
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị đề xuất"), on_delete=models.PROTECT, related_name="+")
    proposal = models.TextField(_("nội dung đề xuất sửa đổi"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề xuất"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"))

    class Meta:
        verbose_name = _("đề xuất sửa đổi thủ tục")
        verbose_name_plural = _("đề xuất sửa đổi thủ tục")
        ordering = ["-proposed_at", "id"]
        indexes = [
            # The register filtered by procedure, newest first.
            models.Index(fields=["procedure", "proposed_at"], name="amendment_procedure_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.proposal[:60]}"


class DailyFigures(models.Model):
    """How many dossiers of one resolving unit and procedure version were received, returned (by judgement),
    stopped and withdrawn on one local day: the province-year reports sum these rows instead of scanning a year of
    dossiers (decision 012).

    A projection of the dossier rows, never typed in: ``services.daily_figures`` adds a dossier's change in the
    transaction that makes it (one upsert), and ``rebuild_daily_figures`` recomputes every row from the dossiers; a
    test holds the two equal after random lifecycles. A dossier counts under its received day for the reception
    columns and under its closing day for the others. Judgements, apology letters and results cannot change once a
    dossier is returned, so the returned columns are final when written.
    """

    day = models.DateField(_("ngày"))
    resolving_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    received_counter = models.IntegerField(_("tiếp nhận trực tiếp"), default=0)
    received_online = models.IntegerField(_("tiếp nhận trực tuyến"), default=0)
    received_postal = models.IntegerField(_("tiếp nhận qua bưu chính"), default=0)
    received_person = models.IntegerField(_("tiếp nhận của cá nhân"), default=0)
    received_population_reused = models.IntegerField(
        _("tiếp nhận của cá nhân có khai thác Cơ sở dữ liệu quốc gia về dân cư"), default=0
    )
    returned_early = models.IntegerField(_("trả kết quả trước hạn"), default=0)
    returned_on_time = models.IntegerField(_("trả kết quả đúng hạn"), default=0)
    returned_late = models.IntegerField(_("trả kết quả quá hạn"), default=0)
    returned_timely_resupplied = models.IntegerField(
        _("trả kết quả không quá hạn nhưng yêu cầu bổ sung quá một lần"), default=0
    )
    returned_late_unapologised = models.IntegerField(_("trả kết quả quá hạn không có văn bản xin lỗi"), default=0)
    returned_electronic = models.IntegerField(_("trả kết quả có kết quả điện tử"), default=0)
    stopped = models.IntegerField(_("dừng giải quyết"), default=0)
    withdrawn = models.IntegerField(_("rút hồ sơ"), default=0)

    class Meta:
        verbose_name = _("số liệu hồ sơ theo ngày")
        verbose_name_plural = _("số liệu hồ sơ theo ngày")
        ordering = ["day", "resolving_unit", "procedure_version"]
        constraints = [
            # The upsert's conflict target; its index (day first) also serves the reports' period ranges.
            models.UniqueConstraint(
                fields=["day", "resolving_unit", "procedure_version"], name="daily_figures_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.resolving_unit_id} {self.procedure_version_id}"
