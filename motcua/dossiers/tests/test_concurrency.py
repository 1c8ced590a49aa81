"""Concurrency on PostgreSQL: one writer wins a race on a dossier; concurrent desks get gap-free, unique codes.

Each thread has its own database connection (Django's connections are per thread), so these tests commit for real.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent, StepVisit
from motcua.dossiers.services import ConflictError, perform, receive
from motcua.dossiers.tests.factories import MONDAY, received, reception_data
from motcua.organization.models import Role
from motcua.organization.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Start every job at the same instant; each result is the job's return value or the exception it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _desk_officers(personas, count: int) -> list:
    officers = [personas.desk_officer]
    for n in range(count - 1):
        officer = UserFactory(username=f"desk{n}")
        MembershipFactory(user=officer, unit=personas.commune, role=Role.DESK_OFFICER)
        officers.append(officer)
    return officers


def test_two_officers_acting_at_once_one_succeeds_and_the_other_gets_a_conflict(personas, version):
    first, second = _desk_officers(personas, 2)
    dossier = received(version, personas.commune, first)
    seen = dossier.lock_version

    def forward(officer) -> Callable[[], Dossier]:
        return lambda: perform(
            dossier=dossier.code,
            action="forward",
            actor=officer,
            payload={"note": f"Chuyển bởi {officer.username}"},
            expected_version=seen,
            at=MONDAY + dt.timedelta(hours=1),
        )

    results = _run_together([forward(first), forward(second)])
    assert sorted(type(result).__name__ for result in results) == ["ConflictError", "Dossier"]
    assert any(isinstance(result, ConflictError) for result in results)
    dossier.refresh_from_db()
    assert dossier.lock_version == seen + 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2
    assert StepVisit.objects.filter(dossier=dossier).count() == 2
    assert StepVisit.objects.filter(dossier=dossier, left_at__isnull=True).count() == 1


def test_eight_concurrent_desks_receiving_two_hundred_each_get_gap_free_unique_codes(personas, version):
    officers = _desk_officers(personas, 8)
    data = reception_data(version, personas.commune)

    def desk(officer) -> Callable[[], list[str]]:
        def run() -> list[str]:
            return [receive(actor=officer, data=data, at=MONDAY).code for _n in range(200)]

        return run

    results = _run_together([desk(officer) for officer in officers])
    for result in results:
        assert isinstance(result, list), result
    codes = [code for result in results for code in result]
    assert len(codes) == len(set(codes)) == 1600
    assert sorted(int(code[-4:]) for code in codes) == list(range(1, 1601))
    assert Dossier.objects.count() == 1600
