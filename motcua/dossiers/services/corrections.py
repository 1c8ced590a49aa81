"""A leader's correction of a recorded field: the new value is saved, the old one stays in the event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Channel, EventAction
from motcua.dossiers.services.context import ActionContext, Outcome, require_text
from motcua.dossiers.services.payloads import CorrectPayload

# Fields a correction may change. Instants, statuses and codes are never corrected: they drive the clock and the
# national reports, and a wrong one is answered by a new action, not by rewriting the record.
APPLICANT_FIELDS = (
    "name",
    "identity_number",
    "date_of_birth",
    "tax_code",
    "representative",
    "address",
    "phone",
    "email",
)
CORRECTABLE_FIELDS = (*(f"applicant.{name}" for name in APPLICANT_FIELDS), "channel")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def correct(ctx: ActionContext, data: CorrectPayload) -> Outcome:
    """Change one recorded field after checking it like at reception; the reason is mandatory."""
    reason = require_text(data.reason, "reason", _("Cần ghi lý do đính chính."))
    if data.field not in CORRECTABLE_FIELDS:
        raise ValidationError({"field": _("Không được đính chính trường “%(field)s”.") % {"field": data.field}})
    dossier = ctx.dossier
    if data.field == "channel":
        if data.value not in Channel.values:
            raise ValidationError({"value": _("Kênh nộp không hợp lệ.")})
        old, dossier.channel = dossier.channel, data.value
        new = dossier.channel
    else:
        applicant = dossier.applicant
        name = data.field.removeprefix("applicant.")
        value = data.value
        if name == "date_of_birth" and value is not None and not isinstance(value, dt.date):
            value = parse_date(str(value))
            if value is None:
                raise ValidationError({"value": _("Ngày sinh không hợp lệ.")})
        old = getattr(applicant, name)
        setattr(applicant, name, value if value is not None or name == "date_of_birth" else "")
        try:
            applicant.full_clean()
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error
        applicant.save(update_fields=[name])
        new = getattr(applicant, name)
    if old == new:
        raise ValidationError({"value": _("Giá trị mới trùng với giá trị đang ghi.")})
    return Outcome(
        EventAction.CORRECTED, reason=reason, payload={"field": data.field, "old": _json(old), "new": _json(new)}
    )
