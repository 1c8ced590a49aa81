"""The citizen side: accounts, online submissions and their files, data reuse, evaluations and PAKN.

Citizens sign in with the project's ``organization.User`` but hold a ``Citizen`` profile and never a staff role, so
the staff workspace (which asks for a role) stays closed to them and the portal (which asks for the profile) to
staff. An online submission is not a dossier: it becomes one when a desk officer receives it (``dossier`` is then
set), or ends with a written guidance or refusal (``notice``). Uploaded files live under ``MEDIA_ROOT`` (outside the
web root; no route serves it) and are handed out only by views that check who asks.
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, DataSource, ProcedureVersion
from motcua.dossiers.models import ApplicantKind, Dossier, ReceptionNotice, SupplementationRequest
from motcua.organization.models import Unit


class Citizen(models.Model):
    """A person's portal account: their verified contact and the identity they file under."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="citizen"
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    identity_number = models.CharField(_("số định danh cá nhân"), max_length=12, unique=True)
    date_of_birth = models.DateField(_("ngày sinh"))
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ liên hệ"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("xác thực liên lạc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("công dân")
        verbose_name_plural = _("công dân")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(email="", phone=""), name="citizen_has_contact"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contact(self) -> str:
        return self.email or self.phone


class CodePurpose(models.TextChoices):
    SIGN_UP = "sign_up", _("Xác thực đăng ký tài khoản")


