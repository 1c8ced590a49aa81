"""Test-wide fixtures and markers shared by every app."""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip PostgreSQL-only tests on SQLite, saying why (a silent pass would hide missing coverage)."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def personas(db):
    """Desk officer, specialist, leader, liaison, monitor, admins of one commune, and an outsider of another."""
    from motcua.organization.tests.personas import make_personas

    return make_personas()
