"""Who sees which dossier: staff of the units it touches, provincial monitors everywhere, nobody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.dossiers.access import dossier_for_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import received


@pytest.fixture
def dossier(personas, version):
    return received(version, personas.commune, personas.desk_officer)


def test_staff_of_the_receiving_unit_see_the_dossier_and_other_units_do_not(personas, dossier):
    assert list(Dossier.objects.visible_to(personas.specialist)) == [dossier]
    assert list(Dossier.objects.visible_to(personas.outsider)) == []


def test_a_provincial_monitor_sees_every_dossier_but_may_not_act(personas, dossier):
    assert dossier_for_user(personas.provincial_monitor, dossier.code) == dossier
    with pytest.raises(PermissionDenied):
        dossier_for_user(personas.provincial_monitor, dossier.code, write=True)


def test_another_units_staff_get_not_found_rather_than_forbidden(personas, dossier):
    with pytest.raises(Http404):
        dossier_for_user(personas.outsider, dossier.code)
    with pytest.raises(Http404):
        dossier_for_user(personas.outsider, "000.00.22.H68-251006-9999")


def test_staff_of_a_unit_the_dossier_touches_may_act(personas, dossier):
    assert dossier_for_user(personas.unit_leader, dossier.code, write=True) == dossier


def test_an_anonymous_user_sees_nothing(dossier):
    from django.contrib.auth.models import AnonymousUser

    assert not Dossier.objects.visible_to(AnonymousUser()).exists()
