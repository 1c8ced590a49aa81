"""The committed OpenAPI schema is the API: a change to one without the other fails here."""

from __future__ import annotations

from motcua.api.management.commands.export_openapi import REGENERATE, SCHEMA_PATH, current_schema


def test_the_committed_openapi_schema_matches_the_api():
    committed = SCHEMA_PATH.read_text(encoding="utf-8")

    assert committed == current_schema(), f"motcua/api/openapi.json is out of date: run `{REGENERATE}` and commit it."
