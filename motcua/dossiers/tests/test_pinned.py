"""The pinned process is read once and kept in memory, and what is kept can never be stale."""

from __future__ import annotations

import datetime as dt

from motcua.catalog.models import Step
from motcua.catalog.services import build_standard_process, new_draft_version
from motcua.catalog.tests.factories import ProcessFactory, add_standard_steps
from motcua.dossiers.services import pinned
from motcua.dossiers.tests.factories import MONDAY, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)


def test_a_pinned_process_is_read_once_then_served_from_memory(version, django_assert_num_queries):
    process = version.processes.get()
    pinned.forget_processes()
    first = pinned.process_graph(process.pk)
    with django_assert_num_queries(0):
        again = pinned.process_graph(process.pk)
    assert again is first
    step = process.steps.get(code="xu-ly")
    assert again.transition(step.pk, "forward").to_step.code == "phe-duyet"
    assert again.actions_at(step.pk) == {"forward", "send_back", "request_supplement", "consult"}


def test_each_call_builds_fresh_instances_so_nothing_loaded_onto_one_leaks_into_the_next(version):
    step = version.processes.get().steps.get(code="xu-ly")
    graph = pinned.process_graph(step.process_id)
    one = graph.step(step.pk)
    one.name = "changed in one action"
    assert graph.step(step.pk) is not one
    assert graph.step(step.pk).name == step.name


def test_a_draft_process_is_never_kept_since_it_may_still_change(version):
    draft = ProcessFactory(version=version, number=2)
    steps = add_standard_steps(draft, 1440)
    pinned.process_graph(draft.pk)
    # A queryset update sends no signal: only not caching drafts keeps this visible.
    Step.objects.filter(pk=steps[1].pk).update(allotted_minutes=7)
    assert pinned.process_graph(draft.pk).step(steps[1].pk).allotted_minutes == 7


def test_a_catalog_edit_in_this_process_forgets_what_was_kept(version):
    step = version.processes.get().steps.get(code="xu-ly")
    pinned.process_graph(step.process_id)
    step.name = "Thẩm định hồ sơ"
    step.save()  # only an administrator's repair would do this to an active process; it must still show
    assert pinned.process_graph(step.process_id).step(step.pk).name == "Thẩm định hồ sơ"


def test_the_cache_keeps_at_most_its_bound(version, monkeypatch):
    monkeypatch.setattr(pinned, "_graphs", pinned._Memo(1))
    first = version.processes.get()
    second = build_standard_process(
        version, decision_number="2/QĐ", decision_date=dt.date(2025, 1, 1), decision_signer="Chủ tịch", by=None
    )
    pinned.process_graph(first.pk)
    pinned.process_graph(second.pk)
    assert list(pinned._graphs) == [second.pk]


def test_a_process_activated_later_is_pinned_by_new_receptions_and_each_dossier_follows_its_own(personas, version):
    before = received(version, personas.commune, personas.desk_officer)
    before = act(before, "forward", personas.desk_officer, MONDAY + HOUR)  # the old graph is now in memory
    # The new process has the processing step done by another commune.
    build_standard_process(
        version,
        decision_number="2/QĐ-UBND",
        decision_date=dt.date(2025, 1, 1),
        decision_signer="Chủ tịch UBND tỉnh",
        by=None,
        fixed_units={"xu-ly": personas.other_commune},
    )
    after = received(version, personas.commune, personas.desk_officer, at=MONDAY + HOUR)
    assert after.process_id != before.process_id
    after = act(after, "forward", personas.desk_officer, MONDAY + 2 * HOUR)
    assert after.current_unit == personas.other_commune
    before = act(before, "forward", personas.specialist, MONDAY + 2 * HOUR)
    assert before.current_step.code == "phe-duyet"
    assert before.current_unit == personas.commune


def test_a_published_versions_components_are_read_once_then_served_from_memory(version, django_assert_num_queries):
    pinned.forget_processes()
    first = pinned.pinned_components(version)
    with django_assert_num_queries(0):
        again = pinned.pinned_components(version)
    assert [component.pk for component in again] == [component.pk for component in first]
    assert [component.order for component in again] == sorted(component.order for component in again)
    assert again[0] is not first[0]


def test_a_draft_offers_no_components_and_is_never_remembered(version):
    pinned.forget_processes()
    draft = new_draft_version(version.procedure)
    assert draft.components.exists()  # copied from the published version, still editable
    assert pinned.pinned_components(draft) == []
    assert draft.pk not in list(pinned._components)


def test_saving_any_component_forgets_the_cached_components(version):
    pinned.forget_processes()
    pinned.pinned_components(version)
    assert list(pinned._components) == [version.pk]
    draft = new_draft_version(version.procedure)
    component = draft.components.order_by("order").first()
    component.name = "Tờ khai (sửa)"
    component.save()
    assert list(pinned._components) == []
