"""Every setting the code reads with a fallback is documented in .env.example, so operators know it exists."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READ = re.compile(r'getattr\(settings, "(MOTCUA_[A-Z0-9_]+)"')


def read_with_a_default() -> set[str]:
    return {name for path in (ROOT / "motcua").rglob("*.py") for name in READ.findall(path.read_text())}


def test_every_motcua_setting_read_with_a_default_is_listed_in_env_example():
    read = read_with_a_default()
    listed = set(re.findall(r"MOTCUA_[A-Z0-9_]+", (ROOT / ".env.example").read_text()))
    # A secret is documented by its _FILE variant (env_secret reads either).
    missing = {name for name in read if name not in listed and f"{name}_FILE" not in listed}

    assert read and not missing, missing


def test_every_documented_tunable_can_be_set_from_the_environment():
    read = read_with_a_default()
    settings_source = (ROOT / "motcua" / "settings.py").read_text()

    assert {name for name in read if f'"{name}"' not in settings_source} == set()
