"""The rule sets a dossier is judged under, as dated data.

A dossier keeps the forms and rules in force on the day it was received (domain.md §1). Two instruments change on
different days: the form set (Circular 01/2018 until 14/9/2025, Circular 03/2025 from 15/9/2025) and the decree on
the one-stop mechanism (Decree 61/2018 until 30/6/2025, Decree 118/2025 from 1/7/2025). Both are tables of
``(first day, value)`` rows so that a new circular is one new row, never an ``if date < …`` in the code.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSet(models.TextChoices):
    """The official form set (and the rules that travel with it) a dossier was received under."""

    SET_2018 = "2018", _("Thông tư 01/2018/TT-VPCP")
    SET_2025 = "2025", _("Thông tư 03/2025/TT-VPCP")


class Decree(models.TextChoices):
    """The decree on the one-stop mechanism in force on the reception day."""

    DECREE_61 = "61/2018", _("Nghị định 61/2018/NĐ-CP")
    DECREE_118 = "118/2025", _("Nghị định 118/2025/NĐ-CP")


@dataclass(frozen=True)
class FormSetRules:
    """What a form set decides: form numbers and the duties it adds."""

    form_set: FormSet
    forms: dict[str, str]
    requires_digitisation: bool


@dataclass(frozen=True)
class DecreeRules:
    """What the decree decides for a dossier's life."""

    decree: Decree
    processing_stop_is_an_ending: bool


@dataclass(frozen=True)
class RuleSet:
    """The combined rules for one reception day."""

    form_set: FormSetRules
    decree: DecreeRules

    @property
    def code(self) -> FormSet:
        return self.form_set.form_set


FORM_SETS: list[tuple[dt.date, FormSetRules]] = [
    (
        dt.date(2019, 1, 6),
        FormSetRules(
            form_set=FormSet.SET_2018,
            forms={
                "receipt": "01",
                "guidance": "02",
                "refusal": "03",
                "apology": "04",
                "control": "05",
                "ledger": "06",
            },
            requires_digitisation=False,
        ),
    ),
    (
        dt.date(2025, 9, 15),
        FormSetRules(
            form_set=FormSet.SET_2025,
            forms={
                "receipt": "01",
                "guidance": "02",
                "refusal": "03",
                "apology": "04",
                "stop_notice": "05",
                "control": "06",
                "ledger": "07",
            },
            requires_digitisation=True,
        ),
    ),
]

DECREES: list[tuple[dt.date, DecreeRules]] = [
    (dt.date(2018, 6, 21), DecreeRules(decree=Decree.DECREE_61, processing_stop_is_an_ending=False)),
    (dt.date(2025, 7, 1), DecreeRules(decree=Decree.DECREE_118, processing_stop_is_an_ending=True)),
]


T = TypeVar("T")


def _in_force(table: list[tuple[dt.date, T]], day: dt.date) -> T:
    index = bisect.bisect_right([start for start, _rules in table], day) - 1
    return table[max(index, 0)][1]


def rules_for(received_on: dt.date) -> RuleSet:
    """The rule set for a dossier received on ``received_on``; days before the first row use the oldest rules."""
    return RuleSet(form_set=_in_force(FORM_SETS, received_on), decree=_in_force(DECREES, received_on))
