"""The event log: one hashed event per change, chained per dossier; verify_events names the first broken link."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from motcua.dossiers.events import event_hash
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def two_dossiers(personas, version):
    first = received(version, personas.commune, personas.desk_officer)
    first = act(first, "forward", personas.desk_officer, MONDAY + HOUR, note="Chuyển")
    first = act(first, "send_back", personas.specialist, MONDAY + 2 * HOUR, reason="Thiếu")
    second = received(version, personas.commune, personas.desk_officer, at=MONDAY + HOUR)
    return first, second


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_events", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _raw(sql: str, params: list) -> None:
    """Tamper as a database superuser would; on PostgreSQL that means switching triggers off first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql.replace("{table}", DossierEvent._meta.db_table), params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_each_event_links_to_the_previous_one_and_the_dossier_holds_the_head(two_dossiers):
    first, _second = two_dossiers
    events = list(first.events.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == ""
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(event_hash(e, first.code) == e.hash for e in events)
    assert first.head_hash == events[-1].hash
    assert (events[1].role, events[1].unit_id, events[1].reason) == ("desk_officer", first.receiving_unit_id, "Chuyển")


def test_verify_events_passes_on_untouched_chains_and_counts_them(two_dossiers):
    assert _verify() == "OK: 2 dossiers, 4 events verified.\n"
    assert _verify("--dossier", two_dossiers[1].code) == "OK: 1 dossiers, 1 events verified.\n"


def test_altering_one_event_row_makes_verify_events_fail_naming_it(two_dossiers):
    first, _second = two_dossiers
    altered = first.events.get(seq=2)
    _raw("UPDATE {table} SET reason = %s WHERE id = %s", ["Không chuyển", altered.pk])
    with pytest.raises(CommandError, match=rf"{first.code}: event #2 \(id {altered.pk}\).*altered"):
        _verify()


def test_deleting_the_last_event_is_caught_through_the_head_hash(two_dossiers):
    first, _second = two_dossiers
    _raw("DELETE FROM {table} WHERE id = %s", [first.events.get(seq=3).pk])
    with pytest.raises(CommandError, match=rf"{first.code}: head: .*last event was removed"):
        _verify()


def test_deleting_a_middle_event_is_caught_as_removed(two_dossiers):
    first, _second = two_dossiers
    _raw("DELETE FROM {table} WHERE id = %s", [first.events.get(seq=2).pk])
    with pytest.raises(CommandError, match=rf"{first.code}: event #3 .*removed or reordered"):
        _verify()


def test_swapping_two_events_is_caught_as_reordered(two_dossiers):
    first, _second = two_dossiers
    second_event, third_event = first.events.get(seq=2), first.events.get(seq=3)
    _raw("UPDATE {table} SET seq = 99 WHERE id = %s", [second_event.pk])
    _raw("UPDATE {table} SET seq = 2 WHERE id = %s", [third_event.pk])
    _raw("UPDATE {table} SET seq = 3 WHERE id = %s", [second_event.pk])
    with pytest.raises(CommandError, match=rf"{first.code}: event #2 .*removed or reordered"):
        _verify()


@pytest.mark.postgres_only
def test_postgresql_itself_refuses_to_update_or_delete_an_event(two_dossiers):
    event = two_dossiers[0].events.first()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).delete()
    assert DossierEvent.objects.get(pk=event.pk).reason == event.reason
