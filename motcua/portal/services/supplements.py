"""Online supplementation: the citizen uploads exactly what the open request lists; the desk confirms it.

The dossier core lets only staff record ``receive_supplement`` (the step holder, or the receiving unit's desk), and
an event's actor is a staff account with a role. So the citizen's upload is kept as a pending ``OnlineSupplement``
and the desk confirms it with one click, which calls ``perform`` with the desk officer as the actor and the upload
instant as the event time: the clock resumes when the citizen answered, not when the desk looked
(docs/decisions/007-online-submission.md). The desk can instead return it with a reason, and the citizen uploads
again; the dossier's clock stays paused meanwhile.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile as DjangoUpload
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, SupplementationRequest
from motcua.dossiers.services import Action, ComponentReceipt, ReceiveSupplementPayload, allowed_actions, perform
from motcua.dossiers.timeline import open_supplementation
from motcua.notifications.models import NotificationKind
from motcua.organization.models import User
from motcua.portal.models import Citizen, OnlineSubmission, OnlineSupplement, SupplementState
from motcua.portal.services.submissions import tell_citizen
from motcua.portal.services.uploads import checked_upload, store_file


def pending_supplement(dossier: Dossier) -> OnlineSupplement | None:
    return OnlineSupplement.objects.filter(dossier=dossier, state=SupplementState.PENDING).first()


def submit_supplement(
    *,
    citizen: Citizen,
    dossier: Dossier,
    files: dict[int, DjangoUpload],
    note: str = "",
    at: dt.datetime | None = None,
) -> OnlineSupplement:
    """Upload one file per requested component — all of them and nothing else — for the desk to confirm."""
    at = at or timezone.now()
    request = open_supplementation(dossier)
    if request is None or not OnlineSubmission.objects.filter(dossier=dossier, citizen=citizen).exists():
        raise ValidationError(_("Hồ sơ này không có yêu cầu bổ sung nào đang chờ."), code="no_open_request")
    requested = {item.pk: item for item in request.items.all()}
    extra = set(files) - set(requested)
    if extra:
        raise ValidationError(_("Chỉ nộp các giấy tờ được yêu cầu bổ sung."), code="not_requested")
    missing = [str(item) for pk, item in requested.items() if pk not in files]
    if missing:
        raise ValidationError(
            _("Còn thiếu giấy tờ được yêu cầu bổ sung: %(names)s.") % {"names": "; ".join(missing)}, code="missing"
        )
    for upload in files.values():
        checked_upload(upload)
    with transaction.atomic():
        # Two uploads racing for the same request: the second waits here, then sees the first as pending.
        SupplementationRequest.objects.select_for_update().filter(pk=request.pk).first()
        if OnlineSupplement.objects.filter(request=request, state=SupplementState.PENDING).exists():
            raise ValidationError(_("Bạn đã nộp bổ sung; hãy chờ cán bộ xác nhận."), code="already_pending")
        supplement = OnlineSupplement.objects.create(
            dossier=dossier, request=request, citizen=citizen, note=note.strip(), uploaded_at=at
        )
        for pk, upload in files.items():
            store_file(upload, component=requested[pk], supplement=supplement, at=at)
    return supplement


def _check_desk(actor: User, dossier: Dossier) -> None:
    if Action.RECEIVE_SUPPLEMENT not in allowed_actions(dossier, actor):
        raise ValidationError(_("Bạn không được nhận hồ sơ bổ sung của hồ sơ này."), code="not_allowed")


def _lock_pending(supplement: OnlineSupplement) -> OnlineSupplement:
    locked = OnlineSupplement.objects.select_for_update().select_related("dossier").get(pk=supplement.pk)
    if locked.state != SupplementState.PENDING:
        raise ValidationError(_("Hồ sơ bổ sung này đã được xử lý."), code="already_decided")
    return locked


def confirm_supplement(*, actor: User, supplement: OnlineSupplement, at: dt.datetime | None = None) -> Dossier:
    """Record ``receive_supplement`` for the uploaded papers, dated when the citizen uploaded them."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_pending(supplement)
        dossier = locked.dossier
        _check_desk(actor, dossier)
        last_event = DossierEvent.objects.filter(dossier=dossier).aggregate(last=Max("at"))["last"]
        instant = max(locked.uploaded_at, last_event) if last_event else locked.uploaded_at
        rows = list(locked.files.select_related("component"))
        receipts = [
            ComponentReceipt(component_id=row.component_id, file=File(row.file.open("rb"), name=row.original_name))
            for row in rows
        ]
        try:
            dossier = perform(
                dossier=dossier.code,
                action=Action.RECEIVE_SUPPLEMENT,
                actor=actor,
                payload=ReceiveSupplementPayload(
                    components=receipts, note=locked.note or str(_("Công dân nộp bổ sung trực tuyến."))
                ),
                at=instant,
            )
        finally:
            for receipt in receipts:
                receipt.file.close()
        locked.state = SupplementState.CONFIRMED
        locked.decided_at = at
        locked.decided_by = actor
        locked.save()
    return dossier


def return_supplement(
    *, actor: User, supplement: OnlineSupplement, reason: str, at: dt.datetime | None = None
) -> OnlineSupplement:
    """The upload does not answer the request (unreadable, wrong paper): the citizen is told why and uploads again."""
    at = at or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do để công dân nộp lại cho đúng.")})
    with transaction.atomic():
        locked = _lock_pending(supplement)
        _check_desk(actor, locked.dossier)
        if locked.dossier.status != DossierStatus.WAITING_SUPPLEMENT:
            raise ValidationError(_("Hồ sơ không còn chờ bổ sung."), code="not_waiting")
        locked.state = SupplementState.RETURNED
        locked.reason = reason.strip()
        locked.decided_at = at
        locked.decided_by = actor
        locked.save()
    tell_citizen(
        locked.dossier.online_submission,
        kind=NotificationKind.SUPPLEMENTATION_REQUESTED,
        subject=_("Hồ sơ %(code)s: giấy tờ bổ sung chưa đạt") % {"code": locked.dossier.code},
        body=_("Lý do: %(reason)s. Vui lòng nộp lại.") % {"reason": locked.reason},
    )
    return locked
