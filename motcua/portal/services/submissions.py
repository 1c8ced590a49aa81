"""Online submission (domain.md §3.1): a citizen's draft, submitted to a desk, received, guided or refused there.

The citizen fills in the applicant, uploads the published components (nothing else can be uploaded) and submits;
the submission then waits in the desk's queue "Chờ tiếp nhận trực tuyến", which must act within
``reception_hours()`` working hours (default 8). Receiving it calls the dossier core's ``receive`` with
the online channel and the submission instant as the valid receipt, so the legal clock starts when the citizen
submitted; guidance and refusal are the core's written notices (forms 02 and 03).

Data reuse (Resolution 66.7/2025): for a person, components the catalog marks as held by the population database
are never asked for once the look-up verified the applicant; a failed look-up is recorded with its reason, and only
then is the paper asked for. The same record lists the components the look-up spared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, DataSource, OnlineMode, ProcedureVersion
from motcua.catalog.services import published_components
from motcua.dossiers.models import ApplicantKind, Channel, Dossier, ReceptionNotice
from motcua.dossiers.services import (
    ApplicantData,
    ComponentReceipt,
    GuidanceData,
    ReceptionData,
    RefusalData,
    daily_figures,
    receive,
    record_guidance,
    record_refusal,
)
from motcua.dossiers.validators import validate_identity_number, validate_tax_code
from motcua.notifications.models import NotificationKind
from motcua.organization.models import Unit, User
from motcua.portal.models import (
    Citizen,
    DataReuse,
    LookupOutcome,
    OnlineSubmission,
    SubmissionStatus,
    UploadedFile,
)
from motcua.portal.population import lookup_person
from motcua.portal.selectors import receiving_units
from motcua.portal.services.messaging import tell
from motcua.portal.services.uploads import store_file
from motcua.portal.signals import submission_changed
from motcua.workcalendar.services import calendar_for


def reception_hours() -> int:
    """Working hours the desk has to act on a submission (setting ``MOTCUA_ONLINE_RECEPTION_HOURS``, default 8)."""
    return getattr(settings, "MOTCUA_ONLINE_RECEPTION_HOURS", 8)


def _editable(submission: OnlineSubmission) -> None:
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Hồ sơ đã nộp, không sửa được nữa."), code="not_draft")


def _check_offered(version: ProcedureVersion, unit: Unit, day: dt.date) -> None:
    if version.online_mode == OnlineMode.NONE:
        raise ValidationError(_("Thủ tục này chưa được cung cấp trực tuyến."), code="not_online")
    if not receiving_units(version, day).filter(pk=unit.pk).exists():
        raise ValidationError({"receiving_unit": _("Nơi tiếp nhận này không nhận thủ tục này.")}, code="unit")


def start(*, citizen: Citizen, version: ProcedureVersion, receiving_unit: Unit) -> OnlineSubmission:
    """A draft for ``version`` at ``receiving_unit``, the applicant prefilled with the citizen's own data."""
    _check_offered(version, receiving_unit, timezone.localdate())
    return OnlineSubmission.objects.create(
        citizen=citizen,
        procedure_version=version,
        receiving_unit=receiving_unit,
        applicant_kind=ApplicantKind.PERSON,
        applicant_name=citizen.full_name,
        identity_number=citizen.identity_number,
        date_of_birth=citizen.date_of_birth,
        address=citizen.address,
        phone=citizen.phone,
        email=citizen.email,
    )


@dataclasses.dataclass
class ApplicantInput:
    kind: str
    name: str
    identity_number: str = ""
    date_of_birth: dt.date | None = None
    tax_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""


def population_components(version: ProcedureVersion) -> list[Component]:
    return list(published_components(version).filter(data_source=DataSource.POPULATION))


def latest_reuse(submission: OnlineSubmission) -> DataReuse | None:
    return submission.reuses.filter(source=DataSource.POPULATION).order_by("-looked_up_at", "-id").first()


