"""The dossier-lifecycle benchmark (issue 3, item 11): reception → processing → approval → return, timed.

Each database gets a fresh, migrated database of its own (SQLite: a file in a temporary directory, with the WAL
settings of ``motcua.settings``; PostgreSQL: ``motcua_bench``, created and dropped here) and a minimal province built
through the real services. Then, in one process:

1. a warm-up of a few dossiers (caches, compiled queries), not measured;
2. the baseline: as many transactions as the timed pass has actions, each one INSERT and one UPDATE through the same
   Django connection, measured once before and once after the timed pass (their mean is the baseline);
3. the timed pass: N dossiers, six actions each (receive, forward, forward, attach_result, approve, return_result);
4. a counting pass on a few more dossiers: statements per action kind;
5. on request, a profiled pass: cProfile per action kind.

The figure that compares across machines is the ratio of the lifecycle's actions/s to the baseline's transactions/s.
Each database runs in its own process (Django reads its database from the environment once), so ``both`` starts
one child per database and prints their results side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATABASES = ("sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
BENCH_DATABASE = "motcua_bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"

TARGET_RATIO = 0.30
TARGET_QUERIES_PER_ACTION = 12
TARGET_POSTGRES_ACTIONS_PER_S = 1000
COUNTED_DOSSIERS = 10
# Each pass receives its dossiers on one day in one unit, whose codes run out after 9999 (codes.DAILY_MAXIMUM).
MAX_DOSSIERS = 9999


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=200, help="dossiers in the timed pass (default 200)")
    parser.add_argument("--database", choices=(*DATABASES, "both"), default="both", help="default: both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help=f"server on which {BENCH_DATABASE} is created and dropped (default $BENCH_POSTGRES_URL or "
        f"{DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="DOSSIERS",
        help="also profile this many dossiers with cProfile and print where time and queries go per action kind",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes sharing the baseline and the timed pass, each on its own dossiers and connection, taking each "
        "action kind together (default 1; the issue's target is for 2 cores)",
    )
    parser.add_argument("--child-output", type=Path, help=argparse.SUPPRESS)


# --- one database, in this process ---------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(database: str, postgres_url: str) -> Iterator[str]:
    """A new empty database for this run, and its URL; removed afterwards."""
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix="motcua-bench-") as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    import psycopg

    server = postgres_url.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield f"{server}/{BENCH_DATABASE}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _database_facts() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            facts = {"version": connection.Database.sqlite_version}
            for pragma in ("journal_mode", "synchronous"):
                cursor.execute(f"PRAGMA {pragma}")
                facts[pragma] = cursor.fetchone()[0]
        else:
            cursor.execute("SHOW server_version")
            facts = {"version": cursor.fetchone()[0]}
            for setting in ("synchronous_commit", "fsync"):
                cursor.execute(f"SHOW {setting}")
                facts[setting] = cursor.fetchone()[0]
    return {"vendor": connection.vendor, **facts}


def _worker_share(dossiers: int, workers: int, index: int) -> tuple[int, int]:
    """How many of ``dossiers`` worker ``index`` drives, and how many the workers before it drive."""
    base, extra = divmod(dossiers, workers)
    return base + (index < extra), base * index + min(index, extra)


def _worker(index: int, workers: int, dossiers: int, province: Any, barrier: Any, results: Any) -> None:
    """One of ``workers`` forked processes: its share of both baselines and of the timed pass, in lockstep."""
    from django.db import connections

    from bench import workload

    try:
        mine, before_me = _worker_share(dossiers, workers, index)
        actions, first = mine * workload.ACTIONS_PER_DOSSIER, before_me * workload.ACTIONS_PER_DOSSIER
        total = dossiers * workload.ACTIONS_PER_DOSSIER
        stopwatch = workload.LockstepStopwatch(barrier)
        with stopwatch("baseline before"):
            workload.baseline(actions, first_id=first)
        # Each worker receives on its own day, as desks of different units would: one unit's codes of one day are
        # taken one transaction at a time (decision 004), which is not what this pass measures.
        day = workload.TIMED_DAY + dt.timedelta(weeks=4 * index)
        workload.drive(province, mine, day, stopwatch)
        with stopwatch("baseline after"):
            workload.baseline(actions, first_id=total + first)
        results.put((index, stopwatch.seconds, stopwatch.cpu_seconds, None))
    except Exception as error:  # reported to the parent, which fails the run
        barrier.abort()
        results.put((index, {}, {}, repr(error)))
    finally:
        connections.close_all()


def _in_workers(workers: int, dossiers: int, province: Any) -> tuple[Any, tuple[float, float]]:
    """Baselines and timed pass shared by ``workers`` forked processes; the merged stopwatch and baseline seconds."""
    import multiprocessing

    from django.db import connections

    from bench import workload

    # Forked children must not share the parent's connection: each opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers, timeout=900)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(index, workers, dossiers, province, barrier, results))
        for index in range(workers)
    ]
    for process in processes:
        process.start()
    reports = [results.get() for _process in processes]
    for process in processes:
        process.join()
    failures = [f"worker {index}: {error}" for index, _seconds, _cpu, error in reports if error]
    if failures:
        raise RuntimeError("; ".join(failures))
    merged = workload.Stopwatch()
    for _index, seconds, cpu_seconds, _error in reports:
        for kind, value in seconds.items():
            merged.seconds[kind] = max(merged.seconds.get(kind, 0.0), value)
        for kind, value in cpu_seconds.items():
            merged.cpu_seconds[kind] = merged.cpu_seconds.get(kind, 0.0) + value
    baseline_seconds = (merged.seconds.pop("baseline before"), merged.seconds.pop("baseline after"))
    merged.cpu_seconds.pop("baseline before")
    merged.cpu_seconds.pop("baseline after")
    return merged, baseline_seconds


def measure(database: str, dossiers: int, profile: int, postgres_url: str, workers: int = 1) -> dict[str, Any]:
    """Run every pass on a fresh database of kind ``database``; the results as a JSON-ready dict."""
    with fresh_database(database, postgres_url) as url:
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        # Models can only be imported once Django is set up with the database chosen above.
        from django.core.management import call_command

        from bench import workload
        from bench.province import build_province

        load_before = os.getloadavg()
        started = time.perf_counter()
        _progress(f"{database}: migrating a fresh database")
        call_command("migrate", verbosity=0)
        province = build_province()
        setup_seconds = time.perf_counter() - started

        warm_up = max(5, min(20, dossiers // 10))
        _progress(f"{database}: warm-up ({warm_up} dossiers)")
        workload.drive(province, warm_up, workload.WARM_UP_DAY, workload.unobserved)

        actions = dossiers * workload.ACTIONS_PER_DOSSIER
        stopwatch = workload.Stopwatch()
        with workload.scratch_table():
            if workers > 1:
                _progress(
                    f"{database}: baseline, timed pass ({dossiers} dossiers, {actions} actions) and baseline again "
                    f"in {workers} worker processes"
                )
                stopwatch, (before, after) = _in_workers(workers, dossiers, province)
            else:
                _progress(f"{database}: baseline ({actions} INSERT + UPDATE transactions)")
                before = workload.baseline(actions, first_id=0)
                _progress(f"{database}: timed pass ({dossiers} dossiers, {actions} actions)")
                workload.drive(province, dossiers, workload.TIMED_DAY, stopwatch)
                _progress(f"{database}: baseline again")
                after = workload.baseline(actions, first_id=actions)

        counted = min(dossiers, COUNTED_DOSSIERS)
        _progress(f"{database}: counting queries ({counted} dossiers)")
        counter = workload.QueryCounter()
        workload.drive(province, counted, workload.COUNTED_DAY, counter)

        profiles: dict[str, Any] = {}
        if profile:
            _progress(f"{database}: profiling ({profile} dossiers)")
            profiler = workload.Profiler()
            workload.drive(province, profile, workload.PROFILED_DAY, profiler)
            profiles = _save_profiles(database, profiler, profile)
        load_after = os.getloadavg()

        facts = _database_facts()
    return _summary(
        database=database,
        facts=facts,
        dossiers=dossiers,
        workers=workers,
        setup_seconds=setup_seconds,
        stopwatch=stopwatch,
        load=(load_before[0], load_after[0]),
        baseline_seconds=(before, after),
        counter=counter,
        counted=counted,
        profiles=profiles,
    )


def _summary(
    *,
    database: str,
    facts: dict[str, Any],
    dossiers: int,
    workers: int,
    setup_seconds: float,
    stopwatch: Any,
    load: tuple[float, float],
    baseline_seconds: tuple[float, float],
    counter: Any,
    counted: int,
    profiles: dict[str, Any],
) -> dict[str, Any]:
    from bench.workload import ACTIONS_PER_DOSSIER, KINDS

    actions = dossiers * ACTIONS_PER_DOSSIER
    seconds = stopwatch.seconds
    total = sum(seconds.values())
    rate = actions / total
    baseline_rates = [actions / elapsed for elapsed in baseline_seconds]
    baseline_rate = sum(baseline_rates) / len(baseline_rates)
    by_kind: dict[str, Any] = {}
    for kind in KINDS:
        classes = counter.classes[kind]
        data_statements = sum(n for name, n in classes.items() if name != "transaction")
        by_kind[kind] = {
            "actions": dossiers,
            "seconds": seconds[kind],
            "actions_per_s": dossiers / seconds[kind],
            "ms_per_action": 1000 * seconds[kind] / dossiers,
            "cpu_ms_per_action": 1000 * stopwatch.cpu_seconds[kind] / dossiers,
            "queries_per_action": data_statements / counted,
            "statements_per_action": {name: n / counted for name, n in sorted(classes.items())},
            "sql": [
                {"per_action": n / counted, "ms_per_action": 1000 * counter.seconds[kind][sql] / counted, "sql": sql}
                for sql, n in counter.texts[kind].items()
            ],
        }
    queries = [by_kind[kind]["queries_per_action"] for kind in KINDS]
    mean_queries = sum(queries) / len(queries)
    return {
        "benchmark": "lifecycle",
        "database": database,
        "database_facts": facts,
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other work on the machine slows both the lifecycle and the baseline; the ratio absorbs part of it.
            "load_average_1min": {"before": load[0], "after": load[1]},
        },
        "dossiers": dossiers,
        "actions": actions,
        "workers": workers,
        "setup_seconds": setup_seconds,
        "seconds": total,
        "actions_per_s": rate,
        "baseline": {
            "transactions": actions,
            "tx_per_s_before": baseline_rates[0],
            "tx_per_s_after": baseline_rates[1],
            "tx_per_s": baseline_rate,
        },
        "ratio": rate / baseline_rate,
        "queries_per_action": {"mean": mean_queries, "max": max(queries), "counted_dossiers": counted},
        "by_kind": by_kind,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "profiles": profiles,
        "targets": {
            "ratio": {"target": TARGET_RATIO, "met": rate / baseline_rate >= TARGET_RATIO},
            "queries_per_action": {
                "target": TARGET_QUERIES_PER_ACTION,
                "met": max(queries) <= TARGET_QUERIES_PER_ACTION,
            },
            **(
                {
                    "actions_per_s": {
                        "target": TARGET_POSTGRES_ACTIONS_PER_S,
                        "met": rate >= TARGET_POSTGRES_ACTIONS_PER_S,
                    }
                }
                if database == "postgres"
                else {}
            ),
        },
    }


PROFILE_LINES = 25


def _save_profiles(database: str, profiler: Any, dossiers: int) -> dict[str, Any]:
    """Write one ``.prof`` per action kind (for snakeviz or pstats) and keep the top of each as text."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    saved: dict[str, Any] = {}
    for kind, profile in profiler.profiles.items():
        path = RESULTS_DIR / f"lifecycle-{database}-{stamp}-{kind}.prof"
        profile.dump_stats(path)
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text)
        stats.sort_stats("cumulative").print_stats(r"motcua|django/db/(models/sql/compiler|backends)", PROFILE_LINES)
        saved[kind] = {
            "file": str(path),
            "dossiers": dossiers,
            "ms_per_action": profiler.breakdown(kind, dossiers),
            "top_cumulative": text.getvalue(),
        }
    return saved


