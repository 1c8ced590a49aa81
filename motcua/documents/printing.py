"""How values look on the printed forms, and the QR code every printed paper carries.

Both renderers (HTML for the PDF, Jinja inside the DOCX) receive the same already-formatted strings from
``printable()``, so a date can never read one way on the PDF and another in Word.

QR payload (Circular 01/2023/TT-VPCP asks for a QR code on every printed paper, encoded per TCVN 7322 / ISO 18004):
plain UTF-8 text, fields separated by ``|``, each ``KEY:value`` except the last, which is the document name::

    MHS:<dossier code>|TTHC:<procedure code>|ID:<applicant identity number or tax code>|<document name>

The ledger belongs to no single dossier, so it carries the unit and the period instead::

    DV:<unit electronic code>|TU:<dd/mm/yyyy>|DEN:<dd/mm/yyyy>|<document name>

A field that is not known yet (an incomplete dossier has no code) is printed empty rather than left out, so a reader
can split on ``|`` at fixed positions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from motcua.documents.forms import FormContext, LedgerContext

# Forms show Vietnam's civil time whatever the server's zone (and USE_TZ) say.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Error correction M survives a fold or a stamp over the code and still fits ~150 bytes at version 7.
QR_ERROR = "m"


def local_day(instant: dt.datetime) -> dt.date:
    """The calendar day an instant falls on in Vietnam."""
    return instant.astimezone(VIETNAM).date()


def format_date(day: dt.date | dt.datetime) -> str:
    """dd/mm/yyyy; an instant is first moved to Vietnam's time so that 23:30 UTC is the next day."""
    if isinstance(day, dt.datetime):
        day = local_day(day)
    return day.strftime("%d/%m/%Y")


def format_instant(instant: dt.datetime) -> str:
    """hh:mm dd/mm/yyyy in Vietnam's time, as the forms ask for “… giờ … phút, ngày …”."""
    local = instant.astimezone(VIETNAM)
    return _("%(time)s ngày %(date)s") % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


def date_line(place: str, day: dt.date) -> str:
    """“Place, ngày dd tháng mm năm yyyy” as Decree 30/2020 writes it: a zero before days 1–9 and months 1–2."""
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": day.year,
    }


def printable(value: Any) -> Any:
    """The value as the templates print it: dataclasses become dicts, instants and dates become Vietnamese text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: printable(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return format_instant(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Promise):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return {key: printable(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [printable(item) for item in value]
    return value


def qr_payload(context: FormContext, document_name: str) -> str:
    """The text the QR code holds (format in the module docstring)."""
    if isinstance(context, LedgerContext):
        fields = [
            f"DV:{context.agency.code}",
            f"TU:{format_date(context.day_from)}",
            f"DEN:{format_date(context.day_to)}",
        ]
    else:
        fields = [
            f"MHS:{context.dossier_code}",
            f"TTHC:{context.procedure_code}",
            f"ID:{context.applicant.identifier}",
        ]
    return "|".join([*fields, document_name])


def qr_png(payload: str) -> bytes:
    """A black-on-white PNG of the payload, ten pixels a module so it stays sharp when printed 20 mm wide."""
    buffer = io.BytesIO()
    segno.make(payload, error=QR_ERROR, micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()