def _look_up(submission: OnlineSubmission, at: dt.datetime) -> DataReuse | None:
    """Ask the population registry for a person's submission whose procedure has components it can replace."""
    components = population_components(submission.procedure_version)
    if submission.applicant_kind != ApplicantKind.PERSON or not components or submission.date_of_birth is None:
        return None
    result = lookup_person(
        identity_number=submission.identity_number,
        name=submission.applicant_name,
        birth_date=submission.date_of_birth,
    )
    person = result.person
    reuse = DataReuse.objects.create(
        submission=submission,
        source=DataSource.POPULATION,
        identity_number=submission.identity_number,
        outcome=result.outcome,
        detail=result.detail,
        verified_name=person.name if person else "",
        verified_birth_date=person.birth_date if person else None,
        permanent_address=person.permanent_address if person else "",
        looked_up_at=at,
    )
    if result.verified:
        reuse.components.set(components)
        # The paper is not asked for any more: drop what was uploaded for it before the look-up succeeded.
        for row in submission.files.filter(component__in=components):
            row.file.delete(save=False)
            row.delete()
    return reuse


def save_applicant(submission: OnlineSubmission, data: ApplicantInput, *, at: dt.datetime | None = None) -> None:
    """Store the applicant of a draft (validated as at the desk) and look the person up in the population registry."""
    _editable(submission)
    at = at or timezone.now()
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError({"name": _("Cần nhập họ và tên hoặc tên tổ chức.")})
    if data.kind == ApplicantKind.PERSON:
        if not data.identity_number:
            raise ValidationError({"identity_number": _("Cần nhập số định danh cá nhân của người nộp hồ sơ.")})
        try:
            validate_identity_number(data.identity_number, data.date_of_birth)
        except ValidationError as error:
            raise ValidationError({"identity_number": error.messages}) from error
        if data.date_of_birth is None:
            raise ValidationError({"date_of_birth": _("Cần nhập ngày sinh để đối chiếu cơ sở dữ liệu dân cư.")})
    elif data.kind == ApplicantKind.ORGANISATION:
        try:
            validate_tax_code(data.tax_code)
        except ValidationError as error:
            raise ValidationError({"tax_code": error.messages}) from error
    else:
        raise ValidationError({"kind": _("Loại người nộp không hợp lệ.")})
    identity_changed = (submission.applicant_name, submission.identity_number, submission.date_of_birth) != (
        name,
        data.identity_number,
        data.date_of_birth,
    )
    with transaction.atomic():
        submission.applicant_kind = data.kind
        submission.applicant_name = name
        submission.identity_number = data.identity_number if data.kind == ApplicantKind.PERSON else ""
        submission.date_of_birth = data.date_of_birth if data.kind == ApplicantKind.PERSON else None
        submission.tax_code = data.tax_code if data.kind == ApplicantKind.ORGANISATION else ""
        submission.representative = data.representative
        submission.address = data.address
        submission.phone = data.phone
        submission.email = data.email
        submission.note = data.note
        submission.save()
        if identity_changed or latest_reuse(submission) is None:
            _look_up(submission, at)


@dataclasses.dataclass(frozen=True)
class Requirement:
    """How one published component stands in a draft: reused, uploaded, to upload, or optional."""

    component: Component
    reused: bool
    lookup_failed: bool
    file: UploadedFile | None

    @property
    def missing(self) -> bool:
        return self.component.required and not self.reused and self.file is None

    @property
    def uploadable(self) -> bool:
        return not self.reused


def requirements(submission: OnlineSubmission) -> list[Requirement]:
    """Every published component of the submission's version, with whether it is reused or uploaded."""
    reuse = latest_reuse(submission)
    verified = reuse is not None and reuse.outcome == LookupOutcome.VERIFIED
    files = {row.component_id: row for row in submission.files.all()}
    return [
        Requirement(
            component=component,
            reused=verified and component.data_source == DataSource.POPULATION,
            lookup_failed=reuse is not None and not verified and component.data_source == DataSource.POPULATION,
            file=files.get(component.pk),
        )
        for component in published_components(submission.procedure_version)
    ]


def upload(
    submission: OnlineSubmission, *, component_id: int, file: File, at: dt.datetime | None = None
) -> UploadedFile:
    """Attach the file of one published component; a component the registry's data replaces cannot be uploaded."""
    _editable(submission)
    at = at or timezone.now()
    requirement = next((r for r in requirements(submission) if r.component.pk == component_id), None)
    if requirement is None:
        raise ValidationError(
            _("Chỉ được nộp các thành phần hồ sơ đã công bố của thủ tục."), code="unpublished_component"
        )
    if requirement.reused:
        raise ValidationError(
            _("Thành phần “%(name)s” đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư, không cần nộp.")
            % {"name": requirement.component},
            code="reused_component",
        )
    with transaction.atomic():
        return store_file(file, component=requirement.component, submission=submission, at=at)


