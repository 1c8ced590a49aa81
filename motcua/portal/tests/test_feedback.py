"""PAKN: deadlines in working days (reject 2, more 5, answer 15, publish 2 after the answer) and handling steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.tests.factories import TZ
from motcua.portal.models import FeedbackKind, FeedbackState, FeedbackStepKind
from motcua.portal.services.feedback import (
    FeedbackData,
    answer_feedback,
    publish_answer,
    reject_feedback,
    request_more,
    submit_feedback,
)

# Monday 6 October 2025, 10:00; no holidays in the following three weeks.
MONDAY = dt.datetime(2025, 10, 6, 10, 0, tzinfo=TZ)


@pytest.fixture
def feedback(personas):
    data = FeedbackData(
        unit_id=personas.commune.pk,
        kind=FeedbackKind.COMPLAINT,
        sender_name="Trần Thị Bình",
        sender_contact="binh@example.vn",
        subject="Trả kết quả chậm",
        content="Hồ sơ của tôi trả chậm hai ngày.",
    )
    return submit_feedback(data=data, at=MONDAY)


def test_the_deadlines_are_two_five_and_fifteen_working_days_from_receipt(feedback):
    assert feedback.reject_by == dt.datetime(2025, 10, 8, 10, 0, tzinfo=TZ)
    assert feedback.request_more_by == dt.datetime(2025, 10, 13, 10, 0, tzinfo=TZ)
    assert feedback.answer_by == dt.datetime(2025, 10, 27, 10, 0, tzinfo=TZ)
    assert feedback.steps.get().kind == FeedbackStepKind.RECEIVED


def test_publishing_is_due_two_working_days_after_the_answer(feedback, personas):
    answered = answer_feedback(
        actor=personas.desk_officer, feedback=feedback, answer="Đã xin lỗi và trả kết quả.", at=MONDAY
    )
    assert answered.publish_by == dt.datetime(2025, 10, 8, 10, 0, tzinfo=TZ)
    published = publish_answer(
        actor=personas.unit_leader, feedback=answered, at=dt.datetime(2025, 10, 9, 8, 0, tzinfo=TZ)
    )
    assert published.state == FeedbackState.PUBLISHED
    assert published.steps.get(kind=FeedbackStepKind.PUBLISHED).late


def test_a_step_after_its_deadline_is_recorded_as_late(feedback, personas):
    late = dt.datetime(2025, 10, 9, 9, 0, tzinfo=TZ)
    rejected = reject_feedback(actor=personas.desk_officer, feedback=feedback, reason="Không thuộc thẩm quyền", at=late)
    step = rejected.steps.get(kind=FeedbackStepKind.REJECTED)
    assert step.late and step.due_at == feedback.reject_by
    assert rejected.state == FeedbackState.REJECTED


def test_a_step_within_its_deadline_is_on_time(feedback, personas):
    asked = request_more(actor=personas.desk_officer, feedback=feedback, question="Cho biết mã hồ sơ", at=MONDAY)
    assert not asked.steps.get(kind=FeedbackStepKind.MORE_REQUESTED).late
    assert asked.state == FeedbackState.MORE_REQUESTED


def test_staff_of_another_unit_cannot_handle_it(feedback, personas):
    with pytest.raises(ValidationError) as error:
        answer_feedback(actor=personas.outsider, feedback=feedback, answer="…", at=MONDAY)
    assert error.value.code == "not_allowed"


def test_a_rejected_feedback_is_not_answered(feedback, personas):
    reject_feedback(actor=personas.desk_officer, feedback=feedback, reason="Trùng lặp", at=MONDAY)
    with pytest.raises(ValidationError) as error:
        answer_feedback(actor=personas.desk_officer, feedback=feedback, answer="…", at=MONDAY)
    assert error.value.code == "wrong_state"


def test_a_feedback_needs_its_content(personas):
    data = FeedbackData(
        unit_id=personas.commune.pk,
        kind="complaint",
        sender_name="B",
        sender_contact="b@x.vn",
        subject="S",
        content=" ",
    )
    with pytest.raises(ValidationError) as error:
        submit_feedback(data=data, at=MONDAY)
    assert "content" in error.value.message_dict