# --- several databases, one child process each ---------------------------------------------------------------------


def _in_child(database: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [
            sys.executable,
            "-m",
            "bench",
            "lifecycle",
            "--database",
            database,
            "--n",
            str(args.n),
            "--profile",
            str(args.profile),
            "--postgres-url",
            args.postgres_url,
            "--workers",
            str(args.workers),
            "--child-output",
            output.name,
        ]
        subprocess.run(command, check=True)  # noqa: S603 - our own module with our own arguments
        return json.loads(Path(output.name).read_text())


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def _mark(met: bool) -> str:
    return "ok" if met else "MISSED"


def report(results: list[dict[str, Any]]) -> str:
    """The results as a plain-text table: totals and targets per database, then each action kind."""
    first = results[0]
    lines = [
        f"Dossier lifecycle: {first['dossiers']} dossiers × {len(first['by_kind'])} actions = {first['actions']} "
        f"actions per database; {first['machine']['cpus']} CPUs; timed pass and baseline in "
        f"{first.get('workers', 1)} worker process(es)",
        "",
        f"{'database':<10}{'actions/s':>11}{'baseline tx/s':>15}{'ratio':>9}{'queries/action':>16}{'max':>5}"
        f"{'peak RSS':>11}{'load 1 min':>13}",
    ]
    for result in results:
        queries = result["queries_per_action"]
        load = result["machine"]["load_average_1min"]
        lines.append(
            f"{result['database']:<10}{result['actions_per_s']:>11.0f}{result['baseline']['tx_per_s']:>15.0f}"
            f"{_percent(result['ratio']):>9}{queries['mean']:>16.1f}{queries['max']:>5.0f}"
            f"{result['peak_rss_mib']:>7.0f} MiB{load['before']:>7.1f}→{load['after']:.1f}"
        )
    lines += ["", "Targets:"]
    for result in results:
        targets = result["targets"]
        parts = [
            f"ratio {_percent(result['ratio'])} ≥ {_percent(TARGET_RATIO)}: {_mark(targets['ratio']['met'])}",
            f"max {result['queries_per_action']['max']:.0f} queries/action ≤ {TARGET_QUERIES_PER_ACTION}: "
            f"{_mark(targets['queries_per_action']['met'])}",
        ]
        if "actions_per_s" in targets:
            parts.append(
                f"{result['actions_per_s']:.0f} actions/s ≥ {TARGET_POSTGRES_ACTIONS_PER_S}: "
                f"{_mark(targets['actions_per_s']['met'])}"
            )
        lines.append(f"  {result['database']:<10}" + "; ".join(parts))
    lines += [
        "",
        "Per action kind: actions/s, wall and CPU (this process) ms per action, queries per action (without "
        "BEGIN/COMMIT/SAVEPOINT)",
        f"{'':<20}" + "".join(f"{result['database']:>37}" for result in results),
        f"{'action kind':<20}" + f"{'actions/s':>12}{'ms':>8}{'cpu ms':>8}{'queries':>9}" * len(results),
    ]
    for kind in first["by_kind"]:
        row = f"{kind:<20}"
        for result in results:
            figures = result["by_kind"][kind]
            row += (
                f"{figures['actions_per_s']:>12.0f}{figures['ms_per_action']:>8.2f}"
                f"{figures['cpu_ms_per_action']:>8.2f}{figures['queries_per_action']:>9.1f}"
            )
        lines.append(row)
    return "\n".join(lines)


def profile_report(result: dict[str, Any]) -> str:
    """Where the time and the queries of each action kind go (printed with ``--profile``)."""
    database = result["database"]
    profiles = result["profiles"]
    kinds = list(profiles)
    buckets = list(profiles[kinds[0]]["ms_per_action"])
    lines = [
        f"=== {database}: ms per action under cProfile (inflated by the profiler; buckets overlap) ===",
        f"{'':<40}" + "".join(f"{kind[:15]:>16}" for kind in kinds),
    ]
    for bucket in buckets:
        lines.append(f"{bucket:<40}" + "".join(f"{profiles[kind]['ms_per_action'][bucket]:>16.2f}" for kind in kinds))
    lines += ["", f"=== {database}: statements per action in execution order: count, ms executing (counting pass) ==="]
    for kind, figures in result["by_kind"].items():
        lines.append(f"--- {kind}: {figures['queries_per_action']:.1f} queries, {figures['ms_per_action']:.2f} ms")
        lines += [
            f"  {entry['per_action']:>4.1f} × {entry['ms_per_action']:>6.2f} ms  {entry['sql'][:200]}"
            for entry in figures["sql"]
        ]
    for kind, profile in profiles.items():
        lines += [f"=== {database}: {kind}, cProfile ({profile['file']}) ===", profile["top_cumulative"]]
    return "\n".join(lines)


def save(results: list[dict[str, Any]]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"lifecycle-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return path


def main(args: argparse.Namespace) -> int:
    if not 1 <= args.n <= MAX_DOSSIERS or not 0 <= args.profile <= MAX_DOSSIERS:
        raise SystemExit(f"--n must be between 1 and {MAX_DOSSIERS}, --profile between 0 and {MAX_DOSSIERS}")
    if not 1 <= args.workers <= args.n:
        raise SystemExit("--workers must be between 1 and --n")
    if args.database == "both":
        results = [_in_child(database, args) for database in DATABASES]
    else:
        results = [measure(args.database, args.n, args.profile, args.postgres_url, args.workers)]
    if args.child_output:
        args.child_output.write_text(json.dumps(results[0], ensure_ascii=False))
        return 0
    print(report(results))
    if args.profile:
        for result in results:
            print()
            print(profile_report(result))
    print(f"\nResults: {save(results)}")
    return 0
