import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from motcua.organization.models import Role, SuccessionKind, Unit, UnitSuccession
from motcua.organization.services import (
    current_units_for,
    holders,
    record_succession,
    successor_on,
    units_as_of,
)
from motcua.organization.tests.factories import EPOCH, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db

OLD_DAY = dt.date(2024, 1, 1)
REFORM = dt.date(2025, 7, 1)
LATER = dt.date(2026, 1, 1)


def _old(code: str, **fields: object) -> Unit:
    return UnitFactory(code=code, valid_from=OLD_DAY, **fields)


def test_merge_links_every_predecessor_and_ends_them_the_day_before():
    first, second = _old("000.01.01.H68"), _old("000.01.02.H68")
    merged = UnitFactory(code="000.00.01.H68", valid_from=REFORM)
    links = record_succession(
        kind=SuccessionKind.MERGE, predecessors=[first, second], successors=[merged], effective_on=REFORM
    )
    assert len(links) == 2
    for unit in (first, second):
        unit.refresh_from_db()
        assert unit.valid_to == dt.date(2025, 6, 30)


def test_merge_ends_the_predecessors_roles_with_them():
    old = _old("000.01.01.H68")
    membership = MembershipFactory(unit=old, valid_from=OLD_DAY)
    record_succession(
        kind=SuccessionKind.MERGE,
        predecessors=[old],
        successors=[UnitFactory(code="000.00.01.H68", valid_from=REFORM)],
        effective_on=REFORM,
    )
    membership.refresh_from_db()
    assert membership.valid_to == dt.date(2025, 6, 30)


def test_merge_refuses_several_successors():
    with pytest.raises(ValidationError, match="một đơn vị kế thừa"):
        record_succession(
            kind=SuccessionKind.MERGE,
            predecessors=[_old("000.01.01.H68")],
            successors=[UnitFactory(valid_from=REFORM), UnitFactory(valid_from=REFORM)],
            effective_on=REFORM,
        )


def test_split_refuses_several_predecessors():
    with pytest.raises(ValidationError, match="một đơn vị cũ"):
        record_succession(
            kind=SuccessionKind.SPLIT,
            predecessors=[_old("000.01.01.H68"), _old("000.01.02.H68")],
            successors=[UnitFactory(valid_from=REFORM)],
            effective_on=REFORM,
        )


def test_rename_refuses_a_successor_that_existed_before_the_effective_date():
    old = _old("000.01.01.H68")
    existing = UnitFactory(code="000.00.01.H68", valid_from=OLD_DAY)
    with pytest.raises(ValidationError) as error:
        record_succession(kind=SuccessionKind.RENAME, predecessors=[old], successors=[existing], effective_on=REFORM)
    assert "đúng ngày 01/07/2025" in " ".join(error.value.message_dict["successor"])


def test_succession_refuses_a_unit_on_both_sides():
    unit = _old("000.01.01.H68")
    with pytest.raises(ValidationError, match="vừa là đơn vị cũ vừa là đơn vị kế thừa"):
        record_succession(kind=SuccessionKind.MERGE, predecessors=[unit], successors=[unit], effective_on=REFORM)


def test_succession_refuses_a_successor_not_yet_active_on_the_effective_date():
    with pytest.raises(ValidationError) as error:
        record_succession(
            kind=SuccessionKind.MERGE,
            predecessors=[_old("000.01.01.H68")],
            successors=[UnitFactory(valid_from=REFORM + dt.timedelta(days=1))],
            effective_on=REFORM,
        )
    assert "successor" in error.value.message_dict


def test_succession_refuses_an_effective_date_not_after_the_predecessor_started():
    old = UnitFactory(code="000.01.01.H68", valid_from=REFORM)
    with pytest.raises(ValidationError) as error:
        record_succession(
            kind=SuccessionKind.MERGE,
            predecessors=[old],
            successors=[UnitFactory(valid_from=OLD_DAY)],
            effective_on=REFORM,
        )
    assert "effective_on" in error.value.message_dict


def test_succession_refuses_a_predecessor_that_had_already_ended():
    old = _old("000.01.01.H68", valid_to=dt.date(2025, 3, 31))
    with pytest.raises(ValidationError, match="đã hết hiệu lực từ ngày 31/03/2025"):
        record_succession(
            kind=SuccessionKind.MERGE,
            predecessors=[old],
            successors=[UnitFactory(valid_from=REFORM)],
            effective_on=REFORM,
        )


