"""Province-year monitoring figures timed on the generated database, beside hand-written SQL (issue 5, item 6).

On the database ``bench.generate`` filled, for the province over the generated year (the 365 days before today),
each figure the monitoring app computes is timed through its public selector — the dashboard's ``figures`` and
``monthly_trend``, ``figures_by_unit``, the Decision 766 ``index_for``, and ``periodic_report`` by field and by
unit — and, in the same run on the same connection, the same numbers computed by SQL written by hand (the
baseline). Both must give the same numbers: a mismatch is reported and makes the command exit 1, since a faster
wrong answer means nothing. Each is run once to warm the caches, then ``--repeat`` times alternately; the median
counts. The ratio is app time ÷ hand-written time. Then the slowest app query is explained (``EXPLAIN (ANALYZE,
BUFFERS)`` on PostgreSQL, ``EXPLAIN QUERY PLAN`` on SQLite).

Targets on PostgreSQL (issue 5): every province-year figure ≤ 1 s and ≤ 1.5 × the hand-written SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import DATABASES, DAYS, RESULTS_DIR, database_url

TARGET_SECONDS = 1.0
TARGET_RATIO = 1.5
PLAN_LINES = 30

OPEN = ("received", "processing", "waiting_supplement", "waiting_payment", "processed")
ENDED = ("stopped", "withdrawn")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", choices=DATABASES, default="postgres", help="default: postgres")
    parser.add_argument("--url", help="database URL (default: the one `generate` fills)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each figure (default 3; median)")


# --- the hand-written SQL -------------------------------------------------------------------------------------------


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


# Conditions on one dossier row ``d``, with ``p`` = the dossier is paused at ``as_of`` (any pause) and ``b``
# = a supplementation beyond the limit was requested in the period (both LEFT JOINed sets of dossier ids).
# Parameters: %(start)s, %(end)s, %(as_of)s.
RECEIVED = "d.received_at >= %(start)s AND d.received_at < %(end)s"
RETURNED = "d.status = 'returned' AND d.returned_at >= %(start)s AND d.returned_at < %(end)s"
OPEN_AT_AS_OF = (
    f"d.received_at < %(as_of)s AND (d.status IN {_in(OPEN)} OR (d.status = 'returned' AND d.returned_at >= "
    f"%(as_of)s) OR (d.status IN {_in(ENDED)} AND d.finished_at >= %(as_of)s))"
)
RELEVANT = (
    f"d.received_at < %(end)s AND (d.status IN {_in(OPEN)} OR (d.status = 'returned' AND d.returned_at >= "
    f"%(start)s) OR (d.status IN {_in(ENDED)} AND d.finished_at >= %(start)s))"
)
PAUSED_SET = (
    "SELECT DISTINCT dossier_id FROM dossiers_clockpause WHERE started_at < %(as_of)s "
    "AND (ended_at IS NULL OR ended_at >= %(as_of)s)"
)
BEYOND_SET = (
    "SELECT DISTINCT dossier_id FROM dossiers_supplementationrequest WHERE beyond_limit "
    "AND requested_at >= %(start)s AND requested_at < %(end)s"
)
OVERDUE = f"({OPEN_AT_AS_OF}) AND p.dossier_id IS NULL AND d.due_at IS NOT NULL AND d.due_at < %(as_of)s"
# Dossiers with a consultation answered late in the period (``c``), an apology letter issued in it (``a``) or ever
# (``l``), and an SOS open at ``as_of`` (``s``).
CONSULTATION_LATE_SET = (
    "SELECT DISTINCT dossier_id FROM consultations_consultation WHERE timeliness = 'late' "
    "AND answered_at >= %(start)s AND answered_at < %(end)s"
)
LETTER_SET = "SELECT DISTINCT dossier_id FROM dossiers_appointmentchange WHERE state = 'approved'"
ISSUED_SET = f"{LETTER_SET} AND letter_issued_at >= %(start)s AND letter_issued_at < %(end)s"
SOS_OPEN_SET = (
    "SELECT DISTINCT dossier_id FROM dossiers_sos WHERE raised_at < %(as_of)s "
    "AND (resolved_at IS NULL OR resolved_at >= %(as_of)s)"
)
MEASURES_SQL = {
    "received": RECEIVED,
    "received_counter": f"{RECEIVED} AND d.channel = 'counter'",
    "received_online": f"{RECEIVED} AND d.channel = 'online'",
    "received_postal": f"{RECEIVED} AND d.channel = 'postal'",
    # Inside RELEVANT, "open at the period's start" reduces to "received before it".
    "carried_over": "d.received_at < %(start)s",
    "resolved": RETURNED,
    "resolved_early": f"{RETURNED} AND d.judgement = 'early'",
    "resolved_on_time": f"{RETURNED} AND d.judgement = 'on_time'",
    "resolved_late": f"{RETURNED} AND d.judgement = 'late'",
    "open": OPEN_AT_AS_OF,
    "open_on_track": f"({OPEN_AT_AS_OF}) AND p.dossier_id IS NULL AND (d.due_at IS NULL OR d.due_at >= %(as_of)s)",
    "open_overdue": OVERDUE,
    "paused": f"({OPEN_AT_AS_OF}) AND p.dossier_id IS NOT NULL",
    "stopped": "d.status = 'stopped' AND d.finished_at >= %(start)s AND d.finished_at < %(end)s",
    "withdrawn": "d.status = 'withdrawn' AND d.finished_at >= %(start)s AND d.finished_at < %(end)s",
    "beyond_limit": "b.dossier_id IS NOT NULL",
    "consultation_late": "c.dossier_id IS NOT NULL",
    "apology_issued": "a.dossier_id IS NOT NULL",
    "apology_missing": f"(({OVERDUE}) OR (({RETURNED}) AND d.judgement = 'late')) AND l.dossier_id IS NULL",
    "sos_open": "s.dossier_id IS NOT NULL",
}


def _counts(conditions: dict[str, str]) -> str:
    return ", ".join(f"COUNT(*) FILTER (WHERE {condition}) AS {name}" for name, condition in conditions.items())


def figures_sql(group: str | None = None) -> str:
    """Every dashboard measure in one pass over the relevant dossiers, optionally grouped (a column expression)."""
    joins = (
        f"FROM dossiers_dossier d LEFT JOIN ({PAUSED_SET}) p ON p.dossier_id = d.id "
        f"LEFT JOIN ({BEYOND_SET}) b ON b.dossier_id = d.id "
        f"LEFT JOIN ({CONSULTATION_LATE_SET}) c ON c.dossier_id = d.id "
        f"LEFT JOIN ({ISSUED_SET}) a ON a.dossier_id = d.id "
        f"LEFT JOIN ({LETTER_SET}) l ON l.dossier_id = d.id "
        f"LEFT JOIN ({SOS_OPEN_SET}) s ON s.dossier_id = d.id"
    )
    if group is None:
        return f"SELECT {_counts(MEASURES_SQL)} {joins} WHERE {RELEVANT}"
    if group == "sector":
        joins += (
            " JOIN catalog_procedureversion v ON v.id = d.procedure_version_id"
            " JOIN catalog_procedure pr ON pr.id = v.procedure_id"
        )
        column = "pr.sector_id"
    else:
        column = "d.resolving_unit_id"
    return f"SELECT {column}, {_counts(MEASURES_SQL)} {joins} WHERE {RELEVANT} GROUP BY {column}"


MONTHLY_SQL = (
    "SELECT m, SUM(received), SUM(on_time), SUM(late) FROM ("
    " SELECT date_trunc('month', d.received_at AT TIME ZONE %(tz)s) AS m, COUNT(*) AS received, 0 AS on_time,"
    " 0 AS late FROM dossiers_dossier d WHERE " + RECEIVED + " GROUP BY 1"
    " UNION ALL"
    " SELECT date_trunc('month', d.returned_at AT TIME ZONE %(tz)s), 0, COUNT(*) FILTER (WHERE d.judgement <> 'late'),"
    " COUNT(*) FILTER (WHERE d.judgement = 'late') FROM dossiers_dossier d WHERE " + RETURNED + " GROUP BY 1"
    ") t GROUP BY m ORDER BY m"
)
MONTHLY_SQLITE = (
    "SELECT m, SUM(received), SUM(on_time), SUM(late) FROM ("
    " SELECT strftime('%%Y-%%m-01', d.received_at, '+7 hours') AS m, COUNT(*) AS received, 0 AS on_time, 0 AS late"
    " FROM dossiers_dossier d WHERE " + RECEIVED + " GROUP BY 1"
    " UNION ALL"
    " SELECT strftime('%%Y-%%m-01', d.returned_at, '+7 hours'), 0, COUNT(*) FILTER (WHERE d.judgement <> 'late'),"
    " COUNT(*) FILTER (WHERE d.judgement = 'late') FROM dossiers_dossier d WHERE " + RETURNED + " GROUP BY 1"
    ") t GROUP BY m ORDER BY m"
)

# The Decision 766 ratios (numerator, denominator), as ``index766.RATIOS`` defines them.
HANDLED = f"(({RETURNED}) OR ({OPEN_AT_AS_OF}))"
ON_TIME = (
    f"((({RETURNED}) AND d.judgement <> 'late') OR (({OPEN_AT_AS_OF}) AND NOT ({OVERDUE}))) AND d.supplement_count <= 1"
)
UNDIGITISED_SET = (
    "SELECT DISTINCT dossier_id FROM dossiers_dossiercomponent WHERE NOT digitised AND digitisation_exemption = ''"
)
ELECTRONIC_SET = "SELECT DISTINCT dossier_id FROM dossiers_result WHERE file <> ''"
UNDIGITISED = "u.dossier_id IS NOT NULL"
ELECTRONIC = "e.dossier_id IS NOT NULL"
SENT_SET = "SELECT DISTINCT dossier_id FROM sync_outboxmessage WHERE state = 'sent'"
UNSENT_SET = "SELECT DISTINCT dossier_id FROM sync_outboxmessage WHERE state IN ('pending', 'retrying')"
PAID_SET = (
    "SELECT DISTINCT dossier_id FROM payments_payment WHERE state = 'paid' "
    "AND paid_at >= %(start)s AND paid_at < %(end)s"
)
PAID_ONLINE_SET = f"{PAID_SET} AND method = 'online'"
REUSED_SET = (
    "SELECT DISTINCT s.dossier_id FROM portal_datareuse r JOIN portal_onlinesubmission s ON s.id = r.submission_id "
    "WHERE r.outcome = 'verified' "
    "AND EXISTS (SELECT 1 FROM portal_datareuse_components rc WHERE rc.datareuse_id = r.id)"
)
# A verified population look-up on the dossier's record: the desk's (linked to the dossier) or its submission's.
POPULATION_SET = (
    "SELECT dossier_id FROM portal_datareuse WHERE dossier_id IS NOT NULL AND outcome = 'verified' "
    "AND source = 'population' UNION "
    "SELECT s.dossier_id FROM portal_datareuse r JOIN portal_onlinesubmission s ON s.id = r.submission_id "
    "WHERE r.outcome = 'verified' AND r.source = 'population'"
)
COMPLAINED_SET = (
    "SELECT dossier_id FROM portal_feedback WHERE kind = 'complaint' AND dossier_id IS NOT NULL "
    "UNION SELECT dossier_id FROM portal_evaluation WHERE satisfaction = 'not_satisfied'"
)
REPLACEABLE = (
    f"{RECEIVED} AND d.channel = 'online' AND d.procedure_version_id IN "
    "(SELECT version_id FROM catalog_component WHERE data_source <> '')"
)
POPULATION_CANDIDATE = (
    f"{RECEIVED} AND ap.kind = 'person' AND d.procedure_version_id IN "
    "(SELECT version_id FROM catalog_component WHERE data_source = 'population')"
)
RATIOS_SQL = {
    "progress.on_time": (f"{ON_TIME} AND {HANDLED}", HANDLED),
    "online.dossiers_online": (f"d.channel = 'online' AND {RECEIVED}", RECEIVED),
    "digitisation.components": (f"NOT {UNDIGITISED} AND {RECEIVED}", RECEIVED),
    "digitisation.electronic_result": (f"{ELECTRONIC} AND {RETURNED}", RETURNED),
    "transparency.sync": (f"sy.dossier_id IS NOT NULL AND un.dossier_id IS NULL AND {RECEIVED}", RECEIVED),
    "payment.dossiers": ("po.dossier_id IS NOT NULL", "pa.dossier_id IS NOT NULL"),
    "digitisation.data_reuse": (f"ru.dossier_id IS NOT NULL AND {REPLACEABLE}", REPLACEABLE),
    "digitisation.population_data": (f"pv.dossier_id IS NOT NULL AND {POPULATION_CANDIDATE}", POPULATION_CANDIDATE),
    "satisfaction.complaints": (f"cm.dossier_id IS NOT NULL AND {HANDLED}", HANDLED),
}
INDEX_RATIOS_SQL = (
    "SELECT "
    + ", ".join(
        f"COUNT(*) FILTER (WHERE {numerator}), COUNT(*) FILTER (WHERE {denominator})"
        for numerator, denominator in RATIOS_SQL.values()
    )
    + f" FROM dossiers_dossier d JOIN dossiers_applicant ap ON ap.id = d.applicant_id"
    f" LEFT JOIN ({PAUSED_SET}) p ON p.dossier_id = d.id"
    f" LEFT JOIN ({UNDIGITISED_SET}) u ON u.dossier_id = d.id LEFT JOIN ({ELECTRONIC_SET}) e ON e.dossier_id = d.id"
    f" LEFT JOIN ({SENT_SET}) sy ON sy.dossier_id = d.id LEFT JOIN ({UNSENT_SET}) un ON un.dossier_id = d.id"
    f" LEFT JOIN ({PAID_SET}) pa ON pa.dossier_id = d.id LEFT JOIN ({PAID_ONLINE_SET}) po ON po.dossier_id = d.id"
    f" LEFT JOIN ({REUSED_SET}) ru ON ru.dossier_id = d.id LEFT JOIN ({POPULATION_SET}) pv ON pv.dossier_id = d.id"
    f" LEFT JOIN ({COMPLAINED_SET}) cm ON cm.dossier_id = d.id"
    f" WHERE {RELEVANT}"
)
ONLINE_USED_SQL = (
    "SELECT DISTINCT v.procedure_id FROM dossiers_dossier d JOIN catalog_procedureversion v "
    f"ON v.id = d.procedure_version_id WHERE {RECEIVED} AND d.channel = 'online'"
)
PAID_ONLINE_USED_SQL = (
    "SELECT DISTINCT v.procedure_id FROM dossiers_dossier d JOIN catalog_procedureversion v "
    f"ON v.id = d.procedure_version_id WHERE d.id IN ({PAID_ONLINE_SET})"
)
CATALOG_SQL = (
    "SELECT pr.id, bool_or(v.online_mode <> 'none'), "
    "bool_or(EXISTS (SELECT 1 FROM catalog_fee f WHERE f.version_id = v.id)) "
    "FROM catalog_procedure pr JOIN catalog_procedureversion v "
    "ON v.procedure_id = pr.id WHERE v.status IN ('published', 'retired') AND v.valid_from <= %(last_day)s "
    "AND (v.valid_to IS NULL OR v.valid_to >= %(first_day)s) GROUP BY pr.id"
)
# PAKN handled in the period (answered in it, or owed an answer at ``as_of``) and those on time.
PAKN_OWED = (
    "f.received_at < %(as_of)s AND (f.answered_at IS NULL OR f.answered_at >= %(as_of)s) "
    "AND (f.closed_at IS NULL OR f.closed_at >= %(as_of)s)"
)
PAKN_ANSWERED = "f.answered_at >= %(start)s AND f.answered_at < %(end)s"
PAKN_SQL = (
    f"SELECT COUNT(*) FILTER (WHERE ({PAKN_ANSWERED} AND f.answered_at <= f.answer_by) "
    f"OR ({PAKN_OWED} AND f.answer_by >= %(as_of)s)), COUNT(*) FILTER (WHERE ({PAKN_ANSWERED}) OR ({PAKN_OWED})) "
    "FROM portal_feedback f"
)


# --- one figure: the app and the baseline ---------------------------------------------------------------------------


def _sql(text: str, vendor: str) -> str:
    if vendor == "sqlite":
        text = text.replace("bool_or(", "max(").replace("WHERE beyond_limit", "WHERE beyond_limit = 1")
        text = text.replace("WHERE NOT digitised", "WHERE digitised = 0")
    return text


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple]:
    from django.db import connection

    if connection.vendor == "sqlite":
        # Stored as Django writes them (naive UTC text), so compared in that form.
        params = {
            key: connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value
            for key, value in params.items()
        }
    with connection.cursor() as cursor:
        cursor.execute(_sql(sql, connection.vendor), params)
        return cursor.fetchall()


class Figure:
    """One province-year figure: the app's way, the hand-written way, and how to compare their numbers."""

    def __init__(
        self,
        name: str,
        app: Callable[[], Any],
        baseline: Callable[[], Any],
        normalise_app: Callable[[Any], Any],
        normalise_baseline: Callable[[Any], Any],
    ) -> None:
        self.name = name
        self.app = app
        self.baseline = baseline
        self.normalise_app = normalise_app
        self.normalise_baseline = normalise_baseline