def remove_file(submission: OnlineSubmission, *, component_id: int) -> None:
    _editable(submission)
    for row in submission.files.filter(component_id=component_id):
        row.file.delete(save=False)
        row.delete()


def desk_deadline(unit: Unit, submitted_at: dt.datetime) -> dt.datetime:
    """When the desk must have received, guided or refused a submission made at ``submitted_at``."""
    return calendar_for(unit.code).add_working(submitted_at, reception_hours() * 60)


def submit(submission: OnlineSubmission, *, at: dt.datetime | None = None) -> OnlineSubmission:
    """Send a complete draft to the desk's queue; the deadline for the desk to act is stored with it."""
    at = at or timezone.now()
    with transaction.atomic():
        submission = OnlineSubmission.objects.select_for_update().get(pk=submission.pk)
        _editable(submission)
        _check_offered(submission.procedure_version, submission.receiving_unit, timezone.localdate(at))
        if submission.applicant_kind == ApplicantKind.PERSON and latest_reuse(submission) is None:
            _look_up(submission, at)
        missing = [r.component for r in requirements(submission) if r.missing]
        if missing:
            raise ValidationError(
                _("Còn thiếu thành phần hồ sơ bắt buộc: %(names)s.") % {"names": "; ".join(str(c) for c in missing)},
                code="missing_components",
            )
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = at
        submission.desk_due_at = desk_deadline(submission.receiving_unit, at)
        submission.save()
        submission_changed.send(sender=OnlineSubmission, submission=submission, at=at)
    tell_citizen(
        submission,
        kind=NotificationKind.OTHER,
        subject=_("Đã nộp hồ sơ trực tuyến %(ref)s") % {"ref": submission.reference},
        body=_("%(unit)s sẽ tiếp nhận, hướng dẫn hoặc trả lời trước %(due)s.")
        % {"unit": submission.receiving_unit.name, "due": _local(submission.desk_due_at)},
    )
    return submission


def _local(instant: dt.datetime | None) -> str:
    return timezone.localtime(instant).strftime("%H:%M %d/%m/%Y") if instant else ""


def tell_citizen(
    submission: OnlineSubmission,
    *,
    subject: object,
    body: object,
    kind: NotificationKind = NotificationKind.STATUS_CHANGED,
) -> None:
    """Tell the submission's citizen (in the portal and by e-mail or SMS), with a link to their page of it."""
    tell(
        user=submission.citizen.user,
        contact=submission.citizen.contact,
        kind=kind,
        subject=str(subject),
        body=str(body),
        url=reverse("portal:submission", kwargs={"pk": submission.pk}),
        dossier=submission.dossier,
    )


# --- the desk ---------------------------------------------------------------------------------------------------


def _lock_submitted(submission: OnlineSubmission) -> OnlineSubmission:
    locked = (
        OnlineSubmission.objects.select_for_update()
        .select_related("procedure_version", "receiving_unit", "citizen")
        .get(pk=submission.pk)
    )
    if locked.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(
            _("Hồ sơ trực tuyến này đã được xử lý (%(status)s).") % {"status": locked.get_status_display()},
            code="already_decided",
        )
    return locked


def applicant_data(submission: OnlineSubmission) -> ApplicantData:
    return ApplicantData(
        kind=submission.applicant_kind,
        name=submission.applicant_name,
        identity_number=submission.identity_number,
        date_of_birth=submission.date_of_birth,
        tax_code=submission.tax_code,
        representative=submission.representative,
        address=submission.address,
        phone=submission.phone,
        email=submission.email,
    )


def _receipts(submission: OnlineSubmission) -> list[ComponentReceipt]:
    """Uploaded files go along; reused components are received as data (no paper, exempt as online)."""
    receipts = []
    for requirement in requirements(submission):
        if requirement.file is not None:
            row = requirement.file
            name = PurePosixPath(row.original_name).stem[:80] + PurePosixPath(row.file.name).suffix
            receipts.append(ComponentReceipt(component_id=row.component_id, file=File(row.file.open("rb"), name=name)))
        elif requirement.reused:
            receipts.append(ComponentReceipt(component_id=requirement.component.pk))
    return receipts