def test_succession_refuses_a_second_date_for_the_same_predecessor():
    old = _old("000.01.01.H68")
    record_succession(
        kind=SuccessionKind.SPLIT,
        predecessors=[old],
        successors=[UnitFactory(code="000.00.01.H68", valid_from=REFORM)],
        effective_on=REFORM,
    )
    with pytest.raises(ValidationError):
        record_succession(
            kind=SuccessionKind.SPLIT,
            predecessors=[Unit.objects.get(pk=old.pk)],
            successors=[UnitFactory(code="000.00.02.H68", valid_from=OLD_DAY)],
            effective_on=dt.date(2025, 6, 1),
        )


def test_succession_refuses_a_predecessor_whose_children_outlive_it_and_saves_nothing():
    old = _old("000.01.00.H68")
    _old("000.01.01.H68", parent=old)
    with pytest.raises(ValidationError, match="Đơn vị trực thuộc"):
        record_succession(
            kind=SuccessionKind.MERGE,
            predecessors=[old],
            successors=[UnitFactory(valid_from=REFORM)],
            effective_on=REFORM,
        )
    assert not UnitSuccession.objects.exists()
    assert Unit.objects.get(pk=old.pk).valid_to is None


def test_split_can_be_recorded_link_by_link():
    old = _old("000.01.01.H68")
    north = UnitFactory(code="000.00.01.H68", valid_from=REFORM)
    south = UnitFactory(code="000.00.02.H68", valid_from=REFORM)
    record_succession(kind=SuccessionKind.SPLIT, predecessors=[old], successors=[north], effective_on=REFORM)
    record_succession(
        kind=SuccessionKind.SPLIT, predecessors=[Unit.objects.get(pk=old.pk)], successors=[south], effective_on=REFORM
    )
    assert units_as_of(old, REFORM) == [north, south]


def test_units_as_of_follows_the_chain_through_several_reorganisations():
    old = _old("000.01.01.H68")
    middle = UnitFactory(code="000.00.01.H68", valid_from=REFORM)
    last = UnitFactory(code="000.00.02.H68", valid_from=LATER)
    record_succession(kind=SuccessionKind.MERGE, predecessors=[old], successors=[middle], effective_on=REFORM)
    record_succession(kind=SuccessionKind.RENAME, predecessors=[middle], successors=[last], effective_on=LATER)
    assert units_as_of(old, dt.date(2025, 6, 30)) == [old]
    assert units_as_of(old, REFORM) == [middle]
    assert units_as_of(old, LATER) == [last]
    assert successor_on(old, LATER) == last


def test_units_as_of_is_empty_before_the_unit_existed_or_after_it_was_abolished():
    unit = UnitFactory(valid_from=REFORM, valid_to=dt.date(2025, 12, 31))
    assert units_as_of(unit, dt.date(2025, 6, 30)) == []
    assert units_as_of(unit, LATER) == []
    assert successor_on(unit, LATER) is None


def test_successor_on_asks_for_a_choice_when_the_unit_was_split():
    old = _old("000.01.01.H68")
    successors = [UnitFactory(code=f"000.00.0{n}.H68", valid_from=REFORM) for n in (1, 2)]
    record_succession(kind=SuccessionKind.SPLIT, predecessors=[old], successors=successors, effective_on=REFORM)
    with pytest.raises(ValidationError, match="cần chọn đơn vị kế thừa"):
        successor_on(old, REFORM)


def test_current_units_for_maps_a_merged_unit_to_today():
    old = _old("000.01.01.H68")
    merged = UnitFactory(code="000.00.01.H68", valid_from=REFORM)
    record_succession(kind=SuccessionKind.MERGE, predecessors=[old], successors=[merged], effective_on=REFORM)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        assert current_units_for(old) == [merged]
    with time_machine.travel(dt.datetime(2025, 3, 2, 9, 0), tick=False):
        assert current_units_for(old) == [old]


def test_a_merged_unit_has_no_holders_after_the_merge():
    old = _old("000.01.01.H68")
    MembershipFactory(unit=old, valid_from=OLD_DAY, role=Role.DESK_OFFICER)
    record_succession(
        kind=SuccessionKind.MERGE, predecessors=[old], successors=[UnitFactory(valid_from=EPOCH)], effective_on=REFORM
    )
    assert holders(old, Role.DESK_OFFICER, dt.date(2025, 6, 30)).exists()
    assert not holders(old, Role.DESK_OFFICER, REFORM).exists()
