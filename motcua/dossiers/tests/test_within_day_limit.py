import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import TimeLimitUnit
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.services import receive, recompute_due_at
from motcua.dossiers.tests.factories import reception_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def same_day_version(db):
    return published_version(time_limit_unit=TimeLimitUnit.WITHIN_DAY, time_limit_value=None)


def test_a_within_the_day_procedure_received_before_the_cutoff_is_due_that_evening(personas, same_day_version):
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=VN)
    dossier = receive(actor=personas.desk_officer, data=reception_data(same_day_version, personas.commune), at=at)
    assert dossier.due_at == dt.datetime(2026, 11, 23, 17, 0, tzinfo=VN)
    assert recompute_due_at(dossier) == dossier.due_at


def test_a_within_the_day_procedure_received_after_the_cutoff_is_due_the_next_working_day(personas, same_day_version):
    # 24/11/2026 is Vietnamese Culture Day, a day off: the next working day is the 25th.
    at = dt.datetime(2026, 11, 23, 15, 30, tzinfo=VN)
    dossier = receive(actor=personas.desk_officer, data=reception_data(same_day_version, personas.commune), at=at)
    assert dossier.due_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=VN)
