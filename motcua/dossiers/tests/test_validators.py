"""The applicant's identifiers (domain.md §10) and the dated rule sets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import Applicant, ApplicantKind
from motcua.dossiers.rulesets import Decree, FormSet, rules_for
from motcua.dossiers.validators import validate_identity_number, validate_tax_code


@pytest.mark.parametrize("number", ["06809000123", "0680900012345", "06809000123A", ""])
def test_identity_number_must_be_twelve_digits(number):
    with pytest.raises(ValidationError, match="12 chữ số"):
        validate_identity_number(number, None)


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("068090001234", dt.date(1990, 5, 17)),  # man born in the 1900s
        ("001190001234", dt.date(1990, 5, 17)),  # woman born in the 1900s
        ("079205001234", dt.date(2005, 1, 1)),  # man born in the 2000s
        ("067305001234", dt.date(2005, 1, 1)),  # woman born in the 2000s
    ],
)
def test_identity_number_consistent_with_the_birth_date_is_accepted(number, born):
    validate_identity_number(number, born)


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("068091001234", dt.date(1990, 5, 17)),  # year digits say 1991
        ("068290001234", dt.date(1990, 5, 17)),  # century digit says 2090
    ],
)
def test_identity_number_contradicting_the_birth_date_is_refused(number, born):
    with pytest.raises(ValidationError, match="không khớp với năm sinh"):
        validate_identity_number(number, born)


def test_identity_number_is_never_refused_for_its_province_code():
    validate_identity_number("999090001234", dt.date(1990, 1, 1))


def test_tax_code_is_ten_digits_optionally_with_a_branch_number():
    validate_tax_code("0312345678")
    validate_tax_code("0312345678-001")
    with pytest.raises(ValidationError):
        validate_tax_code("031234567")


def test_a_person_needs_an_identity_number_and_an_organisation_a_tax_code():
    with pytest.raises(ValidationError) as person_error:
        Applicant(kind=ApplicantKind.PERSON, name="Trần Thị B").clean()
    assert "identity_number" in person_error.value.message_dict
    with pytest.raises(ValidationError) as organisation_error:
        Applicant(kind=ApplicantKind.ORGANISATION, name="Công ty TNHH C").clean()
    assert "tax_code" in organisation_error.value.message_dict


@pytest.mark.parametrize(
    ("day", "form_set", "decree"),
    [
        (dt.date(2025, 6, 30), FormSet.SET_2018, Decree.DECREE_61),
        (dt.date(2025, 7, 1), FormSet.SET_2018, Decree.DECREE_118),
        (dt.date(2025, 9, 14), FormSet.SET_2018, Decree.DECREE_118),
        (dt.date(2025, 9, 15), FormSet.SET_2025, Decree.DECREE_118),
    ],
)
def test_the_rule_set_is_the_one_in_force_on_the_reception_day(day, form_set, decree):
    rules = rules_for(day)
    assert rules.code == form_set
    assert rules.decree.decree == decree


def test_only_the_2025_form_set_has_the_stop_notice_form():
    assert "stop_notice" not in rules_for(dt.date(2025, 9, 14)).form_set.forms
    assert rules_for(dt.date(2025, 9, 15)).form_set.forms["stop_notice"] == "05"
