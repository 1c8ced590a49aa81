"""Queues per role: each dossier shows up in the queue of whoever must act on it next, ordered by appointment."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import selectors
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


def test_each_queue_holds_what_its_role_must_do_next(personas, version):
    new = received(version, personas.commune, personas.desk_officer)
    in_work = act(
        received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY + HOUR
    )
    to_sign = act(
        act(
            received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY + HOUR
        ),
        "forward",
        personas.specialist,
        MONDAY + 2 * HOUR,
    )
    waiting = act(
        act(
            received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY + HOUR
        ),
        "request_supplement",
        personas.specialist,
        MONDAY + 2 * HOUR,
        component_ids=[version.components.first().pk],
        reason="Thiếu",
    )
    ready = act(to_sign, "approve", personas.unit_leader, MONDAY + 3 * HOUR)

    assert list(selectors.to_receive(personas.desk_officer)) == [new]
    assert list(selectors.to_process(personas.specialist)) == [in_work]
    assert list(selectors.to_approve(personas.unit_leader)) == []
    assert list(selectors.to_return(personas.desk_officer)) == [ready]
    assert list(selectors.waiting_for_applicant(personas.specialist)) == [waiting]
    assert list(selectors.to_process(personas.outsider)) == []


def test_overdue_and_due_soon_split_open_dossiers_by_appointment(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)  # due Thursday 08:00
    wednesday = dt.datetime(2025, 10, 8, 9, 0, tzinfo=dossier.due_at.tzinfo)
    assert list(selectors.due_soon(personas.desk_officer, now=MONDAY + HOUR)) == []
    assert list(selectors.due_soon(personas.desk_officer, now=wednesday)) == [dossier]
    assert list(selectors.overdue(personas.desk_officer, now=wednesday)) == []
    assert list(selectors.overdue(personas.desk_officer, now=dossier.due_at + HOUR)) == [dossier]


def test_a_queue_page_costs_the_same_few_queries_however_many_dossiers(personas, version):
    for minutes in range(5):
        received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(minutes=minutes))
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (d.code, d.applicant.name, d.procedure_version.procedure.code)
            for d in selectors.to_receive(personas.desk_officer)
        ]
    assert len(rows) == 5
    assert len(queries) == 2  # memberships, then the queue with its joins
