"""The sender contract: what the worker relies on, checked against the HTTP sender and the local fake portal."""

from __future__ import annotations

import pytest

from motcua.sync.senders import HttpSender, SendError
from motcua.sync.tests.fake_portal import running_fake_portal


@pytest.fixture
def fake():
    with running_fake_portal() as portal:
        yield portal


def test_a_sender_delivers_the_body_with_its_idempotency_key(fake):
    HttpSender(fake.url).send({"MaHoSo": "X-1", "TrangThaiHoSo": 2}, idempotency_key="X-1/1")
    assert fake.received == [("X-1/1", {"MaHoSo": "X-1", "TrangThaiHoSo": 2})]


def test_a_sender_repeating_a_key_creates_no_second_message(fake):
    sender = HttpSender(fake.url)
    sender.send({"MaHoSo": "X-1"}, idempotency_key="X-1/1")
    sender.send({"MaHoSo": "X-1"}, idempotency_key="X-1/1")
    assert fake.requests == 2
    assert fake.keys == ["X-1/1"]


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_sender_raises_send_error_with_the_status_when_refused(fake, status):
    fake.fail_next(status)
    with pytest.raises(SendError, match=f"HTTP {status}"):
        HttpSender(fake.url).send({}, idempotency_key="k")


def test_a_sender_refuses_a_url_that_is_not_http():
    with pytest.raises(ValueError, match="http"):
        HttpSender("file:///etc/passwd")
