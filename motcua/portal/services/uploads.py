"""Files citizens upload: PDF, JPEG or PNG only, recognised by their first bytes, within a size limit.

Neither the file name nor the browser's content type is trusted: a PNG named ``.pdf`` is stored as the PNG it is,
and an executable renamed ``.pdf`` is refused. The stored name is random and ends with the sniffed type's
extension. Files go to ``MEDIA_ROOT`` (under ``var/``), which no URL serves; views hand them out after an access
check, as attachments with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile as DjangoUpload
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component
from motcua.portal.models import OnlineSubmission, OnlineSupplement, UploadedFile


def max_upload_bytes() -> int:
    """The size limit of one file (setting ``MOTCUA_PORTAL_UPLOAD_MAX_BYTES``, default 10 MB)."""
    return getattr(settings, "MOTCUA_PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


# (leading bytes, content type, extension)
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of the accepted type these leading bytes begin, or None."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def checked_upload(upload: DjangoUpload) -> tuple[str, str]:
    """The sniffed (content type, extension) of an upload; refuses other types and files over the limit."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).")
            % {"name": upload.name, "mb": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG. Chỉ nhận các định dạng này.") % {"name": upload.name},
            code="file_type",
        )
    return kind


def store_file(
    upload: DjangoUpload,
    *,
    component: Component,
    at: dt.datetime,
    submission: OnlineSubmission | None = None,
    supplement: OnlineSupplement | None = None,
) -> UploadedFile:
    """Check and keep one component's file, replacing the earlier file of the same component (drafts change)."""
    content_type, extension = checked_upload(upload)
    owner = {"submission": submission} if submission is not None else {"supplement": supplement}
    for previous in UploadedFile.objects.filter(component=component, **owner):
        previous.file.delete(save=False)
        previous.delete()
    row = UploadedFile(
        component=component,
        content_type=content_type,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_at=at,
        **owner,
    )
    row.file.save(f"upload{extension}", upload, save=False)
    row.save()
    return row
