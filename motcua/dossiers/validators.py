"""Validation of the applicant's identifiers (domain.md §10).

The identity number's first three digits name the province where the birth was registered; provinces merge, so they
are never checked and never used to infer where the applicant lives today.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_IDENTITY_NUMBER = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
# Digit 4 encodes the century of birth and the sex: an even digit for men, the next odd digit for women.
_CENTURY_BY_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


def validate_identity_number(number: str, birth_date: dt.date | None) -> None:
    """Refuse a citizen identity number that is not 12 digits or contradicts the known birth date."""
    if not _IDENTITY_NUMBER.match(number):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="identity_number_format", params={"value": number}
        )
    if birth_date is None:
        return
    century = _CENTURY_BY_DIGIT[int(number[3])]
    year = century + int(number[4:6])
    if year != birth_date.year:
        raise ValidationError(
            _(
                "Số định danh cá nhân %(number)s không khớp với năm sinh %(year)s "
                "(chữ số thứ 4 và hai chữ số 5–6 ghi thế kỷ và năm sinh)."
            ),
            code="identity_number_birth_year",
            params={"number": number, "year": birth_date.year},
        )


def validate_tax_code(code: str) -> None:
    """Refuse a tax code that is neither 10 digits nor 10 digits, a hyphen and a 3-digit branch number."""
    if not _TAX_CODE.match(code):
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của chi nhánh."),
            code="tax_code_format",
        )
