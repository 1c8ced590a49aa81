"""The national population database (Cơ sở dữ liệu quốc gia về dân cư) behind one small interface.

Production talks to the Project 06 exchange through an adapter that implements ``PopulationRegistry``; development
and tests use ``LocalRegistry``, which reads demo citizens from a JSON file. The backend is chosen by the setting
``MOTCUA_POPULATION_BACKEND`` (a dotted path; default ``LocalRegistry``), and every backend must pass the contract
test in ``motcua/portal/tests/test_population_contract.py``: a verified person comes back with the registry's name,
birth date and permanent address; anything else comes back as a failure with its reason, never an exception.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from motcua.portal.models import LookupOutcome

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "motcua.portal.population.LocalRegistry"
DEMO_FILE = Path(__file__).resolve().parent / "data" / "population_demo.json"


@dataclass(frozen=True)
class PersonRecord:
    """A person as the registry holds them."""

    identity_number: str
    name: str
    birth_date: dt.date
    permanent_address: str


@dataclass(frozen=True)
class LookupResult:
    """The registry's answer: the verified person, or the reason there is none."""

    outcome: LookupOutcome
    person: PersonRecord | None = None
    detail: str = ""

    @property
    def verified(self) -> bool:
        return self.outcome == LookupOutcome.VERIFIED


class PopulationRegistry(Protocol):
    """What every backend offers: one look-up by identity number, name and birth date."""

    def lookup(self, *, identity_number: str, name: str, birth_date: dt.date) -> LookupResult: ...


def same_name(a: str, b: str) -> bool:
    """Names match ignoring case and spacing, but not diacritics (Lê and Le are different people)."""

    def canonical(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return canonical(a) == canonical(b)


def match(record: PersonRecord | None, *, name: str, birth_date: dt.date) -> LookupResult:
    """The answer for a look-up given the registry's record of that identity number (None when absent)."""
    if record is None:
        return LookupResult(LookupOutcome.NOT_FOUND)
    if not same_name(record.name, name) or record.birth_date != birth_date:
        return LookupResult(LookupOutcome.MISMATCH)
    return LookupResult(LookupOutcome.VERIFIED, record)


class LocalRegistry:
    """Demo citizens from a JSON file (``MOTCUA_POPULATION_FILE``, default the package's demo list).

    Each entry: ``{"identity_number", "name", "birth_date" (YYYY-MM-DD), "permanent_address"}``.
    """

    def __init__(self, records: list[PersonRecord] | None = None, *, path: Path | None = None) -> None:
        if records is None:
            source = path or Path(getattr(settings, "MOTCUA_POPULATION_FILE", DEMO_FILE))
            records = load_records(source)
        self._records = {record.identity_number: record for record in records}

    def lookup(self, *, identity_number: str, name: str, birth_date: dt.date) -> LookupResult:
        return match(self._records.get(identity_number), name=name, birth_date=birth_date)


def load_records(path: Path) -> list[PersonRecord]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        PersonRecord(
            identity_number=row["identity_number"],
            name=row["name"],
            birth_date=dt.date.fromisoformat(row["birth_date"]),
            permanent_address=row["permanent_address"],
        )
        for row in rows
    ]


def registry() -> PopulationRegistry:
    """The configured backend."""
    return import_string(getattr(settings, "MOTCUA_POPULATION_BACKEND", DEFAULT_BACKEND))()


def lookup_person(
    *, identity_number: str, name: str, birth_date: dt.date, backend: PopulationRegistry | None = None
) -> LookupResult:
    """Ask the registry; a backend that fails (network, timeout, bad answer) reads as "unavailable", with why."""
    try:
        return (backend or registry()).lookup(identity_number=identity_number, name=name, birth_date=birth_date)
    except Exception as error:  # any backend fault must leave the applicant a way forward: the paper
        logger.warning("population registry lookup failed: %s", error)
        return LookupResult(LookupOutcome.UNAVAILABLE, detail=str(error)[:500])
