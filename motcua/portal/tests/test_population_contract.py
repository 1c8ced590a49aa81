"""The contract every population-registry backend passes, run here against the local registry.

A production adapter subclasses ``RegistryContract`` in its own test module and implements ``make_registry`` (seed
the given people in a test tenant or a recorded exchange) to prove it answers the same way.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.portal.models import LookupOutcome
from motcua.portal.population import LocalRegistry, PersonRecord, PopulationRegistry, lookup_person, registry

BINH = PersonRecord("060185004321", "Trần Thị Bình", dt.date(1985, 11, 2), "45 Nguyễn Tất Thành, phường Mũi Né")


class RegistryContract:
    def make_registry(self, people: list[PersonRecord]) -> PopulationRegistry:
        raise NotImplementedError

    @pytest.fixture
    def backend(self) -> PopulationRegistry:
        return self.make_registry([BINH])

    def test_a_known_person_comes_back_verified_with_the_registrys_data(self, backend):
        result = backend.lookup(identity_number=BINH.identity_number, name=BINH.name, birth_date=BINH.birth_date)
        assert result.outcome == LookupOutcome.VERIFIED
        assert result.person == BINH

    def test_case_and_spacing_of_the_name_do_not_matter(self, backend):
        result = backend.lookup(
            identity_number=BINH.identity_number, name="  trần   THỊ bình ", birth_date=BINH.birth_date
        )
        assert result.verified

    def test_diacritics_of_the_name_do_matter(self, backend):
        result = backend.lookup(identity_number=BINH.identity_number, name="Tran Thi Binh", birth_date=BINH.birth_date)
        assert result.outcome == LookupOutcome.MISMATCH and result.person is None

    def test_a_wrong_birth_date_is_a_mismatch_and_reveals_nothing(self, backend):
        result = backend.lookup(identity_number=BINH.identity_number, name=BINH.name, birth_date=dt.date(1985, 11, 3))
        assert result.outcome == LookupOutcome.MISMATCH and result.person is None

    def test_an_unknown_number_is_not_found(self, backend):
        result = backend.lookup(identity_number="068099000000", name=BINH.name, birth_date=BINH.birth_date)
        assert result.outcome == LookupOutcome.NOT_FOUND and result.person is None


class TestLocalRegistry(RegistryContract):
    def make_registry(self, people):
        return LocalRegistry(people)


def test_the_configured_backend_is_the_local_registry_with_the_demo_citizens(settings):
    settings.MOTCUA_POPULATION_BACKEND = "motcua.portal.population.LocalRegistry"
    result = registry().lookup(identity_number="068090001234", name="Nguyễn Văn An", birth_date=dt.date(1990, 5, 17))
    assert result.verified
    assert "Phan Thiết" in result.person.permanent_address


def test_a_backend_that_fails_reads_as_unavailable_with_the_reason():
    class Down:
        def lookup(self, **kwargs):
            raise ConnectionError("exchange unreachable")

    result = lookup_person(
        identity_number=BINH.identity_number, name=BINH.name, birth_date=BINH.birth_date, backend=Down()
    )
    assert result.outcome == LookupOutcome.UNAVAILABLE
    assert result.detail == "exchange unreachable"
