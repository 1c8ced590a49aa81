"""Keeping ``DailyFigures`` equal to the dossiers: one upsert per counted change, and a set-based rebuild.

A dossier contributes +1 to a few cells: its reception (received day, by channel) and, once closed, its closing
(returned by judgement, stopped or withdrawn, on the closing day). ``record_change`` compares the contributions of
the dossier as it was read with those of the dossier as saved and writes the difference in ONE statement
(``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``), or nothing at all when no counted field moved — most
actions (hand-overs, consultations, SOS, supplementation requests) cost no statement. Four facts live in other
tables and are read inside that statement: whether the applicant is a person, whether an apology letter was issued,
whether a result has a file, and whether a verified population-database look-up is on the dossier's record; none of
them can change once the dossier is closed, so re-reading them when a correction moves a closed dossier gives the
values it was counted with. The look-up is the one fact that changes while the dossier is open, and only once: it
joins the record right after the reception (``record_reuse``), in the reception's transaction.

Cells are written in key order, so two transactions moving the same two cells lock them in the same order.
``rebuild`` recomputes every cell from the dossier rows with the same definitions (decision 012).
"""

# ruff: noqa: S608 - the SQL interpolates only the models' table and column names and choice values; data are params.
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from motcua.catalog.models import DataSource
from motcua.dossiers.models import (
    Applicant,
    ApplicantKind,
    AppointmentChange,
    AppointmentChangeState,
    Channel,
    DailyFigures,
    Dossier,
    DossierStatus,
    Judgement,
    Result,
)

COUNTED_FIELDS = (
    "received_at",
    "resolving_unit",
    "procedure_version",
    "channel",
    "status",
    "returned_at",
    "finished_at",
    "judgement",
    "supplement_count",
)
KEY_COLUMNS = ("day", "resolving_unit_id", "procedure_version_id")
COUNT_COLUMNS = tuple(
    field.column
    for field in DailyFigures._meta.concrete_fields
    if not field.primary_key and field.column not in KEY_COLUMNS
)
ENDINGS = (DossierStatus.STOPPED, DossierStatus.WITHDRAWN)
ENDED_VALUES = tuple(f"'{status.value}'" for status in ENDINGS)

# Facts read in the statement, each 0 or 1, from the dossier id (or the applicant id for PERSON).
PERSON = "person"
LETTERLESS = "letterless"
ELECTRONIC = "electronic"
REUSED = "reused"  # a person's dossier with a verified population look-up on record (the desk's or the portal's)
_FLAG_SQL = {
    PERSON: f"(SELECT COUNT(*) FROM {Applicant._meta.db_table} WHERE id = %s AND kind = %s)",
    LETTERLESS: (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {AppointmentChange._meta.db_table} WHERE dossier_id = %s AND state = %s) "
        "THEN 0 ELSE 1 END)"
    ),
    ELECTRONIC: (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {Result._meta.db_table} WHERE dossier_id = %s AND file <> '') "
        "THEN 1 ELSE 0 END)"
    ),
}


def _lookups() -> tuple[str, str]:
    """The portal's look-up and submission tables, by name: the portal records look-ups on the dossiers' behalf
    (the dossier core imports nothing of it)."""
    return (
        apps.get_model("portal", "DataReuse")._meta.db_table,
        apps.get_model("portal", "OnlineSubmission")._meta.db_table,
    )


def _verified_population(table: str) -> str:
    """A look-up in the population database that verified the person (the portal's ``LookupOutcome.VERIFIED``)."""
    return f"{table}.source = '{DataSource.POPULATION.value}' AND {table}.outcome = 'verified'"


def _flag_sql(flag: str) -> str:
    if flag != REUSED:
        return _FLAG_SQL[flag]
    reuses, submissions = _lookups()
    return (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {Applicant._meta.db_table} WHERE id = %s AND kind = %s) AND ("
        f"EXISTS (SELECT 1 FROM {reuses} WHERE dossier_id = %s AND {_verified_population(reuses)}) OR "
        f"EXISTS (SELECT 1 FROM {reuses} JOIN {submissions} s ON s.id = {reuses}.submission_id "
        f"WHERE s.dossier_id = %s AND {_verified_population(reuses)})) THEN 1 ELSE 0 END)"
    )


def reused_dossiers_sql() -> str:
    """Ids of the dossiers with a verified population look-up on record: the desk's, or their submission's."""
    reuses, submissions = _lookups()
    return (
        f"SELECT dossier_id FROM {reuses} WHERE dossier_id IS NOT NULL AND {_verified_population(reuses)} UNION "
        f"SELECT s.dossier_id FROM {reuses} JOIN {submissions} s ON s.id = {reuses}.submission_id "
        f"WHERE s.dossier_id IS NOT NULL AND {_verified_population(reuses)}"
    )


