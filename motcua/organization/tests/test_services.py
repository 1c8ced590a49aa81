import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.organization.models import Membership, Role, Unit, UnitKind, UnitLevel
from motcua.organization.services import (
    assign_role,
    create_unit,
    end_membership,
    end_unit,
    holders,
    update_unit,
)
from motcua.organization.tests.factories import EPOCH, MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _unit(**overrides: object) -> Unit:
    fields = {
        "code": "000.00.99.H68",
        "name": "Ủy ban nhân dân xã Thử",
        "kind": UnitKind.PEOPLES_COMMITTEE,
        "level": UnitLevel.COMMUNE,
        "valid_from": EPOCH,
    }
    return create_unit(**{**fields, **overrides})


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_create_unit_saves_a_valid_unit_under_its_parent():
    province = _unit(code="000.00.00.H68", name="Ủy ban nhân dân tỉnh", level=UnitLevel.PROVINCE)
    commune = _unit(parent=province, area_code="24781")
    assert commune.pk is not None
    assert commune.parent == province
    assert commune.area_code == "24781"


@pytest.mark.parametrize("code", ["000.00.99.h68", "000-00-99-H68", "0" * 36, ""])
def test_create_unit_refuses_a_code_outside_the_electronic_code_pattern(code):
    with pytest.raises(ValidationError) as error:
        _unit(code=code)
    assert "code" in error.value.message_dict
    assert not Unit.objects.exists()


def test_create_unit_refuses_a_code_already_used():
    _unit()
    with pytest.raises(ValidationError) as error:
        _unit(name="Trùng mã")
    assert "code" in error.value.message_dict
    assert Unit.objects.count() == 1


def test_create_unit_refuses_a_validity_ending_before_it_starts():
    with pytest.raises(ValidationError) as error:
        _unit(valid_to=EPOCH - DAY)
    assert "Ngày hết hiệu lực phải bằng hoặc sau ngày bắt đầu hiệu lực" in _messages(error)
    assert not Unit.objects.exists()


def test_create_unit_refuses_a_parent_not_yet_active_when_the_child_starts():
    parent = UnitFactory(code="000.00.00.H68", valid_from=EPOCH + DAY)
    with pytest.raises(ValidationError) as error:
        _unit(parent=parent)
    assert "không bao trùm" in " ".join(error.value.message_dict["parent"])


def test_create_unit_refuses_a_parent_ending_before_an_open_ended_child():
    parent = UnitFactory(code="000.00.00.H68", valid_to=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError) as error:
        _unit(parent=parent)
    assert "parent" in error.value.message_dict


def test_create_unit_accepts_a_child_ending_with_its_parent():
    parent = UnitFactory(code="000.00.00.H68", valid_to=dt.date(2030, 1, 1))
    assert _unit(parent=parent, valid_to=dt.date(2030, 1, 1)).pk is not None


def test_update_unit_refuses_a_parent_that_would_make_a_cycle():
    top = _unit(code="000.00.01.H68")
    middle = _unit(code="000.00.02.H68", parent=top)
    bottom = _unit(code="000.00.03.H68", parent=middle)
    with pytest.raises(ValidationError) as error:
        update_unit(top, parent=bottom)
    assert "đơn vị trực thuộc nó" in " ".join(error.value.message_dict["parent"])
    top.refresh_from_db()
    assert top.parent is None


def test_update_unit_refuses_the_unit_as_its_own_parent():
    unit = _unit()
    with pytest.raises(ValidationError):
        update_unit(unit, parent=unit)


def test_update_unit_refuses_to_end_a_unit_before_its_children():
    parent = _unit(code="000.00.01.H68")
    _unit(code="000.00.02.H68", parent=parent)
    with pytest.raises(ValidationError) as error:
        update_unit(parent, valid_to=dt.date(2026, 1, 1))
    assert "Đơn vị trực thuộc" in " ".join(error.value.message_dict["valid_to"])
    parent.refresh_from_db()
    assert parent.valid_to is None


def test_update_unit_refuses_to_end_a_unit_whose_roles_run_on():
    unit = _unit()
    MembershipFactory(unit=unit)
    with pytest.raises(ValidationError) as error:
        update_unit(unit, valid_to=dt.date(2026, 1, 1))
    assert "phân công vai trò" in " ".join(error.value.message_dict["valid_to"])


def test_update_unit_leaves_the_given_instance_untouched_when_refused():
    unit = _unit()
    with pytest.raises(ValidationError):
        update_unit(unit, valid_to=EPOCH - DAY)
    assert unit.valid_to is None


def test_update_unit_cannot_change_the_code():
    unit = _unit()
    with pytest.raises(TypeError):
        update_unit(unit, code="000.00.98.H68")


def test_update_unit_renames_a_unit():
    unit = update_unit(_unit(), name="Ủy ban nhân dân xã Mới")
    assert Unit.objects.get(pk=unit.pk).name == "Ủy ban nhân dân xã Mới"


