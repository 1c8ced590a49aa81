"""The public lookup (domain.md §12): dossier code + the secret printed on the receipt → the dossier's progress.

What the public page shows is decided here, not in the template: status, steps with their units and dates, the
appointment, what the applicant must still bring or pay — nothing else personal (no address, no identity number, no
staff names). A wrong code and a wrong secret look the same to the caller, and the secret is compared in constant
time, so the page cannot be used to learn which codes exist. Attempts are counted per client address
(``motcua.lib.throttle``, at the rate ``LOOKUP_RATE``).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise

from motcua.dossiers.models import LOOKUP_SECRET_LENGTH, Dossier, DossierStatus, Judgement
from motcua.dossiers.timeline import PaymentNotice, open_payment_notice, open_supplementation

# (attempts, seconds): 10 tries per 10 minutes per client address unless the settings say otherwise.
LOOKUP_RATE: tuple[int, int] = getattr(settings, "MOTCUA_LOOKUP_RATE", (10, 600))
# Compared against when the code is unknown, so an unknown code costs the same comparison as a wrong secret.
_ABSENT_SECRET = "-" * LOOKUP_SECRET_LENGTH


def normalise_secret(secret: str) -> str:
    """The secret as printed: upper case, spaces and dashes a reader may add removed."""
    return "".join(secret.split()).replace("-", "").upper()


def find_dossier(code: str, secret: str) -> Dossier | None:
    """The dossier when both the code and the secret match, else None (whichever was wrong)."""
    dossier = Dossier.objects.select_related("procedure_version__procedure").filter(code=code.strip().upper()).first()
    expected = dossier.lookup_secret if dossier is not None else _ABSENT_SECRET
    matches = hmac.compare_digest(expected.encode(), normalise_secret(secret).encode())
    return dossier if dossier is not None and matches else None


@dataclass(frozen=True)
class PublicStep:
    name: str
    unit: str
    entered_at: dt.datetime
    left_at: dt.datetime | None


@dataclass(frozen=True)
class PublicDossier:
    """Everything the public page may show about a dossier."""

    code: str
    procedure: str
    unit: str
    received_at: dt.datetime
    status: str | Promise
    due_at: dt.datetime | None
    returned_at: dt.datetime | None
    judgement: str | Promise
    steps: list[PublicStep]
    to_provide: list[str]
    to_provide_reason: str
    to_pay: PaymentNotice | None = None


def public_view(dossier: Dossier) -> PublicDossier:
    """The public summary of ``dossier``."""
    visits = dossier.visits.select_related("step", "unit").order_by("entered_at", "id")
    waiting = open_supplementation(dossier)
    return PublicDossier(
        code=dossier.code,
        procedure=dossier.procedure_version.procedure.name,
        unit=dossier.receiving_unit.name,
        received_at=dossier.received_at,
        status=DossierStatus(dossier.status).label,
        due_at=dossier.due_at,
        returned_at=dossier.returned_at,
        judgement=Judgement(dossier.judgement).label if dossier.judgement else "",
        steps=[PublicStep(v.step.name, v.unit.name, v.entered_at, v.left_at) for v in visits],
        to_provide=[item.name for item in waiting.items.all()] if waiting else [],
        to_provide_reason=waiting.reason if waiting else "",
        to_pay=open_payment_notice(dossier),
    )
