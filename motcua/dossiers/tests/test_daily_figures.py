"""The daily figures stay exactly equal to the dossiers: what the services maintain, change by change, equals a
rebuild from scratch (issue 5, item 6), and only changes of a counted figure cost a statement."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import types

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.catalog.models import OnlineMode
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Channel, DailyFigures, ReturnMethod
from motcua.dossiers.services import ACTIONS, ActionNotAllowed, allowed_actions, perform
from motcua.dossiers.services import daily_figures as figures
from motcua.dossiers.services.transfer import transfer_open_dossiers
from motcua.dossiers.tests.factories import MONDAY, TZ, person, received, reception_data
from motcua.dossiers.tests.helpers import act
from motcua.organization.models import Role, SuccessionKind
from motcua.organization.services import record_succession
from motcua.organization.tests.factories import MembershipFactory, UserFactory
from motcua.portal.models import DataReuse
from motcua.portal.services.desk_lookup import receive_with_lookup, record_desk_lookup
from motcua.portal.tests.factories import AN

PERSONAS = ("desk_officer", "specialist", "unit_leader")
RARELY = st.integers(0, 19).map(lambda n: n == 9)
MOSTLY = st.integers(0, 3).map(lambda n: n != 2)
# Actions that bring a dossier closer to its return, most advanced first: drawn often, so lifecycles end.
ONWARD = ("return_result", "approve", "forward", "receive_supplement", "attach_result")
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def version(db):
    """The dossier tests' procedure, offered online as well."""
    return published_version(online_mode=OnlineMode.FULL)


def _received_with_lookup(version, personas, at: dt.datetime, *, name: str = AN["name"]):
    """Received at the counter after the desk's population look-up (verified for An, a mismatch under another
    name)."""
    lookup = record_desk_lookup(
        actor=personas.desk_officer, identity_number=AN["identity_number"], name=name, birth_date=AN["birth_date"]
    )
    data = reception_data(version, personas.commune, received_at=at)
    components = list(version.components.all())
    return receive_with_lookup(actor=personas.desk_officer, data=data, lookup=lookup, components=components, at=at)


def _payload(action: str, dossier, personas, variant: bool) -> dict:
    components = list(dossier.procedure_version.components.values_list("pk", flat=True))
    return {
        "forward": {"note": "Chuyển"},
        "send_back": {"reason": "Chưa đạt"},
        "request_supplement": {
            "component_ids": components[:1],
            "reason": "Thiếu giấy tờ",
            "legal_basis": "Điều 9" if variant else "",
            "approver_id": personas.unit_leader.pk if variant else None,
            "applicant_at_fault": variant,
        },
        "receive_supplement": {"components": [{"component_id": pk, "digitised": True} for pk in components]},
        "refuse": {"reason": "Không đủ điều kiện"},
        "attach_result": {"name": "Giấy xác nhận"},
        "return_result": {"method": ReturnMethod.AT_COUNTER, "recipient": "Nguyễn Văn An"},
        "stop": {"reason": "Theo đề nghị", "answers_request": "Đơn ngày 06/10/2025"},
        "withdraw": {"reason": "Người nộp rút"},
        "correct": {"field": "channel", "value": Channel.POSTAL if variant else Channel.ONLINE, "reason": "Ghi nhầm"},
        "reschedule": {"reason": "Chờ ý kiến", "extension": "1d", "late": variant},
        "approve_reschedule": {"late": variant},
        "cancel_result": {"number": 1, "reason": "Sai sót"},
        "raise_sos": {"category": "other", "reason": "Vướng mắc"},
    }.get(action, {})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_maintained_daily_figures_equal_a_rebuild_after_random_lifecycles(personas, version, data):
    """A few dossiers (counter, online, an organisation, one received after a verified population look-up) driven
    by random offered actions over several days, with corrections of the channel: after every action the cells
    equal a rebuild from the dossiers."""
    organisation = person(kind="organisation", tax_code="0301234567", identity_number="", date_of_birth=None)
    dossiers = [
        received(version, personas.commune, personas.desk_officer, at=MONDAY),
        received(version, personas.commune, personas.desk_officer, at=MONDAY + HOUR, channel=Channel.ONLINE),
        received(version, personas.commune, personas.desk_officer, at=MONDAY + 2 * HOUR, applicant=organisation),
        _received_with_lookup(version, personas, MONDAY + 3 * HOUR),
    ]
    assert figures.differences() == {}
    at = MONDAY + 4 * HOUR
    for _step in range(data.draw(st.integers(0, 40), label="length")):
        at += dt.timedelta(minutes=data.draw(st.integers(1, 1500), label="minutes"))
        index = data.draw(st.integers(0, len(dossiers) - 1), label="dossier")
        dossier = dossiers[index]
        allow_ending = data.draw(RARELY, label="allow an ending?")
        offered = {
            who: [
                name
                for name in allowed_actions(dossier, getattr(personas, who), at)
                if allow_ending or name not in ("stop", "withdraw", "refuse")
            ]
            for who in PERSONAS
        }
        busy = [who for who in PERSONAS if offered[who]]
        if not busy:
            continue
        choices = sorted((name, who) for who in busy for name in offered[who])
        has_result = dossier.results.exists()
        skip = "attach_result" if has_result else "return_result"
        onward = [(name, who) for name, who in choices if name in ONWARD and name != skip]
        if onward and data.draw(MOSTLY, label="move on?"):
            action, who = min(onward, key=lambda choice: ONWARD.index(choice[0]))
        else:
            action, who = data.draw(st.sampled_from(choices), label="action")
        assert action in ACTIONS
        try:
            dossiers[index] = perform(
                dossier=dossier.code,
                action=action,
                actor=getattr(personas, who),
                payload=_payload(action, dossier, personas, data.draw(st.booleans(), label="variant")),
                expected_version=dossier.lock_version,
                at=at,
            )
        except (ActionNotAllowed, ValidationError):
            dossiers[index].refresh_from_db()
        assert figures.differences() == {}
    for dossier in dossiers:
        event(f"ended {dossier.status}, channel {dossier.channel}")


