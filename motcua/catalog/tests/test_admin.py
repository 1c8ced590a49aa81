"""The catalog admin: pages open for a superuser, published law is read-only, actions call the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.catalog.models import ProcessStatus, VersionStatus
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ProcedureVersionFactory,
    ProcessFactory,
    published_version,
)
from motcua.organization.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", ["sector", "procedure", "procedureversion", "process", "step"])
def test_admin_list_and_add_pages_open_for_a_superuser(admin_client, model):
    published_version()
    assert admin_client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:catalog_{model}_add")).status_code == 200


def test_admin_change_pages_open_for_a_superuser(admin_client):
    version = published_version()
    process = version.processes.get()
    for name, pk in [
        ("procedure", version.procedure_id),
        ("procedureversion", version.pk),
        ("process", process.pk),
        ("step", process.steps.first().pk),
        ("sector", version.procedure.sector_id),
    ]:
        assert admin_client.get(reverse(f"admin:catalog_{name}_change", args=[pk])).status_code == 200


def test_admin_shows_a_published_version_and_its_components_read_only(admin_client):
    version = published_version()
    response = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    form = response.context["adminform"].form
    assert "legal_basis" not in form.fields
    component_formset = response.context["inline_admin_formsets"][0]
    assert not component_formset.has_add_permission
    assert not component_formset.has_change_permission
    assert not component_formset.has_delete_permission


def test_admin_lets_a_draft_be_edited(admin_client):
    version = ProcedureVersionFactory()
    response = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert "legal_basis" in response.context["adminform"].form.fields
    assert response.context["inline_admin_formsets"][0].has_add_permission


def test_admin_publish_action_shows_the_services_refusal_in_vietnamese(admin_client):
    version = ProcedureVersionFactory()
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "publish", "_selected_action": [version.pk]},
        follow=True,
    )
    assert any("Phiên bản chưa có thành phần hồ sơ nào." in text for text in texts(response))
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_admin_publish_action_publishes_from_the_entered_date(admin_client):
    version = ProcedureVersionFactory(valid_from=dt.date(2025, 7, 1))
    ComponentFactory(version=version)
    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"), {"action": "publish", "_selected_action": [version.pk]}
    )
    version.refresh_from_db()
    assert (version.status, version.valid_from, version.published_by.username) == (
        VersionStatus.PUBLISHED,
        dt.date(2025, 7, 1),
        "root",
    )


def test_admin_new_version_action_creates_a_draft_copy(admin_client):
    version = published_version(components=2)
    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "new_version", "_selected_action": [version.pk]},
    )
    draft = version.procedure.versions.get(number=2)
    assert (draft.status, draft.components.count()) == (VersionStatus.DRAFT, 2)


def test_admin_approve_and_activate_actions_call_the_services(admin_client):
    version = published_version()
    draft = version.processes.get()
    new = ProcessFactory(version=version, number=2, decision_number="", decision_signer="")
    response = admin_client.post(
        reverse("admin:catalog_process_changelist"), {"action": "approve", "_selected_action": [new.pk]}, follow=True
    )
    assert any("chưa có bước nào" in text for text in texts(response))
    assert any("số, ngày và người ký" in text for text in texts(response))
    response = admin_client.post(
        reverse("admin:catalog_process_changelist"), {"action": "activate", "_selected_action": [draft.pk]}, follow=True
    )
    assert any("Chỉ áp dụng được quy trình đã phê duyệt" in text for text in texts(response))
    draft.refresh_from_db()
    assert draft.status == ProcessStatus.ACTIVE
