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


CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network: no background connections, no first-run, no sandbox (CI runs as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; missing browser skips loudly locally and fails in CI."""
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium (browser tests need Debian's Chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page at a 1366×768 screen, the size of the offices' laptops."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: throttles count sign-ins and look-ups there, across tests otherwise."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request in English leaves its language active in the thread afterwards."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()