class VerificationCode(models.Model):
    """A one-time code sent to a contact: only its keyed hash is stored; it expires and allows few attempts."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("công dân"), on_delete=models.CASCADE, related_name="verification_codes"
    )
    purpose = models.CharField(_("mục đích"), max_length=16, choices=CodePurpose.choices)
    contact = models.CharField(_("gửi đến"), max_length=255)
    code_hash = models.CharField(_("mã băm"), max_length=128)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác thực")
        verbose_name_plural = _("mã xác thực")
        ordering = ["-created_at"]
        indexes = [
            # The check of an entered code reads the citizen's latest unused code for a purpose.
            models.Index(fields=["citizen", "purpose", "created_at"], name="verification_code_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.purpose}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    GUIDED = "guided", _("Được hướng dẫn bổ sung, hoàn thiện")
    REFUSED = "refused", _("Bị từ chối tiếp nhận")


class OnlineSubmission(models.Model):
    """A dossier filed online by a citizen, from draft to the desk's decision (receive, guide or refuse)."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("công dân"), on_delete=models.PROTECT, related_name="submissions"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="online_submissions"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    applicant_kind = models.CharField(
        _("người nộp là"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255)
    identity_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    note = models.TextField(_("ghi chú của người nộp"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    desk_due_at = models.DateTimeField(
        _("hạn tiếp nhận"),
        null=True,
        blank=True,
        help_text=_("Bộ phận một cửa phải tiếp nhận, hướng dẫn hoặc từ chối."),
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier = models.OneToOneField(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_submission",
    )
    notice = models.OneToOneField(
        ReceptionNotice,
        verbose_name=_("phiếu hướng dẫn, từ chối"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_submission",
    )

    class Meta:
        verbose_name = _("hồ sơ nộp trực tuyến")
        verbose_name_plural = _("hồ sơ nộp trực tuyến")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, desk_due_at__isnull=False),
                name="online_submission_submitted_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="received") | Q(dossier__isnull=False), name="online_submission_received_dossier"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["guided", "refused"]) | Q(notice__isnull=False),
                name="online_submission_answered_in_writing",
            ),
        ]
        indexes = [
            # The desk's queue "Chờ tiếp nhận trực tuyến": a unit's submitted ones by the deadline to act.
            models.Index(fields=["receiving_unit", "status", "desk_due_at"], name="online_submission_queue_idx"),
            # "Hồ sơ của tôi": a citizen's submissions, newest first.
            models.Index(fields=["citizen", "created_at"], name="online_submission_citizen_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_version.procedure.code} — {self.applicant_name} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """How the citizen and the desk name it before it has a dossier code."""
        return f"TT-{self.pk:06d}"


def _upload_path(instance: UploadedFile, filename: str) -> str:
    """A random name keeping only the extension of the sniffed type: the citizen's file name is never a path."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"portal/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class SupplementState(models.TextChoices):
    PENDING = "pending", _("Chờ cán bộ xác nhận")
    CONFIRMED = "confirmed", _("Đã nhận bổ sung")
    RETURNED = "returned", _("Chưa đạt, cần nộp lại")


class OnlineSupplement(models.Model):
    """The papers a citizen uploaded to answer a supplementation request, until the desk confirms them.

    Confirming records ``receive_supplement`` through ``perform`` with the desk officer as the actor
    (docs/decisions/007-online-submission.md); the clock resumes at the upload instant.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="online_supplements"
    )
    request = models.ForeignKey(
        SupplementationRequest, verbose_name=_("yêu cầu bổ sung"), on_delete=models.PROTECT, related_name="+"
    )
    citizen = models.ForeignKey(Citizen, verbose_name=_("công dân"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=SupplementState.choices, default=SupplementState.PENDING
    )
    note = models.TextField(_("ghi chú của người nộp"), blank=True)
    uploaded_at = models.DateTimeField(_("nộp lúc"))
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("lý do chưa đạt"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ bổ sung trực tuyến")
        verbose_name_plural = _("hồ sơ bổ sung trực tuyến")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(state="pending"), name="online_supplement_one_pending_per_request"
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(reason=""), name="online_supplement_returned_has_reason"
            ),
        ]
        indexes = [
            # The desk's list of supplements to confirm: pending ones per dossier.
            models.Index(fields=["dossier"], condition=Q(state="pending"), name="online_supplement_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.request_id} ({self.get_state_display()})"


class UploadedFile(models.Model):
    """One component's file, for a submission or for a supplement; its type was sniffed from its first bytes."""

    submission = models.ForeignKey(
        OnlineSubmission,
        verbose_name=_("hồ sơ nộp"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    supplement = models.ForeignKey(
        OnlineSupplement,
        verbose_name=_("hồ sơ bổ sung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    component = models.ForeignKey(
        Component, verbose_name=_("thành phần hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("tệp"), upload_to=_upload_path, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=32)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        verbose_name = _("tệp đính kèm trực tuyến")
        verbose_name_plural = _("tệp đính kèm trực tuyến")
        ordering = ["component__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=False, supplement__isnull=True)
                | Q(submission__isnull=True, supplement__isnull=False),
                name="uploaded_file_one_owner",
            ),
            models.UniqueConstraint(
                fields=["submission", "component"],
                condition=Q(submission__isnull=False),
                name="uploaded_file_one_per_component",
            ),
            models.UniqueConstraint(
                fields=["supplement", "component"],
                condition=Q(supplement__isnull=False),
                name="uploaded_file_one_per_supplement_component",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class LookupOutcome(models.TextChoices):
    VERIFIED = "verified", _("Đã xác thực")
    NOT_FOUND = "not_found", _("Không tìm thấy số định danh")
    MISMATCH = "mismatch", _("Họ tên hoặc ngày sinh không khớp")
    UNAVAILABLE = "unavailable", _("Không kết nối được cơ sở dữ liệu")


class DataReuse(models.Model):
    """One look-up in a published database — for an online submission, or by a desk officer at the counter.

    Resolution 66.7/2025: a component whose data is in a published database is never asked for; only a failed
    look-up (its reason recorded here) lets the paper be asked for. A submission's look-ups are made on the
    citizen's behalf and list the components they spared; a desk look-up names the officer (``looked_up_by``) and,
    once the applicant's dossier is received with it, that ``dossier``.
    """

    submission = models.ForeignKey(
        OnlineSubmission,
        verbose_name=_("hồ sơ nộp"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reuses",
    )
    looked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ tra cứu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("cơ sở dữ liệu"), max_length=32, choices=DataSource.choices)
    identity_number = models.CharField(_("số định danh tra cứu"), max_length=12)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=LookupOutcome.choices)
    detail = models.TextField(_("chi tiết lỗi"), blank=True)
    verified_name = models.CharField(_("họ và tên đã xác thực"), max_length=255, blank=True)
    verified_birth_date = models.DateField(_("ngày sinh đã xác thực"), null=True, blank=True)
    permanent_address = models.CharField(_("nơi thường trú"), max_length=500, blank=True)
    components = models.ManyToManyField(Component, verbose_name=_("thành phần được khai thác"), related_name="+")
    looked_up_at = models.DateTimeField(_("tra cứu lúc"))

    class Meta:
        verbose_name = _("khai thác dữ liệu")
        verbose_name_plural = _("khai thác dữ liệu")
        ordering = ["submission", "-looked_up_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="verified") | ~Q(verified_name=""), name="data_reuse_verified_has_data"
            ),
            models.CheckConstraint(
                condition=Q(submission__isnull=False) | Q(looked_up_by__isnull=False),
                name="data_reuse_for_a_submission_or_by_an_officer",
            ),
        ]
        indexes = [
            # The dossier page's list of the desk's look-ups for the dossier.
            models.Index(fields=["dossier"], condition=Q(dossier__isnull=False), name="data_reuse_dossier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id or self.dossier_id} {self.source}: {self.outcome}"


class SatisfactionLevel(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


class EvaluationSource(models.TextChoices):
    LINK = "link", _("Đường dẫn, mã QR")
    KIOSK = "kiosk", _("Thiết bị đánh giá tại quầy")


SCORE = [MaxValueValidator(2)]


class Evaluation(models.Model):
    """The applicant's rating of one dossier (Circular 01/2018 Arts. 12–14): nine indices scored 2 / 1 / 0.

    Indices 1–3 are computed from the dossier's own timestamps when the rating is saved; 3, 4 and 7 are asked of the
    applicant (index 3 is kept both ways); 5, 6, 8 and 9 are the applicant's view of the desk and agency, optional.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="evaluation"
    )
    source = models.CharField(_("hình thức đánh giá"), max_length=8, choices=EvaluationSource.choices)
    c1_resolution_time = models.PositiveSmallIntegerField(
        _("1. Thời gian giải quyết so với quy định"), validators=SCORE
    )
    c2_agency_time = models.PositiveSmallIntegerField(
        _("2. Thời gian của từng cơ quan so với quy định"), validators=SCORE
    )
    c3_contacts_computed = models.PositiveSmallIntegerField(
        _("3. Số lần liên hệ để hoàn thiện hồ sơ (tính từ hệ thống)"), validators=SCORE
    )
    c3_contacts = models.PositiveSmallIntegerField(_("3. Số lần phải liên hệ để hoàn thiện hồ sơ"), validators=SCORE)
    c4_agencies = models.PositiveSmallIntegerField(_("4. Số cơ quan phải liên hệ"), validators=SCORE)
    c5_one_stop = models.PositiveSmallIntegerField(
        _("5. Tiếp nhận, giải quyết, trả kết quả qua bộ phận một cửa"), null=True, blank=True, validators=SCORE
    )
    c6_publication = models.PositiveSmallIntegerField(
        _("6. Công khai thủ tục hành chính"), null=True, blank=True, validators=SCORE
    )
    c7_attitude = models.PositiveSmallIntegerField(_("7. Thái độ của cán bộ"), validators=SCORE)
    c8_feedback = models.PositiveSmallIntegerField(
        _("8. Tiếp thu, giải trình ý kiến góp ý"), null=True, blank=True, validators=SCORE
    )
    c9_online = models.PositiveSmallIntegerField(
        _("9. Tiến độ, chất lượng dịch vụ công trực tuyến"), null=True, blank=True, validators=SCORE
    )
    satisfaction = models.CharField(_("mức độ hài lòng"), max_length=16, choices=SatisfactionLevel.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    recorded_at = models.DateTimeField(_("đánh giá lúc"))
    kiosk_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ mở thiết bị đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đánh giá của người dân")
        verbose_name_plural = _("đánh giá của người dân")
        ordering = ["-recorded_at"]
        constraints = [
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__lte": 2}), name=f"evaluation_{name}_at_most_2")
                for name in (
                    "c1_resolution_time",
                    "c2_agency_time",
                    "c3_contacts_computed",
                    "c3_contacts",
                    "c4_agencies",
                    "c5_one_stop",
                    "c6_publication",
                    "c7_attitude",
                    "c8_feedback",
                    "c9_online",
                )
            ],
            models.CheckConstraint(
                condition=~Q(source="kiosk") | Q(kiosk_opened_by__isnull=False), name="evaluation_kiosk_has_officer"
            ),
        ]
        indexes = [
            # Satisfaction figures of a period (monitoring reads ratings by date).
            models.Index(fields=["recorded_at"], name="evaluation_recorded_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_satisfaction_display()}"

    @property
    def total(self) -> int:
        """The per-dossier indices' sum as the applicant answered them (index 3 as asked)."""
        return self.c1_resolution_time + self.c2_agency_time + self.c3_contacts + self.c4_agencies + self.c7_attitude


class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", _("Phản ánh")
    PETITION = "petition", _("Kiến nghị")


class FeedbackState(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    MORE_REQUESTED = "more_requested", _("Đề nghị bổ sung thông tin")
    REJECTED = "rejected", _("Từ chối xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    PUBLISHED = "published", _("Đã công khai trả lời")


def new_feedback_number() -> str:
    return secrets.token_hex(4).upper()


class Feedback(models.Model):
    """A complaint or petition (phản ánh, kiến nghị — PAKN) with the deadlines of its handling steps.

    Deadlines are working days counted from receipt (reject ≤ 2, request more ≤ 5, answer ≤ 15) and from the answer
    (publish ≤ 2), stored when the step that starts them happens, so the staff list sorts and flags them by column.
    """

    number = models.CharField(_("số phản ánh"), max_length=16, unique=True, default=new_feedback_number)
    kind = models.CharField(_("loại"), max_length=16, choices=FeedbackKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ liên quan"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    citizen = models.ForeignKey(
        Citizen, verbose_name=_("công dân"), on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    sender_name = models.CharField(_("người gửi"), max_length=255)
    sender_contact = models.CharField(_("thư điện tử hoặc số điện thoại"), max_length=255)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=FeedbackState.choices)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    reject_by = models.DateTimeField(_("hạn từ chối"))
    request_more_by = models.DateTimeField(_("hạn đề nghị bổ sung"))
    answer_by = models.DateTimeField(_("hạn trả lời"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    publish_by = models.DateTimeField(_("hạn công khai"), null=True, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["answer_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["answered", "published"])
                | Q(answered_at__isnull=False, publish_by__isnull=False),
                name="feedback_answered_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False), name="feedback_published_is_dated"
            ),
        ]
        indexes = [
            # The staff list: a unit's PAKN by answer deadline.
            models.Index(fields=["unit", "state", "answer_by"], name="feedback_unit_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"


class FeedbackStepKind(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    MORE_REQUESTED = "more_requested", _("Đề nghị bổ sung thông tin")
    MORE_PROVIDED = "more_provided", _("Người gửi bổ sung thông tin")
    REJECTED = "rejected", _("Từ chối xử lý")
    ANSWERED = "answered", _("Trả lời")
    PUBLISHED = "published", _("Công khai trả lời")


class FeedbackStep(models.Model):
    """One handling step of a PAKN, with whether it met its deadline."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("phản ánh, kiến nghị"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("bước"), max_length=16, choices=FeedbackStepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"))
    due_at = models.DateTimeField(_("hạn"), null=True, blank=True)
    late = models.BooleanField(_("quá hạn"), default=False)
    note = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý phản ánh, kiến nghị")
        verbose_name_plural = _("bước xử lý phản ánh, kiến nghị")
        ordering = ["feedback", "at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind}"
