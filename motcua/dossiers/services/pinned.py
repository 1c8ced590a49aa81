"""The pinned process of a dossier, and its version's published components, read once and kept in memory.

Every action asks the dossier's process for its current step and for the transition it allows, so reading them per
action would cost a query (with joins) on every move; every reception and supplement checks the papers against the
version's published components. A process a dossier is pinned to has been approved and activated, and the catalog
allows no change to the steps and transitions of a process past its draft, nor to the components of a version past
its draft, so what is read once stays true in every process of the application. Drafts are never cached. Within
this process any save or delete of a catalog row that these depend on (an admin edit, a test building a fresh
catalog whose ids a rolled back one used before) clears both caches.

The caches keep row values, not model instances: each call builds fresh instances, so a caller that loads a related
object onto a step (its fixed unit, say) cannot leak it into another action or thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.catalog.models import Component, ProcedureVersion, Process, ProcessStatus, Step, Transition, VersionStatus
from motcua.catalog.services import published_components

# Processes (and versions) kept in memory; a province has a few thousand procedure versions, and only the busy ones
# matter.
MAX_PROCESSES = 512

_STEP_FIELDS = tuple(field.attname for field in Step._meta.concrete_fields)
_TRANSITION_FIELDS = tuple(field.attname for field in Transition._meta.concrete_fields)
_COMPONENT_FIELDS = tuple(field.attname for field in Component._meta.concrete_fields)
_STEP_ID = _STEP_FIELDS.index("id")
_FROM_STEP = _TRANSITION_FIELDS.index("step_id")
_ACTION = _TRANSITION_FIELDS.index("action")


@dataclass(frozen=True)
class ProcessGraph:
    """The steps and transitions of one non-draft process, as row values."""

    process_id: int
    database: str
    steps: dict[int, tuple[Any, ...]]
    transitions: dict[tuple[int, str], tuple[Any, ...]]

    def step(self, step_id: int) -> Step:
        """A fresh ``Step`` instance of this process."""
        return Step.from_db(self.database, _STEP_FIELDS, self.steps[step_id])

    def transition(self, step_id: int, action: str) -> Transition | None:
        """The transition allowed for ``action`` at the step, its target step loaded; None when there is none."""
        row = self.transitions.get((step_id, action))
        if row is None:
            return None
        transition = Transition.from_db(self.database, _TRANSITION_FIELDS, row)
        if transition.to_step_id is not None:
            transition.to_step = self.step(transition.to_step_id)
        return transition

    def actions_at(self, step_id: int) -> set[str]:
        """Every action the process allows at the step."""
        return {action for source, action in self.transitions if source == step_id}


class _Memo:
    """A small least-recently-used map shared by the threads of this process."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __iter__(self) -> Iterator[Any]:
        """The keys, least recently used first."""
        with self._lock:
            return iter(list(self._items))


_graphs = _Memo(MAX_PROCESSES)
_components = _Memo(MAX_PROCESSES)


def _load(process_id: int) -> tuple[ProcessGraph, bool]:
    steps = Step.objects.filter(process_id=process_id).order_by()
    transitions = Transition.objects.filter(step__process_id=process_id).order_by()
    draft = Process.objects.filter(pk=process_id, status=ProcessStatus.DRAFT).exists()
    graph = ProcessGraph(
        process_id=process_id,
        database=steps.db,
        steps={row[_STEP_ID]: row for row in steps.values_list(*_STEP_FIELDS)},
        transitions={(row[_FROM_STEP], row[_ACTION]): row for row in transitions.values_list(*_TRANSITION_FIELDS)},
    )
    return graph, not draft


def process_graph(process_id: int) -> ProcessGraph:
    """The graph of the process ``process_id``, from memory once a non-draft process has been read."""
    graph = _graphs.get(process_id)
    if graph is None:
        graph, cacheable = _load(process_id)
        if cacheable:
            _graphs.put(process_id, graph)
    return graph


def pinned_components(version: ProcedureVersion) -> list[Component]:
    """The published components of a non-draft ``version`` in published order, from memory once read.

    A draft's components may still change, so they are read each time (the catalog offers none of them anyway).
    """
    rows = _components.get(version.pk) if version.status != VersionStatus.DRAFT else None
    if rows is None:
        queryset = published_components(version)
        rows = (queryset.db, tuple(queryset.values_list(*_COMPONENT_FIELDS)))
        if version.status != VersionStatus.DRAFT:
            _components.put(version.pk, rows)
    database, values = rows
    return [Component.from_db(database, _COMPONENT_FIELDS, row) for row in values]


def forget_processes() -> None:
    """Drop every cached graph and component list (a catalog row changed in this process)."""
    _graphs.clear()
    _components.clear()


@receiver(post_save, sender=Process, dispatch_uid="dossiers_pinned_process_saved")
@receiver(post_delete, sender=Process, dispatch_uid="dossiers_pinned_process_deleted")
@receiver(post_save, sender=Step, dispatch_uid="dossiers_pinned_step_saved")
@receiver(post_delete, sender=Step, dispatch_uid="dossiers_pinned_step_deleted")
@receiver(post_save, sender=Transition, dispatch_uid="dossiers_pinned_transition_saved")
@receiver(post_delete, sender=Transition, dispatch_uid="dossiers_pinned_transition_deleted")
@receiver(post_save, sender=ProcedureVersion, dispatch_uid="dossiers_pinned_version_saved")
@receiver(post_delete, sender=ProcedureVersion, dispatch_uid="dossiers_pinned_version_deleted")
@receiver(post_save, sender=Component, dispatch_uid="dossiers_pinned_component_saved")
@receiver(post_delete, sender=Component, dispatch_uid="dossiers_pinned_component_deleted")
def _catalog_changed(**kwargs: Any) -> None:
    forget_processes()
