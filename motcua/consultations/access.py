"""Who may see and answer a consultation: the consulted unit's people, and whoever may see the asking dossier."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.consultations.models import Consultation
from motcua.dossiers.models import Dossier
from motcua.organization.access import has_role
from motcua.organization.models import Membership, Role, User

# Who may answer for the consulted unit, in the order their role is recorded on the event.
ANSWER_ROLES = (Role.CONSULTATION_LIAISON, Role.SPECIALIST, Role.UNIT_LEADER)


def answering_role(user: User, unit_id: int, day: dt.date) -> str | None:
    """The role in which ``user`` may answer for the unit on ``day`` (None: they may not)."""
    if not user.is_authenticated:
        return None
    held = set(
        Membership.objects.active_on(day)
        .filter(user=user, unit_id=unit_id, role__in=ANSWER_ROLES)
        .values_list("role", flat=True)
    )
    return next((role for role in ANSWER_ROLES if role in held), None)


def answering_units(user: User, day: dt.date | None = None) -> set[int]:
    """Units ``user`` answers consultations for (their queue "Chờ cho ý kiến")."""
    if not user.is_authenticated:
        return set()
    day = day or timezone.localdate()
    return set(
        Membership.objects.active_on(day).filter(user=user, role__in=ANSWER_ROLES).values_list("unit_id", flat=True)
    )


def may_answer_consultations(user: object) -> bool:
    """Whether the queue "Chờ cho ý kiến" opens for ``user``: the same rule as ``answering_units``, read from the
    roles already loaded for the request so the menu costs no query."""
    return any(has_role(user, role) for role in ANSWER_ROLES)


def visible_consultations(user: User) -> QuerySet[Consultation]:
    """Consultations asked of one of the user's units, or of a dossier the user may see."""
    units = answering_units(user)
    return Consultation.objects.filter(
        Q(unit_id__in=units) | Q(dossier__in=Dossier.objects.visible_to(user).values("pk"))
    )


def consultation_for_user(user: User, pk: int, *, answer: bool = False) -> Consultation:
    """The consultation if ``user`` may see it, else 404; ``answer=True`` also needs an answering role there (403)."""
    consultation = (
        visible_consultations(user)
        .select_related("dossier__procedure_version__procedure", "unit", "requesting_unit", "requested_by", "step")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404(_("Không tìm thấy đề nghị cho ý kiến."))
    if answer and answering_role(user, consultation.unit_id, timezone.localdate()) is None:
        raise PermissionDenied(_("Chỉ đầu mối, chuyên viên hoặc lãnh đạo của cơ quan được hỏi mới trả lời được."))
    return consultation
