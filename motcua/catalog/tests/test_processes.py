"""Processes: approval checks, activation, and the standard process builder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.catalog.models import (
    Process,
    ProcessStatus,
    Step,
    StepAction,
    StepKind,
    TimeLimitUnit,
    Transition,
    UnitSelector,
)
from motcua.catalog.services import (
    activate_process,
    add_standard_steps,
    approve_process,
    build_standard_process,
    legal_limit_minutes,
)
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory, ProcessFactory, published_version
from motcua.organization.models import Role

pytestmark = pytest.mark.django_db

DECISION = {"decision_number": "45/QĐ-UBND", "decision_date": dt.date(2025, 7, 1), "decision_signer": "Chủ tịch"}


def draft_process(version=None, **fields) -> Process:
    version = version or published_version()
    number = version.processes.count() + 1
    return ProcessFactory(version=version, number=number, **fields)


def standard_draft(version=None, **kwargs) -> Process:
    process = draft_process(version)
    add_standard_steps(process, legal_limit_minutes(process.version), **kwargs)
    return process


def refusal(process: Process, by=None) -> str:
    with pytest.raises(ValidationError) as caught:
        approve_process(process, by=by, **DECISION)
    process.refresh_from_db()
    assert process.status == ProcessStatus.DRAFT
    return " | ".join(caught.value.messages)


def test_approval_records_the_decision(personas):
    process = standard_draft()
    approve_process(process, by=personas.catalog_admin, **DECISION)
    assert process.status == ProcessStatus.APPROVED
    assert (process.decision_number, process.approved_by) == ("45/QĐ-UBND", personas.catalog_admin)


def test_approval_refuses_allotments_above_the_legal_limit_in_working_minutes():
    process = standard_draft()
    process.steps.filter(code="xu-ly").update(allotted_minutes=5000)
    assert "vượt thời hạn giải quyết theo quy định (1440 phút làm việc)" in refusal(process)


def test_approval_counts_calendar_days_as_five_sevenths_of_working_days():
    version = published_version(limit_days=10, time_limit_unit=TimeLimitUnit.CALENDAR_DAYS)
    process = draft_process(version)
    add_standard_steps(process, 10 * 480)
    assert "(3360 phút làm việc)" in refusal(process)


def test_approval_gives_a_within_the_day_procedure_one_working_day():
    version = published_version(time_limit_unit=TimeLimitUnit.WITHIN_DAY, time_limit_value=None)
    process = standard_draft(version)
    process.steps.filter(code="xu-ly").update(allotted_minutes=400)
    assert "(480 phút làm việc)" in refusal(process)


def test_approval_refuses_a_fixed_step_whose_role_has_no_holder_in_its_unit(personas):
    process = standard_draft(fixed_units={"phe-duyet": personas.province_office})
    message = refusal(process)
    assert "Phê duyệt, ký kết quả" in message
    assert personas.province_office.name in message
    assert "Lãnh đạo đơn vị" in message


def test_approval_accepts_a_fixed_step_whose_role_is_held(personas):
    process = standard_draft(fixed_units={"xu-ly": personas.commune})
    approve_process(process, by=None, **DECISION)
    assert process.status == ProcessStatus.APPROVED


def test_approval_ignores_a_holder_whose_membership_has_ended(personas):
    personas.commune.memberships.filter(role=Role.SPECIALIST).update(valid_to=dt.date(2025, 7, 2))
    process = standard_draft(fixed_units={"xu-ly": personas.commune})
    assert "Chuyên viên xử lý" in refusal(process)


def test_approval_refuses_a_step_unreachable_from_the_first_step():
    process = standard_draft()
    Step.objects.create(
        process=process,
        order=9,
        code="treo",
        name="Bước treo",
        kind=StepKind.PROCESSING,
        role=Role.SPECIALIST,
        allotted_minutes=0,
    )
    assert "Bước “Bước treo” không thể tới được" in refusal(process)


def test_approval_refuses_a_process_not_starting_with_reception():
    process = standard_draft()
    process.steps.filter(code="tiep-nhan").update(kind=StepKind.PROCESSING)
    assert "phải là bước tiếp nhận" in refusal(process)


def test_approval_refuses_a_process_without_a_return_step():
    process = standard_draft()
    process.steps.filter(kind=StepKind.RETURN).update(kind=StepKind.PROCESSING)
    assert "không có bước trả kết quả" in refusal(process)


def test_approval_refuses_a_process_without_steps():
    assert "chưa có bước nào" in refusal(draft_process())


def test_approval_refuses_a_process_of_an_unpublished_version():
    version = ProcedureVersionFactory()
    ComponentFactory(version=version)
    process = standard_draft(version)
    assert "chưa được công bố" in refusal(process)


def test_approval_refuses_a_missing_decision_number():
    process = standard_draft()
    with pytest.raises(ValidationError, match="số, ngày và người ký"):
        approve_process(process, by=None, **{**DECISION, "decision_number": " "})


def test_approval_refuses_a_process_that_is_not_a_draft():
    process = published_version().processes.get()
    with pytest.raises(ValidationError, match="Chỉ phê duyệt được quy trình dự thảo"):
        approve_process(process, by=None, **DECISION)


def test_activation_retires_the_previously_active_process():
    version = published_version()
    old = version.processes.get()
    new = standard_draft(version)
    approve_process(new, by=None, **DECISION)
    activate_process(new)
    old.refresh_from_db()
    assert (old.status, new.status) == (ProcessStatus.RETIRED, ProcessStatus.ACTIVE)


def test_activation_refuses_a_process_that_is_not_approved():
    with pytest.raises(ValidationError, match="Chỉ áp dụng được quy trình đã phê duyệt"):
        activate_process(standard_draft())


def test_the_database_allows_one_active_process_per_version():
    version = published_version()
    with pytest.raises(IntegrityError), transaction.atomic():
        draft_process(version, status=ProcessStatus.ACTIVE)


def test_standard_process_is_built_approved_and_active_within_the_limit(personas):
    version = published_version()
    version.processes.update(status=ProcessStatus.RETIRED)
    process = build_standard_process(version, by=personas.catalog_admin, **DECISION)
    assert process.status == ProcessStatus.ACTIVE
    assert [step.code for step in process.steps.all()] == ["tiep-nhan", "xu-ly", "phe-duyet", "tra-ket-qua"]
    assert sum(process.steps.values_list("allotted_minutes", flat=True)) <= 3 * 480
    assert Transition.objects.filter(step__process=process, action=StepAction.APPROVE).get().to_step.code == (
        "tra-ket-qua"
    )


def test_standard_process_pins_fixed_units(personas):
    version = published_version(limit_days=5)
    process = build_standard_process(version, by=None, fixed_units={"xu-ly": personas.commune}, **DECISION)
    step = process.steps.get(code="xu-ly")
    assert (step.unit_selector, step.unit) == (UnitSelector.FIXED, personas.commune)


def test_standard_process_refuses_an_unknown_step_code(personas):
    with pytest.raises(ValidationError, match="khong-co"):
        build_standard_process(published_version(), by=None, fixed_units={"khong-co": personas.commune}, **DECISION)
