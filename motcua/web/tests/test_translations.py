"""The English catalogue must cover the Vietnamese interface (docs/decisions/001-vietnamese-source-strings.md).

A missing English translation silently shows Vietnamese to an English reader, and a broken placeholder crashes the
page at render time, so both are caught here rather than by someone clicking through the screens.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "motcua" / "locale" / "en" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    """One message of a .po file: its flags and its msgid/msgid_plural/msgstr[...] fields, unescaped."""

    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)


def read_catalogue(path: Path) -> list[Entry]:
    """Parse a .po file the way msgfmt reads it: blank-line separated entries, continued quoted strings.

    Obsolete entries (``#~``) are comments to msgfmt and are skipped like the other comments.
    """
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry.fields[current] += ast.literal_eval(line)
            else:
                current, _, literal = line.partition(" ")
                entry.fields[current] = ast.literal_eval(literal)
        if entry.fields.get("msgid"):
            entries.append(entry)
    return entries


def untranslated(entries: list[Entry]) -> list[str]:
    """Msgids of entries that are fuzzy or have an empty translation (any plural form counts)."""
    return [
        entry.fields["msgid"]
        for entry in entries
        if "fuzzy" in entry.flags or any(not text for name, text in entry.fields.items() if name.startswith("msgstr"))
    ]


def msgfmt() -> str:
    """Path of GNU msgfmt; CI must have it (the Makefile needs it too), a developer machine may skip loudly."""
    path = shutil.which("msgfmt")
    if path is None:
        message = "msgfmt is missing: apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def test_every_interface_string_has_an_english_translation():
    missing = untranslated(read_catalogue(CATALOGUE))
    assert not missing, f"{len(missing)} untranslated or fuzzy msgids in {CATALOGUE.name}:\n" + "\n".join(missing)


def test_the_english_catalogue_keeps_every_placeholder_of_its_msgids():
    result = subprocess.run(  # noqa: S603 - fixed argv: msgfmt found on PATH and the committed catalogue
        [msgfmt(), "--check-format", "--check-header", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_catalogue_reader_counts_a_fuzzy_entry_and_an_empty_plural_form_as_untranslated(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hồ sơ %(code)s"\nmsgstr "Dossier %(code)s"\n\n'
        'msgid "%(n)s hồ sơ"\nmsgid_plural "%(n)s hồ sơ"\nmsgstr[0] "%(n)s dossier"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Tiếp nhận "\n"hồ sơ"\nmsgstr ""\n"Receive "\n"dossier"\n\n'
        '#~ msgid "Cũ"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = read_catalogue(po)
    assert [entry.fields["msgid"] for entry in entries] == ["Hồ sơ %(code)s", "%(n)s hồ sơ", "Tiếp nhận hồ sơ"]
    assert untranslated(entries) == ["Hồ sơ %(code)s", "%(n)s hồ sơ"]
