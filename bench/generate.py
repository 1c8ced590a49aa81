"""A province-year of dossiers in a fresh database, written by bulk inserts (issue 5, item 6).

The province is the demo's (``motcua.demo.services.load_demo``: its units, staff, published procedures and their
active processes), extended through the organisation services with a service centre and three officials for every
commune, so that 125 centres receive. Then, day by day over the 365 days before today, dossiers are simulated in
memory and written straight into the real tables: ``COPY`` on PostgreSQL, ``executemany`` in one transaction per
chunk on SQLite. Nothing goes through the dossier services (they take milliseconds per action; a province-year
would take days), so the simulation follows them closely instead:

- due instants, step due instants and judgements are computed with the working calendar
  (``motcua.workcalendar.core``) and ``motcua.dossiers.services.clock.judge``, pauses included, so
  ``recompute_due_at`` agrees with the stored appointment;
- events carry the services' actions, statuses, clock effects and payload shapes, chained with
  ``motcua.dossiers.events.event_hash``, so ``verify_chain`` passes;
- dossier codes are ``allocate_dossier_code``'s format, numbered per receiving unit and day, and the counter table
  holds the last number of each, so a reception after the load continues the sequence.

Dossiers follow their procedure's active process step by step (five or six steps in the demo); where the procedure
involves another agency some are sent for its opinion (``consultations.Consultation`` and both events, the deadline
and timeliness as ``default_due_at`` and ``judge`` give them), and a person's counter or postal dossier carries the
desk's population-database look-up (``portal.DataReuse`` linked to it, the papers and the reception note as
``with_population_data`` shapes them).

Fates are drawn per dossier (returned early or on time, a small share late, supplementation requests — a few beyond
the limit — send-backs, stops and withdrawals) and the timeline is cut at the generation instant: what had not
happened yet leaves the dossier open at its step, on track, overdue or waiting for the applicant. Memory stays flat:
one chunk of dossiers is in memory at a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

DATABASES = ("postgres", "sqlite")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
SCALE_DATABASE = "motcua_scale"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_SQLITE_PATH = RESULTS_DIR / "motcua_scale.sqlite3"
DAYS = 365
CHUNK = 4000  # dossiers per COPY round / SQLite transaction
SAMPLE = 200  # dossiers whose chains and appointments are re-checked after the load

# Shares of the mix (domain.md §9 and §11: on-time rates of 98–99.9 %, more than half online).
CHANNEL_WEIGHTS = {"counter": 15, "online": 82, "postal": 3}
# Procedures offered only at the counter (certifications, household businesses) are received less often than the
# civil-status and residence procedures most people do online.
COUNTER_ONLY_WEIGHT = 0.6
SUPPLEMENT_RATE = 0.06
SECOND_SUPPLEMENT_RATE = 0.05  # of the supplemented: a second request, beyond the limit of one
NEVER_SUPPLIED_RATE = 0.03  # of the supplemented: the applicant never comes back
SEND_BACK_RATE = 0.03
STOP_RATE = 0.002
WITHDRAW_RATE = 0.004
LATE_RATE = 0.012
STUCK_RATE = 0.0005  # held at the processing step and never finished: overdue for months
PAPER_RATE = 0.9  # counter and postal dossiers whose paper file goes along with the hand-overs
# Desk weight of each procedure a provincial department resolves, against a commune's (lognormal around 1, times
# 125 communes): the provincial centre takes about 8 % of the province's dossiers.
PROVINCIAL_WEIGHT = 18.0
# Reference procedures (by position) filed by an organisation: a food business's facility.
ORGANISATION_PROCEDURES = {15}
# The desk's population look-up (counter and postal, a person's dossier): always when a required paper is held by
# the database (the paper may be taken only after a failed look-up), else for this share; and its answers.
OPTIONAL_LOOKUP_RATE = 0.7
LOOKUP_OUTCOMES = {"verified": 0.93, "mismatch": 0.04, "not_found": 0.015, "unavailable": 0.015}
LATE_ANSWER_RATE = 0.08  # consultations answered after their deadline
CONSULTATION_QUESTION = "Đề nghị cho ý kiến, xác minh thông tin của người nộp hồ sơ."
CONSULTATION_ANSWER = "Thông tin của người nộp hồ sơ đúng với hồ sơ lưu tại cơ quan."
ELECTRONIC_RESULT_RATE = 0.7
# Fraction of the legal time limit at which a dossier is returned, per drawn fate (judge() decides the judgement).
FINISH_SHARE = {"early": (0.15, 0.8), "on_time": (0.85, 1.0), "late": (1.05, 1.8)}
FATE_WEIGHTS = {"early": 0.55, "on_time": 1 - 0.55 - LATE_RATE, "late": LATE_RATE}

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
GIVEN_NAMES = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hạnh", "Gia Huy", "Thị Lan", "Đức Long"]
STREETS = ["Trần Hưng Đạo", "Nguyễn Tất Thành", "Lê Hồng Phong", "Tôn Đức Thắng", "Thủ Khoa Huân", "Hùng Vương"]
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dossiers", type=int, default=3_000_000, help="dossiers to generate (default 3,000,000)")
    parser.add_argument("--database", choices=DATABASES, default="postgres", help="default: postgres")
    parser.add_argument(
        "--url",
        help=f"database URL (default: {DEFAULT_POSTGRES_URL}/{SCALE_DATABASE} from $BENCH_POSTGRES_URL, or "
        f"sqlite:///{DEFAULT_SQLITE_PATH})",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--workers", type=int, default=1, help="processes simulating and writing days in parallel (default 1)"
    )
    parser.add_argument("--drop", action="store_true", help="only drop the generated database and exit")


def database_url(database: str, url: str | None) -> str:
    """The URL of the scale database (shared with ``bench.reports``)."""
    if url:
        return url
    if database == "sqlite":
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL).rstrip("/")
    return f"{server}/{SCALE_DATABASE}"


def _split_postgres(url: str) -> tuple[str, str]:
    server, _slash, name = url.rpartition("/")
    return server, name


def drop_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    import psycopg

    server, name = _split_postgres(url)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def create_database(url: str) -> None:
    """A fresh, empty database at ``url`` (an older one is dropped first)."""
    drop_database(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    server, name = _split_postgres(url)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the province ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInfo:
    pk: int
    code: str
    kind: str
    role: str
    allotted: int
    selector: str
    unit_id: int | None
    consultation_minutes: int  # the deadline a consultation asked at this step gets (``default_due_at``)


@dataclass(frozen=True)
class Consulted:
    """The units one of which is asked for an opinion (drawn per dossier, never the resolving unit itself):
    (unit id, unit code, the specialist who answers)."""

    units: tuple[tuple[int, str, int], ...]


@dataclass(frozen=True)
class Desk:
    """Where a procedure is received and resolved, and who works it."""

    receiving_id: int
    receiving_code: str
    resolving_id: int
    resolving_code: str
    version_id: int
    procedure_code: str
    process_id: int
    steps: tuple[StepInfo, ...]
    limit: Any  # workcalendar.core.TimeLimit
    channels: tuple[str, ...]
    components: tuple[tuple[int, str], ...]  # required components: (id, form)
    result_name: str
    staff: dict[str, int]  # role → user id, per unit role ("desk_officer" at the centre, others at the resolver)
    applicant_kind: str
    # Published components the population database holds: (id, form); whether one of them is required (the desk
    # must then look the applicant up before taking its paper), and the reception note after a verified look-up.
    population: tuple[tuple[int, str], ...]
    population_required: bool
    verified_note: str
    consulted: Consulted | None
    consult_share: float


def _ensure_centres() -> None:
    """A service centre with a desk officer for every commune, and a specialist and a leader in its committee."""
    from motcua.demo.data import MERGER_DAY, PROVINCE, PROVINCE_AREA_CODE
    from motcua.organization.models import Role, Unit, UnitKind, UnitLevel, User
    from motcua.organization.services import assign_role, create_unit

    province = Unit.objects.get(code=PROVINCE)
    committees = Unit.objects.filter(
        parent=province, level=UnitLevel.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE
    ).order_by("code")
    centres = {unit.parent_id: unit for unit in Unit.objects.filter(kind=UnitKind.SERVICE_CENTRE)}
    for number, committee in enumerate(committees, start=1):
        centre = centres.get(committee.pk)
        if centre is None:
            centre = create_unit(
                code=f"000.03.{number:05d}.H{PROVINCE_AREA_CODE}",
                name=f"Trung tâm Phục vụ hành chính công {committee.name.removeprefix('Ủy ban nhân dân ')}",
                kind=UnitKind.SERVICE_CENTRE,
                level=UnitLevel.COMMUNE,
                parent=committee,
                valid_from=MERGER_DAY,
            )
        for unit, role, prefix in (
            (centre, Role.DESK_OFFICER, "motcua"),
            (committee, Role.SPECIALIST, "chuyenvien"),
            (committee, Role.UNIT_LEADER, "lanhdao"),
        ):
            if not unit.memberships.filter(role=role).exists():
                user = User.objects.create_user(username=f"scale.{prefix}.{number:03d}", first_name=prefix)
                assign_role(user=user, unit=unit, role=role, valid_from=MERGER_DAY)


def _verified_note(version: Any, required: list[Any]) -> str:
    """The reception note ``with_population_data`` writes after a verified desk look-up of this version."""
    from motcua.catalog.services import published_components
    from motcua.dossiers.services import ComponentReceipt, ReceptionData
    from motcua.portal.models import DataReuse, LookupOutcome
    from motcua.portal.services.desk_lookup import with_population_data

    taken = [ComponentReceipt(component_id=c.pk) for c in required if c.data_source != "population"]
    data = ReceptionData(
        procedure_version_id=version.pk, receiving_unit_id=0, applicant=None, channel="counter", components=taken
    )
    shaped = with_population_data(data, DataReuse(outcome=LookupOutcome.VERIFIED), list(published_components(version)))
    return shaped.note


def build_province() -> list[tuple[Desk, float]]:
    """Load the demo province, give every commune a staffed centre, and list the desks with their weights."""
    from django.db import transaction

    from motcua.catalog.models import Component, DataSource, ProcessStatus, Step, VersionStatus
    from motcua.consultations.services.consultations import default_consultation_minutes
    from motcua.demo.data import PROVINCIAL_CENTRE, REFERENCE_CONSULTATIONS, REFERENCE_RESOLVERS
    from motcua.demo.services import load_demo
    from motcua.organization.models import Membership, Role, Unit, UnitKind
    from motcua.workcalendar.core import TimeLimit

    with transaction.atomic():
        load_demo(with_dossiers=False)
        _ensure_centres()
    from motcua.catalog.models import ProcedureVersion

    versions = list(ProcedureVersion.objects.select_related("procedure").order_by("pk"))
    units = {unit.pk: unit for unit in Unit.objects.all()}
    by_code = {unit.code: unit for unit in units.values()}
    holders: dict[tuple[int, str], int] = {}
    for unit_id, role, user_id in Membership.objects.order_by("-pk").values_list("unit_id", "role", "user_id"):
        holders[(unit_id, role)] = user_id
    centres = sorted(
        (u for u in units.values() if u.kind == UnitKind.SERVICE_CENTRE and u.code != PROVINCIAL_CENTRE),
        key=lambda u: u.code,
    )
    committees = Consulted(
        tuple((c.parent_id, units[c.parent_id].code, holders[(c.parent_id, Role.SPECIALIST)]) for c in centres)
    )
    rng = random.Random(7)
    # Communes differ in size: a wide spread of weights, fixed by the seed.
    commune_weight = {centre.pk: rng.lognormvariate(0, 0.6) for centre in centres}
    desks: list[tuple[Desk, float]] = []
    for index, resolver in REFERENCE_RESOLVERS.items():
        version = next(v for v in versions if v.pk == index)
        if version.status != VersionStatus.PUBLISHED:
            continue
        process = version.processes.get(status=ProcessStatus.ACTIVE)
        steps = tuple(
            StepInfo(
                s.pk,
                s.code,
                s.kind,
                s.role,
                s.allotted_minutes,
                s.unit_selector,
                s.unit_id,
                default_consultation_minutes(s),
            )
            for s in Step.objects.filter(process=process).order_by("order")
        )
        required = list(Component.objects.filter(version=version, required=True).order_by("order"))
        components = tuple((c.pk, c.form or "original") for c in required)
        population = tuple(
            (c.pk, c.form or "original")
            for c in Component.objects.filter(version=version, data_source=DataSource.POPULATION).order_by("order")
        )
        population_required = any(c.data_source == DataSource.POPULATION for c in required)
        verified_note = _verified_note(version, required) if population else ""
        consulted_code, consult_share = REFERENCE_CONSULTATIONS.get(index, (None, 0.0))
        consulted = None
        if consulted_code == "committee":
            consulted = committees
        elif consulted_code:
            asked = by_code[consulted_code]
            consulted = Consulted(((asked.pk, asked.code, holders[(asked.pk, Role.SPECIALIST)]),))
        limit = TimeLimit(version.time_limit_value, version.time_limit_unit, version.same_day_cutoff)
        channels = tuple(
            channel
            for channel, offered in (
                ("counter", version.channel_counter),
                ("online", version.online_mode != "none"),
                ("postal", version.channel_postal),
            )
            if offered
        )
        pairs: list[tuple[Unit, Unit, float]] = []
        if resolver in ("committee", "police"):
            for centre in centres:
                pairs.append((centre, units[centre.parent_id], commune_weight[centre.pk]))
        else:
            pairs.append((by_code[PROVINCIAL_CENTRE], by_code[resolver], PROVINCIAL_WEIGHT))
        popularity = 1.0 if "online" in channels else COUNTER_ONLY_WEIGHT
        for receiving, resolving, weight in pairs:
            staff = {
                Role.DESK_OFFICER: holders[(receiving.pk, Role.DESK_OFFICER)],
                Role.SPECIALIST: holders[(resolving.pk, Role.SPECIALIST)],
                Role.UNIT_LEADER: holders[(resolving.pk, Role.UNIT_LEADER)],
            }
            desk = Desk(
                receiving.pk,
                receiving.code,
                resolving.pk,
                resolving.code,
                version.pk,
                version.procedure.code,
                process.pk,
                steps,
                limit,
                channels,
                components,
                (version.result_document or "Kết quả giải quyết")[:200],
                staff,
                "organisation" if index in ORGANISATION_PROCEDURES else "person",
                population,
                population_required,
                verified_note,
                consulted,
                consult_share,
            )
            desks.append((desk, weight * popularity))
    return desks


# --- the simulation -------------------------------------------------------------------------------------------------


class _EventFields:
    """What ``event_hash`` reads from an event, without building a model instance per event."""

    __slots__ = (
        "action",
        "actor_id",
        "at",
        "clock_effect",
        "from_status",
        "payload",
        "prev_hash",
        "reason",
        "role",
        "seq",
        "to_status",
        "unit_id",
    )


@dataclass
class Ids:
    """The next primary key of each table (the database starts empty, so the generator numbers its rows)."""

    next: Counter = field(default_factory=Counter)

    def take(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


TABLES = {
    "applicant": "dossiers_applicant",
    "dossier": "dossiers_dossier",
    "component": "dossiers_dossiercomponent",
    "visit": "dossiers_stepvisit",
    "supplementation": "dossiers_supplementationrequest",
    "supplementation_item": "dossiers_supplementationrequest_items",
    "pause": "dossiers_clockpause",
    "result": "dossiers_result",
    "result_return": "dossiers_resultreturn",
    "event": "dossiers_dossierevent",
    "counter": "dossiers_dossiercounter",
    "consultation": "consultations_consultation",
    "lookup": "portal_datareuse",
}
# Filled from the others by ``rebuild_daily_figures`` after the load, set-based.
DERIVED_TABLE = "dossiers_dailyfigures"
# Parents before children: a chunk is written in this order.
TABLE_ORDER = tuple(TABLES)


def columns() -> dict[str, list[str]]:
    """Every concrete column of each table, in model order (the order the rows below are built in)."""
    from motcua.consultations.models import Consultation
    from motcua.dossiers.models import (
        Applicant,
        ClockPause,
        Dossier,
        DossierComponent,
        DossierCounter,
        DossierEvent,
        Result,
        ResultReturn,
        StepVisit,
        SupplementationRequest,
    )
    from motcua.portal.models import DataReuse

    models = {
        "applicant": Applicant,
        "dossier": Dossier,
        "component": DossierComponent,
        "visit": StepVisit,
        "supplementation": SupplementationRequest,
        "supplementation_item": SupplementationRequest.items.through,
        "pause": ClockPause,
        "result": Result,
        "result_return": ResultReturn,
        "event": DossierEvent,
        "counter": DossierCounter,
        "consultation": Consultation,
        "lookup": DataReuse,
    }
    found = {key: [f.column for f in model._meta.concrete_fields] for key, model in models.items()}
    for key, model in models.items():
        assert model._meta.db_table == TABLES[key], key
    return found


class Simulator:
    """Dossiers of one day at a time, as rows per table."""

    def __init__(self, desks: list[tuple[Desk, float]], now: dt.datetime, seed: int) -> None:
        from motcua.dossiers.events import event_hash
        from motcua.dossiers.services.codes import DOSSIER_CODE_FORMAT
        from motcua.dossiers.services.context import iso
        from motcua.workcalendar.services import calendar_for

        self.desks = [desk for desk, _weight in desks]
        self.cumulative = list(accumulate(weight for _desk, weight in desks))
        self.now = now
        self.rng = random.Random(seed)
        consulted = {code for d in self.desks if d.consulted for _pk, code, _answerer in d.consulted.units}
        self.calendars = {
            code: calendar_for(code)
            for code in {d.resolving_code for d in self.desks} | {d.receiving_code for d in self.desks} | consulted
        }
        self.columns = columns()
        from motcua.dossiers.services import ReceptionData

        self._blank_reception = ReceptionData(
            procedure_version_id=0, receiving_unit_id=0, applicant=None, channel="counter", components=[]
        )
        self.province_calendar = calendar_for(None)
        self.tz = self.province_calendar.tz
        self.ids = Ids()
        self.counters: dict[tuple[int, dt.date], int] = defaultdict(int)
        self.stats: Counter = Counter()
        self._hash = event_hash
        self._iso = iso
        self._code_format = DOSSIER_CODE_FORMAT
        from motcua.dossiers.rulesets import rules_for

        self._rules_for = rules_for
        self._rule_codes: dict[dt.date, str] = {}

    # - helpers -

    def _row(self, key: str, values: dict[str, Any]) -> tuple:
        """A row of ``key``'s table from its values by column (the tables added last are built this way)."""
        return tuple(values[column] for column in self.columns[key])

    def _failed_note(self, outcome: str, detail: str, at: dt.datetime) -> str:
        """The reception note ``with_population_data`` writes after a failed desk look-up (why the paper was taken)."""
        from motcua.portal.models import DataReuse
        from motcua.portal.services.desk_lookup import with_population_data

        lookup = DataReuse(outcome=outcome, detail=detail, looked_up_at=at)
        return with_population_data(self._blank_reception, lookup, []).note

    def _rule_set(self, day: dt.date) -> str:
        if day not in self._rule_codes:
            self._rule_codes[day] = str(self._rules_for(day).code.value)
        return self._rule_codes[day]

    def _instant_in(self, day: dt.date, channel: str) -> dt.datetime:
        """A reception instant on ``day``: desks in working hours, online submissions from morning to night."""
        rng = self.rng
        if channel == "online":
            minute = rng.randint(6 * 60, 23 * 60 - 1)
        else:
            windows = self.province_calendar.windows
            start, end = windows[rng.randrange(len(windows))]
            first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
            minute = rng.randint(first, last - 1)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60, rng.randrange(60)), self.tz)

    # - one day -

    def day(self, day: dt.date, count: int, working: bool, rows: dict[str, list[tuple]]) -> None:
        rng = self.rng
        drawn: list[tuple[dt.datetime, Desk, str]] = []
        for _number in range(count):
            desk = self.desks[bisect(self.cumulative, rng.random() * self.cumulative[-1])]
            channels = desk.channels if working else tuple(c for c in desk.channels if c == "online")
            if not channels:
                channels = ("online",) if "online" in desk.channels else desk.channels
            weights = [CHANNEL_WEIGHTS[c] for c in channels]
            channel = rng.choices(channels, weights=weights)[0]
            drawn.append((self._instant_in(day, channel), desk, channel))
        drawn.sort(key=lambda item: item[0])
        for received_at, desk, channel in drawn:
            self.dossier(desk, channel, received_at, rows)

    def counter_rows(self, rows: dict[str, list[tuple]]) -> None:
        for (unit_id, day), last in sorted(self.counters.items()):
            rows["counter"].append((self.ids.take("counter"), unit_id, day, "dossier", last))
        self.counters.clear()

    # - one dossier -

    def dossier(self, desk: Desk, channel: str, received_at: dt.datetime, rows: dict[str, list[tuple]]) -> None:
        from motcua.workcalendar.core import DeadlineSuspended, due_instant

        rng = self.rng
        now = self.now
        ids = self.ids
        calendar = self.calendars[desk.resolving_code]
        iso = self._iso
        judge = self._judge
        day = received_at.date()
        self.counters[(desk.receiving_id, day)] += 1
        code = self._code_format.format(unit=desk.receiving_code, day=day, seq=self.counters[(desk.receiving_id, day)])
        dossier_id = ids.take("dossier")
        applicant_id = ids.take("applicant")
        staff = desk.staff
        steps = desk.steps

        def unit_of(step: StepInfo) -> int:
            if step.selector == "fixed":
                return step.unit_id
            return desk.receiving_id if step.selector == "receiving_unit" else desk.resolving_id

        def status_of(step: StepInfo) -> str:
            return {"reception": "received", "return": "processed"}.get(step.kind, "processing")

        # Applicant: a person, or an organisation with its tax code and representative.
        born = dt.date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28))
        century_sex = (0 if born.year < 2000 else 2) + rng.randint(0, 1)
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        identity = f"068{century_sex}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
        address = f"{rng.randint(1, 300)} {rng.choice(STREETS)}, tỉnh Lâm Đồng"
        person = desk.applicant_kind == "person"
        rows["applicant"].append(
            (
                applicant_id,
                desk.applicant_kind,
                name if person else f"Hộ kinh doanh {name}",
                identity if person else "",
                born if person else None,
                "" if person else f"{rng.randint(3400000000, 3499999999)}",
                "" if person else name,
                address,
                f"09{rng.randint(10000000, 99999999)}",
                "",
            )
        )

        # The desk's population look-up: (outcome, detail, instant), made a few minutes before the reception.
        lookup = None
        if (
            desk.population
            and person
            and channel != "online"
            and (desk.population_required or rng.random() < OPTIONAL_LOOKUP_RATE)
        ):
            outcome = rng.choices(tuple(LOOKUP_OUTCOMES), weights=tuple(LOOKUP_OUTCOMES.values()))[0]
            detail = "timed out" if outcome == "unavailable" else ""
            looked_up = received_at - dt.timedelta(minutes=rng.randint(1, 10), seconds=rng.randrange(60))
            lookup = (outcome, detail, looked_up)
            verified = outcome == "verified"
            rows["lookup"].append(
                self._row(
                    "lookup",
                    {
                        "id": ids.take("lookup"),
                        "submission_id": None,
                        "looked_up_by_id": staff["desk_officer"],
                        "dossier_id": dossier_id,
                        "source": "population",
                        "identity_number": identity,
                        "outcome": outcome,
                        "detail": detail,
                        "verified_name": name if verified else "",
                        "verified_birth_date": born if verified else None,
                        "permanent_address": address if verified else "",
                        "looked_up_at": looked_up,
                    },
                )
            )
            self.stats[f"lookup:{outcome}"] += 1

        # The fate and the schedule, in working minutes of the legal limit after reception (pauses excluded).
        due_first = due_instant(calendar, received_at, desk.limit)
        limit = max(calendar.working_minutes_between(received_at, due_first), 60)
        fate = rng.choices(tuple(FATE_WEIGHTS), weights=tuple(FATE_WEIGHTS.values()))[0]
        share = rng.uniform(*FINISH_SHARE[fate])
        supplements = 0
        if rng.random() < SUPPLEMENT_RATE:
            supplements = 2 if rng.random() < SECOND_SUPPLEMENT_RATE else 1
        sent_back = rng.random() < SEND_BACK_RATE
        ending = None
        draw = rng.random()
        if draw < STOP_RATE:
            ending = "stopped"
        elif draw < STOP_RATE + WITHDRAW_RATE:
            ending = "withdrawn"
        elif draw < STOP_RATE + WITHDRAW_RATE + STUCK_RATE:
            ending = "stuck"
        paper = channel != "online" and rng.random() < PAPER_RATE
        pauses: list[tuple[dt.datetime, dt.datetime | None]] = []

        def moment(fraction: float) -> dt.datetime:
            """The instant ``fraction`` of the limit has elapsed in working time, pauses excluded."""
            return calendar.add_working(received_at, max(1, int(limit * fraction)), pauses)

        # State carried through the events.
        state = {
            "status": status_of(steps[0]),
            "lock_version": 0,
            "head_hash": "",
            "due_at": None,
            "finished_at": None,
            "returned_at": None,
            "judgement": "",
            "current_step": steps[0],
            "supplement_count": 0,
        }
        events = rows["event"]

        def emit(
            action: str,
            actor: int,
            role: str,
            unit: int,
            at: dt.datetime,
            from_status: str,
            payload: dict,
            reason: str = "",
            clock_effect: str = "none",
        ) -> None:
            event = _EventFields()
            event.seq = state["lock_version"] + 1
            event.action = action
            event.actor_id = actor
            event.role = role
            event.unit_id = unit
            event.at = at
            event.from_status = from_status
            event.to_status = state["status"]
            event.reason = reason
            event.clock_effect = clock_effect
            event.payload = payload
            event.prev_hash = state["head_hash"]
            digest = self._hash(event, code)
            events.append(
                (
                    ids.take("event"),
                    dossier_id,
                    event.seq,
                    action,
                    actor,
                    role,
                    unit,
                    at,
                    from_status,
                    event.to_status,
                    reason,
                    clock_effect,
                    json.dumps(payload, ensure_ascii=False),
                    event.prev_hash,
                    digest,
                )
            )
            state["lock_version"] = event.seq
            state["head_hash"] = digest

        visits = rows["visit"]
        open_visit: list[Any] = []  # [id, step, unit, holder, entered_at, due_at, paper]

        def enter(step: StepInfo, at: dt.datetime, holder: int | None, paper_over: bool) -> dt.datetime | None:
            unit = unit_of(step)
            try:
                due = self.calendars[self._unit_code(unit, desk)].add_working(at, step.allotted, pauses)
            except DeadlineSuspended:
                due = None
            open_visit[:] = [ids.take("visit"), step, unit, holder, at, due, paper_over]
            state["current_step"] = step
            state["status"] = status_of(step)
            state["finished_at"] = at if state["status"] == "processed" else None
            return due

        def leave(at: dt.datetime | None, by: int | None, note: str = "", confirmed: dt.datetime | None = None) -> str:
            visit_id, step, unit, holder, entered, due, paper_over = open_visit
            judgement = judge(at, due) if at is not None else ""
            deadline_state = ""
            if at is None and due is not None:
                deadline_state = "overdue" if due < now else "on_track"
            visits.append(
                (
                    visit_id,
                    dossier_id,
                    step.pk,
                    unit,
                    holder,
                    entered,
                    due,
                    at,
                    by,
                    note,
                    judgement,
                    paper_over,
                    confirmed,
                    holder if confirmed else None,
                    deadline_state,
                    None,
                    None,
                )
            )
            open_visit.clear()
            return judgement

        # 1. Reception. Online dossiers are accepted by the desk at its next working instant.
        at = received_at if channel != "online" else calendar.next_working_instant(received_at)
        state["due_at"] = due_first
        enter(steps[0], received_at, staff["desk_officer"], False)
        component_ids = [pk for pk, _form in desk.components]
        # After a verified look-up the papers the database holds are its data, not paper (``with_population_data``).
        from_database = desk.population if lookup and lookup[0] == "verified" else ()
        held = {pk for pk, _form in from_database}
        for pk, form in desk.components:
            if pk in held:
                continue
            digitised = channel != "online" or rng.random() < 0.9
            exemption = ""
            if not digitised:
                exemption = "online_submission"
            elif form == "presented" and rng.random() < 0.5:
                digitised, exemption = False, "presented_only"
            rows["component"].append(
                (ids.take("component"), dossier_id, pk, form, 1, "", digitised, exemption, None, received_at)
            )
        for pk, form in from_database:
            rows["component"].append(
                (ids.take("component"), dossier_id, pk, form, 1, "", False, "agency_reply", None, received_at)
            )
        received_ids = sorted({pk for pk, _form in desk.components} | held)
        reception_note = ""
        if lookup:
            reception_note = desk.verified_note if lookup[0] == "verified" else self._failed_note(*lookup)
        emit(
            "reception.received",
            staff["desk_officer"],
            steps[0].role,
            unit_of(steps[0]),
            at,
            "",
            {
                "procedure": desk.procedure_code,
                "procedure_version": desk.version_id,
                "process": desk.process_id,
                "rule_set": self._rule_set(day),
                "channel": channel,
                "received_at": iso(received_at),
                "due_at": iso(due_first),
                "step": steps[0].code,
                "components": received_ids,
            },
            reason=reception_note,
            clock_effect="started",
        )

        # The plan: (fraction of the limit, what happens). Supplementation pauses the clock in between; the examining
        # specialist asks the consulted agency after it and waits for the answer (a mandatory consultation).
        finish = share
        plan: list[tuple[float, str]] = [(0.05 * finish, "forward")]
        if supplements:
            plan.append((0.25 * finish, "supplement"))
        if desk.consulted is not None and rng.random() < desk.consult_share:
            plan.append((0.3 * finish, "consult"))
        if ending == "stuck":
            pass
        elif ending:
            plan.append((0.4 * finish, ending))
        else:
            # Along the rest of the process: each step's holder hands on; at the approval step the leader attaches
            # the result and approves; the desk returns it. A send-back returns the dossier from the step after the
            # examining one, which hands it on again.
            route = [{"approval": "attach", "return": "return"}.get(step.kind, "forward") for step in steps[1:]]
            route[route.index("attach") + 1 : route.index("attach") + 1] = ["approve"]
            if sent_back:
                route[1:1] = ["send_back", "forward"]
            plan += [(finish * (0.6 + 0.4 * number / (len(route) - 1)), what) for number, what in enumerate(route)]
        step_index = 0
        result_number = 0
        alive = True
        for fraction, what in plan:
            try:
                when = max(moment(fraction), at)
            except DeadlineSuspended:
                alive = False
                break
            if when > now:
                alive = False
                break
            at = when
            step = steps[step_index]
            actor = staff[step.role]
            unit = unit_of(step)
            from_status = state["status"]
            if what in ("forward", "send_back", "approve"):
                paper_step = open_visit[6]
                confirmed = None
                if paper_step:
                    # The receiver confirms the paper file before handing on.
                    confirmed = calendar.add_working(open_visit[4], 5, pauses)
                    if confirmed > at:
                        confirmed = at
                    saved_status = state["status"]
                    emit(
                        "processing.paper_confirmed",
                        actor,
                        step.role,
                        unit,
                        confirmed,
                        saved_status,
                        {"step": step.code},
                    )
                    open_visit[3] = open_visit[3] or actor
                target_index = step_index - 1 if what == "send_back" else step_index + 1
                target = steps[target_index]
                note = {"forward": "Chuyển xử lý", "send_back": "Cần bổ sung ý kiến thẩm định", "approve": ""}[what]
                left_due = open_visit[5]
                judgement = leave(at, actor, note, confirmed)
                hand_paper = paper and target.kind != "return"
                holder = staff.get(target.role) if target.role != "desk_officer" else staff["desk_officer"]
                entered_due = enter(target, at, holder, hand_paper)
                step_index = target_index
                payload = {
                    "from_step": step.code,
                    "to_step": target.code,
                    "to_unit": self._unit_code(unit_of(target), desk),
                    "to_user": None,
                    "judgement": judgement,
                    "left_step_due_at": iso(left_due),
                    "step_due_at": iso(entered_due),
                    "paper_handed_over": hand_paper,
                }
                action = {
                    "forward": "processing.forwarded",
                    "send_back": "processing.sent_back",
                    "approve": "processing.approved",
                }[what]
                emit(action, actor, step.role, unit, at, from_status, payload, reason=note)
            elif what == "supplement":
                for number in range(1, supplements + 1):
                    beyond = number > 1
                    request_id = ids.take("supplementation")
                    requested = at
                    never = rng.random() < NEVER_SUPPLIED_RATE
                    supplied = requested + dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
                    supplied = calendar.next_working_instant(supplied)
                    fulfilled = None if never or supplied > now else supplied
                    approver = staff["unit_leader"] if beyond else None
                    rows["supplementation"].append(
                        (
                            request_id,
                            dossier_id,
                            number,
                            "Thiếu giấy tờ theo quy định",
                            "Điều 9 Nghị định 118/2025/NĐ-CP" if beyond else "",
                            actor,
                            approver,
                            beyond,
                            beyond,
                            requested,
                            fulfilled,
                        )
                    )
                    rows["supplementation_item"].append(
                        (ids.take("supplementation_item"), request_id, component_ids[-1])
                    )
                    pause_id = ids.take("pause")
                    rows["pause"].append(
                        (
                            pause_id,
                            dossier_id,
                            "waiting_applicant",
                            requested,
                            fulfilled,
                            "Thiếu giấy tờ theo quy định",
                            request_id,
                        )
                    )
                    pauses.append((requested, None))
                    state["supplement_count"] = number
                    state["status"] = "waiting_supplement"
                    state["due_at"] = None
                    open_visit[5] = None
                    emit(
                        "supplementation.requested",
                        actor,
                        step.role,
                        unit,
                        requested,
                        from_status,
                        {
                            "number": number,
                            "components": [component_ids[-1]],
                            "legal_basis": "Điều 9 Nghị định 118/2025/NĐ-CP" if beyond else "",
                            "approver": approver,
                            "beyond_limit": beyond,
                            "applicant_at_fault": beyond,
                        },
                        reason="Thiếu giấy tờ theo quy định",
                        clock_effect="paused",
                    )
                    if fulfilled is None:
                        alive = False
                        break
                    pauses[-1] = (requested, fulfilled)
                    rows["component"].append(
                        (
                            ids.take("component"),
                            dossier_id,
                            component_ids[-1],
                            desk.components[-1][1],
                            1,
                            "",
                            True,
                            "",
                            request_id,
                            fulfilled,
                        )
                    )
                    state["due_at"] = due_instant(calendar, received_at, desk.limit, pauses)
                    state["status"] = status_of(step)
                    visit_step = open_visit[1]
                    open_visit[5] = calendar.add_working(open_visit[4], visit_step.allotted, pauses)
                    emit(
                        "supplementation.received",
                        staff["desk_officer"],
                        "desk_officer",
                        desk.receiving_id,
                        fulfilled,
                        "waiting_supplement",
                        {"number": number, "components": [component_ids[-1]], "due_at": iso(state["due_at"])},
                        clock_effect="resumed",
                    )
                    at = fulfilled
                    from_status = state["status"]
                if not alive:
                    break
            elif what == "consult":
                asked_id, asked_code, answerer = rng.choice(
                    [unit for unit in desk.consulted.units if unit[0] != desk.resolving_id]
                )
                asked_calendar = self.calendars[asked_code]
                minutes = step.consultation_minutes
                due = asked_calendar.add_working(at, minutes)
                late = rng.random() < LATE_ANSWER_RATE
                taken = int(minutes * (rng.uniform(1.1, 2.0) if late else rng.uniform(0.1, 0.95)))
                answered = asked_calendar.add_working(at, max(1, taken))
                consultation_id = ids.take("consultation")
                emit(
                    "consultation.requested",
                    actor,
                    step.role,
                    unit,
                    at,
                    from_status,
                    {
                        "step": step.code,
                        "mandatory": True,
                        "consultations": [{"id": consultation_id, "unit": asked_code, "due_at": iso(due), "files": []}],
                    },
                    reason=CONSULTATION_QUESTION,
                )
                is_answered = answered <= now
                timeliness = judge(answered, due) if is_answered else ""
                rows["consultation"].append(
                    self._row(
                        "consultation",
                        {
                            "id": consultation_id,
                            "dossier_id": dossier_id,
                            "step_id": step.pk,
                            "requesting_unit_id": unit,
                            "requested_by_id": actor,
                            "unit_id": asked_id,
                            "question": CONSULTATION_QUESTION,
                            "mandatory": True,
                            "requested_at": at,
                            "due_at": due,
                            "status": "answered" if is_answered else "open",
                            "answer": CONSULTATION_ANSWER if is_answered else "",
                            "answered_at": answered if is_answered else None,
                            "answered_by_id": answerer if is_answered else None,
                            "timeliness": timeliness,
                            "reminded_at": None,
                            "alerted_at": None,
                            "waived_at": None,
                            "waived_by_id": None,
                            "waiver_reason": "",
                        },
                    )
                )
                self.stats[f"consultation:{timeliness or 'open'}"] += 1
                if not is_answered:
                    alive = False
                    break
                emit(
                    "consultation.answered",
                    answerer,
                    "specialist",
                    asked_id,
                    answered,
                    state["status"],
                    {
                        "consultation": consultation_id,
                        "unit": asked_code,
                        "due_at": iso(due),
                        "timeliness": timeliness,
                        "files": [],
                    },
                    reason=CONSULTATION_ANSWER,
                )
                at = answered
            elif what == "attach":
                result_number += 1
                electronic = rng.random() < ELECTRONIC_RESULT_RATE
                result_code = f"{code}-KQ({result_number})"
                file_name = f"results/{at:%Y/%m}/{result_code}.pdf" if electronic else ""
                rows["result"].append(
                    (ids.take("result"), dossier_id, result_number, desk.result_name, "", None, file_name, at, actor)
                )
                emit(
                    "result.attached",
                    actor,
                    step.role,
                    unit,
                    at,
                    from_status,
                    {
                        "result": result_code,
                        "number": result_number,
                        "name": desk.result_name,
                        "document_number": "",
                        "signed_on": None,
                        "file": file_name or None,
                    },
                )
            elif what == "return":
                leave(at, actor)
                rows["result_return"].append(
                    (ids.take("result_return"), dossier_id, "counter", "Người nộp hồ sơ", "", at, actor, "")
                )
                state["status"] = "returned"
                state["returned_at"] = at
                state["finished_at"] = state["finished_at"] or at
                state["judgement"] = judge(at, state["due_at"])
                state["current_step"] = None
                emit(
                    "result.returned",
                    actor,
                    step.role,
                    unit,
                    at,
                    from_status,
                    {
                        "from_step": step.code,
                        "method": "counter",
                        "recipient": "Người nộp hồ sơ",
                        "recipient_identity_number": "",
                        "due_at": iso(state["due_at"]),
                        "judgement": state["judgement"],
                    },
                    clock_effect="stopped",
                )
            else:  # stopped / withdrawn
                leave(at, actor)
                state["status"] = ending
                state["finished_at"] = at
                state["current_step"] = None
                emit(
                    f"ending.{ending}",
                    actor,
                    step.role,
                    unit,
                    at,
                    from_status,
                    {"from_step": step.code},
                    reason="Người nộp đề nghị rút hồ sơ" if ending == "withdrawn" else "Hồ sơ không đủ điều kiện",
                    clock_effect="stopped",
                )
        if open_visit:
            leave(None, None)
        status = state["status"]
        current = state["current_step"]
        is_open = status in ("received", "processing", "waiting_supplement", "processed")
        due_at = state["due_at"]
        deadline_state = ""
        if is_open and due_at is not None:
            deadline_state = "overdue" if due_at < now else "on_track"
        rows["dossier"].append(
            (
                dossier_id,
                code,
                desk.receiving_id,
                desk.resolving_id,
                desk.version_id,
                desk.process_id,
                self._rule_set(day),
                applicant_id,
                channel,
                received_at,
                due_at,
                status,
                current.pk if current else None,
                unit_of(current) if current else None,
                state["supplement_count"],
                state["lock_version"],
                state["head_hash"],
                "".join(rng.choice(LOOKUP_ALPHABET) for _i in range(8)),
                state["finished_at"],
                state["returned_at"],
                state["judgement"],
                0,
                deadline_state,
                None,
                None,
            )
        )
        self.stats[status] += 1
        self.stats[f"channel:{channel}"] += 1
        if state["judgement"]:
            self.stats[f"judgement:{state['judgement']}"] += 1
        if deadline_state:
            self.stats[f"open:{deadline_state}"] += 1

    def _judge(self, done_at: dt.datetime, due_at: dt.datetime | None) -> str:
        """``motcua.dossiers.services.clock.judge`` with the calendar's zone instead of Django's current one
        (a third of the simulation's time went to looking that up); ``sanity_check`` compares the two."""
        if due_at is None:
            return "on_time"
        if done_at > due_at:
            return "late"
        if done_at.astimezone(self.tz).date() == due_at.astimezone(self.tz).date():
            return "on_time"
        return "early"

    def _unit_code(self, unit_id: int, desk: Desk) -> str:
        return desk.receiving_code if unit_id == desk.receiving_id else desk.resolving_code


