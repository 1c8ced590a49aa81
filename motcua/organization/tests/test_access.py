import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.organization.access import has_role, is_provincial_monitor, roles_of, units_where
from motcua.organization.models import Role
from motcua.organization.services import assign_role, end_membership
from motcua.organization.tests.factories import EPOCH, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_of_lists_the_unit_and_role_pairs_held_today(personas):
    assert roles_of(personas.desk_officer) == {(personas.commune.pk, Role.DESK_OFFICER)}


def test_roles_of_is_empty_for_anonymous_and_deactivated_accounts(personas):
    personas.specialist.is_active = False
    assert roles_of(AnonymousUser()) == set()
    assert roles_of(personas.specialist) == set()


def test_roles_of_answers_for_the_day_asked():
    membership = MembershipFactory(role=Role.UNIT_LEADER, valid_to=dt.date(2025, 12, 31))
    assert roles_of(membership.user, on=dt.date(2025, 12, 31)) == {(membership.unit_id, Role.UNIT_LEADER)}
    assert roles_of(membership.user, on=dt.date(2026, 1, 1)) == set()
    assert roles_of(membership.user, on=EPOCH - dt.timedelta(days=1)) == set()


def test_has_role_is_scoped_to_the_unit_when_one_is_given(personas):
    assert has_role(personas.specialist, Role.SPECIALIST)
    assert has_role(personas.specialist, Role.SPECIALIST, unit=personas.commune)
    assert not has_role(personas.specialist, Role.SPECIALIST, unit=personas.other_commune)
    assert not has_role(personas.specialist, Role.UNIT_LEADER)


def test_role_changes_through_the_services_are_seen_on_the_same_user_object(personas):
    user = personas.desk_officer
    assert not has_role(user, Role.SPECIALIST)
    membership = assign_role(user=user, unit=personas.commune, role=Role.SPECIALIST, valid_from=EPOCH)
    assert has_role(user, Role.SPECIALIST)
    end_membership(membership, last_day=EPOCH)
    assert not has_role(user, Role.SPECIALIST, on=EPOCH + dt.timedelta(days=1))


def test_units_where_lists_only_the_units_of_that_role(personas):
    user = UserFactory()
    MembershipFactory(user=user, unit=personas.commune, role=Role.DESK_OFFICER)
    MembershipFactory(user=user, unit=personas.other_commune, role=Role.DESK_OFFICER)
    MembershipFactory(user=user, unit=personas.province_office, role=Role.SPECIALIST)
    assert set(units_where(user, Role.DESK_OFFICER)) == {personas.commune, personas.other_commune}
    assert list(units_where(user, Role.UNIT_LEADER)) == []


def test_only_the_provincial_monitor_is_a_provincial_monitor(personas):
    assert is_provincial_monitor(personas.provincial_monitor)
    assert not is_provincial_monitor(personas.unit_leader)
    assert not is_provincial_monitor(AnonymousUser())


def test_system_admins_may_change_the_organisation_but_not_the_catalog(personas):
    admin = personas.system_admin
    assert admin.has_module_perms("organization")
    assert admin.has_perm("organization.change_unit")
    assert admin.has_perm("organization.add_membership")
    assert not admin.has_perm("catalog.change_procedure")


def test_catalog_admins_may_change_the_catalog_but_not_the_organisation(personas):
    admin = personas.catalog_admin
    assert admin.has_module_perms("catalog")
    assert admin.has_perm("catalog.change_procedure")
    assert not admin.has_perm("organization.change_unit")
    assert not admin.has_module_perms("organization")


def test_nobody_may_delete_units_or_memberships_through_roles(personas):
    assert not personas.system_admin.has_perm("organization.delete_unit")
    assert not personas.system_admin.has_perm("organization.delete_membership")


def test_other_roles_have_no_admin_permission(personas):
    for user in (personas.desk_officer, personas.unit_leader, personas.provincial_monitor):
        assert not user.has_perm("organization.view_unit")
        assert not user.has_perm("catalog.view_procedure")