def _keys() -> list[str]:
    return list(MEASURES_SQL)


def _row_dict(row: tuple) -> dict[str, int]:
    return dict(zip(_keys(), row, strict=True))


def figures_list(context: dict[str, Any]) -> list[Figure]:
    from motcua.monitoring.config import report_config
    from motcua.monitoring.selectors.figures import figures, figures_by_unit, monthly_trend
    from motcua.monitoring.selectors.index766 import index_for
    from motcua.monitoring.selectors.report import official_values, periodic_report

    filters, tree, params = context["filters"], context["tree"], context["params"]
    vendor = context["vendor"]
    config = report_config()

    def grouped(rows: list[tuple]) -> dict[int, dict[str, int]]:
        return {row[0]: _row_dict(row[1:]) for row in rows}

    def report_rows(report: Any) -> dict[int, list[int]]:
        found = {row.group_key: row.cells for section in report.sections for row in section.rows}
        found[None] = report.total.cells
        return found

    def baseline_report(group: str) -> dict[int, list[int]]:
        rows = grouped(_fetch(figures_sql(group), params))
        (total,) = _fetch(figures_sql(), params)
        found = {}
        for key, raw in rows.items():
            cells = official_values(raw, config)
            found[key] = [cells[k] for k in context["columns"]]
        cells = official_values(_row_dict(total), config)
        found[None] = [cells[k] for k in context["columns"]]
        return found

    def index_numbers(result: Any) -> dict[str, tuple]:
        return {s.key: (s.numerator, s.denominator) for s in result.scores if s.measured}

    def baseline_index() -> dict[str, tuple]:
        (ratios,) = _fetch(INDEX_RATIOS_SQL, params)
        used = {row[0] for row in _fetch(ONLINE_USED_SQL, params)}
        paid_online = {row[0] for row in _fetch(PAID_ONLINE_USED_SQL, params)}
        catalog = {pk: (online, fees) for pk, online, fees in _fetch(CATALOG_SQL, params)}
        offered = {pk for pk, (online, _fees) in catalog.items() if online}
        with_fees = {pk for pk, (_online, fees) in catalog.items() if fees}
        numbers = {key: (ratios[2 * n], ratios[2 * n + 1]) for n, key in enumerate(RATIOS_SQL)}
        numbers["online.procedures_offered"] = (len(offered), len(catalog))
        numbers["online.services_used"] = (len(offered & used), len(offered))
        numbers["payment.procedures"] = (len(with_fees & paid_online), len(with_fees))
        ((pakn_on_time, pakn_handled),) = _fetch(PAKN_SQL, params)
        numbers["satisfaction.pakn_on_time"] = (pakn_on_time, pakn_handled)
        on_time, handled = numbers["progress.on_time"]
        complained, _handled = numbers.pop("satisfaction.complaints")
        numbers["satisfaction.handling"] = (max(0, handled - (handled - on_time) - complained), handled)
        return numbers

    def trend(rows: list[Any]) -> list[tuple]:
        return [(row.month.isoformat()[:7], row.received, row.resolved_on_time, row.resolved_late) for row in rows]

    def baseline_trend(rows: list[tuple]) -> list[tuple]:
        by_month = {str(m)[:7]: (int(r), int(o), int(lt)) for m, r, o, lt in rows}
        months = [month.isoformat()[:7] for month in filters.period.months()]
        return [(month, *by_month.get(month, (0, 0, 0))) for month in months]

    monthly = MONTHLY_SQLITE if vendor == "sqlite" else MONTHLY_SQL
    return [
        Figure(
            "dashboard figures (province)",
            lambda: figures(filters),
            lambda: _fetch(figures_sql(), params)[0],
            dict,
            _row_dict,
        ),
        Figure(
            "dashboard monthly trend",
            lambda: monthly_trend(filters),
            lambda: _fetch(monthly, params),
            trend,
            baseline_trend,
        ),
        Figure(
            "figures by unit",
            lambda: figures_by_unit(filters, tree),
            lambda: _fetch(figures_sql("unit"), params),
            dict,
            grouped,
        ),
        Figure("Decision 766 index (province)", lambda: index_for(filters, tree), baseline_index, index_numbers, dict),
        Figure(
            "periodic report by field",
            lambda: periodic_report(filters, by="sector", tree=tree),
            lambda: baseline_report("sector"),
            report_rows,
            dict,
        ),
        Figure(
            "periodic report by unit",
            lambda: periodic_report(filters, by="unit", tree=tree),
            lambda: baseline_report("unit"),
            report_rows,
            dict,
        ),
    ]


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    value = function()
    return time.perf_counter() - began, value