def test_a_dossier_counts_under_its_reception_day_and_its_return_day(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer, at=MONDAY, channel=Channel.ONLINE)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(dossier, "forward", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + 3 * HOUR, name="Giấy xác nhận")
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 4 * HOUR)
    returned_at = dt.datetime(2025, 10, 7, 9, 0, tzinfo=TZ)
    act(dossier, "return_result", personas.desk_officer, returned_at, method=ReturnMethod.AT_COUNTER, recipient="An")
    rows = {row.day: row for row in DailyFigures.objects.all()}
    assert set(rows) == {dt.date(2025, 10, 6), dt.date(2025, 10, 7)}
    monday, tuesday = rows[dt.date(2025, 10, 6)], rows[dt.date(2025, 10, 7)]
    assert (monday.received_online, monday.received_person, monday.returned_early) == (1, 1, 0)
    assert (tuesday.received_online, tuesday.returned_early, tuesday.returned_electronic) == (0, 1, 0)
    assert figures.differences() == {}


def test_a_correction_of_the_channel_moves_the_count_in_one_statement(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    with CaptureQueriesContext(connection) as queries:
        act(dossier, "correct", personas.unit_leader, MONDAY + HOUR, field="channel", value="postal", reason="Nhầm")
    upserts = [q["sql"] for q in queries.captured_queries if DailyFigures._meta.db_table in q["sql"]]
    assert len(upserts) == 1
    row = DailyFigures.objects.get()
    assert (row.received_counter, row.received_postal) == (0, 1)


def test_actions_that_change_no_counted_figure_write_no_daily_figures(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    with CaptureQueriesContext(connection) as queries:
        dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
        act(
            dossier,
            "correct",
            personas.unit_leader,
            MONDAY + 2 * HOUR,
            field="applicant.phone",
            value="0987654321",
            reason="Sai số",
        )
    assert not [q for q in queries.captured_queries if DailyFigures._meta.db_table in q["sql"]]


def test_a_transfer_to_a_successor_moves_the_open_dossiers_figures(personas, version):
    old = personas.other_commune
    desk = UserFactory(username="desk-mui-ne")
    MembershipFactory(user=desk, unit=old, role=Role.DESK_OFFICER)
    received(version, old, desk, at=MONDAY)
    record_succession(
        kind=SuccessionKind.MERGE,
        predecessors=[old],
        successors=[personas.commune],
        effective_on=dt.date(2025, 10, 8),
    )
    old.refresh_from_db()
    transfer_open_dossiers(from_unit=old, at=dt.datetime(2025, 10, 8, 8, 0, tzinfo=TZ))
    row = DailyFigures.objects.get(received_counter=1)
    assert row.resolving_unit_id == personas.commune.pk
    assert figures.differences() == {}


def test_the_rebuild_command_is_idempotent_and_repairs_a_damaged_cell(personas, version):
    received(version, personas.commune, personas.desk_officer)
    DailyFigures.objects.update(received_counter=5)
    out = io.StringIO()
    call_command("rebuild_daily_figures", stdout=out)
    call_command("rebuild_daily_figures", stdout=out)
    assert DailyFigures.objects.get().received_counter == 1
    call_command("rebuild_daily_figures", "--check", stdout=out)
    assert "OK" in out.getvalue()


def test_a_verified_desk_lookup_counts_the_dossier_as_reusing_population_data_in_one_statement(personas, version):
    with CaptureQueriesContext(connection) as queries:
        verified = _received_with_lookup(version, personas, MONDAY)
    upserts = [q["sql"] for q in queries.captured_queries if DailyFigures._meta.db_table in q["sql"]]
    assert len(upserts) == 2  # the reception's, then the look-up's once it joined the dossier's record
    _received_with_lookup(version, personas, MONDAY + HOUR, name="Nguyễn Văn Ân")  # a mismatch: not reused
    row = DailyFigures.objects.get()
    assert (row.received_counter, row.received_person, row.received_population_reused) == (2, 2, 1)
    assert DataReuse.objects.get(outcome="verified").dossier == verified
    assert figures.differences() == {}


def test_the_migration_fills_the_person_and_population_reuse_columns_like_the_rebuild(personas, version):
    migration = importlib.import_module("motcua.dossiers.migrations.0010_daily_figures_population_reuse")
    _received_with_lookup(version, personas, MONDAY)
    received(version, personas.commune, personas.desk_officer, channel=Channel.ONLINE)
    DailyFigures.objects.update(received_person=0, received_population_reused=0)
    migration.fill(None, types.SimpleNamespace(connection=connection))
    row = DailyFigures.objects.get()
    assert (row.received_person, row.received_population_reused) == (2, 1)
    assert figures.differences() == {}
