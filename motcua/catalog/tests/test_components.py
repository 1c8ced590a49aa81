"""The offered-components rule: only published components may be asked for."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.services import published_components, retire_version, validate_requested_components
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory, published_version

pytestmark = pytest.mark.django_db


def test_published_components_are_the_versions_list_in_order():
    version = published_version(components=3)
    assert [component.order for component in published_components(version)] == [1, 2, 3]


def test_a_draft_offers_no_components():
    version = ProcedureVersionFactory()
    ComponentFactory(version=version)
    assert not published_components(version).exists()


def test_a_retired_version_still_offers_its_components_to_its_dossiers():
    version = published_version(components=2)
    retire_version(version, last_day=version.valid_from)
    assert published_components(version).count() == 2


def test_requesting_published_components_returns_them_in_published_order():
    version = published_version(components=3)
    first, _second, third = version.components.all()
    assert validate_requested_components(version, [third.pk, first.pk]) == [first, third]


def test_requesting_a_component_of_another_version_is_refused():
    version = published_version(components=2)
    foreign = published_version(components=1).components.get()
    with pytest.raises(ValidationError) as caught:
        validate_requested_components(version, [version.components.first().pk, foreign.pk])
    assert "ngoài danh mục thành phần hồ sơ đã công bố" in caught.value.messages[0]
    assert str(foreign.pk) in caught.value.messages[0]


def test_requesting_an_unknown_component_is_refused():
    with pytest.raises(ValidationError):
        validate_requested_components(published_version(), [999_999])