def _reuse_note(submission: OnlineSubmission) -> str:
    """The reception note naming the components the population registry replaced (the desk sees why no paper)."""
    reused = [str(r.component) for r in requirements(submission) if r.reused]
    if not reused:
        return ""
    return str(
        _("Khai thác từ Cơ sở dữ liệu quốc gia về dân cư, không yêu cầu nộp: %(names)s.") % {"names": "; ".join(reused)}
    )


def receive_submission(
    *,
    actor: User,
    submission: OnlineSubmission,
    resolving_unit_id: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The desk receives it: a dossier under the core's rules, its clock started at the submission instant."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_submitted(submission)
        receipts = _receipts(locked)
        try:
            dossier = receive(
                actor=actor,
                data=ReceptionData(
                    procedure_version_id=locked.procedure_version_id,
                    receiving_unit_id=locked.receiving_unit_id,
                    resolving_unit_id=resolving_unit_id,
                    applicant=applicant_data(locked),
                    channel=Channel.ONLINE,
                    components=receipts,
                    received_at=locked.submitted_at,
                    note="\n".join(filter(None, [note, _reuse_note(locked)])),
                ),
                at=at,
            )
        finally:
            for receipt in receipts:
                if receipt.file is not None:
                    receipt.file.close()
        locked.status = SubmissionStatus.RECEIVED
        locked.dossier = dossier
        locked.decided_at = at
        locked.decided_by = actor
        locked.save()
        if locked.applicant_kind == ApplicantKind.PERSON:
            # Its look-ups join the dossier's record with the submission (decision 012).
            daily_figures.record_reuse(dossier)
        submission_changed.send(sender=OnlineSubmission, submission=locked, at=at)
    tell_citizen(
        locked,
        kind=NotificationKind.RECEPTION_CONFIRMED,
        subject=_("Hồ sơ %(code)s đã được tiếp nhận") % {"code": dossier.code},
        body=_("Mã hồ sơ: %(code)s. Ngày hẹn trả kết quả: %(due)s.")
        % {"code": dossier.code, "due": _local(dossier.due_at)},
    )
    return dossier


def guide_submission(
    *, actor: User, submission: OnlineSubmission, component_ids: list[int], reason: str, at: dt.datetime | None = None
) -> OnlineSubmission:
    """Written guidance (form 02): every paper to complete and why; the citizen files again once complete."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_submitted(submission)
        notice = record_guidance(
            actor=actor,
            data=GuidanceData(
                procedure_version_id=locked.procedure_version_id,
                receiving_unit_id=locked.receiving_unit_id,
                applicant=applicant_data(locked),
                channel=Channel.ONLINE,
                component_ids=component_ids,
                reason=reason,
            ),
            at=at,
        )
        _decided(locked, SubmissionStatus.GUIDED, notice, actor, at)
    tell_citizen(
        locked,
        kind=NotificationKind.SUPPLEMENTATION_REQUESTED,
        subject=_("Hồ sơ trực tuyến %(ref)s cần bổ sung, hoàn thiện") % {"ref": locked.reference},
        body=_("Phiếu hướng dẫn %(serial)s: %(reason)s") % {"serial": notice.serial, "reason": notice.reason},
    )
    return locked


def refuse_submission(
    *, actor: User, submission: OnlineSubmission, reason: str, at: dt.datetime | None = None
) -> OnlineSubmission:
    """Written refusal (form 03) with its reasons."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_submitted(submission)
        notice = record_refusal(
            actor=actor,
            data=RefusalData(
                procedure_version_id=locked.procedure_version_id,
                receiving_unit_id=locked.receiving_unit_id,
                applicant=applicant_data(locked),
                channel=Channel.ONLINE,
                reason=reason,
            ),
            at=at,
        )
        _decided(locked, SubmissionStatus.REFUSED, notice, actor, at)
    tell_citizen(
        locked,
        kind=NotificationKind.OTHER,
        subject=_("Hồ sơ trực tuyến %(ref)s bị từ chối tiếp nhận") % {"ref": locked.reference},
        body=_("Phiếu từ chối %(serial)s: %(reason)s") % {"serial": notice.serial, "reason": notice.reason},
    )
    return locked


def _decided(
    submission: OnlineSubmission, status: SubmissionStatus, notice: ReceptionNotice, actor: User, at: dt.datetime
) -> None:
    submission.status = status
    submission.notice = notice
    submission.decided_at = at
    submission.decided_by = actor
    submission.save()
    submission_changed.send(sender=OnlineSubmission, submission=submission, at=at)
