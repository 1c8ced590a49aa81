"""The desk's look-up in the population database at the counter, recorded like the portal's (domain.md §3.1).

Every look-up the reception form's button makes is a ``DataReuse`` row naming the officer, the identity number, the
instant and the answer (the verified data, or the failure and its reason). The form carries the row's id; when the
dossier is received with it, the row is linked to the dossier, whose page lists it. Resolution 66.7/2025: the paper
of a component the population database holds may be taken or asked for only after a failed look-up of the applicant
is on record; after a verified one, never.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, DataSource
from motcua.dossiers.models import DigitisationExemption, Dossier
from motcua.dossiers.services import ComponentReceipt, ReceptionData, daily_figures, receive
from motcua.organization.models import User
from motcua.portal.models import DataReuse, LookupOutcome
from motcua.portal.population import lookup_person


def record_desk_lookup(
    *, actor: User, identity_number: str, name: str, birth_date: dt.date, at: dt.datetime | None = None
) -> DataReuse:
    """Ask the population registry for the applicant typed at the counter and record the answer, whatever it is."""
    result = lookup_person(identity_number=identity_number, name=name, birth_date=birth_date)
    person = result.person
    return DataReuse.objects.create(
        source=DataSource.POPULATION,
        looked_up_by=actor,
        identity_number=identity_number,
        outcome=result.outcome,
        detail=result.detail,
        verified_name=person.name if person else "",
        verified_birth_date=person.birth_date if person else None,
        permanent_address=person.permanent_address if person else "",
        looked_up_at=at or timezone.now(),
    )


def lookup_for_reception(
    *, actor: User, lookup_id: int | None, identity_number: str, paper: list[Component]
) -> DataReuse | None:
    """The officer's recorded look-up the reception refers to, after checking that it allows the paper asked for.

    ``paper`` lists the components taken on paper or asked for (form 02). A look-up counts only if this officer made
    it for this identity number and no dossier has used it yet. Raises a ``ValidationError`` when a component the
    population database holds is in ``paper`` without a failed look-up on record, or after a verified one.
    """
    lookup = None
    if lookup_id is not None and identity_number:
        lookup = DataReuse.objects.filter(
            pk=lookup_id,
            looked_up_by=actor,
            identity_number=identity_number,
            source=DataSource.POPULATION,
            submission__isnull=True,
            dossier__isnull=True,
        ).first()
    held = [str(component) for component in paper if component.data_source == DataSource.POPULATION]
    if not held:
        return lookup
    if lookup is None:
        raise ValidationError(
            _(
                "Giấy tờ “%(names)s” có dữ liệu trong Cơ sở dữ liệu quốc gia về dân cư: hãy tra cứu người nộp trước; "
                "chỉ khi tra cứu không được mới nhận hoặc yêu cầu bản giấy."
            )
            % {"names": "; ".join(held)},
            code="population_lookup_required",
        )
    if lookup.outcome == LookupOutcome.VERIFIED:
        raise ValidationError(
            _("Đã xác thực người nộp trong Cơ sở dữ liệu quốc gia về dân cư: không yêu cầu bản giấy “%(names)s”.")
            % {"names": "; ".join(held)},
            code="population_data_verified",
        )
    return lookup


def with_population_data(data: ReceptionData, lookup: DataReuse, components: list[Component]) -> ReceptionData:
    """The reception as the look-up shapes it, with the look-up written into the reception event's note.

    After a verified look-up, the components the population database holds are received as its data: without paper
    or scan (another agency's answer, Circular 03/2025 Art. 5), named in the note as for an online submission. After
    a failed one, the note keeps the failure and its reason, which is why the paper was taken.
    """
    if lookup.outcome != LookupOutcome.VERIFIED:
        failure = LookupOutcome(lookup.outcome).label + (f" — {lookup.detail}" if lookup.detail else "")
        note = _("Tra cứu Cơ sở dữ liệu quốc gia về dân cư lúc %(at)s không được: %(reason)s.") % {
            "at": timezone.localtime(lookup.looked_up_at).strftime("%H:%M %d/%m/%Y"),
            "reason": failure,
        }
        return dataclasses.replace(data, note="\n".join(filter(None, [data.note, str(note)])))
    taken = {receipt.component_id for receipt in data.components}
    reused = [c for c in components if c.data_source == DataSource.POPULATION and c.pk not in taken]
    if not reused:
        return data
    note = _("Khai thác từ Cơ sở dữ liệu quốc gia về dân cư, không yêu cầu nộp: %(names)s.") % {
        "names": "; ".join(str(c) for c in reused)
    }
    receipts = [
        ComponentReceipt(component_id=c.pk, digitisation_exemption=DigitisationExemption.AGENCY_REPLY) for c in reused
    ]
    return dataclasses.replace(
        data, components=[*data.components, *receipts], note="\n".join(filter(None, [data.note, str(note)]))
    )


def receive_with_lookup(
    *,
    actor: User,
    data: ReceptionData,
    lookup: DataReuse | None,
    components: list[Component],
    at: dt.datetime | None = None,
) -> Dossier:
    """Receive the dossier as the look-up shapes it (``with_population_data``) and make the look-up part of its
    record, in one transaction: a dossier never stands without the look-up that let its paper be taken. A verified
    one counts the dossier in the daily figures' population-data reuse (decision 012)."""
    if lookup is None:
        return receive(actor=actor, data=data, at=at)
    with transaction.atomic():
        dossier = receive(actor=actor, data=with_population_data(data, lookup, components), at=at)
        DataReuse.objects.filter(pk=lookup.pk, dossier__isnull=True).update(dossier=dossier)
        if lookup.outcome == LookupOutcome.VERIFIED:
            daily_figures.record_reuse(dossier)
    return dossier


def lookups_of(dossier: Dossier) -> QuerySet[DataReuse]:
    """Every population look-up behind a dossier: the desk's at reception, or the portal's for its submission."""
    return (
        DataReuse.objects.filter(Q(dossier=dossier) | Q(submission__dossier=dossier))
        .select_related("looked_up_by")
        .order_by("looked_up_at", "id")
    )
