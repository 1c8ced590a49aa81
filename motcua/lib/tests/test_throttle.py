"""The shared attempt counter behind the lookup page and the citizen account pages."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache

from motcua.lib.throttle import attempt_allowed


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_attempts_beyond_the_allowance_are_refused_per_key_and_scope():
    assert [attempt_allowed("a", "k", (2, 60)) for _ in range(3)] == [True, True, False]
    assert attempt_allowed("a", "other", (2, 60))
    assert attempt_allowed("b", "k", (2, 60))


def test_the_allowance_returns_when_the_window_has_passed():
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert attempt_allowed("a", "k", (1, 60))
        assert not attempt_allowed("a", "k", (1, 60))
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert attempt_allowed("a", "k", (1, 60))


def test_the_cache_never_holds_the_counted_address_or_account():
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        attempt_allowed("portal:sign_in:account", "an@example.vn", (5, 60))
    (key, *_rest), _kwargs = add.call_args
    assert key.startswith("throttle:portal:sign_in:account:") and "an@example.vn" not in key
