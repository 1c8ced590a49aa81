"""Online submission: published components only, data reuse, the desk's queue and deadline, receive/guide/refuse."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from motcua.catalog.models import DataSource
from motcua.dossiers.exceptions import ActionNotAllowed
from motcua.dossiers.models import Channel, DigitisationExemption, DossierComponent, NoticeKind
from motcua.dossiers.tests.factories import TZ
from motcua.portal.models import DataReuse, LookupOutcome, SubmissionStatus
from motcua.portal.population import LookupResult
from motcua.portal.selectors import online_queue
from motcua.portal.services import submissions
from motcua.portal.services.submissions import ApplicantInput
from motcua.portal.tests.factories import AN, PNG, online_version, upload

# A Monday, 10:00, in working time.
MONDAY = dt.datetime(2025, 10, 6, 10, 0, tzinfo=TZ)


@pytest.fixture
def draft(personas, citizen, version):
    return submissions.start(citizen=citizen, version=version, receiving_unit=personas.commune)


def person(**fields) -> ApplicantInput:
    values = {"kind": "person", "name": AN["name"], "identity_number": AN["identity_number"]}
    values["date_of_birth"] = AN["birth_date"]
    values.update(fields)
    return ApplicantInput(**values)


def components(version):
    return list(version.components.order_by("order"))


def test_a_draft_starts_with_the_citizens_own_data(draft, citizen):
    assert draft.status == SubmissionStatus.DRAFT
    assert (draft.applicant_name, draft.identity_number) == (citizen.full_name, citizen.identity_number)


def test_starting_refuses_a_procedure_not_offered_online(personas, citizen):
    offline = online_version(online_mode="none")
    with pytest.raises(ValidationError):
        submissions.start(citizen=citizen, version=offline, receiving_unit=personas.commune)


def test_starting_refuses_a_unit_that_does_not_receive_the_procedure(personas, citizen, version):
    with pytest.raises(ValidationError):
        submissions.start(citizen=citizen, version=version, receiving_unit=personas.other_commune)


def test_a_verified_lookup_marks_the_population_component_reused_and_never_asks_for_it(draft, version):
    submissions.save_applicant(draft, person())
    reuse = DataReuse.objects.get(submission=draft)
    identity = components(version)[1]
    assert reuse.outcome == LookupOutcome.VERIFIED
    assert list(reuse.components.all()) == [identity]
    assert reuse.permanent_address.startswith("12 Trần Hưng Đạo")
    requirement = next(r for r in submissions.requirements(draft) if r.component == identity)
    assert requirement.reused and not requirement.missing
    with pytest.raises(ValidationError) as error:
        submissions.upload(draft, component_id=identity.pk, file=upload())
    assert error.value.code == "reused_component"


def test_a_failed_lookup_is_recorded_with_its_reason_and_only_then_the_paper_is_asked_for(draft, version):
    submissions.save_applicant(draft, person(name="Nguyễn Văn Ân"))
    reuse = DataReuse.objects.get(submission=draft)
    identity = components(version)[1]
    assert reuse.outcome == LookupOutcome.MISMATCH
    requirement = next(r for r in submissions.requirements(draft) if r.component == identity)
    assert requirement.missing and requirement.lookup_failed
    assert submissions.upload(draft, component_id=identity.pk, file=upload()).component == identity


def test_a_registry_that_fails_reads_as_unavailable_and_the_paper_is_asked_for(draft, monkeypatch):
    unavailable = LookupResult(LookupOutcome.UNAVAILABLE, detail="no answer")
    monkeypatch.setattr("motcua.portal.services.submissions.lookup_person", lambda **kwargs: unavailable)
    submissions.save_applicant(draft, person())
    reuse = DataReuse.objects.get(submission=draft)
    assert (reuse.outcome, reuse.detail) == (LookupOutcome.UNAVAILABLE, "no answer")
    assert any(r.missing and r.component.data_source == DataSource.POPULATION for r in submissions.requirements(draft))


def test_only_components_of_the_published_list_can_be_uploaded(draft):
    foreign = online_version().components.first()
    with pytest.raises(ValidationError) as error:
        submissions.upload(draft, component_id=foreign.pk, file=upload())
    assert error.value.code == "unpublished_component"


def test_the_applicants_identity_number_is_checked_against_the_birth_date(draft):
    with pytest.raises(ValidationError) as error:
        submissions.save_applicant(draft, person(date_of_birth=dt.date(1991, 5, 17)))
    assert "identity_number" in error.value.message_dict


def test_submitting_refuses_a_draft_missing_a_required_component(draft):
    submissions.save_applicant(draft, person())
    with pytest.raises(ValidationError) as error:
        submissions.submit(draft)
    assert error.value.code == "missing_components"


def submitted(draft, version, at=MONDAY):
    submissions.save_applicant(draft, person())
    submissions.upload(draft, component_id=components(version)[0].pk, file=upload(PNG, "to-khai.png", "image/png"))
    return submissions.submit(draft, at=at)


def test_a_submission_lands_in_the_desks_queue_with_eight_working_hours_to_act(draft, version, personas):
    item = submitted(draft, version)
    assert item.status == SubmissionStatus.SUBMITTED
    # Monday 10:00 + 8 working hours (07:00–11:30, 13:30–17:00) = Tuesday 10:00.
    assert item.desk_due_at == dt.datetime(2025, 10, 7, 10, 0, tzinfo=TZ)
    assert list(online_queue(personas.desk_officer)) == [item]
    assert list(online_queue(personas.outsider)) == []


def test_the_desks_deadline_follows_the_setting(draft, version, settings):
    settings.MOTCUA_ONLINE_RECEPTION_HOURS = 4
    assert submitted(draft, version).desk_due_at == dt.datetime(2025, 10, 6, 16, 0, tzinfo=TZ)


def test_a_submitted_draft_can_no_longer_be_changed(draft, version):
    item = submitted(draft, version)
    with pytest.raises(ValidationError):
        submissions.upload(item, component_id=components(version)[2].pk, file=upload())


def test_receiving_creates_an_online_dossier_clocked_from_the_submission_with_the_files_attached(
    draft, version, personas
):
    item = submitted(draft, version)
    with time_machine.travel(MONDAY + dt.timedelta(hours=3), tick=False):
        dossier = submissions.receive_submission(actor=personas.desk_officer, submission=item)
    item.refresh_from_db()
    assert (item.status, item.dossier) == (SubmissionStatus.RECEIVED, dossier)
    assert dossier.channel == Channel.ONLINE
    assert dossier.received_at == MONDAY
    rows = {row.component_id: row for row in DossierComponent.objects.filter(dossier=dossier)}
    form, identity = components(version)[:2]
    assert rows[form.pk].file.read() == PNG
    assert rows[identity.pk].file.name == ""
    assert rows[identity.pk].digitisation_exemption == DigitisationExemption.ONLINE_SUBMISSION
    assert "Cơ sở dữ liệu quốc gia về dân cư" in dossier.events.get(seq=1).reason


def test_a_submission_is_received_once(draft, version, personas):
    item = submitted(draft, version)
    submissions.receive_submission(actor=personas.desk_officer, submission=item, at=MONDAY + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        submissions.refuse_submission(actor=personas.desk_officer, submission=item, reason="Trùng")
    assert error.value.code == "already_decided"


def test_only_a_desk_officer_of_the_receiving_unit_receives_it(draft, version, personas):
    item = submitted(draft, version)
    with pytest.raises(ActionNotAllowed):
        submissions.receive_submission(actor=personas.specialist, submission=item, at=MONDAY + dt.timedelta(hours=1))
    item.refresh_from_db()
    assert item.status == SubmissionStatus.SUBMITTED


def test_guidance_is_written_with_the_items_and_the_reason(draft, version, personas):
    item = submitted(draft, version)
    done = submissions.guide_submission(
        actor=personas.desk_officer,
        submission=item,
        component_ids=[components(version)[2].pk],
        reason="Thiếu giấy tờ chứng minh",
        at=MONDAY + dt.timedelta(hours=1),
    )
    assert done.status == SubmissionStatus.GUIDED
    assert done.notice.kind == NoticeKind.GUIDANCE
    assert done.notice.channel == Channel.ONLINE


def test_refusal_is_written_with_its_reason(draft, version, personas):
    item = submitted(draft, version)
    done = submissions.refuse_submission(
        actor=personas.desk_officer, submission=item, reason="Không thuộc thẩm quyền", at=MONDAY + dt.timedelta(hours=1)
    )
    assert (done.status, done.notice.kind, done.notice.reason) == (
        SubmissionStatus.REFUSED,
        NoticeKind.REFUSAL,
        "Không thuộc thẩm quyền",
    )