# --- writing --------------------------------------------------------------------------------------------------------


class PostgresWriter:
    """``COPY`` of each table's rows, one transaction per chunk (parents first); FK triggers off while loading."""

    def __init__(self, connection: Any, columns: dict[str, list[str]]) -> None:
        self.connection = connection
        self.columns = columns
        with connection.cursor() as cursor:
            # The generator writes consistent keys itself (``sanity_check`` looks for orphans); skipping the
            # per-row foreign-key triggers is the usual bulk-load setting. No waiting for the WAL flush per chunk.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")

    def write(self, rows: dict[str, list[tuple]]) -> None:
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for key in TABLE_ORDER:
                batch = rows.get(key)
                if not batch:
                    continue
                names = ", ".join(self.columns[key])
                with cursor.copy(f"COPY {TABLES[key]} ({names}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("SET synchronous_commit = on")
            for table in TABLES.values():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
                )
            for table in (*TABLES.values(), DERIVED_TABLE):
                # Outside a transaction (Django's autocommit): VACUUM sets the visibility map, so the reports'
                # index-only scans need not visit the heap, and ANALYZE gives the planner the real distributions.
                cursor.execute(f"VACUUM (ANALYZE) {table}")


class SqliteWriter:
    """``executemany`` per table, one transaction per chunk, with bulk-load pragmas (restored afterwards)."""

    def __init__(self, connection: Any, columns: dict[str, list[str]]) -> None:
        self.connection = connection
        self.columns = columns
        self.ops = connection.ops
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
            cursor.execute("PRAGMA temp_store = MEMORY")
        self.raw = connection.connection

    def _value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return self.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def write(self, rows: dict[str, list[tuple]]) -> None:
        value = self._value
        self.raw.execute("BEGIN")
        for key in TABLE_ORDER:
            batch = rows.get(key)
            if not batch:
                continue
            names = self.columns[key]
            sql = f"INSERT INTO {TABLES[key]} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            self.raw.executemany(sql, ([value(v) for v in row] for row in batch))
        self.raw.execute("COMMIT")

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("ANALYZE")


