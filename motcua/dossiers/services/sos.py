"""SOS (domain.md §8): a handler's call for help on a stuck dossier, answered by the unit's leaders or the monitors.

Raising and resolving are dossier actions (``raise_sos``, ``resolve_sos`` through ``perform``), so they sit on the
dossier's event chain; acknowledging and turning a resolved SOS into a proposal to amend the procedure belong to
the SOS alone and are written to its own timeline (``SosEvent``). The unit leaders of the raising unit and every
provincial monitor are alerted at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.access import may_answer_sos
from motcua.dossiers.models import (
    AmendmentProposal,
    Dossier,
    EventAction,
    Sos,
    SosCategory,
    SosEvent,
    SosEventKind,
    SosState,
)
from motcua.dossiers.services.alerts import dossier_url, leaders_of, merge, provincial_monitors
from motcua.dossiers.services.context import ActionContext, Outcome, iso, require_text
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import EMAIL, IN_APP, notify
from motcua.organization.models import User


@dataclasses.dataclass
class RaiseSosPayload:
    category: str
    reason: str


@dataclasses.dataclass
class ResolveSosPayload:
    resolution: str


def unresolved_sos(dossier: Dossier) -> Sos | None:
    """The dossier's SOS still waiting for an answer (at most one)."""
    return Sos.objects.filter(dossier=dossier).exclude(state=SosState.RESOLVED).select_related("unit").first()


def has_unresolved_sos(dossier: Dossier) -> bool:
    return Sos.objects.filter(dossier=dossier).exclude(state=SosState.RESOLVED).exists()


def has_no_unresolved_sos(dossier: Dossier) -> bool:
    return not has_unresolved_sos(dossier)


def raise_sos(ctx: ActionContext, data: RaiseSosPayload) -> Outcome:
    """Record the SOS in the actor's unit and alert its leaders and the provincial monitors at once."""
    if data.category not in SosCategory.values:
        raise ValidationError({"category": _("Loại vướng mắc không hợp lệ.")})
    reason = require_text(data.reason, "reason", _("Cần mô tả vướng mắc để lãnh đạo và bộ phận giám sát hỗ trợ."))
    dossier = ctx.dossier
    if has_unresolved_sos(dossier):
        raise ValidationError(_("Hồ sơ đang có một SOS chưa được xử lý xong."), code="sos_already_open")
    sos = Sos.objects.create(
        dossier=dossier, unit=ctx.unit, raised_by=ctx.actor, category=data.category, reason=reason, raised_at=ctx.at
    )
    SosEvent.objects.create(sos=sos, kind=SosEventKind.RAISED, actor=ctx.actor, at=ctx.at, note=reason)
    day = timezone.localdate(ctx.at)
    params = {
        "code": dossier.code,
        "unit": ctx.unit.name,
        "person": str(ctx.actor),
        "category": SosCategory(data.category).label,
        "reason": reason,
    }
    notify(
        recipients=merge(leaders_of([ctx.unit.pk], day), provincial_monitors(day)),
        kind=NotificationKind.SOS_RAISED,
        subject=_("SOS: hồ sơ %(code)s (%(unit)s)") % params,
        body=_("%(person)s báo SOS về hồ sơ %(code)s — %(category)s: %(reason)s") % params,
        dossier=dossier,
        url=dossier_url(dossier),
        channels=(IN_APP, EMAIL),
        dedupe_key=f"sos:raised:{sos.pk}",
    )
    return Outcome(
        EventAction.SOS_RAISED,
        reason=reason,
        payload={"sos": sos.pk, "category": data.category, "sos_unit": ctx.unit.code},
    )


def _tell_raiser(sos: Sos, kind: NotificationKind, subject: str, body: str) -> None:
    notify(
        recipients=[sos.raised_by],
        kind=kind,
        subject=subject,
        body=body,
        dossier=sos.dossier,
        url=dossier_url(sos.dossier),
        dedupe_key=f"sos:{kind}:{sos.pk}",
    )


