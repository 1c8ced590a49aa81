"""Supplementation during processing (form 02): the request pauses the clock, the applicant's supplement resumes it.

Domain.md §3.4: only published components may be asked for, in one written request with its reason. Requests are
counted; beyond the procedure's limit a further request needs a unit leader's approval and a legal basis and is
flagged; beyond the hard ceiling of two it is possible only when the applicant is at fault.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import SUPPLEMENTATION_CEILING
from motcua.catalog.services import validate_requested_components
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierStatus,
    EventAction,
    PauseKind,
    SupplementationRequest,
)
from motcua.dossiers.rulesets import rules_for
from motcua.dossiers.services.components import checked_components, component_rows
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text, status_for_step
from motcua.dossiers.services.payloads import ReceiveSupplementPayload, RequestSupplementPayload
from motcua.dossiers.services.pinned import pinned_components
from motcua.organization.models import Membership, Role, User


def _approver(ctx: ActionContext, data: RequestSupplementPayload) -> User:
    if data.approver_id is None:
        raise ValidationError({"approver_id": _("Yêu cầu bổ sung vượt số lần quy định cần có lãnh đạo đơn vị đồng ý.")})
    units = {ctx.dossier.resolving_unit_id, ctx.dossier.current_unit_id}
    membership = (
        Membership.objects.active_on(timezone.localdate(ctx.at))
        .select_related("user")
        .filter(user_id=data.approver_id, unit_id__in=units, role=Role.UNIT_LEADER)
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise ValidationError({"approver_id": _("Người đồng ý phải là lãnh đạo của đơn vị giải quyết hồ sơ.")})
    return membership.user


def request_supplement(ctx: ActionContext, data: RequestSupplementPayload) -> Outcome:
    """Record one written request listing every missing published component, and pause the clock."""
    dossier = ctx.dossier
    version = dossier.procedure_version
    reason = require_text(data.reason, "reason", _("Cần ghi lý do yêu cầu bổ sung."))
    if not data.component_ids:
        raise ValidationError({"component_ids": _("Cần chọn ít nhất một giấy tờ phải bổ sung.")})
    items = validate_requested_components(version, data.component_ids, published=pinned_components(version))
    number = dossier.supplement_count + 1
    limit = min(version.supplementation_limit, SUPPLEMENTATION_CEILING)
    beyond_limit = number > limit
    approver = None
    if number > SUPPLEMENTATION_CEILING and not data.applicant_at_fault:
        raise ValidationError(
            _(
                "Đã yêu cầu bổ sung %(count)s lần, mức tối đa theo quy định; chỉ được yêu cầu thêm khi "
                "thiếu sót do lỗi của người nộp hồ sơ."
            ),
            code="supplementation_ceiling",
            params={"count": dossier.supplement_count},
        )
    if beyond_limit:
        require_text(data.legal_basis, "legal_basis", _("Yêu cầu bổ sung vượt số lần quy định phải có căn cứ."))
        approver = _approver(ctx, data)
    request = SupplementationRequest.objects.create(
        dossier=dossier,
        number=number,
        reason=reason,
        legal_basis=data.legal_basis,
        author=ctx.actor,
        approver=approver,
        beyond_limit=beyond_limit,
        applicant_at_fault=data.applicant_at_fault,
        requested_at=ctx.at,
    )
    SupplementationRequest.items.through.objects.bulk_create(
        [SupplementationRequest.items.through(supplementationrequest=request, component=item) for item in items]
    )
    clock_effect = ctx.pause_clock(PauseKind.WAITING_APPLICANT, reason, supplementation=request)
    dossier.supplement_count = number
    dossier.status = DossierStatus.WAITING_SUPPLEMENT
    return Outcome(
        EventAction.SUPPLEMENT_REQUESTED,
        reason=reason,
        clock_effect=clock_effect,
        payload={
            "number": number,
            "components": [item.pk for item in items],
            "legal_basis": data.legal_basis,
            "approver": approver.pk if approver else None,
            "beyond_limit": beyond_limit,
            "applicant_at_fault": data.applicant_at_fault,
        },
    )


def _open_request(dossier: Dossier) -> tuple[int, int, set[int]]:
    """The open request's id, number and requested component ids, in one read of its items."""
    rows = list(
        SupplementationRequest.items.through.objects.filter(
            supplementationrequest__dossier=dossier, supplementationrequest__fulfilled_at__isnull=True
        )
        .order_by("-supplementationrequest__number")
        .values_list("supplementationrequest_id", "supplementationrequest__number", "component_id")
    )
    if not rows:  # the status gate makes this a data fault, not a user error
        raise ValidationError(_("Không có yêu cầu bổ sung nào đang chờ."), code="no_open_request")
    request_id, number, _component = rows[0]
    return request_id, number, {component for pk, _number, component in rows if pk == request_id}


def receive_supplement(ctx: ActionContext, data: ReceiveSupplementPayload) -> Outcome:
    """Take in the requested papers (all of them), close the pause and compute the new appointment."""
    dossier = ctx.dossier
    request_id, number, requested = _open_request(dossier)
    components = checked_components(dossier.procedure_version, data.components)
    missing = [item for item in pinned_components(dossier.procedure_version) if item.pk in requested - set(components)]
    if missing:
        raise ValidationError(
            {
                "components": _("Còn thiếu giấy tờ đã yêu cầu bổ sung: %(names)s.")
                % {"names": "; ".join(str(item) for item in missing)}
            }
        )
    rules = rules_for(timezone.localdate(dossier.received_at))
    DossierComponent.objects.bulk_create(
        component_rows(
            dossier=dossier,
            receipts=data.components,
            components=components,
            rules=rules,
            channel=dossier.channel,
            at=ctx.at,
            supplementation=SupplementationRequest(pk=request_id, dossier=dossier, number=number),
        )
    )
    SupplementationRequest.objects.filter(pk=request_id).update(fulfilled_at=ctx.at)
    clock_effect = ctx.resume_clock()
    dossier.status = status_for_step(dossier.current_step)
    return Outcome(
        EventAction.SUPPLEMENT_RECEIVED,
        reason=data.note,
        clock_effect=clock_effect,
        payload={
            "number": number,
            "components": sorted(components),
            "due_at": iso(dossier.due_at),
        },
    )
