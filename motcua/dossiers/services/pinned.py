"""The pinned process of a dossier, read once per process and kept in memory.

Every action asks the dossier's process for its current step and for the transition it allows, so reading them per
action would cost a query (with joins) on every move. A process a dossier is pinned to has been approved and
activated, and the catalog allows no change to the steps and transitions of a process past its draft, so a graph
read once stays true in every process of the application. Draft processes are never cached. Within this process any
save or delete of a process, step or transition (an admin edit, a test building a fresh catalog whose ids a rolled
back one used before) clears the cache.

The cache keeps row values, not model instances: each call builds fresh instances, so a caller that loads a related
object onto a step (its fixed unit, say) cannot leak it into another action or thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.catalog.models import Process, ProcessStatus, Step, Transition

# Processes kept in memory; a province has a few thousand procedure versions, and only the busy ones matter.
MAX_PROCESSES = 512

_STEP_FIELDS = tuple(field.attname for field in Step._meta.concrete_fields)
_TRANSITION_FIELDS = tuple(field.attname for field in Transition._meta.concrete_fields)
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


_graphs: OrderedDict[int, ProcessGraph] = OrderedDict()
_graphs_lock = threading.Lock()


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
    with _graphs_lock:
        graph = _graphs.get(process_id)
        if graph is not None:
            _graphs.move_to_end(process_id)
            return graph
    graph, cacheable = _load(process_id)
    if cacheable:
        with _graphs_lock:
            _graphs[process_id] = graph
            while len(_graphs) > MAX_PROCESSES:
                _graphs.popitem(last=False)
    return graph


def forget_processes() -> None:
    """Drop every cached graph (a catalog row changed in this process)."""
    with _graphs_lock:
        _graphs.clear()


@receiver(post_save, sender=Process, dispatch_uid="dossiers_pinned_process_saved")
@receiver(post_delete, sender=Process, dispatch_uid="dossiers_pinned_process_deleted")
@receiver(post_save, sender=Step, dispatch_uid="dossiers_pinned_step_saved")
@receiver(post_delete, sender=Step, dispatch_uid="dossiers_pinned_step_deleted")
@receiver(post_save, sender=Transition, dispatch_uid="dossiers_pinned_transition_saved")
@receiver(post_delete, sender=Transition, dispatch_uid="dossiers_pinned_transition_deleted")
def _catalog_changed(**kwargs: Any) -> None:
    forget_processes()
