"""Reception at the desk: a numbered dossier with its appointment, or a written guidance or refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import ComponentForm
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import (
    Channel,
    ClockEffect,
    DigitisationExemption,
    Dossier,
    DossierCounter,
    DossierStatus,
    EventAction,
    NoticeKind,
    StepVisit,
)
from motcua.dossiers.rulesets import FormSet
from motcua.dossiers.services import (
    ActionNotAllowed,
    ComponentReceipt,
    GuidanceData,
    RefusalData,
    receive,
    record_guidance,
    record_refusal,
)
from motcua.dossiers.tests.factories import MONDAY, TZ, person, received


def test_reception_creates_the_dossier_its_papers_first_step_and_first_event(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer)
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.rule_set == FormSet.SET_2025
    assert dossier.current_step.code == "tiep-nhan"
    assert dossier.current_unit == personas.commune
    assert dossier.components.count() == 3
    visit = StepVisit.objects.get(dossier=dossier)
    assert visit.holder == personas.desk_officer
    assert visit.due_at == dt.datetime(2025, 10, 6, 9, 12, tzinfo=TZ)  # 5 % of 3 days = 72 working minutes
    (event,) = dossier.events.all()
    assert (event.seq, event.action, event.clock_effect) == (1, EventAction.RECEIVED, ClockEffect.STARTED)
    assert dossier.lock_version == 1
    assert dossier.head_hash == event.hash
    assert len(dossier.lookup_secret) == 8


def test_codes_are_consecutive_per_unit_and_day_and_restart_the_next_day(personas, version):
    first = received(version, personas.commune, personas.desk_officer)
    second = received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(hours=1))
    tuesday = received(version, personas.commune, personas.desk_officer, at=MONDAY + dt.timedelta(days=1))
    assert [first.code[-4:], second.code[-4:]] == ["0001", "0002"]
    assert tuesday.code == "000.00.22.H68-251007-0001"


def test_a_failed_reception_gives_its_number_back(personas, version):
    received(version, personas.commune, personas.desk_officer)
    with pytest.raises(ValidationError):
        received(version, personas.commune, personas.desk_officer, applicant=person(identity_number="123"))
    assert received(version, personas.commune, personas.desk_officer).code.endswith("-0002")


def test_the_ten_thousandth_dossier_of_a_day_is_refused_clearly(personas, version):
    DossierCounter.objects.create(unit=personas.commune, day=MONDAY.date(), series="dossier", last=9999)
    with pytest.raises(ValidationError, match="hết 9999 số"):
        received(version, personas.commune, personas.desk_officer)
    assert DossierCounter.objects.get(unit=personas.commune).last == 9999


def test_reception_of_an_incomplete_dossier_is_refused_in_favour_of_written_guidance(personas, version):
    optional_only = [ComponentReceipt(component_id=c.pk, digitised=True) for c in version.components.filter(order=2)]
    with pytest.raises(ValidationError, match="mẫu 02"):
        received(version, personas.commune, personas.desk_officer, components=optional_only)
    assert not Dossier.objects.exists()


def test_reception_refuses_a_component_of_another_procedure(personas, version):
    foreign = published_version(components=1).components.get()
    receipts = [ComponentReceipt(component_id=c.pk, digitised=True) for c in version.components.all()]
    with pytest.raises(ValidationError, match="ngoài danh mục"):
        received(
            version,
            personas.commune,
            personas.desk_officer,
            components=[*receipts, ComponentReceipt(component_id=foreign.pk, digitised=True)],
        )


def test_only_a_desk_officer_of_the_receiving_unit_may_receive(personas, version):
    with pytest.raises(ActionNotAllowed, match="tiếp nhận"):
        received(version, personas.commune, personas.specialist)
    with pytest.raises(ActionNotAllowed):
        received(version, personas.other_commune, personas.desk_officer)


def test_a_draft_version_or_one_not_yet_in_force_cannot_be_received(personas):
    future = published_version(valid_from=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="còn hiệu lực"):
        received(future, personas.commune, personas.desk_officer)


def test_a_channel_the_procedure_does_not_offer_is_refused(personas, version):
    with pytest.raises(ValidationError, match="kênh"):
        received(version, personas.commune, personas.desk_officer, channel=Channel.ONLINE)


def test_under_the_2025_set_every_paper_is_digitised_or_names_its_exemption(personas, version):
    bare = [ComponentReceipt(component_id=c.pk) for c in version.components.all()]
    with pytest.raises(ValidationError, match="số hóa"):
        received(version, personas.commune, personas.desk_officer, components=bare)
    exempt = [
        ComponentReceipt(component_id=c.pk, digitisation_exemption=DigitisationExemption.PRESENTED_ONLY)
        for c in version.components.all()
    ]
    dossier = received(version, personas.commune, personas.desk_officer, components=exempt)
    assert set(dossier.components.values_list("digitisation_exemption", flat=True)) == {"presented_only"}


def test_before_the_2025_set_papers_need_not_be_digitised(personas, version):
    bare = [ComponentReceipt(component_id=c.pk) for c in version.components.all()]
    dossier = received(
        version, personas.commune, personas.desk_officer, at=dt.datetime(2025, 9, 12, 8, tzinfo=TZ), components=bare
    )
    assert dossier.rule_set == FormSet.SET_2018


def test_the_published_form_is_the_default_and_copies_are_recorded(personas, version):
    receipts = [ComponentReceipt(component_id=c.pk, copies=2, digitised=True) for c in version.components.all()]
    dossier = received(version, personas.commune, personas.desk_officer, components=receipts)
    assert set(dossier.components.values_list("form", "copies")) == {(ComponentForm.ORIGINAL, 2)}


def test_reception_accepts_the_same_fields_as_a_plain_dict(personas, version):
    data = {
        "procedure_version_id": version.pk,
        "receiving_unit_id": personas.commune.pk,
        "applicant": {"kind": "organisation", "name": "Công ty TNHH Hoa Lan", "tax_code": "3400123456"},
        "channel": "postal",
        "received_at": "2025-10-03T16:30:00+07:00",
        "components": [{"component_id": c.pk, "digitised": True} for c in version.components.all()],
    }
    dossier = receive(actor=personas.desk_officer, data=data, at=MONDAY)
    # The postmark (Friday) starts the clock: 3 working days from Friday 16:30 → Wednesday 16:30.
    assert dossier.code.startswith("000.00.22.H68-251003-")
    assert dossier.due_at == dt.datetime(2025, 10, 8, 16, 30, tzinfo=TZ)


def test_a_dict_with_an_unknown_field_is_refused(personas, version):
    with pytest.raises(ValidationError, match="không được hỗ trợ"):
        receive(actor=personas.desk_officer, data={"procedure_version_id": version.pk, "colour": "red"}, at=MONDAY)


def test_guidance_is_recorded_with_a_serial_the_applicant_and_published_items_only(personas, version):
    items = list(version.components.values_list("pk", flat=True)[:2])
    notice = record_guidance(
        actor=personas.desk_officer,
        data=GuidanceData(
            procedure_version_id=version.pk,
            receiving_unit_id=personas.commune.pk,
            applicant=person(),
            channel=Channel.COUNTER,
            component_ids=items,
            reason="Thiếu tờ khai có chữ ký",
        ),
        at=MONDAY,
    )
    assert notice.kind == NoticeKind.GUIDANCE
    assert notice.serial == "000.00.22.H68-251006-P0001"
    assert sorted(notice.items.values_list("pk", flat=True)) == sorted(items)
    assert notice.applicant.name == "Nguyễn Văn An"
    assert not Dossier.objects.exists()


def test_a_refusal_needs_its_reasons(personas, version):
    data = RefusalData(
        procedure_version_id=version.pk,
        receiving_unit_id=personas.commune.pk,
        applicant=person(),
        channel=Channel.COUNTER,
        reason=" ",
    )
    with pytest.raises(ValidationError, match="lý do"):
        record_refusal(actor=personas.desk_officer, data=data, at=MONDAY)
    data.reason = "Thủ tục không thuộc thẩm quyền của xã"
    notice = record_refusal(actor=personas.desk_officer, data=data, at=MONDAY)
    assert notice.kind == NoticeKind.REFUSAL
