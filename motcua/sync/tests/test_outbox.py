"""Every status change leaves one outbox message, written in the same transaction as its event."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import OnlineMode
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Channel, ClockPause, DossierEvent, DossierStatus, ReturnMethod
from motcua.dossiers.services import receive
from motcua.dossiers.tests.factories import MONDAY, received, reception_data
from motcua.dossiers.tests.helpers import act
from motcua.sync.models import OutboxMessage, OutboxState

HOUR = dt.timedelta(hours=1)


def walk_to_return(personas, version):
    """Reception → processing → approval (processed) → return, with the result attached on the way."""
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, note="Chuyển xử lý")
    dossier = act(dossier, "forward", personas.specialist, MONDAY + 2 * HOUR, note="Đủ điều kiện")
    dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + 3 * HOUR, name="Giấy xác nhận")
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + 4 * HOUR)
    return act(
        dossier,
        "return_result",
        personas.desk_officer,
        MONDAY + 5 * HOUR,
        method=ReturnMethod.AT_COUNTER,
        recipient="Nguyễn Văn An",
    )


def test_each_status_change_writes_one_message_mapped_to_the_national_codes(personas, version):
    dossier = walk_to_return(personas, version)
    messages = list(OutboxMessage.objects.filter(dossier=dossier))
    # received 2 → processing 4 → processed 9 → returned 10; the second hand-over and the result keep the status.
    assert [m.national_status for m in messages] == [2, 4, 9, 10]
    assert {m.national_channel for m in messages} == {1}
    assert [m.event_seq for m in messages] == [1, 2, 5, 6]
    assert [m.idempotency_key for m in messages] == [f"{dossier.code}/{seq}" for seq in (1, 2, 5, 6)]
    assert all(m.state == OutboxState.PENDING for m in messages)
    last = messages[-1].body
    assert last["TrangThaiHoSo"] == 10
    assert last["NgayTiepNhan"] == "20251006080000"
    assert last["NgayTra"] == "20251006130000"


def test_an_action_that_keeps_the_status_writes_no_message(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    before = OutboxMessage.objects.count()
    act(dossier, "attach_result", personas.specialist, MONDAY + 2 * HOUR, name="Dự thảo")
    assert OutboxMessage.objects.count() == before


def test_an_online_dossier_is_sent_with_the_online_channel_code(personas):
    version = published_version(online_mode=OnlineMode.FULL)
    dossier = received(version, personas.commune, personas.desk_officer, channel=Channel.ONLINE)
    assert OutboxMessage.objects.get(dossier=dossier).national_channel == 2


def test_a_financial_obligation_request_sends_national_code_6_and_its_payment_sends_4(personas, version):
    dossier = act(received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY)
    dossier = act(
        dossier, "request_payment", personas.specialist, MONDAY + HOUR, description="Lệ phí trước bạ", reason="NĐ 10"
    )
    act(
        dossier,
        "confirm_payment",
        personas.desk_officer,
        MONDAY + 2 * HOUR,
        receipt_reference="BL-1",
        paid_on="2025-10-06",
    )
    messages = list(OutboxMessage.objects.filter(dossier=dossier))
    assert [(m.national_status, m.event_seq) for m in messages] == [(2, 1), (4, 2), (6, 3), (4, 4)]
    assert messages[2].body["TrangThaiHoSo"] == 6 and messages[2].body["NgayHenTra"] is None
    assert messages[3].body["NgayHenTra"] is not None


@pytest.mark.django_db(transaction=True)
def test_a_financial_obligation_request_whose_message_cannot_be_written_is_not_recorded_either(personas, version):
    dossier = act(received(version, personas.commune, personas.desk_officer), "forward", personas.desk_officer, MONDAY)
    with (
        mock.patch.object(OutboxMessage.objects, "create", side_effect=RuntimeError("outbox unavailable")),
        pytest.raises(RuntimeError),
    ):
        act(dossier, "request_payment", personas.specialist, MONDAY + HOUR, description="Lệ phí", reason="NĐ 10")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.lock_version) == (DossierStatus.PROCESSING, 2)
    assert not ClockPause.objects.filter(dossier=dossier).exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_neither_event_nor_message(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    with pytest.raises(RuntimeError), transaction.atomic():
        act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
        raise RuntimeError("the caller's transaction fails after the action")
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert OutboxMessage.objects.filter(dossier=dossier).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_action_whose_message_cannot_be_written_is_not_recorded_either(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    with (
        mock.patch.object(OutboxMessage.objects, "create", side_effect=RuntimeError("outbox unavailable")),
        pytest.raises(RuntimeError),
    ):
        act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier.refresh_from_db()
    assert dossier.lock_version == 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_reception_pays_a_single_insert_for_its_message(personas, version):
    received(version, personas.commune, personas.desk_officer)  # warm the calendar cache
    data = reception_data(version, personas.commune)
    with CaptureQueriesContext(connection) as queries:
        receive(actor=personas.desk_officer, data=data, at=MONDAY + HOUR)
    outbox = [q["sql"] for q in queries if "sync_outboxmessage" in q["sql"]]
    assert len(outbox) == 1
    assert outbox[0].startswith("INSERT")