def resolve_sos(ctx: ActionContext, data: ResolveSosPayload) -> Outcome:
    """Close the dossier's SOS with what was done; answering it implies it was acknowledged."""
    resolution = require_text(data.resolution, "resolution", _("Cần ghi kết quả xử lý SOS."))
    sos = unresolved_sos(ctx.dossier)
    if sos is None:
        raise ValidationError(_("Hồ sơ không có SOS nào đang chờ xử lý."), code="no_open_sos")
    if not may_answer_sos(ctx.actor, sos, timezone.localdate(ctx.at)):
        raise ValidationError(
            _("Chỉ lãnh đạo %(unit)s hoặc bộ phận giám sát của tỉnh được xử lý SOS này.") % {"unit": sos.unit.name},
            code="not_sos_answerer",
        )
    sos.state = SosState.RESOLVED
    sos.acknowledged_at = sos.acknowledged_at or ctx.at
    sos.acknowledged_by = sos.acknowledged_by or ctx.actor
    sos.resolved_at = ctx.at
    sos.resolved_by = ctx.actor
    sos.resolution = resolution
    sos.save()
    SosEvent.objects.create(sos=sos, kind=SosEventKind.RESOLVED, actor=ctx.actor, at=ctx.at, note=resolution)
    params = {"code": ctx.dossier.code, "resolution": resolution}
    _tell_raiser(
        sos,
        NotificationKind.SOS_RESOLVED,
        _("SOS về hồ sơ %(code)s đã được xử lý") % params,
        _("Kết quả xử lý SOS về hồ sơ %(code)s: %(resolution)s") % params,
    )
    return Outcome(
        EventAction.SOS_RESOLVED,
        reason=resolution,
        payload={"sos": sos.pk, "raised_at": iso(sos.raised_at), "acknowledged_at": iso(sos.acknowledged_at)},
    )


def acknowledge_sos(*, sos: Sos, actor: User, note: str = "", at: dt.datetime | None = None) -> Sos:
    """A leader of the raising unit or a monitor takes the SOS in hand (open → acknowledged); the raiser is told."""
    at = at or timezone.now()
    if not may_answer_sos(actor, sos, timezone.localdate(at)):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị báo SOS hoặc bộ phận giám sát của tỉnh được tiếp nhận SOS."))
    with transaction.atomic():
        taken = Sos.objects.filter(pk=sos.pk, state=SosState.OPEN).update(
            state=SosState.ACKNOWLEDGED, acknowledged_at=at, acknowledged_by=actor
        )
        if not taken:
            raise ValidationError(_("SOS này đã được tiếp nhận hoặc đã xử lý xong."), code="sos_not_open")
        SosEvent.objects.create(sos=sos, kind=SosEventKind.ACKNOWLEDGED, actor=actor, at=at, note=note.strip())
        sos.refresh_from_db()
        params = {"code": sos.dossier.code, "person": str(actor)}
        _tell_raiser(
            sos,
            NotificationKind.SOS_ACKNOWLEDGED,
            _("SOS về hồ sơ %(code)s đã được tiếp nhận") % params,
            _("%(person)s đã tiếp nhận SOS về hồ sơ %(code)s.") % params,
        )
    return sos


def propose_amendment(*, sos: Sos, actor: User, proposal: str, at: dt.datetime | None = None) -> AmendmentProposal:
    """Turn a resolved SOS into a proposal to amend its procedure, kept in the register (one per SOS)."""
    at = at or timezone.now()
    if not may_answer_sos(actor, sos, timezone.localdate(at)):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị báo SOS hoặc bộ phận giám sát của tỉnh được lập đề xuất."))
    text = require_text(proposal, "proposal", _("Cần ghi nội dung đề xuất sửa đổi thủ tục."))
    with transaction.atomic():
        locked = Sos.objects.select_for_update().select_related("dossier__procedure_version").get(pk=sos.pk)
        if locked.state != SosState.RESOLVED:
            raise ValidationError(
                _("Chỉ SOS đã xử lý xong mới lập được đề xuất sửa đổi thủ tục."), code="sos_not_resolved"
            )
        if AmendmentProposal.objects.filter(sos=locked).exists():
            raise ValidationError(_("SOS này đã có đề xuất sửa đổi thủ tục."), code="proposal_exists")
        row = AmendmentProposal.objects.create(
            sos=locked,
            procedure_id=locked.dossier.procedure_version.procedure_id,
            unit=locked.unit,
            proposal=text,
            proposed_by=actor,
            proposed_at=at,
        )
        SosEvent.objects.create(sos=locked, kind=SosEventKind.PROPOSED, actor=actor, at=at, note=text)
    return row
