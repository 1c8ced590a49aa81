"""Issued results: signing the file when it is attached, cancelling a result, and what the public may verify."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.documents.models import ResultCancellation
from motcua.documents.services.signing import (
    PDF_MAGIC,
    RESULT_CODE_PATTERN,
    PdfVerification,
    result_file_name,
    sign_result,
    signer_for,
    verify_pdf,
)
from motcua.dossiers.models import Result
from motcua.organization.access import has_role
from motcua.organization.models import Role, User


def result_upload(result: Result, upload: File) -> File:
    """The file to store for ``result``: a PDF is signed when a certificate is configured, and named by the code.

    Called by ``attach_result`` before the result row is saved; ``result.dossier`` is the locked dossier.
    """
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        return upload
    signer = signer_for(result.dossier.resolving_unit)
    data = upload.read() if signer is None else sign_result(result, upload.read(), signer=signer)
    return ContentFile(data, name=result_file_name(result))


def cancel_result(result: Result, *, actor: User, reason: str, at: dt.datetime | None = None) -> ResultCancellation:
    """Cancel a result by decision of a leader of the resolving unit; the result and its file are kept.

    Staff cancel through ``perform(action="cancel_result")``, whose handler calls this inside the dossier's lock so
    the history records it; calling it directly writes no dossier event.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do hủy kết quả.")})
    if not has_role(actor, Role.UNIT_LEADER, unit=result.dossier.resolving_unit):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan giải quyết được hủy kết quả."))
    with transaction.atomic():
        locked = Result.objects.select_for_update().get(pk=result.pk)
        if ResultCancellation.objects.filter(result=locked).exists():
            raise ValidationError(_("Kết quả %(code)s đã bị hủy trước đó.") % {"code": result.code}, code="cancelled")
        return ResultCancellation.objects.create(
            result=locked, reason=reason, cancelled_by=actor, cancelled_at=at or timezone.now()
        )


@dataclasses.dataclass(frozen=True)
class PublicResult:
    """What the public verification page may say about a result: nothing about the applicant."""

    code: str
    name: str
    procedure_code: str
    procedure_name: str
    issuing_unit: str
    attached_at: dt.datetime
    cancelled_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class ResultVerification:
    """A verification answer: the PDF's signatures, the result it names, and whether it is the stored copy."""

    pdf: PdfVerification | None
    result: PublicResult | None
    matches_stored_copy: bool | None = None

    @property
    def valid(self) -> bool:
        return self.pdf is not None and self.pdf.valid and self.result is not None


def _find(code: str) -> Result | None:
    match = RESULT_CODE_PATTERN.fullmatch(code.strip().upper())
    if match is None:
        return None
    return (
        Result.objects.select_related(
            "dossier__procedure_version__procedure", "dossier__resolving_unit", "cancellation"
        )
        .filter(dossier__code=match["dossier"], number=int(match["number"]))
        .first()
    )


def _public(result: Result) -> PublicResult:
    procedure = result.dossier.procedure_version.procedure
    cancellation = getattr(result, "cancellation", None)
    return PublicResult(
        code=result.code,
        name=result.name,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        issuing_unit=result.dossier.resolving_unit.name,
        attached_at=result.attached_at,
        cancelled_at=cancellation.cancelled_at if cancellation else None,
    )


def _stored_bytes(result: Result) -> bytes | None:
    if not result.file:
        return None
    with result.file.open("rb") as stored:
        return stored.read()


def verify_uploaded(pdf_bytes: bytes) -> ResultVerification:
    """Verify an uploaded PDF and say which result it is (from its signed reason) and whether it is our copy."""
    pdf = verify_pdf(pdf_bytes)
    result = _find(pdf.result_code) if pdf.result_code else None
    if result is None:
        return ResultVerification(pdf=pdf, result=None)
    stored = _stored_bytes(result)
    matches = stored is not None and hashlib.sha256(stored).hexdigest() == pdf.sha256
    return ResultVerification(pdf=pdf, result=_public(result), matches_stored_copy=matches)


def verify_code(code: str) -> ResultVerification | None:
    """Verify the stored file of the result ``code`` (``<dossier code>-KQ(n)``); None for an unknown code."""
    result = _find(code)
    if result is None:
        return None
    stored = _stored_bytes(result)
    pdf = verify_pdf(stored) if stored is not None else None
    return ResultVerification(pdf=pdf, result=_public(result), matches_stored_copy=True if stored else None)
