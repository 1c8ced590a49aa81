"""The payload of each action, as dataclasses; ``perform`` also accepts the same fields as a plain dict (API, forms).

Field names are the public contract of the actions endpoint: keep them stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass
class ComponentReceipt:
    """One paper received at the desk (reception or supplement). ``form`` defaults to the published form."""

    component_id: int
    copies: int = 1
    form: str = ""
    file: File | None = None
    digitised: bool = False
    digitisation_exemption: str = ""


@dataclasses.dataclass
class ForwardPayload:
    """Hand-over to the next step: the giver is the actor; ``to_user_id`` names the receiving person if known."""

    note: str = ""
    paper_handed_over: bool = False
    to_user_id: int | None = None


@dataclasses.dataclass
class ConfirmPaperPayload:
    note: str = ""


@dataclasses.dataclass
class SendBackPayload:
    reason: str


@dataclasses.dataclass
class RequestSupplementPayload:
    """Form 02 during processing; ``approver_id``/``legal_basis`` are needed beyond the procedure's limit."""

    component_ids: list[int]
    reason: str
    legal_basis: str = ""
    approver_id: int | None = None
    applicant_at_fault: bool = False


@dataclasses.dataclass
class ReceiveSupplementPayload:
    components: list[ComponentReceipt]
    note: str = ""


@dataclasses.dataclass
class ApprovePayload:
    note: str = ""


@dataclasses.dataclass
class RefusePayload:
    reason: str


@dataclasses.dataclass
class AttachResultPayload:
    name: str
    document_number: str = ""
    signed_on: dt.date | None = None
    file: File | None = None


@dataclasses.dataclass
class CancelResultPayload:
    """Which result (its number n in ``<code>-KQ(n)``) the leader cancels, and the decision's reason."""

    number: int
    reason: str


@dataclasses.dataclass
class ReturnResultPayload:
    """How (``method``: a ``ReturnMethod`` value) and to whom; the instant is ``perform``'s ``at``."""

    method: str
    recipient: str
    recipient_identity_number: str = ""
    note: str = ""


@dataclasses.dataclass
class StopPayload:
    """Processing stopped (form 05 of the 2025 set): the reason and the request or document it answers."""

    reason: str
    answers_request: str
    legal_grounds: str = ""


@dataclasses.dataclass
class WithdrawPayload:
    reason: str
    requested_on: dt.date | None = None


@dataclasses.dataclass
class CorrectPayload:
    """A leader's correction of one recorded field (see ``CORRECTABLE_FIELDS``); the old value goes to the event."""

    field: str
    value: Any
    reason: str


P = TypeVar("P")


def _convert(value: Any, hint: Any, name: str) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(value, inner[0], name)
    if origin is list:
        if not isinstance(value, list | tuple):
            raise ValidationError(_("Trường “%(field)s” phải là một danh sách.") % {"field": name}, code="invalid")
        (item_hint,) = typing.get_args(hint)
        return [_convert(item, item_hint, name) for item in value]
    if dataclasses.is_dataclass(hint):
        return coerce_payload(value, hint)
    converters: dict[Any, Any] = {
        int: lambda raw: int(raw),
        str: lambda raw: str(raw),
        bool: lambda raw: raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes", "on"},
        dt.date: lambda raw: raw if isinstance(raw, dt.date) else parse_date(raw),
        dt.datetime: lambda raw: raw if isinstance(raw, dt.datetime) else parse_datetime(raw),
    }
    converter = converters.get(hint)
    if converter is None:
        return value
    try:
        converted = converter(value)
    except (TypeError, ValueError):
        converted = None
    if converted is None:
        raise ValidationError(
            _("Giá trị của trường “%(field)s” không hợp lệ.") % {"field": name}, code="invalid", params={"field": name}
        )
    return converted


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A payload class's resolved annotations: classes never change, and resolving them costs more than the action."""
    return typing.get_type_hints(cls)


def coerce_payload(payload: Any, cls: type[P]) -> P:
    """``payload`` as a ``cls`` instance: a dataclass passes through, a dict is checked field by field."""
    if isinstance(payload, cls):
        return payload
    if not isinstance(payload, dict):
        raise ValidationError(_("Dữ liệu kèm theo thao tác không hợp lệ."), code="invalid")
    hints = _hints(cls)
    fields = {field.name: field for field in dataclasses.fields(cls)}
    unknown = sorted(set(payload) - set(fields))
    if unknown:
        raise ValidationError(
            _("Trường không được hỗ trợ: %(fields)s.") % {"fields": ", ".join(unknown)}, code="unknown_field"
        )
    missing = [
        name
        for name, field in fields.items()
        if name not in payload and field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ValidationError(
            _("Thiếu trường bắt buộc: %(fields)s.") % {"fields": ", ".join(missing)}, code="missing_field"
        )
    return cls(**{name: _convert(value, hints[name], name) for name, value in payload.items()})
