"""A dossier's normal life: reception, hand-overs, approval, result and return, each step judged in working time."""

from __future__ import annotations

import datetime as dt

from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import DossierStatus, EventAction, Judgement, ReturnMethod, StepVisit
from motcua.dossiers.services import perform, recompute_due_at
from motcua.dossiers.tests.factories import MONDAY, TZ, received


def test_a_dossier_goes_from_reception_to_return_and_every_step_is_recorded(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    assert dossier.code == "000.00.22.H68-251006-0001"
    assert dossier.status == DossierStatus.RECEIVED
    # 3 working days of 8 h from Monday 08:00 → Thursday 08:00.
    assert dossier.due_at == dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)

    steps = [
        ("forward", personas.desk_officer, {"note": "Chuyển xử lý"}, 10),
        ("forward", personas.specialist, {"note": "Đủ điều kiện"}, 60 * 24),
        ("attach_result", personas.unit_leader, {"name": "Giấy xác nhận tình trạng hôn nhân"}, 60 * 25),
        ("approve", personas.unit_leader, {}, 60 * 26),
        (
            "return_result",
            personas.desk_officer,
            {"method": ReturnMethod.AT_COUNTER, "recipient": "Nguyễn Văn An"},
            60 * 27,
        ),
    ]
    for action, actor, payload, minutes in steps:
        dossier = perform(
            dossier=dossier.code,
            action=action,
            actor=actor,
            payload=payload,
            expected_version=dossier.lock_version,
            at=MONDAY + dt.timedelta(minutes=minutes),
        )

    assert dossier.status == DossierStatus.RETURNED
    assert dossier.judgement == Judgement.EARLY
    assert dossier.lock_version == 6
    assert list(dossier.events.values_list("action", flat=True)) == [
        EventAction.RECEIVED,
        EventAction.FORWARDED,
        EventAction.FORWARDED,
        EventAction.RESULT_ATTACHED,
        EventAction.APPROVED,
        EventAction.RESULT_RETURNED,
    ]
    # A hand-over on the step's due day is on time; only a day ahead is early (xu-ly was due Wednesday 07:46).
    visits = StepVisit.objects.filter(dossier=dossier).select_related("step")
    assert [(v.step.code, v.judgement) for v in visits] == [
        ("tiep-nhan", Judgement.ON_TIME),
        ("xu-ly", Judgement.EARLY),
        ("phe-duyet", Judgement.ON_TIME),
        ("tra-ket-qua", Judgement.ON_TIME),
    ]
    assert visits[1].due_at == dt.datetime(2025, 10, 8, 7, 46, tzinfo=TZ)
    assert verify_chain(dossier, dossier.events.order_by("seq")) is None
    assert recompute_due_at(dossier) == dossier.due_at
