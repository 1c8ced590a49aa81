"""``python -m bench [lifecycle|generate|reports] [options]``: run a benchmark.

``make bench BENCH_ARGS="lifecycle --n 500"``; ``python -m bench generate --dossiers 300000 --database sqlite``.
"""

from __future__ import annotations

import argparse
import os
import sys

from bench import generate, lifecycle, reports

BENCHMARKS = {"lifecycle": lifecycle, "generate": generate, "reports": reports}


def main(argv: list[str]) -> int:
    # Benchmarks measure production settings: DEBUG off (no query log kept in memory).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench")
    # Production queues e-mail and SMS delivery for ``db_worker`` (docs/operations.md) instead of sending inline.
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="benchmark")
    for name, module in BENCHMARKS.items():
        module.add_arguments(commands.add_parser(name, help=(module.__doc__ or "").splitlines()[0]))
    if not argv or argv[0].startswith("-"):
        argv = ["lifecycle", *argv]
    args = parser.parse_args(argv)
    return BENCHMARKS[args.benchmark].main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
