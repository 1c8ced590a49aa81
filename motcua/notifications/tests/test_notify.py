"""notify(): one recorded row per recipient and channel, written in the caller's transaction, deduplicated by key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.notifications.models import Notification, NotificationChannel, NotificationKind, NotificationStatus
from motcua.notifications.services import EMAIL, IN_APP, SMS, Contact, notify

pytestmark = pytest.mark.django_db

APPLICANT = Contact(name="Nguyễn Văn An", email="an@example.vn", phone="0912 345 678")


def _notify(**overrides):
    arguments = {"kind": NotificationKind.OVERDUE, "subject": "Hồ sơ quá hạn", "body": "Hồ sơ đã quá hạn 1 ngày."}
    arguments.update(overrides)
    return notify(**arguments)


def test_each_recipient_gets_one_row_per_channel(personas):
    personas.unit_leader.email = "leader@example.vn"
    rows = _notify(recipients=[personas.specialist, personas.unit_leader], channels=(IN_APP, EMAIL))

    assert sorted((row.recipient.username, row.channel) for row in rows) == [
        ("leader", "email"),
        ("leader", "in_app"),
        ("specialist", "email"),
        ("specialist", "in_app"),
    ]
    assert Notification.objects.count() == 4


def test_an_in_app_notification_is_delivered_by_being_recorded(personas):
    (row,) = _notify(recipients=[personas.specialist])

    assert row.status == NotificationStatus.SENT
    assert row.sent_at == row.created_at
    assert row.read_at is None


def test_a_person_listed_twice_is_told_once(personas):
    rows = _notify(recipients=[personas.unit_leader, personas.unit_leader])

    assert len(rows) == 1


def test_contacts_have_no_inbox_so_get_no_in_app_row(personas):
    rows = _notify(to_contacts=[APPLICANT], channels=(IN_APP, EMAIL, SMS))

    assert sorted(row.channel for row in rows) == ["email", "sms"]
    assert all(row.recipient is None and row.recipient_name == "Nguyễn Văn An" for row in rows)


def test_a_contacts_phone_number_is_stored_without_separators(personas):
    (row,) = _notify(to_contacts=[APPLICANT], channels=(SMS,))

    assert row.address == "0912345678"
    assert row.status == NotificationStatus.QUEUED


def test_the_applicants_declared_contact_is_used(dossier):
    contact = Contact.of_applicant(dossier.applicant)

    assert contact == Contact(name="Nguyễn Văn An", email="an@example.vn", phone="0912345678")


def test_a_missing_email_address_is_recorded_as_a_final_failure_with_the_reason(personas):
    personas.specialist.email = ""

    (row,) = _notify(recipients=[personas.specialist], channels=(EMAIL,))

    assert row.status == NotificationStatus.FAILED
    assert row.error == "Người nhận không có địa chỉ thư điện tử."
    assert row.next_attempt_at is None


def test_an_invalid_phone_number_is_recorded_as_a_final_failure_with_the_reason(personas):
    (row,) = _notify(to_contacts=[Contact(name="Bà Hoa", phone="09-abc")], channels=(SMS,))

    assert row.status == NotificationStatus.FAILED
    assert row.error == "Số điện thoại không hợp lệ: 09-abc"
    assert row.next_attempt_at is None


def test_repeating_a_dedupe_key_records_nothing_new(personas):
    first = _notify(recipients=[personas.specialist], to_contacts=[APPLICANT], channels=(IN_APP, SMS), dedupe_key="k1")

    again = _notify(recipients=[personas.specialist], to_contacts=[APPLICANT], channels=(IN_APP, SMS), dedupe_key="k1")

    assert len(first) == 3
    assert again == []
    assert Notification.objects.count() == 3


def test_a_dedupe_key_holds_per_recipient_and_channel(personas):
    _notify(recipients=[personas.specialist], channels=(IN_APP,), dedupe_key="k1")

    rows = _notify(recipients=[personas.specialist, personas.unit_leader], channels=(IN_APP, SMS), dedupe_key="k1")

    assert sorted((row.recipient.username, row.channel) for row in rows) == [
        ("leader", "in_app"),
        ("leader", "sms"),
        ("specialist", "sms"),
    ]


def test_without_a_dedupe_key_every_call_is_recorded(personas):
    _notify(recipients=[personas.specialist])
    _notify(recipients=[personas.specialist])

    assert Notification.objects.count() == 2


def test_the_database_refuses_a_duplicate_key_written_behind_notifys_back(personas):
    (row,) = _notify(recipients=[personas.specialist], dedupe_key="k1")
    row.pk = None

    with pytest.raises(IntegrityError), transaction.atomic():
        row.save(force_insert=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "party_invitation"}, "Loại thông báo không hợp lệ: party_invitation."),
        ({"channels": ("fax",)}, "Kênh gửi không hợp lệ: fax."),
        ({"channels": ()}, "Cần chọn ít nhất một kênh gửi thông báo."),
        ({"subject": "  "}, "Thông báo cần có tiêu đề."),
        ({"body": ""}, "Thông báo cần có nội dung."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(personas, overrides, message):
    with pytest.raises(ValidationError) as refused:
        _notify(recipients=[personas.specialist], **overrides)

    assert refused.value.messages == [message]
    assert not Notification.objects.exists()


def test_nobody_to_tell_records_nothing(personas):
    assert _notify(recipients=[]) == []


def test_a_kind_may_be_given_as_its_value(personas):
    (row,) = _notify(recipients=[personas.specialist], kind="sos_raised")

    assert row.kind == NotificationKind.SOS_RAISED


def test_the_dossier_and_link_are_kept(personas, dossier):
    (row,) = _notify(recipients=[personas.specialist], dossier=dossier, url=f"/ho-so/{dossier.code}/")

    assert (row.dossier, row.url) == (dossier, f"/ho-so/{dossier.code}/")


def test_a_rolled_back_change_notifies_nobody(personas, mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(recipients=[personas.specialist], channels=(IN_APP, EMAIL))
        raise RuntimeError("the caller's change failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_channel_values_are_the_documented_ones():
    assert NotificationChannel.values == ["in_app", "email", "sms"]
