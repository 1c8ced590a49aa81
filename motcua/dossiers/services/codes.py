"""Gap-free numbers per unit and day: dossier codes (domain.md §5) and serials of reception notices.

The number is taken with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on the counter row inside the caller's
transaction: the row stays locked until commit, so concurrent desks queue on it, and a reception that rolls back
gives its number back. Both SQLite (≥ 3.35) and PostgreSQL run the same statement.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import CounterSeries, DossierCounter
from motcua.organization.models import Unit

# Circular 01/2018 Art. 19: <unit electronic code>-YYMMDD-NNNN. Circular 03/2025 may re-specify it, hence a setting.
DOSSIER_CODE_FORMAT: str = getattr(settings, "MOTCUA_DOSSIER_CODE_FORMAT", "{unit}-{day:%y%m%d}-{seq:04d}")
NOTICE_SERIAL_FORMAT: str = getattr(settings, "MOTCUA_NOTICE_SERIAL_FORMAT", "{unit}-{day:%y%m%d}-P{seq:04d}")
DAILY_MAXIMUM: int = getattr(settings, "MOTCUA_DOSSIER_DAILY_MAXIMUM", 9999)

_NEXT_SQL = f"""
INSERT INTO {DossierCounter._meta.db_table} (unit_id, day, series, last) VALUES (%s, %s, %s, 1)
ON CONFLICT (unit_id, day, series) DO UPDATE SET last = {DossierCounter._meta.db_table}.last + 1
RETURNING last
"""  # noqa: S608 - only the model's own table name is interpolated


def _next_number(unit: Unit, day: dt.date, series: CounterSeries) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL, [unit.pk, day, series.value])
        (number,) = cursor.fetchone()
    if number > DAILY_MAXIMUM:
        raise ValidationError(
            _("Đơn vị %(unit)s đã dùng hết %(maximum)s số trong ngày %(day)s; không cấp được số mới."),
            code="daily_numbers_exhausted",
            params={"unit": unit.code, "maximum": DAILY_MAXIMUM, "day": day.strftime("%d/%m/%Y")},
        )
    return number


def allocate_dossier_code(unit: Unit, day: dt.date) -> str:
    """The next dossier code of ``unit`` for reception day ``day``; call inside the reception transaction."""
    return DOSSIER_CODE_FORMAT.format(unit=unit.code, day=day, seq=_next_number(unit, day, CounterSeries.DOSSIER))


def allocate_notice_serial(unit: Unit, day: dt.date) -> str:
    """The next serial of a guidance or refusal notice of ``unit`` for ``day``."""
    return NOTICE_SERIAL_FORMAT.format(unit=unit.code, day=day, seq=_next_number(unit, day, CounterSeries.NOTICE))
