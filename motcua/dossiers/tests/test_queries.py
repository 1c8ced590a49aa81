"""Each action costs a bounded number of queries (target ≤ 12), whatever the dossier's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.services import receive
from motcua.dossiers.tests.factories import MONDAY, received, reception_data
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("actor", "action", "payload", "budget"),
    [
        ("specialist", "forward", {"note": "Đủ điều kiện"}, 12),
        ("specialist", "send_back", {"reason": "Thiếu"}, 12),
        ("specialist", "attach_result", {"name": "Giấy xác nhận"}, 12),
        ("unit_leader", "withdraw", {"reason": "Rút"}, 12),
    ],
)
def test_an_action_stays_within_its_query_budget(personas, version, actor, action, payload, budget):
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    act(dossier, "attach_result", personas.specialist, MONDAY + HOUR, name="Dự thảo")  # warm the calendar cache
    dossier.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        act(dossier, action, getattr(personas, actor), MONDAY + 2 * HOUR, **payload)
    # The test runs inside a transaction, so perform's atomic block shows as SAVEPOINT/RELEASE (BEGIN/COMMIT live).
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) <= budget, "\n".join(statements)


def test_reception_stays_within_the_query_budget(personas, version):
    received(version, personas.commune, personas.desk_officer)  # warm the calendar cache
    data = reception_data(version, personas.commune)
    with CaptureQueriesContext(connection) as queries:
        receive(actor=personas.desk_officer, data=data, at=MONDAY + HOUR)
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # 12 for reception itself, plus the national-portal outbox row written in the same transaction (motcua.sync).
    assert len(statements) <= 13, "\n".join(statements)
