"""Helpers to receive dossiers in tests: valid reception data for a published version, and a received dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import ApplicantKind, Channel, Dossier
from motcua.dossiers.services import ApplicantData, ComponentReceipt, ReceptionData, receive
from motcua.organization.models import Unit, User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday morning under the 2025 form set and Decree 118.
MONDAY = dt.datetime(2025, 10, 6, 8, 0, tzinfo=TZ)


def person(**fields: Any) -> ApplicantData:
    values: dict[str, Any] = {
        "kind": ApplicantKind.PERSON,
        "name": "Nguyễn Văn An",
        "identity_number": "068090001234",
        "date_of_birth": dt.date(1990, 5, 17),
        "address": "12 Trần Hưng Đạo, phường Phan Thiết",
        "phone": "0912345678",
        "email": "an@example.vn",
    }
    values.update(fields)
    return ApplicantData(**values)


def reception_data(version: ProcedureVersion, unit: Unit, **fields: Any) -> ReceptionData:
    """Every published component received, digitised, at the counter."""
    values: dict[str, Any] = {
        "procedure_version_id": version.pk,
        "receiving_unit_id": unit.pk,
        "applicant": person(),
        "channel": Channel.COUNTER,
        "components": [ComponentReceipt(component_id=c.pk, digitised=True) for c in version.components.all()],
    }
    values.update(fields)
    return ReceptionData(**values)


def received(version: ProcedureVersion, unit: Unit, desk: User, at: dt.datetime = MONDAY, **fields: Any) -> Dossier:
    return receive(actor=desk, data=reception_data(version, unit, **fields), at=at)
