"""What a figure is computed over: a period in local time, the units (as then or re-mapped to today's), a sector and
a procedure. The unit tree and its successions are read in two queries and resolved in memory, so re-mapping a whole
province costs no more queries than showing one unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.dossiers.models import DailyFigures, Dossier
from motcua.organization.models import Unit, UnitSuccession


@dataclasses.dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` inclusive, read in the province's local time."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return _local_midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the period (exclusive bound)."""
        return _local_midnight(self.end + dt.timedelta(days=1))

    def as_of(self, now: dt.datetime) -> dt.datetime:
        """When open dossiers are judged: the period's end, or now while the period is still running."""
        return min(self.end_at, now)

    def months(self) -> list[dt.date]:
        """First days of the calendar months the period touches."""
        months = []
        current = self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = (current + dt.timedelta(days=32)).replace(day=1)
        return months


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class UnitTree:
    """Every unit, its children and its successors, for grouping and re-mapping without a query per unit.

    ``current_for`` follows successions like ``organization.services.units_as_of`` (a test holds them equal); it
    exists because that function reads the database once per unit and link, and a province has hundreds.
    """

    def __init__(self, on: dt.date | None = None) -> None:
        self.on = on or timezone.localdate()
        self.units: dict[int, Unit] = {unit.pk: unit for unit in Unit.objects.order_by("code")}
        self._children: dict[int, list[int]] = defaultdict(list)
        for unit in self.units.values():
            if unit.parent_id is not None:
                self._children[unit.parent_id].append(unit.pk)
        self._successors: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for predecessor, successor, effective_on in UnitSuccession.objects.values_list(
            "predecessor_id", "successor_id", "effective_on"
        ):
            self._successors[predecessor].append((effective_on, successor))
        self._current: dict[int, tuple[int, ...]] = {}

    def subtree(self, unit_ids: Iterable[int]) -> set[int]:
        """The units and all their descendants."""
        found: set[int] = set()
        frontier = list(unit_ids)
        while frontier:
            unit_id = frontier.pop()
            if unit_id not in found:
                found.add(unit_id)
                frontier.extend(self._children.get(unit_id, ()))
        return found

    def current_for(self, unit_id: int) -> tuple[int, ...]:
        """The units carrying on ``unit_id``'s business on the tree's day (itself while active), sorted by code."""
        if unit_id not in self._current:
            start = self.units[unit_id]
            found: set[int] = set()
            if self.on >= start.valid_from:
                seen: set[int] = set()
                frontier = [unit_id]
                while frontier:
                    current = frontier.pop()
                    if current in seen:
                        continue
                    seen.add(current)
                    if self.units[current].is_active_on(self.on):
                        found.add(current)
                        continue
                    frontier.extend(to for effective_on, to in self._successors[current] if effective_on <= self.on)
            self._current[unit_id] = tuple(sorted(found, key=lambda pk: self.units[pk].code))
        return self._current[unit_id]

    def recorded_units(self, unit_ids: Iterable[int], *, remap: bool, subtree: bool = True) -> set[int]:
        """Units a dossier may be recorded under to count for ``unit_ids`` (with their subtrees unless told not
        to): the units themselves "as then", plus every predecessor re-mapped onto them when ``remap``."""
        wanted = self.subtree(unit_ids) if subtree else set(unit_ids)
        if not remap:
            return wanted
        return wanted | {pk for pk in self.units if set(self.current_for(pk)) & wanted}

    def group_of(self, unit_id: int, *, remap: bool) -> tuple[int, ...]:
        """The rows a recorded unit's figures go to: itself, or today's units (each of them after a split)."""
        return self.current_for(unit_id) if remap else (unit_id,)


@dataclasses.dataclass(frozen=True)
class Filters:
    """One question asked of the figures. ``units`` are the recorded resolving units counted (None: all of them)."""

    period: Period
    now: dt.datetime
    units: frozenset[int] | None = None
    remap: bool = False
    sector_id: int | None = None
    procedure_id: int | None = None

    @property
    def as_of(self) -> dt.datetime:
        return self.period.as_of(self.now)

    def condition(self) -> Q:
        """The unit, sector and procedure filters, on any model with ``resolving_unit`` and ``procedure_version``
        (the dossiers and their daily figures)."""
        condition = Q()
        if self.units is not None:
            condition &= Q(resolving_unit_id__in=sorted(self.units))
        if self.sector_id is not None:
            condition &= Q(procedure_version__procedure__sector_id=self.sector_id)
        if self.procedure_id is not None:
            condition &= Q(procedure_version__procedure_id=self.procedure_id)
        return condition

    def dossiers(self) -> QuerySet[Dossier]:
        """Dossiers matching the unit, sector and procedure filters (not yet the period)."""
        return Dossier.objects.filter(self.condition())

    def daily_figures(self) -> QuerySet[DailyFigures]:
        """Daily figures matching the same filters, of the period's days only (what was carried over is derived
        from the dossiers open at ``as_of``, not from the years before: ``figures.carried_over_window``)."""
        return DailyFigures.objects.filter(self.condition(), day__gte=self.period.start, day__lte=self.period.end)