Key = tuple[dt.date, int, int]
Term = tuple[Key, str, str | None]  # (cell, column, flag that multiplies the +1, if any)


def _local_day(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant, timezone.get_default_timezone()).date()


def counted_values(dossier: Dossier) -> dict[str, Any]:
    """The fields ``record_change`` compares, as ``perform`` reads them (foreign keys as ids)."""
    return {name: getattr(dossier, Dossier._meta.get_field(name).attname) for name in COUNTED_FIELDS}


def contributions(values: Mapping[str, Any]) -> dict[Term, int]:
    """The +1s a dossier with these field values puts into the cells (see the module docstring)."""
    terms: dict[Term, int] = defaultdict(int)
    unit, version = values["resolving_unit"], values["procedure_version"]
    received = (_local_day(values["received_at"]), unit, version)
    terms[(received, f"received_{values['channel']}", None)] += 1
    terms[(received, "received_person", PERSON)] += 1
    terms[(received, "received_population_reused", REUSED)] += 1
    status = values["status"]
    if status == DossierStatus.RETURNED:
        closed = (_local_day(values["returned_at"]), unit, version)
        judgement = values["judgement"]
        terms[(closed, f"returned_{judgement}", None)] += 1
        terms[(closed, "returned_electronic", ELECTRONIC)] += 1
        if judgement == Judgement.LATE:
            terms[(closed, "returned_late_unapologised", LETTERLESS)] += 1
        elif values["supplement_count"] > 1:
            terms[(closed, "returned_timely_resupplied", None)] += 1
    elif status in ENDINGS:
        terms[((_local_day(values["finished_at"]), unit, version), str(status), None)] += 1
    return terms


def record_change(before: Mapping[str, Any] | None, dossier: Dossier) -> None:
    """Add the dossier's change since ``before`` (None: it was just received) to the cells, in the caller's
    transaction; no statement when nothing counted changed."""
    after = counted_values(dossier)
    if before is not None and all(before[name] == after[name] for name in COUNTED_FIELDS):
        return
    delta = contributions(after)
    if before is None:
        # A look-up joins the record only after the reception (``record_reuse``): the fact is 0 here, unread.
        delta = defaultdict(int, {term: count for term, count in delta.items() if term[2] != REUSED})
    else:
        for term, count in contributions(before).items():
            delta[term] -= count
    cells: dict[Key, dict[str, list[tuple[int, str | None]]]] = defaultdict(lambda: defaultdict(list))
    for (key, column, flag), count in delta.items():
        if count:
            cells[key][column].append((count, flag))
    if cells:
        _upsert(cells, dossier)


def record_reuse(dossier: Dossier) -> None:
    """Count a person's dossier as received with reused population data once its verified look-up has joined its
    record, in the reception's transaction (the desk links the look-up, the portal its submission, right after
    ``receive``, whose own upsert leaves the fact out). Call it once per dossier: one statement, adding nothing when
    the statement finds no verified look-up."""
    key = (_local_day(dossier.received_at), dossier.resolving_unit_id, dossier.procedure_version_id)
    _upsert({key: {"received_population_reused": [(1, REUSED)]}}, dossier)


def _upsert(cells: dict[Key, dict[str, list[tuple[int, str | None]]]], dossier: Dossier) -> None:
    flag_params = {
        PERSON: [dossier.applicant_id, ApplicantKind.PERSON.value],
        LETTERLESS: [dossier.pk, AppointmentChangeState.APPROVED.value],
        ELECTRONIC: [dossier.pk],
        REUSED: [dossier.applicant_id, ApplicantKind.PERSON.value, dossier.pk, dossier.pk],
    }
    rows, params = [], []
    for key in sorted(cells):
        values = ["%s", "%s", "%s"]
        params.extend((connection.ops.adapt_datefield_value(key[0]), key[1], key[2]))
        for column in COUNT_COLUMNS:
            parts = []
            for count, flag in cells[key].get(column, ()):
                if flag is None:
                    parts.append("%s")
                    params.append(count)
                else:
                    parts.append(f"%s * {_flag_sql(flag)}")
                    params.extend([count, *flag_params[flag]])
            values.append(" + ".join(parts) if parts else "0")
        rows.append(f"({', '.join(values)})")
    table = DailyFigures._meta.db_table
    sql = (
        f"INSERT INTO {table} ({', '.join((*KEY_COLUMNS, *COUNT_COLUMNS))}) VALUES {', '.join(rows)} "
        f"ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET "
        + ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in COUNT_COLUMNS)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the rebuild ----------------------------------------------------------------------------------------------------


def _day_sql(column: str) -> tuple[str, tuple]:
    """The local day of a timestamp column, as the database computes it (same zone as ``_local_day``)."""
    sql, params = connection.ops.datetime_cast_date_sql(column, (), timezone.get_default_timezone_name())
    return sql, tuple(params)