# --- the run --------------------------------------------------------------------------------------------------------


def _day_counts(total: int, first: dt.date, days: int, calendar: Any) -> Iterator[tuple[dt.date, int, bool]]:
    """Spread ``total`` over the days (largest remainder): a working day weighs 1, a day off 0.04 (online only)."""
    dates = [first + dt.timedelta(days=n) for n in range(days)]
    working = [calendar.is_working_day(day) for day in dates]
    weights = [1.0 if w else 0.04 for w in working]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    for index in sorted(range(days), key=lambda i: exact[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    yield from zip(dates, counts, working, strict=True)


# Each worker numbers its rows from its own block of ids (a worker never writes this many rows of one table).
ID_BLOCK = 200_000_000
_SHARED: dict[str, Any] = {}  # what forked workers read instead of receiving it pickled


def _load(worker: int) -> dict[str, Any]:
    """Simulate and write every ``workers``-th day of the plan (``worker`` of them), on this process's connection."""
    from django.db import connection

    plan, desks, now, seed, workers = (_SHARED[k] for k in ("plan", "desks", "now", "seed", "workers"))
    simulator = Simulator(desks, now, seed + worker)
    simulator.ids = Ids(Counter(dict.fromkeys(TABLES, worker * ID_BLOCK)))
    table_columns = columns()
    connection.ensure_connection()
    writer: PostgresWriter | SqliteWriter
    if connection.vendor == "postgresql":
        writer = PostgresWriter(connection, table_columns)
    else:
        writer = SqliteWriter(connection, table_columns)
    rows_written: Counter = Counter()
    generate_seconds = write_seconds = 0.0
    loaded = time.perf_counter()
    done = pending = 0
    rows: dict[str, list[tuple]] = defaultdict(list)

    def flush() -> None:
        nonlocal write_seconds, pending
        began = time.perf_counter()
        writer.write(rows)
        write_seconds += time.perf_counter() - began
        for key, batch in rows.items():
            rows_written[key] += len(batch)
        rows.clear()
        pending = 0

    mine = plan[worker::workers]
    for number, (day, count, working) in enumerate(mine):
        remaining = count
        while remaining:
            part = min(remaining, CHUNK - pending)
            began = time.perf_counter()
            simulator.day(day, part, working, rows)
            generate_seconds += time.perf_counter() - began
            remaining -= part
            pending += part
            done += part
            if pending >= CHUNK:
                flush()
        # A day's counters are complete once the day is: each (unit, day) appears once.
        simulator.counter_rows(rows)
        if number % max(1, 30 // workers) == 0 or number == len(mine) - 1:
            elapsed = time.perf_counter() - loaded
            _progress(
                f"  [{worker}] {day}: {done:,} dossiers, {sum(rows_written.values()):,} rows, {elapsed:.0f} s, "
                f"{done / elapsed if elapsed else 0:,.0f} dossiers/s, RSS {_rss_mib():.0f} MiB"
            )
    if rows:
        flush()
    connection.close()
    return {
        "rows": rows_written,
        "stats": simulator.stats,
        "python_seconds": generate_seconds,
        "write_seconds": write_seconds,
        "peak_rss_mib": _rss_mib(),
    }


def generate(total: int, seed: int, workers: int = 1) -> dict[str, Any]:
    """Fill the configured (fresh, migrated) database with ``total`` dossiers; the figures of the load.

    With ``workers`` > 1 the days are dealt out to that many forked processes, each simulating and writing its own
    days on its own connection (codes and day counters are per unit and day, so they never collide; ids come from
    separate blocks)."""
    import multiprocessing

    from django.db import connection, connections
    from django.utils import timezone

    from motcua.workcalendar.services import calendar_for

    started = time.perf_counter()
    _progress("building the province (demo units, procedures, 125 staffed centres)")
    desks = build_province()
    setup_seconds = time.perf_counter() - started
    now = timezone.now()
    today = timezone.localdate(now)
    first = today - dt.timedelta(days=DAYS)
    plan = list(_day_counts(total, first, DAYS, calendar_for(None)))
    _SHARED.update(plan=plan, desks=desks, now=now, seed=seed, workers=workers)
    loaded = time.perf_counter()
    if workers == 1:
        parts = [_load(0)]
    else:
        connections.close_all()  # each forked worker opens its own
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_load, range(workers))
    load_seconds = time.perf_counter() - loaded
    rows_written: Counter = sum((part["rows"] for part in parts), Counter())
    stats: Counter = sum((part["stats"] for part in parts), Counter())
    _progress("daily figures: rebuilt from the dossiers, set-based")
    from motcua.dossiers.services import daily_figures

    began = time.perf_counter()
    cells = daily_figures.rebuild()
    daily_figures_seconds = time.perf_counter() - began
    _progress("finishing: sequences, VACUUM ANALYZE")
    began = time.perf_counter()
    connection.ensure_connection()
    finisher = PostgresWriter if connection.vendor == "postgresql" else SqliteWriter
    finisher(connection, columns()).finish()
    finish_seconds = time.perf_counter() - began
    total_rows = sum(rows_written.values())
    return {
        "dossiers": total,
        "workers": workers,
        "period": {"first_day": first.isoformat(), "last_day": (today - dt.timedelta(days=1)).isoformat()},
        "generated_at": now.isoformat(),
        "desks": len(desks),
        "receiving_units": len({d.receiving_id for d, _w in desks}),
        "rows": dict(rows_written),
        "rows_total": total_rows,
        "events_per_dossier": rows_written["event"] / total if total else 0,
        "setup_seconds": setup_seconds,
        "load_seconds": load_seconds,
        "python_seconds": sum(part["python_seconds"] for part in parts),
        "write_seconds": sum(part["write_seconds"] for part in parts),
        "finish_seconds": finish_seconds,
        "daily_figures_cells": cells,
        "daily_figures_seconds": daily_figures_seconds,
        "dossiers_per_s": total / load_seconds if load_seconds else 0,
        "rows_per_s": total_rows / load_seconds if load_seconds else 0,
        "mix": dict(sorted(stats.items())),
        "peak_rss_mib": max(_rss_mib(), *(part["peak_rss_mib"] for part in parts)),
    }


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sanity_check(seed: int) -> dict[str, Any]:
    """Re-check a sample with the application's own functions: chains, appointments, codes, keys."""
    from django.db import connection, transaction
    from django.db.models import Max, Min

    from motcua.consultations.models import Consultation
    from motcua.consultations.services.consultations import default_due_at
    from motcua.dossiers.events import verify_chain
    from motcua.dossiers.models import OPEN_STATUSES, ClockPause, Dossier, DossierCounter, DossierEvent, StepVisit
    from motcua.dossiers.services.clock import judge, recompute_due_at
    from motcua.dossiers.services.codes import allocate_dossier_code
    from motcua.portal.models import DataReuse

    rng = random.Random(seed + 1)
    bounds = Dossier.objects.aggregate(low=Min("pk"), high=Max("pk"))
    # Ids come in one block per worker: draw within each block's used range.
    ranges = [
        Dossier.objects.filter(pk__gte=block * ID_BLOCK, pk__lt=(block + 1) * ID_BLOCK).aggregate(
            low=Min("pk"), high=Max("pk")
        )
        for block in range(bounds["low"] // ID_BLOCK, bounds["high"] // ID_BLOCK + 1)
    ]
    ranges = [found for found in ranges if found["low"] is not None]
    sample_ids = [rng.randint(found["low"], found["high"]) for found in (rng.choice(ranges) for _n in range(SAMPLE))]
    broken = []
    for dossier in Dossier.objects.filter(pk__in=sample_ids).select_related("procedure_version", "resolving_unit"):
        problem = verify_chain(dossier, list(DossierEvent.objects.filter(dossier=dossier).order_by("seq")))
        if problem:
            broken.append(str(problem))
    open_running = list(
        Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)
        .select_related("procedure_version", "resolving_unit")
        .order_by("-pk")[:SAMPLE]
    )
    paused = list(
        Dossier.objects.filter(status="waiting_supplement").select_related("procedure_version", "resolving_unit")[:20]
    )
    returned = list(
        Dossier.objects.filter(pk__in=sample_ids, status="returned").select_related(
            "procedure_version", "resolving_unit"
        )
    )
    due_mismatches = [d.code for d in open_running + paused + returned if recompute_due_at(d) != d.due_at]
    # Codes continue: the next reception of the busiest unit-day takes the number after the counter's last.
    counter = DossierCounter.objects.order_by("-last").first()
    continued = None
    if counter is not None:
        with transaction.atomic():
            code = allocate_dossier_code(counter.unit, counter.day)
            continued = code.endswith(f"-{counter.last + 1:04d}") and not Dossier.objects.filter(code=code).exists()
            transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM dossiers_dossier d LEFT JOIN dossiers_applicant a ON a.id = d.applicant_id "
            "LEFT JOIN organization_unit r ON r.id = d.resolving_unit_id WHERE a.id IS NULL OR r.id IS NULL"
        )
        (orphan_dossiers,) = cursor.fetchone()
    event_bounds = DossierEvent.objects.aggregate(low=Min("dossier_id"), high=Max("dossier_id"))
    # Consultations: the deadline ``default_due_at`` gives and the answer's timeliness ``judge`` gives.
    consultation_mismatches = [
        c.pk
        for c in Consultation.objects.select_related("step", "unit").order_by("-pk")[:SAMPLE]
        if c.due_at != default_due_at(step=c.step, unit=c.unit, at=c.requested_at)
        or (c.answered_at is not None and c.timeliness != judge(c.answered_at, c.due_at))
    ]
    return {
        "chains_checked": len(set(sample_ids)),
        "chains_broken": broken[:5],
        "appointments_checked": len(open_running) + len(paused) + len(returned),
        "appointment_mismatches": due_mismatches[:5],
        "appointment_mismatch_count": len(due_mismatches),
        "open_visits_without_due_while_paused": StepVisit.objects.filter(
            left_at__isnull=True, due_at__isnull=True
        ).count(),
        "open_pauses": ClockPause.objects.filter(ended_at__isnull=True).count(),
        "codes_continue": continued,
        "dossiers_with_missing_parents": orphan_dossiers,
        "events_point_into_dossiers": event_bounds["low"] >= bounds["low"] and event_bounds["high"] <= bounds["high"],
        "consultations_checked": min(SAMPLE, Consultation.objects.count()),
        "consultation_mismatches": consultation_mismatches[:5],
        "desk_lookups_linked": DataReuse.objects.filter(dossier__isnull=False).count(),
    }


def main(args: argparse.Namespace) -> int:
    url = database_url(args.database, args.url)
    if args.drop:
        drop_database(url)
        _progress(f"dropped {url}")
        return 0
    create_database(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    load_before = os.getloadavg()
    began = time.perf_counter()
    _progress(f"{args.database}: migrating a fresh database at {url}")
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - began
    figures = generate(args.dossiers, args.seed, args.workers)
    _progress("sanity check on a sample")
    checked = sanity_check(args.seed)
    size = _database_size(url)
    result = {
        "benchmark": "generate",
        "database": args.database,
        "url": url,
        "migrate_seconds": migrate_seconds,
        **figures,
        "database_size_bytes": size,
        "sanity": checked,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min": {"before": load_before[0], "after": os.getloadavg()[0]},
        },
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"generate-{args.database}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    print(report(result))
    print(f"\nresults: {path}")
    return 0


def _database_size(url: str) -> int:
    from django.db import connection

    if connection.vendor == "sqlite":
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def report(result: dict[str, Any]) -> str:
    rows = result["rows"]
    lines = [
        f"Generated {result['dossiers']:,} dossiers on {result['database']} with {result['workers']} worker(s) "
        f"({result['period']['first_day']} – {result['period']['last_day']}, {result['receiving_units']} receiving "
        f"units, {result['desks']} desks)",
        f"  load: {result['load_seconds']:.0f} s ({result['python_seconds']:.0f} s simulating in Python, "
        f"{result['write_seconds']:.0f} s writing), daily figures {result['daily_figures_seconds']:.0f} s "
        f"({result['daily_figures_cells']:,} cells), then {result['finish_seconds']:.0f} s finishing",
        f"  {result['dossiers_per_s']:,.0f} dossiers/s, {result['rows_per_s']:,.0f} rows/s, "
        f"{result['rows_total']:,} rows, {result['events_per_dossier']:.2f} events per dossier",
        f"  database size {result['database_size_bytes'] / 2**30:.2f} GiB, peak RSS {result['peak_rss_mib']:.0f} MiB",
        "  rows: " + ", ".join(f"{key} {value:,}" for key, value in rows.items()),
        "  mix: " + ", ".join(f"{key} {value:,}" for key, value in result["mix"].items()),
        "  sanity: " + ", ".join(f"{key} {value}" for key, value in result["sanity"].items()),
    ]
    return "\n".join(lines)
