"""The issue's scenario, consultation side: a construction permit waits on the fire police, who answer late."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.catalog.tests.factories import ProcedureFactory, SectorFactory, published_version
from motcua.consultations.models import Consultation
from motcua.consultations.services import answer_consultation, sweep_consultations
from motcua.dossiers.events import verify_chain
from motcua.dossiers.models import EventAction, Judgement
from motcua.dossiers.tests.factories import MONDAY, TZ, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def construction_permit(db):
    procedure = ProcedureFactory(
        code="1.009994.000.00.00.H68",
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        sector=SectorFactory(code="XAY_DUNG", name="Hoạt động xây dựng"),
    )
    return published_version(limit_days=15, procedure=procedure)


def test_a_construction_permit_waits_for_the_fire_police_who_answer_late(
    personas, construction_permit, fire_police, fire_liaison
):
    dossier = received(construction_permit, personas.commune, personas.desk_officer)
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(
        dossier,
        "consult",
        personas.specialist,
        MONDAY + 2 * HOUR,
        unit_ids=[fire_police.pk],
        question="Đề nghị cho ý kiến về phương án phòng cháy chữa cháy của nhà ở.",
    )
    consultation = Consultation.objects.get()
    with pytest.raises(ValidationError):
        act(dossier, "forward", personas.specialist, MONDAY + 3 * HOUR)

    wednesday, friday = dt.datetime(2025, 10, 8, 11, 0, tzinfo=TZ), dt.datetime(2025, 10, 10, 9, 0, tzinfo=TZ)
    assert sweep_consultations(now=wednesday).reminded == 1
    assert sweep_consultations(now=friday).alerted == 1
    before = list(Consultation.objects.values())
    out = io.StringIO()
    call_command("sweep_consultations", now=friday.isoformat(), stdout=out)
    assert "reminded: 0, alerted: 0" in out.getvalue() and list(Consultation.objects.values()) == before

    answer_consultation(consultation=consultation, actor=fire_liaison, answer="Đáp ứng yêu cầu PCCC.", at=friday + HOUR)
    consultation.refresh_from_db()
    assert consultation.timeliness == Judgement.LATE and consultation.unit == fire_police

    dossier.refresh_from_db()
    dossier = act(dossier, "forward", personas.specialist, friday + 2 * HOUR)
    assert dossier.current_step.code == "phe-duyet"
    answered = dossier.events.get(action=EventAction.CONSULTATION_ANSWERED)
    assert answered.unit == fire_police and answered.payload["timeliness"] == Judgement.LATE
    assert verify_chain(dossier, list(dossier.events.order_by("seq"))) is None