class _Capture:
    """Every statement of one call with its duration (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - began, sql, params))


def explain(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def measure(repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from motcua.monitoring.selectors.report import OFFICIAL_COLUMNS, SEPARATE_COLUMNS
    from motcua.monitoring.selectors.scope import Filters, Period, UnitTree

    now = timezone.now()
    today = timezone.localdate(now)
    period = Period(today - dt.timedelta(days=DAYS), today - dt.timedelta(days=1))
    filters = Filters(period=period, now=now)
    tree = UnitTree()
    params = {
        "start": period.start_at,
        "end": period.end_at,
        "as_of": filters.as_of,
        "tz": str(timezone.get_current_timezone()),
        "first_day": period.start,
        "last_day": period.end,
    }
    context = {
        "filters": filters,
        "tree": tree,
        "params": params,
        "vendor": connection.vendor,
        "columns": (*OFFICIAL_COLUMNS, *SEPARATE_COLUMNS),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        (dossiers,) = cursor.fetchone()
    load_before = os.getloadavg()
    results = []
    for figure in figures_list(context):
        print(f"  {figure.name} …", flush=True, end="")
        capture = _Capture()
        with connection.execute_wrapper(capture):
            warm_app, app_value = _timed(figure.app)
        warm_baseline, baseline_value = _timed(figure.baseline)
        app_times, baseline_times = [], []
        for _run in range(repeat):
            app_times.append(_timed(figure.app)[0])
            baseline_times.append(_timed(figure.baseline)[0])
        app_numbers = figure.normalise_app(app_value)
        baseline_numbers = figure.normalise_baseline(baseline_value)
        app_median = statistics.median(app_times)
        baseline_median = statistics.median(baseline_times)
        slowest = max(capture.statements, key=lambda item: item[0])
        results.append(
            {
                "figure": figure.name,
                "app_seconds": app_median,
                "baseline_seconds": baseline_median,
                "ratio": app_median / baseline_median,
                "app_runs": app_times,
                "baseline_runs": baseline_times,
                "warm_up": {"app": warm_app, "baseline": warm_baseline},
                "queries": len(capture.statements),
                "same_numbers": app_numbers == baseline_numbers,
                "difference": None if app_numbers == baseline_numbers else _difference(app_numbers, baseline_numbers),
                "slowest_query": {"seconds": slowest[0], "sql": slowest[1], "params": slowest[2]},
                "sample": _sample(app_numbers),
            }
        )
        print(f" app {app_median:.3f} s, SQL {baseline_median:.3f} s, ratio {app_median / baseline_median:.2f}")
    worst = max(results, key=lambda item: item["slowest_query"]["seconds"])
    query = worst["slowest_query"]
    plan = explain(query["sql"], query["params"])
    return {
        "benchmark": "reports",
        "database": connection.vendor,
        "dossiers": dossiers,
        "period": {"first_day": period.start.isoformat(), "last_day": period.end.isoformat()},
        "as_of": filters.as_of.isoformat(),
        "repeat": repeat,
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min": {"before": load_before[0], "after": os.getloadavg()[0]},
        },
        "figures": results,
        "slowest_query": {"figure": worst["figure"], **{k: v for k, v in query.items() if k != "params"}},
        "plan": plan,
    }


def _difference(app: Any, baseline: Any) -> Any:
    if isinstance(app, dict) and isinstance(baseline, dict):
        return {
            str(key): {"app": app.get(key), "sql": baseline.get(key)}
            for key in sorted(set(app) | set(baseline), key=str)
            if app.get(key) != baseline.get(key)
        }
    return {"app": app, "sql": baseline}


def _sample(numbers: Any) -> Any:
    """The numbers of a province-wide figure (the dashboard, the 766 index), else a few of them, so the results file
    shows what was counted."""
    if isinstance(numbers, dict):
        flat = not any(isinstance(value, dict | list) for value in numbers.values())
        items = list(numbers.items()) if flat else list(numbers.items())[:3]
        return {str(key): value for key, value in items}
    return numbers[:3]


def report(result: dict[str, Any]) -> str:
    postgres = result["database"] == "postgresql"
    lines = [
        f"Province-year figures on {result['database']}: {result['dossiers']:,} dossiers, period "
        f"{result['period']['first_day']} – {result['period']['last_day']}, median of {result['repeat']} runs",
        "",
        f"{'figure':<32}{'app s':>9}{'SQL s':>9}{'ratio':>8}{'queries':>9}{'same':>6}"
        + (f"{'≤ 1 s':>8}{'≤ 1.5×':>8}" if postgres else ""),
    ]
    for item in result["figures"]:
        line = (
            f"{item['figure']:<32}{item['app_seconds']:>9.3f}{item['baseline_seconds']:>9.3f}{item['ratio']:>8.2f}"
            f"{item['queries']:>9}{'yes' if item['same_numbers'] else 'NO':>6}"
        )
        if postgres:
            line += f"{_mark(item['app_seconds'] <= TARGET_SECONDS):>8}{_mark(item['ratio'] <= TARGET_RATIO):>8}"
        lines.append(line)
        if not item["same_numbers"]:
            lines.append(f"    differs: {json.dumps(item['difference'], default=str)[:400]}")
    slowest = result["slowest_query"]
    lines += [
        "",
        f"Slowest app query ({slowest['figure']}, {slowest['seconds']:.3f} s):",
        *(f"  {line}" for line in result["plan"][:PLAN_LINES]),
    ]
    return "\n".join(lines)


def _mark(met: bool) -> str:
    return "ok" if met else "MISSED"


def main(args: argparse.Namespace) -> int:
    os.environ["DATABASE_URL"] = database_url(args.database, args.url)
    import django

    django.setup()
    result = measure(args.repeat)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(RESULTS_DIR) / f"reports-{args.database}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    print(report(result))
    print(f"\nresults: {path}")
    return 0 if all(item["same_numbers"] for item in result["figures"]) else 1