def test_end_unit_ends_its_open_memberships_the_same_day():
    unit = _unit()
    membership = MembershipFactory(unit=unit)
    end_unit(unit, last_day=dt.date(2026, 6, 30))
    membership.refresh_from_db()
    assert membership.valid_to == dt.date(2026, 6, 30)
    assert Unit.objects.get(pk=unit.pk).valid_to == dt.date(2026, 6, 30)


def test_end_unit_refuses_a_role_starting_after_the_last_day_and_saves_nothing():
    unit = _unit()
    open_membership = MembershipFactory(unit=unit)
    MembershipFactory(unit=unit, valid_from=dt.date(2026, 8, 1))
    with pytest.raises(ValidationError) as error:
        end_unit(unit, last_day=dt.date(2026, 6, 30))
    assert "bắt đầu sau ngày 30/06/2026" in _messages(error)
    open_membership.refresh_from_db()
    assert open_membership.valid_to is None
    assert Unit.objects.get(pk=unit.pk).valid_to is None


def test_end_unit_refuses_a_last_day_before_the_unit_started():
    with pytest.raises(ValidationError):
        end_unit(_unit(), last_day=EPOCH - DAY)


def test_assign_role_saves_a_membership():
    user, unit = UserFactory(), _unit()
    membership = assign_role(user=user, unit=unit, role=Role.DESK_OFFICER, valid_from=EPOCH)
    assert membership.pk is not None
    assert list(holders(unit, Role.DESK_OFFICER, EPOCH)) == [user]


def test_assign_role_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError) as error:
        assign_role(user=UserFactory(), unit=_unit(), role=Role.SPECIALIST, valid_from=EPOCH, valid_to=EPOCH - DAY)
    assert "valid_to" in error.value.message_dict
    assert not Membership.objects.exists()


def test_assign_role_refuses_a_period_outside_the_unit_validity():
    unit = _unit(valid_to=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        assign_role(user=UserFactory(), unit=unit, role=Role.SPECIALIST, valid_from=EPOCH)
    assert "không bao trùm thời gian phân công" in " ".join(error.value.message_dict["unit"])


def test_assign_role_refuses_an_overlapping_identical_membership():
    user, unit = UserFactory(), _unit()
    assign_role(user=user, unit=unit, role=Role.SPECIALIST, valid_from=EPOCH, valid_to=dt.date(2025, 12, 31))
    with pytest.raises(ValidationError) as error:
        assign_role(user=user, unit=unit, role=Role.SPECIALIST, valid_from=dt.date(2025, 12, 31))
    assert "trùng thời gian" in " ".join(error.value.message_dict["valid_from"])
    assert Membership.objects.count() == 1


def test_assign_role_accepts_the_same_role_in_consecutive_periods_or_another_role():
    user, unit = UserFactory(), _unit()
    assign_role(user=user, unit=unit, role=Role.SPECIALIST, valid_from=EPOCH, valid_to=dt.date(2025, 12, 31))
    assign_role(user=user, unit=unit, role=Role.SPECIALIST, valid_from=dt.date(2026, 1, 1))
    assign_role(user=user, unit=unit, role=Role.UNIT_LEADER, valid_from=EPOCH)
    assert Membership.objects.count() == 3


def test_end_membership_ends_the_role_on_the_last_day():
    membership = MembershipFactory(role=Role.DESK_OFFICER)
    end_membership(membership, last_day=dt.date(2025, 9, 30))
    assert list(holders(membership.unit, Role.DESK_OFFICER, dt.date(2025, 9, 30))) == [membership.user]
    assert not holders(membership.unit, Role.DESK_OFFICER, dt.date(2025, 10, 1)).exists()


def test_end_membership_refuses_to_extend_an_ended_membership():
    membership = MembershipFactory(valid_to=dt.date(2025, 9, 30))
    with pytest.raises(ValidationError) as error:
        end_membership(membership, last_day=dt.date(2025, 12, 31))
    assert "đã kết thúc ngày 30/09/2025" in _messages(error)


def test_end_membership_refuses_a_last_day_before_the_start():
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        end_membership(membership, last_day=EPOCH - DAY)
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_holders_leaves_out_other_roles_other_units_and_deactivated_accounts():
    unit = _unit()
    desk = MembershipFactory(unit=unit, role=Role.DESK_OFFICER).user
    MembershipFactory(unit=unit, role=Role.SPECIALIST)
    MembershipFactory(unit=_unit(code="000.00.98.H68"), role=Role.DESK_OFFICER)
    locked = MembershipFactory(unit=unit, role=Role.DESK_OFFICER, user=UserFactory(is_active=False)).user
    found = list(holders(unit, Role.DESK_OFFICER, EPOCH))
    assert found == [desk]
    assert locked not in found


def test_holders_respects_the_membership_start_date():
    membership = MembershipFactory(valid_from=dt.date(2025, 8, 1))
    assert not holders(membership.unit, membership.role, dt.date(2025, 7, 31)).exists()
    assert holders(membership.unit, membership.role, dt.date(2025, 8, 1)).exists()
