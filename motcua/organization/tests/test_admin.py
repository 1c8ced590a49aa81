import datetime as dt

import pytest
from django.urls import reverse

from motcua.organization.models import Membership, SuccessionKind, Unit, UnitSuccession
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["user", "unit", "unitsuccession", "membership"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_pages_open_for_a_system_admin(client, personas, model, page):
    client.force_login(personas.system_admin)
    response = client.get(reverse(f"admin:organization_{model}_{page}"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["user", "unit"])
def test_admin_change_pages_open_for_a_system_admin(client, personas, model):
    client.force_login(personas.system_admin)
    obj = personas.system_admin if model == "user" else personas.commune
    response = client.get(reverse(f"admin:organization_{model}_change", args=[obj.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_admin_refuses_a_user_who_is_not_staff(client, personas, model):
    client.force_login(personas.unit_leader)
    response = client.get(reverse(f"admin:organization_{model}_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_refuses_the_organisation_to_a_catalog_admin(client, personas):
    client.force_login(personas.catalog_admin)
    assert client.get(reverse("admin:organization_unit_changelist")).status_code == 403


def test_unit_changelist_searches_by_code_and_filters_active_units(client, personas):
    UnitFactory(code="000.00.99.H68", name="Ủy ban nhân dân xã Đã giải thể", valid_to=dt.date(2025, 7, 2))
    client.force_login(personas.system_admin)
    url = reverse("admin:organization_unit_changelist")
    assert "000.00.22.H68" in client.get(url, {"q": "000.00.22"}).content.decode()
    active = client.get(url, {"active": "yes"}).content.decode()
    assert "000.00.22.H68" in active
    assert "000.00.99.H68" not in active


def test_unit_admin_refuses_a_parent_that_does_not_cover_the_validity(client, personas):
    client.force_login(personas.system_admin)
    parent = UnitFactory(code="000.00.00.H68", valid_from=dt.date(2026, 1, 1))
    response = client.post(
        reverse("admin:organization_unit_add"),
        {
            "code": "000.00.98.H68",
            "name": "Ủy ban nhân dân xã Thử",
            "kind": "peoples_committee",
            "level": "commune",
            "parent": parent.pk,
            "valid_from": "2025-07-01",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 200
    assert "không bao trùm" in response.content.decode()
    assert not Unit.objects.filter(code="000.00.98.H68").exists()


def test_succession_admin_ends_the_predecessor_like_the_services(client, personas):
    client.force_login(personas.system_admin)
    old = UnitFactory(code="000.01.01.H68", valid_from=dt.date(2024, 1, 1))
    membership = MembershipFactory(unit=old, valid_from=dt.date(2024, 1, 1))
    response = client.post(
        reverse("admin:organization_unitsuccession_add"),
        {
            "predecessor": old.pk,
            "successor": personas.commune.pk,
            "kind": SuccessionKind.MERGE,
            "effective_on": "2025-07-01",
            "note": "Nghị quyết sáp nhập",
        },
    )
    assert response.status_code == 302
    assert UnitSuccession.objects.filter(predecessor=old, successor=personas.commune).exists()
    assert Unit.objects.get(pk=old.pk).valid_to == dt.date(2025, 6, 30)
    membership.refresh_from_db()
    assert membership.valid_to == dt.date(2025, 6, 30)


def test_user_admin_refuses_an_overlapping_membership_in_the_inline(client, personas):
    client.force_login(personas.system_admin)
    user = UserFactory(username="canbo")
    existing = MembershipFactory(user=user, unit=personas.commune)
    response = client.post(
        reverse("admin:organization_user_change", args=[user.pk]),
        {
            "username": "canbo",
            "last_name": "Nguyễn",
            "first_name": "Văn B",
            "is_active": "on",
            "date_joined_0": "2025-07-01",
            "date_joined_1": "08:00:00",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": existing.pk,
            "memberships-0-user": user.pk,
            "memberships-0-unit": personas.commune.pk,
            "memberships-0-role": existing.role,
            "memberships-0-valid_from": "2025-07-01",
            "memberships-1-user": user.pk,
            "memberships-1-unit": personas.commune.pk,
            "memberships-1-role": existing.role,
            "memberships-1-valid_from": "2025-09-01",
        },
    )
    assert response.status_code == 200
    assert "trùng thời gian" in response.content.decode()
    assert Membership.objects.filter(user=user).count() == 1


def _empty_inlines() -> dict[str, str]:
    fields = {}
    for prefix in ("successions_in", "successions_out"):
        fields |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return fields


def test_user_admin_refuses_two_new_overlapping_memberships_in_one_submission(client, personas):
    client.force_login(personas.system_admin)
    user = UserFactory(username="canbo")
    row = {"user": user.pk, "unit": personas.commune.pk, "role": "specialist"}
    response = client.post(
        reverse("admin:organization_user_change", args=[user.pk]),
        {
            "username": "canbo",
            "is_active": "on",
            "date_joined_0": "2025-07-01",
            "date_joined_1": "08:00:00",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "0",
            **{f"memberships-0-{key}": value for key, value in row.items()},
            "memberships-0-valid_from": "2025-07-01",
            **{f"memberships-1-{key}": value for key, value in row.items()},
            "memberships-1-valid_from": "2025-09-01",
        },
    )
    assert response.status_code == 200
    assert "cùng vai trò tại cùng đơn vị không được trùng thời gian" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()
