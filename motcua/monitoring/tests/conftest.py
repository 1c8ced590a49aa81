"""A small province month built through the dossier services only: one dossier of each kind the figures tell apart.

October 2025, judged at Monday 20 October 12:00. The procedure takes 3 working days and may be filed online.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from motcua.catalog.models import DataSource, OnlineMode, ProcedureVersion
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Channel, Dossier, ReturnMethod
from motcua.dossiers.services import ComponentReceipt
from motcua.dossiers.tests.factories import TZ, received, reception_data
from motcua.dossiers.tests.helpers import act
from motcua.monitoring.selectors.scope import Filters, Period
from motcua.organization.models import Role, User
from motcua.organization.tests.factories import MembershipFactory, UserFactory
from motcua.organization.tests.personas import Personas
from motcua.portal.services.desk_lookup import receive_with_lookup, record_desk_lookup
from motcua.portal.tests.factories import AN

NOW = dt.datetime(2025, 10, 20, 12, 0, tzinfo=TZ)
OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31))


def at(day: int, hour: int = 8, minute: int = 0, month: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=TZ)


@dataclasses.dataclass
class World:
    personas: Personas
    version: ProcedureVersion
    other_desk: User
    carried: Dossier  # received 29 September, returned early on 1 October
    early: Dossier
    late: Dossier
    overdue: Dossier  # still at processing, due 10 October
    paused: Dossier  # waiting for the applicant since 14 October
    twice: Dossier  # two supplementation requests, then returned
    online: Dossier  # filed online on 17 October, due 22 October
    withdrawn: Dossier  # at the other commune

    def filters(self, **fields: object) -> Filters:
        return Filters(**{"period": OCTOBER, "now": NOW, **fields})


def _to_processing(dossier: Dossier, p: Personas, when: dt.datetime) -> Dossier:
    return act(dossier, "forward", p.desk_officer, when, note="Chuyển xử lý")


def _finish(dossier: Dossier, p: Personas, approve_at: dt.datetime, return_at: dt.datetime) -> Dossier:
    dossier = act(dossier, "forward", p.specialist, approve_at - dt.timedelta(hours=1), note="Đủ điều kiện")
    dossier = act(dossier, "attach_result", p.unit_leader, approve_at, name="Giấy xác nhận")
    dossier = act(dossier, "approve", p.unit_leader, approve_at + dt.timedelta(minutes=5))
    return act(dossier, "return_result", p.desk_officer, return_at, method=ReturnMethod.AT_COUNTER, recipient="An")


def _request(dossier: Dossier, p: Personas, when: dt.datetime, version: ProcedureVersion, **extra: object) -> Dossier:
    component = version.components.order_by("order").last()
    return act(dossier, "request_supplement", p.specialist, when, component_ids=[component.pk], reason="Thiếu", **extra)


def _supplied(dossier: Dossier, p: Personas, when: dt.datetime, version: ProcedureVersion) -> Dossier:
    component = version.components.order_by("order").last()
    return act(
        dossier,
        "receive_supplement",
        p.desk_officer,
        when,
        components=[{"component_id": component.pk, "digitised": True}],
    )


def build_world(p: Personas) -> World:
    version = published_version(online_mode=OnlineMode.FULL)
    other_desk = UserFactory(username="desk-mui-ne")
    MembershipFactory(user=other_desk, unit=p.other_commune, role=Role.DESK_OFFICER)

    carried = received(version, p.commune, p.desk_officer, at(29, month=9))
    carried = _finish(_to_processing(carried, p, at(29, 9, month=9)), p, at(30, 14, month=9), at(1, 10))

    early = received(version, p.commune, p.desk_officer, at(6))
    early = _finish(_to_processing(early, p, at(6, 9)), p, at(6, 15), at(7, 9))

    late = received(version, p.commune, p.desk_officer, at(6, 9))
    late = _finish(_to_processing(late, p, at(6, 10)), p, at(9, 15), at(10, 9))

    overdue = received(version, p.commune, p.desk_officer, at(7))
    overdue = _to_processing(overdue, p, at(7, 9))

    paused = received(version, p.commune, p.desk_officer, at(13))
    paused = _request(_to_processing(paused, p, at(13, 9)), p, at(14), version)

    twice = received(version, p.commune, p.desk_officer, at(8))
    twice = _request(_to_processing(twice, p, at(8, 9)), p, at(8, 10), version)
    twice = _supplied(twice, p, at(9), version)
    twice = _request(twice, p, at(9, 10), version, legal_basis="Điều 8", approver_id=p.unit_leader.pk)
    twice = _supplied(twice, p, at(10), version)
    twice = _finish(twice, p, at(13, 14), at(14, 9))

    online = received(version, p.commune, p.desk_officer, at(17), channel=Channel.ONLINE)

    withdrawn = received(version, p.other_commune, other_desk, at(15))
    withdrawn = act(withdrawn, "withdraw", other_desk, at(16), reason="Người nộp xin rút")

    return World(p, version, other_desk, carried, early, late, overdue, paused, twice, online, withdrawn)


def add_dossiers(world: World, *, count: int) -> None:
    """More of the same mix: received on 15 October, every other one handed over to processing."""
    p = world.personas
    for number in range(count):
        dossier = received(world.version, p.commune, p.desk_officer, at(15, 8, number))
        if number % 2:
            _to_processing(dossier, p, at(15, 10, number))


def desk_lookup_reception(
    p: Personas, version: ProcedureVersion, when: dt.datetime, *, verified: bool, applicant: object = None
) -> Dossier:
    """Received at the counter after the desk's population look-up of An: verified (the identity paper is not
    taken) or a mismatch (the paper is taken, as the failed look-up allows)."""
    lookup = record_desk_lookup(
        actor=p.desk_officer,
        identity_number=AN["identity_number"],
        name=AN["name"] if verified else "Nguyễn Văn Ân",
        birth_date=AN["birth_date"],
    )
    components = list(version.components.order_by("order"))
    taken = [c for c in components if c.required and not (verified and c.data_source == DataSource.POPULATION)]
    data = reception_data(
        version,
        p.commune,
        received_at=when,
        components=[ComponentReceipt(component_id=c.pk, digitised=True) for c in taken],
        **({"applicant": applicant} if applicant else {}),
    )
    return receive_with_lookup(actor=p.desk_officer, data=data, lookup=lookup, components=components, at=when)


@pytest.fixture
def world(personas) -> World:
    return build_world(personas)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords need not resist cracking here; Argon2 would make each test seconds slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
