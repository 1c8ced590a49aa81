"""Payloads of the actions this app adds to ``perform`` (same conventions as ``motcua.dossiers.services.payloads``).

Field names are the public contract of the actions endpoint: keep them stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.files import File


@dataclasses.dataclass
class ConsultPayload:
    """Ask one or more units; ``due_at`` defaults to the step's consultation time counted in working time."""

    unit_ids: list[int]
    question: str
    mandatory: bool = True
    due_at: dt.datetime | None = None
    files: list[File] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class DecideExtensionPayload:
    """The requester accepts or refuses a consulted unit's request for more time."""

    extension_id: int
    accept: bool
    note: str = ""


@dataclasses.dataclass
class WaiveConsultationPayload:
    """A leader lets the step be completed although mandatory consultations are still unanswered."""

    reason: str


@dataclasses.dataclass
class OpenInterAgencyPayload:
    """The other agency's desk opens the child dossier under its own procedure version."""

    procedure_version_id: int
    note: str = ""
