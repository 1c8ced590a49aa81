"""Versions: drafting, publishing, retiring, the version in force, and the immutability of published law."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from motcua.catalog.models import (
    Component,
    ComponentForm,
    Fee,
    ProcedureVersion,
    ProcessStatus,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.services import (
    add_component,
    add_fee,
    create_procedure,
    legal_limit_minutes,
    new_draft_version,
    publication_problems,
    publish_version,
    remove_component,
    retire_version,
    update_component,
    update_draft_version,
    version_in_force,
)
from motcua.catalog.tests.factories import ComponentFactory, ProcedureVersionFactory, SectorFactory, published_version
from motcua.organization.models import UnitLevel

JULY = dt.date(2025, 7, 1)

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " | ".join(error.messages)


def draft_with_component(**fields: object) -> ProcedureVersion:
    version = ProcedureVersionFactory(**fields)
    ComponentFactory(version=version, order=1)
    return version


def test_create_procedure_returns_its_first_draft_version():
    version = create_procedure(
        code="1.004873", name="Cấp Giấy xác nhận tình trạng hôn nhân", sector=SectorFactory(), level=UnitLevel.COMMUNE
    )
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert version.procedure.code == "1.004873"


def test_create_procedure_refuses_a_duplicate_code():
    sector = SectorFactory()
    create_procedure(code="1.004873", name="A", sector=sector, level=UnitLevel.COMMUNE)
    with pytest.raises(ValidationError, match="đã tồn tại"):
        create_procedure(code="1.004873", name="B", sector=sector, level=UnitLevel.COMMUNE)


def test_publishing_refuses_a_version_without_components(personas):
    version = ProcedureVersionFactory()
    with pytest.raises(ValidationError) as caught:
        publish_version(version, valid_from=JULY, by=personas.catalog_admin)
    assert "chưa có thành phần hồ sơ" in messages(caught.value)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_publishing_refuses_a_version_without_a_time_limit_value(personas):
    version = draft_with_component(time_limit_value=None)
    with pytest.raises(ValidationError, match="Chưa có thời hạn giải quyết"):
        publish_version(version, valid_from=JULY, by=personas.catalog_admin)


def test_publishing_accepts_a_within_the_day_limit_without_a_value(personas):
    version = draft_with_component(time_limit_value=None, time_limit_unit=TimeLimitUnit.WITHIN_DAY)
    publish_version(version, valid_from=JULY, by=personas.catalog_admin)
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_by == personas.catalog_admin


def test_publication_refuses_a_supplementation_limit_above_the_ceiling_of_two():
    version = draft_with_component()
    version.supplementation_limit = 3
    assert any("vượt mức trần 2" in str(problem) for problem in publication_problems(version, valid_from=JULY))


def test_a_supplementation_limit_above_two_cannot_even_be_stored():
    version = draft_with_component()
    version.supplementation_limit = 3
    with pytest.raises(ValidationError):
        version.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()


def test_publishing_lists_every_problem_at_once(personas):
    version = ProcedureVersionFactory(time_limit_value=None)
    with pytest.raises(ValidationError) as caught:
        publish_version(version, valid_from=JULY, valid_to=dt.date(2025, 1, 1), by=personas.catalog_admin)
    assert len(caught.value.messages) == 3


def test_publishing_closes_the_previous_open_ended_version_the_day_before(personas):
    first = published_version(valid_from=JULY)
    draft = new_draft_version(first.procedure)
    publish_version(draft, valid_from=dt.date(2026, 1, 1), by=personas.catalog_admin)
    first.refresh_from_db()
    assert first.valid_to == dt.date(2025, 12, 31)
    assert first.status == VersionStatus.PUBLISHED


def test_publishing_refuses_a_validity_overlapping_a_closed_published_version(personas):
    first = published_version(valid_from=JULY, valid_to=dt.date(2025, 12, 31))
    draft = new_draft_version(first.procedure)
    with pytest.raises(ValidationError, match="trùng với phiên bản 1"):
        publish_version(draft, valid_from=dt.date(2025, 10, 1), by=personas.catalog_admin)


def test_publishing_refuses_a_validity_starting_with_or_before_the_open_ended_version(personas):
    first = published_version(valid_from=JULY)
    draft = new_draft_version(first.procedure)
    with pytest.raises(ValidationError, match="trùng với phiên bản 1"):
        publish_version(draft, valid_from=JULY, by=personas.catalog_admin)


def test_publishing_accepts_a_validity_after_the_previous_version_ended(personas):
    first = published_version(valid_from=JULY, valid_to=dt.date(2025, 12, 31))
    draft = new_draft_version(first.procedure)
    publish_version(draft, valid_from=dt.date(2026, 1, 1), by=personas.catalog_admin)
    assert draft.status == VersionStatus.PUBLISHED


def test_publishing_refuses_an_end_before_the_start(personas):
    version = draft_with_component()
    with pytest.raises(ValidationError, match="trước ngày bắt đầu hiệu lực"):
        publish_version(version, valid_from=JULY, valid_to=dt.date(2025, 6, 1), by=personas.catalog_admin)


def test_publishing_refuses_a_version_that_is_not_a_draft(personas):
    version = published_version()
    with pytest.raises(ValidationError, match="Chỉ công bố được phiên bản dự thảo"):
        publish_version(version, valid_from=dt.date(2030, 1, 1), by=personas.catalog_admin)


def test_publication_errors_are_translatable_to_english(personas):
    version = ProcedureVersionFactory()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        publish_version(version, valid_from=JULY, by=personas.catalog_admin)
    assert caught.value.messages  # rendered through gettext; English text comes with locale/en


def test_new_draft_copies_components_fees_and_the_active_process():
    first = published_version(components=2)
    draft = new_draft_version(first.procedure)
    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    assert draft.time_limit_value == first.time_limit_value
    assert list(draft.components.values_list("order", "name")) == list(first.components.values_list("order", "name"))
    process = draft.processes.get()
    assert process.status == ProcessStatus.DRAFT
    assert list(process.steps.values_list("code", "allotted_minutes")) == list(
        first.processes.get().steps.values_list("code", "allotted_minutes")
    )
    assert process.steps.get(code="xu-ly").transitions.count() == 4


def test_new_draft_copies_fees():
    version = draft_with_component()
    add_fee(version, description="Lệ phí", amount_vnd=8000)
    version.status, version.valid_from = VersionStatus.PUBLISHED, JULY
    version.save()
    draft = new_draft_version(version.procedure)
    assert list(draft.fees.values_list("description", "amount_vnd")) == [("Lệ phí", 8000)]


def test_new_draft_is_refused_while_another_draft_exists():
    version = draft_with_component()
    with pytest.raises(ValidationError, match="đã có phiên bản dự thảo số 1"):
        new_draft_version(version.procedure)


def test_retiring_ends_validity_and_keeps_the_version_in_force_for_earlier_days():
    version = published_version(valid_from=JULY)
    retire_version(version, last_day=dt.date(2025, 9, 30))
    assert version.status == VersionStatus.RETIRED
    assert version_in_force(version.procedure, dt.date(2025, 9, 30)) == version
    assert version_in_force(version.procedure, dt.date(2025, 10, 1)) is None


def test_retiring_refuses_a_last_day_before_the_start():
    version = published_version(valid_from=JULY)
    with pytest.raises(ValidationError, match="trước ngày bắt đầu hiệu lực"):
        retire_version(version, last_day=dt.date(2025, 6, 30))


def test_retiring_refuses_a_draft():
    with pytest.raises(ValidationError, match="Chỉ ngừng hiệu lực"):
        retire_version(ProcedureVersionFactory())


def test_version_in_force_picks_the_version_whose_validity_covers_the_day(personas):
    first = published_version(valid_from=JULY)
    second = new_draft_version(first.procedure)
    publish_version(second, valid_from=dt.date(2026, 1, 1), by=personas.catalog_admin)
    assert version_in_force(first.procedure, dt.date(2025, 6, 30)) is None
    assert version_in_force(first.procedure, dt.date(2025, 12, 31)) == first
    assert version_in_force(first.procedure, dt.date(2026, 1, 1)) == second


def test_version_in_force_ignores_drafts():
    version = draft_with_component()
    assert version_in_force(version.procedure, JULY) is None


@pytest.mark.parametrize(
    ("unit", "value", "minutes"),
    [
        (TimeLimitUnit.WORKING_DAYS, Decimal(3), 1440),
        (TimeLimitUnit.WORKING_HOURS, Decimal(8), 480),
        (TimeLimitUnit.WITHIN_DAY, None, 480),
        (TimeLimitUnit.CALENDAR_DAYS, Decimal(10), 7 * 480),
        (TimeLimitUnit.CALENDAR_DAYS, Decimal(15), 10 * 480),
        (TimeLimitUnit.WORKING_DAYS, None, None),
    ],
)
def test_legal_limit_counts_working_minutes_and_calendar_days_as_five_sevenths(unit, value, minutes):
    version = ProcedureVersion(time_limit_unit=unit, time_limit_value=value)
    assert legal_limit_minutes(version) == minutes


class TestPublishedLawIsImmutable:
    def test_services_refuse_editing_a_published_version(self):
        version = published_version()
        with pytest.raises(ValidationError, match="không được sửa"):
            update_draft_version(version, legal_basis="Nghị định mới")

    def test_services_refuse_adding_a_component_to_a_published_version(self):
        version = published_version()
        with pytest.raises(ValidationError, match="không được sửa"):
            add_component(version, name="Giấy tờ mới", form=ComponentForm.COPY)

    def test_services_refuse_changing_or_removing_a_published_component(self):
        component = published_version().components.first()
        with pytest.raises(ValidationError):
            update_component(component, name="Khác")
        with pytest.raises(ValidationError):
            remove_component(component)

    def test_services_refuse_adding_a_fee_to_a_published_version(self):
        with pytest.raises(ValidationError):
            add_fee(published_version(), description="Phí mới", amount_vnd=1)

    def test_draft_services_change_a_draft(self):
        version = ProcedureVersionFactory()
        component = add_component(version, name="Tờ khai", form=ComponentForm.ORIGINAL)
        update_component(component, copies=2)
        update_draft_version(version, legal_basis="Luật Hộ tịch")
        remove_component(component)
        assert version.components.count() == 0

    def test_draft_services_refuse_changing_lifecycle_fields(self):
        with pytest.raises(ValidationError, match="status"):
            update_draft_version(ProcedureVersionFactory(), status=VersionStatus.PUBLISHED)

    def test_model_save_refuses_changing_a_published_version(self):
        version = published_version()
        version.legal_basis = "Sửa lén"
        with pytest.raises(ValidationError):
            version.save()

    def test_model_save_refuses_reopening_a_closed_validity(self):
        version = published_version(valid_to=dt.date(2025, 12, 31))
        version.valid_to = None
        with pytest.raises(ValidationError, match="rút ngắn"):
            version.save()

    def test_model_save_refuses_bringing_a_retired_version_back(self):
        version = published_version()
        retire_version(version, last_day=dt.date(2025, 7, 1))
        version.status = VersionStatus.PUBLISHED
        with pytest.raises(ValidationError):
            version.save()

    def test_model_delete_refuses_a_published_version_even_through_a_queryset(self):
        version = published_version()
        version.processes.all().delete()
        with pytest.raises(ValidationError):
            ProcedureVersion.objects.filter(pk=version.pk).delete()

    def test_queryset_update_refuses_published_versions(self):
        version = published_version()
        with pytest.raises(ValidationError):
            ProcedureVersion.objects.filter(pk=version.pk).update(legal_basis="x")

    def test_model_save_and_delete_refuse_a_published_component(self):
        component = published_version().components.first()
        component.name = "Sửa lén"
        with pytest.raises(ValidationError):
            component.save()
        with pytest.raises(ValidationError):
            component.delete()

    def test_model_save_refuses_moving_a_component_out_of_a_published_version(self):
        component = published_version().components.first()
        component.version = ProcedureVersionFactory()
        with pytest.raises(ValidationError):
            component.save()

    def test_queryset_writes_refuse_published_components(self):
        version = published_version()
        with pytest.raises(ValidationError), transaction.atomic():
            Component.objects.filter(version=version).update(name="x")
        with pytest.raises(ValidationError), transaction.atomic():
            Component.objects.filter(version=version).delete()
        with pytest.raises(ValidationError), transaction.atomic():
            Component.objects.bulk_create([Component(version=version, order=99, name="x")])
        assert version.components.count() == 3

    def test_model_save_refuses_a_fee_on_a_published_version(self):
        with pytest.raises(ValidationError):
            Fee.objects.create(version=published_version(), description="Phí", amount_vnd=1)

    def test_deleting_a_draft_version_removes_its_components(self):
        version = draft_with_component()
        version.delete()
        assert not Component.objects.exists()
