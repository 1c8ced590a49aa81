"""Driving dossiers through their normal life, and the raw-transaction baseline it is compared with.

The same ``drive`` runs three times with different observers: timed (wall clock per action kind), counted (an
``execute_wrapper`` classifying every statement) and, on request, profiled (cProfile per action kind). Counting and
profiling slow the run down, so they never share a pass with the timing.
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import pstats
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from bench.province import Province
from motcua.dossiers.models import ApplicantKind, Channel, ReturnMethod
from motcua.dossiers.services import ApplicantData, ComponentReceipt, ReceptionData, perform, receive
from motcua.organization.models import User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Mondays under the 2025 form set; each pass takes its own reception day, so its dossier codes start at 0001.
WARM_UP_DAY = dt.datetime(2025, 10, 6, 8, 0, tzinfo=TZ)
TIMED_DAY = dt.datetime(2025, 10, 13, 8, 0, tzinfo=TZ)
COUNTED_DAY = dt.datetime(2025, 10, 20, 8, 0, tzinfo=TZ)
PROFILED_DAY = dt.datetime(2025, 10, 27, 8, 0, tzinfo=TZ)

RECEIVE = "receive"


@dataclass(frozen=True)
class Step:
    """One action after reception: who takes it, with what payload, how long after reception."""

    kind: str
    action: str
    actor: str
    payload: dict[str, Any]
    after: dt.timedelta


# Reception → processing → approval → return along the standard process (catalog STANDARD_STEPS), as the lifecycle
# test drives it: the leader attaches the signed result before approving, and the desk hands it back.
STEPS = (
    Step("forward@tiep-nhan", "forward", "desk_officer", {"note": "Chuyển xử lý"}, dt.timedelta(minutes=10)),
    Step("forward@xu-ly", "forward", "specialist", {"note": "Đủ điều kiện"}, dt.timedelta(hours=24)),
    Step(
        "attach_result",
        "attach_result",
        "unit_leader",
        {"name": "Giấy xác nhận tình trạng hôn nhân"},
        dt.timedelta(hours=25),
    ),
    Step("approve", "approve", "unit_leader", {}, dt.timedelta(hours=26)),
    Step(
        "return_result",
        "return_result",
        "desk_officer",
        {"method": ReturnMethod.AT_COUNTER, "recipient": "Nguyễn Văn An"},
        dt.timedelta(hours=27),
    ),
)
KINDS = (RECEIVE, *(step.kind for step in STEPS))
ACTIONS_PER_DOSSIER = len(KINDS)

Observer = Callable[[str], AbstractContextManager[object]]


def _reception(province: Province) -> ReceptionData:
    """A complete dossier at the counter, every published component digitised."""
    return ReceptionData(
        procedure_version_id=province.version.pk,
        receiving_unit_id=province.commune.pk,
        applicant=ApplicantData(
            kind=ApplicantKind.PERSON,
            name="Nguyễn Văn An",
            identity_number="068090001234",
            date_of_birth=dt.date(1990, 5, 17),
            address="12 Trần Hưng Đạo, phường Phan Thiết",
            phone="0912345678",
            email="an@example.vn",
        ),
        channel=Channel.COUNTER,
        components=[ComponentReceipt(component_id=pk, digitised=True) for pk in province.component_ids],
    )


def drive(province: Province, dossiers: int, day: dt.datetime, observe: Observer) -> None:
    """Receive ``dossiers`` dossiers, then take every later step for all of them, one action kind at a time.

    Going kind by kind lets ``observe`` wrap each kind as a whole; every action is a separate ``receive`` or
    ``perform`` call (its own transaction), exactly as the desk, the API or the UI would make it.
    """
    actors: dict[str, User] = {
        "desk_officer": province.desk_officer,
        "specialist": province.specialist,
        "unit_leader": province.unit_leader,
    }
    heads: list[tuple[str, int]] = []
    with observe(RECEIVE):
        for _number in range(dossiers):
            dossier = receive(actor=province.desk_officer, data=_reception(province), at=day)
            heads.append((dossier.code, dossier.lock_version))
    for step in STEPS:
        actor = actors[step.actor]
        with observe(step.kind):
            for index, (code, version) in enumerate(heads):
                dossier = perform(
                    dossier=code,
                    action=step.action,
                    actor=actor,
                    payload=dict(step.payload),
                    expected_version=version,
                    at=day + step.after,
                )
                heads[index] = (code, dossier.lock_version)


# --- observers -----------------------------------------------------------------------------------------------------


def unobserved(_kind: str) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


@dataclass
class Stopwatch:
    """Wall-clock and CPU seconds (of this process) per action kind.

    On PostgreSQL the difference is time spent waiting for the server; on SQLite the database works inside this
    process, so its work counts as CPU too.
    """

    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def __call__(self, kind: str) -> Iterator[None]:
        start, cpu_start = time.perf_counter(), time.process_time()
        yield
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - start
        self.cpu_seconds[kind] = self.cpu_seconds.get(kind, 0.0) + time.process_time() - cpu_start


@dataclass
class LockstepStopwatch:
    """A ``Stopwatch`` for one of several worker processes that take each action kind together.

    Every worker waits for the others before and after each kind, so the wall-clock seconds between the two
    barriers are the whole group's time for that kind (the slowest worker included); CPU seconds are this worker's
    own, to be summed over the workers.
    """

    barrier: Any
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def __call__(self, kind: str) -> Iterator[None]:
        self.barrier.wait()
        start, cpu_start = time.perf_counter(), time.process_time()
        yield
        cpu = time.process_time() - cpu_start
        self.barrier.wait()
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - start
        self.cpu_seconds[kind] = self.cpu_seconds.get(kind, 0.0) + cpu


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def statement_class(sql: str) -> str:
    """``select``/``insert``/``update``/``delete``, ``transaction`` for BEGIN/SAVEPOINT…, else ``other``."""
    head = sql.lstrip().upper()
    if head.startswith(TRANSACTION_CONTROL):
        return "transaction"
    verb = head.split(None, 1)[0].lower() if head else ""
    return verb if verb in {"select", "insert", "update", "delete"} else "other"


@dataclass
class QueryCounter:
    """Statements per action kind, by class, and the distinct SQL texts (without parameters) of each kind with the
    seconds spent executing them (round trip included, ORM compilation excluded).

    Transaction control is counted apart: Django sends SQLite's ``BEGIN IMMEDIATE`` through a cursor but opens and
    commits PostgreSQL's transactions on the connection, so counting it would make the databases incomparable.
    """

    classes: dict[str, Counter[str]] = field(default_factory=dict)
    texts: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)

    @contextlib.contextmanager
    def __call__(self, kind: str) -> Iterator[None]:
        classes = self.classes.setdefault(kind, Counter())
        texts = self.texts.setdefault(kind, Counter())
        seconds = self.seconds.setdefault(kind, {})

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
            text = " ".join(sql.split())
            classes[statement_class(sql)] += 1
            texts[text] += 1
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                seconds[text] = seconds.get(text, 0.0) + time.perf_counter() - start

        with connection.execute_wrapper(count):
            yield


# Where an action's time goes, by the cumulative time of these functions (file suffix, function name). They overlap
# (a calendar lookup runs queries, so its time is also in "database" and "SQL compilation").
TIME_BUCKETS: dict[str, tuple[tuple[str, str], ...]] = {
    "database: statements": (("django/db/backends/utils.py", "_execute"),),
    "database: commit": (("django/db/backends/base/base.py", "commit"),),
    "ORM: compiling SQL": (("django/db/models/sql/compiler.py", "as_sql"),),
    "ORM: rows to instances": (("django/db/models/base.py", "from_db"),),
    "calendar lookup (calendar_for)": (("motcua/workcalendar/services.py", "calendar_for"),),
    "working-time arithmetic (add_working)": (("motcua/workcalendar/core.py", "add_working"),),
    "event hash": (("motcua/dossiers/events.py", "event_hash"),),
    "payload coercion": (("motcua/dossiers/services/payloads.py", "coerce_payload"),),
    "model validation (full_clean)": (("django/db/models/base.py", "full_clean"),),
}


@dataclass
class Profiler:
    """One cProfile profile per action kind."""

    profiles: dict[str, cProfile.Profile] = field(default_factory=dict)

    def breakdown(self, kind: str, actions: int) -> dict[str, float]:
        """Milliseconds per action: the whole (profiler overhead included) and each of ``TIME_BUCKETS``."""
        stats = pstats.Stats(self.profiles[kind])
        cumulative: dict[tuple[str, str], float] = {}
        for (filename, _line, function), (_calls, _primitive, _own, total, _callers) in stats.stats.items():
            for suffix, name in (pair for pairs in TIME_BUCKETS.values() for pair in pairs):
                if function == name and filename.endswith(suffix):
                    cumulative[suffix, name] = cumulative.get((suffix, name), 0.0) + total
        figures = {"total": 1000 * stats.total_tt / actions}
        for bucket, pairs in TIME_BUCKETS.items():
            figures[bucket] = 1000 * sum(cumulative.get(pair, 0.0) for pair in pairs) / actions
        return figures

    @contextlib.contextmanager
    def __call__(self, kind: str) -> Iterator[None]:
        profile = self.profiles.setdefault(kind, cProfile.Profile())
        profile.enable()
        try:
            yield
        finally:
            profile.disable()


# --- baseline ------------------------------------------------------------------------------------------------------

SCRATCH = "bench_scratch"


@contextlib.contextmanager
def scratch_table() -> Iterator[None]:
    """A throw-away table for the baseline, shaped like a small audit row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (id bigint PRIMARY KEY, note varchar(200) NOT NULL, n integer NOT NULL)"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {SCRATCH}")


def baseline(transactions: int, first_id: int) -> float:
    """Seconds for ``transactions`` transactions of one INSERT and one UPDATE of the inserted row each.

    This is the least a database-backed action can cost through the same Django connection: the ratio of the
    lifecycle's actions/s to these transactions/s is what survives a change of machine or database.
    """
    insert = f"INSERT INTO {SCRATCH} (id, note, n) VALUES (%s, %s, 0)"
    update = f"UPDATE {SCRATCH} SET n = n + 1 WHERE id = %s"
    start = time.perf_counter()
    for row_id in range(first_id, first_id + transactions):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(insert, [row_id, "Chuyển xử lý"])
            cursor.execute(update, [row_id])
    return time.perf_counter() - start
