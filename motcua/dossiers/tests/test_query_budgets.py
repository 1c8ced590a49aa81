"""Reception and every action kind cost no more queries than they do today (the write path is counted, not timed).

The figures count every statement, the ``SAVEPOINT``/``RELEASE`` pair of the action's atomic block included (the
test runs inside a transaction). Writers outside the dossier core hook into the same transaction and are part of the
budget: the national-portal outbox row of a status change (``motcua.sync``), the consultation and inter-agency
guards on completing a step and on returning (``motcua.consultations``), and the one upsert of the daily figures on
a reception and on a closing (``services.daily_figures``).
"""

from __future__ import annotations

import datetime as dt

from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.services import receive
from motcua.dossiers.services.pinned import process_graph
from motcua.dossiers.tests.factories import MONDAY, received, reception_data
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)
ATOMIC = 2  # SAVEPOINT and RELEASE SAVEPOINT of perform's or receive's atomic block


def test_reception_stays_within_its_budget(personas, version, django_assert_max_num_queries):
    received(version, personas.commune, personas.desk_officer)  # fills the calendar cache
    data = reception_data(version, personas.commune)
    # version, process and first step; units; desk role; applicant; code; calendar stamp; dossier; papers; visit;
    # event; outbox; daily figures (the published components come from memory)
    with django_assert_max_num_queries(ATOMIC + 12):
        receive(actor=personas.desk_officer, data=data, at=MONDAY + HOUR)


def test_each_action_of_a_plain_lifecycle_stays_within_its_budget(personas, version, django_assert_max_num_queries):
    dossier = received(version, personas.commune, personas.desk_officer)
    process_graph(dossier.process_id)  # read once per process and server process, as by an earlier dossier
    # lock (which also asks the consultation and link guards); roles; open visit; leave; calendar stamp; enter;
    # event; (outbox); dossier
    with django_assert_max_num_queries(ATOMIC + 9):
        dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, note="Chuyển xử lý")
    # the same, without an outbox row: processing → approval does not change the status
    with django_assert_max_num_queries(ATOMIC + 8):
        dossier = act(dossier, "forward", personas.specialist, MONDAY + 2 * HOUR, note="Đủ điều kiện")
    # lock; roles; last result number; result; event; dossier
    with django_assert_max_num_queries(ATOMIC + 6):
        dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + 3 * HOUR, name="Giấy xác nhận")
    # as the first hand-over, and the daily figures count the dossier as finished
    with django_assert_max_num_queries(ATOMIC + 10):
        dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 4 * HOUR)
    # lock (which also asks whether a result exists and whether a parent waits); roles; open visit; leave; return;
    # event; the rating invitation in its savepoint (3); outbox; dossier; daily figures
    with django_assert_max_num_queries(ATOMIC + 12):
        act(
            dossier,
            "return_result",
            personas.desk_officer,
            MONDAY + 5 * HOUR,
            method=ReturnMethod.AT_COUNTER,
            recipient="Nguyễn Văn An",
        )


def test_send_back_and_a_supplementation_round_stay_within_their_budgets(
    personas, version, django_assert_max_num_queries
):
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)  # also reads the process once
    # lock; roles; open visit; leave; calendar stamp; enter; event; outbox; dossier
    with django_assert_max_num_queries(ATOMIC + 9):
        dossier = act(dossier, "send_back", personas.specialist, MONDAY + 2 * HOUR, reason="Thiếu chữ ký")
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + 3 * HOUR)
    first = version.components.get(order=1)
    # lock (with the version); roles; request; its items; pause; open visit; its due; event; outbox; dossier
    with django_assert_max_num_queries(ATOMIC + 10):
        dossier = act(
            dossier, "request_supplement", personas.specialist, MONDAY + 4 * HOUR, component_ids=[first.pk], reason="x"
        )
    # One over the 12: lock (with the version); roles; the open request's items; papers; fulfilled; pauses;
    # close the pause; calendar stamp; open visit; its due; event; outbox; dossier (the components come from memory)
    with django_assert_max_num_queries(ATOMIC + 13):
        dossier = act(
            dossier,
            "receive_supplement",
            personas.desk_officer,
            MONDAY + 5 * HOUR,
            components=[{"component_id": first.pk, "digitised": True}],
        )
    # the dossier has paused once, so its pauses are read now: one more query than a plain hand-over
    with django_assert_max_num_queries(ATOMIC + 11):
        dossier = act(dossier, "forward", personas.specialist, MONDAY + 6 * HOUR)
    # lock; roles; open visit; leave; pauses; close the open one (none); event; outbox; dossier; daily figures
    with django_assert_max_num_queries(ATOMIC + 10):
        act(dossier, "withdraw", personas.unit_leader, MONDAY + 7 * HOUR, reason="Công dân xin rút")


def test_a_financial_obligation_round_stays_within_its_budget(personas, version, django_assert_max_num_queries):
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)  # also reads the process once
    # lock (with the version); roles; pause; open visit; its due; event; outbox; dossier
    with django_assert_max_num_queries(ATOMIC + 8):
        dossier = act(dossier, "request_payment", personas.specialist, MONDAY + 2 * HOUR, description="x", reason="y")
    # lock (with the version); roles; pauses; close the pause; calendar stamp; open visit; its due; event; outbox;
    # dossier
    with django_assert_max_num_queries(ATOMIC + 10):
        act(
            dossier,
            "confirm_payment",
            personas.desk_officer,
            MONDAY + 3 * HOUR,
            receipt_reference="BL-1",
            paid_on=MONDAY.date(),
        )
