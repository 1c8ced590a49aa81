"""Prepared statements give exactly what the ORM gives, with the SQL built once (decision 016)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, models, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Applicant, ApplicantKind
from motcua.lib.prepared import PreparedQuery
from motcua.organization.models import Membership, Role, Unit
from motcua.organization.tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)


def _memberships_with_units(user, day):
    return (
        Membership.objects.active_on(day)
        .select_related("unit", "user")
        .annotate(unit_memberships=models.Count("unit__memberships"))
        .filter(user_id=user)
        .order_by("pk")
    )


MEMBERSHIPS = PreparedQuery(
    _memberships_with_units,
    user=Membership._meta.get_field("user"),
    day=Membership._meta.get_field("valid_from"),
)


def test_a_prepared_query_gives_the_instances_related_objects_and_annotations_the_queryset_gives():
    user = UserFactory()
    first = MembershipFactory(user=user, role=Role.SPECIALIST)
    MembershipFactory(user=user, role=Role.UNIT_LEADER, valid_to=dt.date(2026, 1, 1))
    MembershipFactory(user=user, role=Role.DESK_OFFICER, unit=first.unit)
    MembershipFactory(role=Role.SPECIALIST, unit=first.unit)

    prepared = MEMBERSHIPS.objects(user=user.pk, day=DAY)
    expected = list(_memberships_with_units(user.pk, DAY))

    assert [m.pk for m in prepared] == [m.pk for m in expected] and len(expected) == 2
    for mine, theirs in zip(prepared, expected, strict=True):
        assert (mine.unit.code, mine.user.username, mine.unit_memberships, mine.valid_from) == (
            theirs.unit.code,
            theirs.user.username,
            theirs.unit_memberships,
            theirs.valid_from,
        )
        assert isinstance(mine.valid_from, dt.date)
    with CaptureQueriesContext(connection) as queries:
        assert prepared[0].unit.name == first.unit.name
    assert len(queries) == 0, "select_related objects are populated, not fetched again"


def test_a_prepared_query_binds_new_values_to_the_same_statement():
    built = []

    def build(code):
        built.append(code)
        return Unit.objects.filter(code=code).values_list("code", "name")

    units = PreparedQuery(build, code=Unit._meta.get_field("code"))
    a, b = UnitFactory(), UnitFactory()

    assert units.objects(code=a.code) == [(a.code, a.name)]
    assert units.objects(code=b.code) == [(b.code, b.name)]
    assert units.objects(code="no such unit") == []
    assert len(built) == 1


def test_none_binds_null_which_equals_nothing():
    a = UnitFactory()
    either = PreparedQuery(
        lambda first, second: Unit.objects.filter(models.Q(pk=first) | models.Q(pk=second)).values_list("pk"),
        first=Unit._meta.pk,
        second=Unit._meta.pk,
    )

    assert either.objects(first=a.pk, second=None) == [(a.pk,)]
    assert either.objects(first=None, second=None) == []


def test_get_raises_as_queryset_get_does():
    user = UserFactory()
    MembershipFactory(user=user)
    MembershipFactory(user=user, role=Role.UNIT_LEADER)
    one = PreparedQuery(
        lambda user, role: Membership.objects.filter(user_id=user, role=role),
        user=Membership._meta.get_field("user"),
        role=Membership._meta.get_field("role"),
    )

    assert one.get(user=user.pk, role=Role.UNIT_LEADER).role == Role.UNIT_LEADER
    with pytest.raises(Membership.DoesNotExist):
        one.get(user=user.pk, role=Role.DESK_OFFICER)
    with pytest.raises(Membership.MultipleObjectsReturned):
        PreparedQuery(
            lambda user: Membership.objects.filter(user_id=user), user=Membership._meta.get_field("user")
        ).get(user=user.pk)


def test_a_parameter_the_query_does_not_use_is_refused():
    unused = PreparedQuery(lambda code: Unit.objects.all(), code=Unit._meta.get_field("code"))

    with pytest.raises(ValueError, match="code"):
        unused.objects(code="x")


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_outside_a_transaction_is_refused():
    unit = UnitFactory()
    locking = PreparedQuery(lambda pk: Unit.objects.select_for_update().filter(pk=pk), pk=Unit._meta.pk)
    with transaction.atomic():
        assert locking.get(pk=unit.pk) == unit
    with pytest.raises(TransactionManagementError):
        locking.objects(pk=unit.pk)


def _applicant(**fields) -> Applicant:
    values = {
        "kind": ApplicantKind.PERSON,
        "name": "Nguyễn Văn A",
        "identity_number": "068090000123",
        "date_of_birth": dt.date(1990, 1, 2),
        "address": "Phường 1, Lâm Đồng",
    }
    return Applicant(**{**values, **fields})


def test_prepared_writes_insert_the_row_and_set_its_key():
    applicant = _applicant()
    applicant.save()

    assert applicant.pk is not None and not applicant._state.adding
    stored = Applicant.objects.values("name", "identity_number", "date_of_birth").get(pk=applicant.pk)
    assert stored == {"name": "Nguyễn Văn A", "identity_number": "068090000123", "date_of_birth": dt.date(1990, 1, 2)}


def test_prepared_writes_update_only_the_given_columns_of_the_one_row():
    applicant, other = _applicant(), _applicant(name="Trần Thị B")
    applicant.save()
    other.save()
    Applicant.objects.filter(pk=applicant.pk).update(phone="0900000000")

    applicant.name = "Nguyễn Văn C"
    applicant.phone = "not written"
    applicant.save(update_fields=["name"])

    assert Applicant.objects.values_list("name", "phone").get(pk=applicant.pk) == ("Nguyễn Văn C", "0900000000")
    assert Applicant.objects.get(pk=other.pk).name == "Trần Thị B"


def test_prepared_writes_leave_expressions_to_django():
    applicant = _applicant()
    applicant.save()

    applicant.name = models.functions.Upper(models.Value("le van d"))
    applicant.save(update_fields=["name"])

    assert Applicant.objects.get(pk=applicant.pk).name == "LE VAN D"


def test_saving_a_row_that_is_gone_is_refused_as_django_refuses_it():
    applicant = _applicant()
    applicant.save()
    Applicant.objects.filter(pk=applicant.pk).delete()

    applicant.name = "Gone"
    with pytest.raises(Exception, match="did not affect any rows"):
        applicant.save(update_fields=["name"])
