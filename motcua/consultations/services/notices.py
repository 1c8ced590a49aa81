"""Who hears about a consultation, and what they are told (in-app; recorded in the caller's transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.consultations.access import ANSWER_ROLES
from motcua.consultations.models import Consultation, ConsultationExtension
from motcua.notifications.models import NotificationKind
from motcua.notifications.services import notify
from motcua.organization.models import Membership, Unit, User


def unit_people(unit: Unit, roles: Iterable[str], day: dt.date) -> QuerySet[User]:
    """Active accounts holding one of ``roles`` in ``unit`` on ``day``."""
    memberships = Membership.objects.active_on(day).filter(unit=unit, role__in=list(roles))
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("pk")


def _url(consultation: Consultation) -> str:
    return reverse("consultations:detail", kwargs={"pk": consultation.pk})


def _facts(consultation: Consultation) -> dict[str, str]:
    return {
        "code": consultation.dossier.code,
        "unit": consultation.unit.name,
        "due": timezone.localtime(consultation.due_at).strftime("%H:%M %d/%m/%Y"),
    }


def announce_request(consultation: Consultation) -> None:
    """The consulted unit's liaison, specialists and leaders learn of the request."""
    facts = _facts(consultation)
    notify(
        recipients=unit_people(consultation.unit, ANSWER_ROLES, timezone.localdate(consultation.requested_at)),
        kind=NotificationKind.CONSULTATION_REQUESTED,
        subject=_("Đề nghị cho ý kiến về hồ sơ %(code)s") % facts,
        body=_("%(unit)s được đề nghị cho ý kiến về hồ sơ %(code)s, hạn trả lời %(due)s.") % facts,
        dossier=consultation.dossier,
        url=_url(consultation),
        dedupe_key=f"consultation:{consultation.pk}:requested",
    )


def announce_answer(consultation: Consultation) -> None:
    """The person who asked learns that the answer arrived."""
    facts = _facts(consultation)
    notify(
        recipients=[consultation.requested_by],
        kind=NotificationKind.CONSULTATION_ANSWERED,
        subject=_("%(unit)s đã cho ý kiến về hồ sơ %(code)s") % facts,
        body=_("%(unit)s đã trả lời đề nghị cho ý kiến về hồ sơ %(code)s.") % facts,
        dossier=consultation.dossier,
        url=_url(consultation),
        dedupe_key=f"consultation:{consultation.pk}:answered",
    )


def announce_extension(extension: ConsultationExtension) -> None:
    """The person who asked is asked to accept or refuse more time."""
    consultation = extension.consultation
    facts = {
        **_facts(consultation),
        "proposed": timezone.localtime(extension.proposed_due_at).strftime("%H:%M %d/%m/%Y"),
    }
    notify(
        recipients=[consultation.requested_by],
        kind=NotificationKind.CONSULTATION_EXTENSION,
        subject=_("%(unit)s xin gia hạn cho ý kiến về hồ sơ %(code)s") % facts,
        body=_("%(unit)s đề nghị gia hạn trả lời đến %(proposed)s (hạn hiện tại %(due)s).") % facts,
        dossier=consultation.dossier,
        url=reverse("dossiers:detail", kwargs={"code": consultation.dossier.code}),
        dedupe_key=f"consultation-extension:{extension.pk}",
    )


def announce_reminder(consultation: Consultation, day: dt.date) -> None:
    """Before the deadline: the consulted unit is reminded (once per deadline; an accepted extension re-arms it)."""
    facts = _facts(consultation)
    notify(
        recipients=unit_people(consultation.unit, ANSWER_ROLES, day),
        kind=NotificationKind.CONSULTATION_REMINDER,
        subject=_("Sắp đến hạn cho ý kiến về hồ sơ %(code)s") % facts,
        body=_("Hạn trả lời đề nghị cho ý kiến về hồ sơ %(code)s là %(due)s.") % facts,
        dossier=consultation.dossier,
        url=_url(consultation),
        dedupe_key=f"consultation:{consultation.pk}:reminder:{consultation.due_at.isoformat()}",
    )


def announce_overdue(consultation: Consultation, day: dt.date) -> None:
    """After the deadline: the consulted unit's people and leaders, and the person who asked, are alerted."""
    facts = _facts(consultation)
    people = list(unit_people(consultation.unit, ANSWER_ROLES, day))
    if consultation.requested_by not in people:
        people.append(consultation.requested_by)
    notify(
        recipients=people,
        kind=NotificationKind.CONSULTATION_OVERDUE,
        subject=_("Quá hạn cho ý kiến về hồ sơ %(code)s") % facts,
        body=_("%(unit)s chưa trả lời đề nghị cho ý kiến về hồ sơ %(code)s; hạn trả lời là %(due)s.") % facts,
        dossier=consultation.dossier,
        url=_url(consultation),
        dedupe_key=f"consultation:{consultation.pk}:overdue:{consultation.due_at.isoformat()}",
    )