def _case(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def rebuild_sql() -> tuple[str, tuple]:
    """``INSERT … SELECT`` of every cell from the dossier rows: receptions, returns and endings, each grouped by
    its day, then summed per cell."""
    dossier, applicant = Dossier._meta.db_table, Applicant._meta.db_table
    letters, results = AppointmentChange._meta.db_table, Result._meta.db_table

    def part(day_column: str, columns: dict[str, str], tail: str) -> tuple[str, tuple]:
        day, params = _day_sql(day_column)
        selected = ", ".join(f"{columns.get(column, '0')} AS {column}" for column in COUNT_COLUMNS)
        return (
            f"SELECT {day} AS day, d.resolving_unit_id, d.procedure_version_id, {selected} {tail} GROUP BY 1, 2, 3",
            params,
        )

    received = part(
        "d.received_at",
        {
            "received_counter": _case(f"d.channel = '{Channel.COUNTER.value}'"),
            "received_online": _case(f"d.channel = '{Channel.ONLINE.value}'"),
            "received_postal": _case(f"d.channel = '{Channel.POSTAL.value}'"),
            "received_person": _case(f"a.kind = '{ApplicantKind.PERSON.value}'"),
            "received_population_reused": _case(
                f"a.kind = '{ApplicantKind.PERSON.value}' AND u.dossier_id IS NOT NULL"
            ),
        },
        f"FROM {dossier} d JOIN {applicant} a ON a.id = d.applicant_id "
        f"LEFT JOIN ({reused_dossiers_sql()}) u ON u.dossier_id = d.id",
    )
    returned = part(
        "d.returned_at",
        {
            "returned_early": _case(f"d.judgement = '{Judgement.EARLY.value}'"),
            "returned_on_time": _case(f"d.judgement = '{Judgement.ON_TIME.value}'"),
            "returned_late": _case(f"d.judgement = '{Judgement.LATE.value}'"),
            "returned_timely_resupplied": _case(f"d.judgement <> '{Judgement.LATE.value}' AND d.supplement_count > 1"),
            "returned_late_unapologised": _case(f"d.judgement = '{Judgement.LATE.value}' AND l.dossier_id IS NULL"),
            "returned_electronic": _case("e.dossier_id IS NOT NULL"),
        },
        f"FROM {dossier} d "
        f"LEFT JOIN (SELECT DISTINCT dossier_id FROM {letters} "
        f"WHERE state = '{AppointmentChangeState.APPROVED.value}') l ON l.dossier_id = d.id "
        f"LEFT JOIN (SELECT DISTINCT dossier_id FROM {results} WHERE file <> '') e ON e.dossier_id = d.id "
        f"WHERE d.status = '{DossierStatus.RETURNED.value}'",
    )
    ended = part(
        "d.finished_at",
        {status.value: _case(f"d.status = '{status.value}'") for status in ENDINGS},
        f"FROM {dossier} d WHERE d.status IN ({', '.join(ENDED_VALUES)})",
    )
    sums = ", ".join(f"SUM({column})" for column in COUNT_COLUMNS)
    sql = (
        f"INSERT INTO {DailyFigures._meta.db_table} ({', '.join((*KEY_COLUMNS, *COUNT_COLUMNS))}) "
        f"SELECT day, resolving_unit_id, procedure_version_id, {sums} FROM "
        f"({received[0]} UNION ALL {returned[0]} UNION ALL {ended[0]}) parts GROUP BY 1, 2, 3"
    )
    return sql, received[1] + returned[1] + ended[1]


def rebuild() -> int:
    """Replace every cell by its count from the dossiers (idempotent); the number of cells written."""
    sql, params = rebuild_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DailyFigures._meta.db_table}")
        cursor.execute(sql, params)
        return cursor.rowcount


def cells() -> dict[Key, tuple[int, ...]]:
    """Every cell with a count, as stored (cells whose counts all fell back to zero are left out)."""
    return {
        (row[0], row[1], row[2]): tuple(row[3:])
        for row in DailyFigures.objects.order_by().values_list(*KEY_COLUMNS, *COUNT_COLUMNS)
        if any(row[3:])
    }


def differences() -> dict[Key, tuple[tuple[int, ...] | None, tuple[int, ...] | None]]:
    """Cells where the maintained counts differ from a rebuild (maintained, rebuilt); nothing is written."""
    with transaction.atomic():
        maintained = cells()
        rebuild()
        rebuilt = cells()
        transaction.set_rollback(True)
    return {
        key: (maintained.get(key), rebuilt.get(key))
        for key in sorted(set(maintained) | set(rebuilt))
        if maintained.get(key) != rebuilt.get(key)
    }
