"""The tamper-evident event chain of a dossier.

Each event's ``hash`` is the SHA-256 (hex) of the canonical JSON of exactly these fields::

    {"dossier": <dossier code>, "seq": <int>, "action": <str>, "actor": <user id>, "role": <str>,
     "unit": <unit id>, "at": <ISO 8601 instant in UTC, microseconds>, "from_status": <str>, "to_status": <str>,
     "reason": <str>, "clock_effect": <str>, "payload": <JSON object>, "prev_hash": <hex or "">}

Canonical JSON: keys sorted, separators ``,`` and ``:``, UTF-8 without ASCII escaping. ``prev_hash`` is the hash of
the dossier's previous event ("" for the first); the dossier row's ``head_hash`` is the hash of its last event, so
that a removed last event is detected too. Payloads hold only strings, integers, booleans, null, lists and objects
(instants as ISO strings) so that they read back from the database exactly as written.

The chain is per dossier: a single global chain would serialise every write in the province.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from motcua.dossiers.models import ClockEffect, Dossier, DossierEvent, DossierStatus, EventAction
from motcua.organization.models import Unit, User


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(event: DossierEvent, dossier_code: str) -> str:
    """The hash ``event`` must carry, computed from its fields and its ``prev_hash``."""
    content = {
        "dossier": dossier_code,
        "seq": event.seq,
        "action": event.action,
        "actor": event.actor_id,
        "role": event.role,
        "unit": event.unit_id,
        "at": _instant(event.at),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "reason": event.reason,
        "clock_effect": event.clock_effect,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_event(
    dossier: Dossier,
    *,
    action: EventAction,
    actor: User,
    role: str,
    unit: Unit,
    at: dt.datetime,
    from_status: DossierStatus | str,
    reason: str = "",
    clock_effect: ClockEffect = ClockEffect.NONE,
    payload: dict[str, Any] | None = None,
) -> DossierEvent:
    """The next event of ``dossier`` (hashed, not yet saved); moves the dossier's ``lock_version`` and ``head_hash``.

    The caller holds the dossier row locked and saves the event and the dossier in the same transaction, so the
    sequence number ``lock_version + 1`` cannot be taken twice. The hash does not depend on the dossier's id, so a
    new dossier can be inserted already carrying the head of its first event.
    """
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.lock_version + 1,
        action=action,
        actor=actor,
        role=role,
        unit=unit,
        at=at,
        from_status=from_status,
        to_status=dossier.status,
        reason=reason,
        clock_effect=clock_effect,
        payload=payload or {},
        prev_hash=dossier.head_hash,
    )
    event.hash = event_hash(event, dossier.code)
    dossier.lock_version = event.seq
    dossier.head_hash = event.hash
    return event


@dataclass(frozen=True)
class ChainProblem:
    """The first place a dossier's chain stops being what was written."""

    dossier_code: str
    seq: int | None
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"event #{self.seq} (id {self.event_id})" if self.seq is not None else "head"
        return f"{self.dossier_code}: {where}: {self.message}"


def verify_chain(dossier: Dossier, events: Iterator[DossierEvent] | list[DossierEvent]) -> ChainProblem | None:
    """Check one dossier's events (in ``seq`` order) against their hashes, links and the dossier's head."""
    previous_hash = ""
    expected_seq = 1
    last: DossierEvent | None = None
    for event in events:
        if event.seq != expected_seq:
            return ChainProblem(
                dossier.code, event.seq, event.pk, f"expected event #{expected_seq}: an event was removed or reordered"
            )
        if event.prev_hash != previous_hash:
            return ChainProblem(
                dossier.code, event.seq, event.pk, "prev_hash does not match the previous event: removed or reordered"
            )
        if event_hash(event, dossier.code) != event.hash:
            return ChainProblem(dossier.code, event.seq, event.pk, "content does not match its hash: altered")
        previous_hash = event.hash
        expected_seq += 1
        last = event
    if dossier.head_hash != previous_hash or dossier.lock_version != (last.seq if last else 0):
        return ChainProblem(
            dossier.code,
            None,
            None,
            f"the dossier's head (version {dossier.lock_version}) does not match its last event "
            f"(#{last.seq if last else 0}): the last event was removed or altered",
        )
    return None
