"""The notification centre: a person sees and marks only their own notifications; the header badge counts them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.notifications.models import Notification, NotificationKind
from motcua.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _tell(user, subject: str = "Hồ sơ sắp tới hạn") -> Notification:
    (notification,) = notify(recipients=[user], kind=NotificationKind.DUE_SOON, subject=subject, body="Còn 1 ngày.")
    return notification


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [("notifications:list", "get", ()), ("notifications:read", "post", (1,)), ("notifications:read-all", "post", ())],
)
def test_anonymous_visitor_is_sent_to_login(client, name, method, args):
    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_badge_stays_silent_for_an_anonymous_visitor(client):
    assert client.get(reverse("notifications:badge")).status_code == 204


def test_the_centre_lists_only_the_users_own_notifications_unread_first(client, personas):
    read = _tell(personas.specialist, "Thông báo đã đọc")
    _tell(personas.specialist, "Thông báo chưa đọc")
    _tell(personas.outsider, "Thông báo của người khác")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(personas.specialist)

    response = client.get(reverse("notifications:list"))

    subjects = [n.subject for n in response.context["page"].object_list]
    assert subjects == ["Thông báo chưa đọc", "Thông báo đã đọc"]
    assert response.context["unread"] == 1


def test_the_centre_reads_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    for number in range(5):
        _tell(personas.specialist, f"Thông báo {number}")
    client.force_login(personas.specialist)
    client.get(reverse("notifications:list"))

    # session, user, the menu's roles, the paginator's count, the page (dossiers joined), the unread count
    with django_assert_num_queries(6):
        client.get(reverse("notifications:list"))


def test_marking_read_with_htmx_returns_the_row_and_the_new_badge(client, personas):
    notification = _tell(personas.specialist)
    _tell(personas.specialist, "Một thông báo nữa")
    client.force_login(personas.specialist)

    response = client.post(reverse("notifications:read", args=[notification.pk]), headers={"HX-Request": "true"})

    notification.refresh_from_db()
    assert notification.read_at is not None
    html = response.content.decode()
    assert f'id="notification-{notification.pk}"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert '<span class="badge">1' in html


def test_a_user_cannot_mark_someone_elses_notification(client, personas):
    notification = _tell(personas.outsider)
    client.force_login(personas.specialist)

    response = client.post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_read_touches_only_the_users_own(client, personas):
    _tell(personas.specialist)
    theirs = _tell(personas.outsider)
    client.force_login(personas.specialist)

    response = client.post(reverse("notifications:read-all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=personas.specialist, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_counts_the_users_unread_notifications(client, personas):
    _tell(personas.specialist)
    _tell(personas.specialist)
    _tell(personas.outsider)
    client.force_login(personas.specialist)

    response = client.get(reverse("notifications:badge"))

    assert response.content.decode().startswith('<span class="badge">2')


def test_badge_is_empty_when_everything_is_read(client, personas):
    client.force_login(personas.specialist)

    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()


def test_the_header_links_to_the_centre_for_signed_in_users(client, personas):
    client.force_login(personas.specialist)

    html = client.get(reverse("notifications:list")).content.decode()

    assert f'hx-get="{reverse("notifications:badge")}"' in html
