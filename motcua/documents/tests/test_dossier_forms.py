"""Forms filled from a dossier's records, driven through the dossiers app's own services."""

from __future__ import annotations

import datetime as dt
import html
import io

import docx
import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.tests.factories import published_version
from motcua.documents.forms import FormKind
from motcua.documents.registry import forms_of
from motcua.documents.services.dossier_forms import (
    context_for,
    control_form_context,
    form_for_dossier,
    form_for_notice,
    guidance_context,
    ledger_context,
    ledger_for_unit,
    printable_forms,
    receipt_context,
)
from motcua.documents.services.rendering import render_html
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.rulesets import FORM_SETS
from motcua.dossiers.services import GuidanceData, RefusalData, record_guidance, record_refusal
from motcua.dossiers.tests.factories import MONDAY, TZ, person, received
from motcua.dossiers.tests.helpers import act

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# The Monday before the 2025 form set came into force (15/9/2025).
MONDAY_2018_SET = dt.datetime(2025, 9, 8, 8, 0, tzinfo=TZ)


@pytest.fixture
def version(db):
    return published_version()


@pytest.fixture
def dossier(personas, version):
    return received(version, personas.commune, personas.desk_officer)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def returned_dossier(personas, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR, paper_handed_over=True)
    dossier = act(dossier, "confirm_paper", personas.specialist, MONDAY + 2 * HOUR)
    dossier = act(dossier, "forward", personas.specialist, MONDAY + DAY, note="Đủ điều kiện")
    dossier = act(dossier, "attach_result", personas.unit_leader, MONDAY + DAY + HOUR, name="Giấy xác nhận")
    dossier = act(dossier, "approve", personas.unit_leader, MONDAY + DAY + 2 * HOUR)
    return act(
        dossier,
        "return_result",
        personas.desk_officer,
        MONDAY + DAY + 3 * HOUR,
        method=ReturnMethod.AT_COUNTER,
        recipient="Nguyễn Văn An",
    )


def test_the_registry_numbers_forms_as_the_dossiers_rule_sets_do():
    for _start, rules in FORM_SETS:
        assert {spec.kind.value: spec.number for spec in forms_of(rules.form_set.value)} == rules.forms


def test_the_receipt_is_read_from_the_reception(personas, version, dossier):
    context = receipt_context(dossier)

    assert context.dossier_code == dossier.code
    assert context.applicant.identifier == "068090001234"
    assert [component.name for component in context.components] == [c.name for c in version.components.all()]
    assert context.return_at == dossier.due_at
    assert context.receiver.name == str(personas.desk_officer)
    assert context.lookup_secret == dossier.lookup_secret
    assert context.agency.place == "Lâm Đồng"
    assert context.time_limit == "3 ngày làm việc"


def test_the_receipt_keeps_the_appointment_given_at_reception_after_a_pause(personas, version, dossier):
    given = dossier.due_at
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(
        dossier,
        "request_supplement",
        personas.specialist,
        MONDAY + 2 * HOUR,
        component_ids=[version.components.first().pk],
        reason="Bản chụp không rõ",
    )

    assert dossier.due_at is None
    assert receipt_context(dossier).return_at == given


def test_a_dossier_prints_its_receipt_as_pdf_and_word_named_after_its_code(dossier):
    filename, content_type, content = form_for_dossier(dossier, FormKind.RECEIPT, "pdf")
    word_name, word_type, word = form_for_dossier(dossier, FormKind.RECEIPT, "docx")

    assert (filename, content_type) == (f"{dossier.code}-mau-01.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    assert word_name == f"{dossier.code}-mau-01.docx"
    assert word_type.endswith("wordprocessingml.document")
    assert dossier.code in docx_text(word)
    assert "Nguyễn Văn An" in docx_text(word)


def test_a_dossier_received_before_15_september_2025_prints_the_2018_set(personas, version):
    dossier = received(version, personas.commune, personas.desk_officer, at=MONDAY_2018_SET)

    filename, _type, _content = form_for_dossier(dossier, FormKind.CONTROL, "pdf")

    assert dossier.rule_set == "2018"
    assert filename == f"{dossier.code}-mau-05.pdf"
    with pytest.raises(ValidationError):
        form_for_dossier(dossier, FormKind.STOP_NOTICE)


def test_the_supplementation_request_prints_as_form_02_with_its_items_reason_and_author(personas, version, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    wanted = version.components.order_by("order")[1]
    dossier = act(
        dossier,
        "request_supplement",
        personas.specialist,
        MONDAY + 2 * HOUR,
        component_ids=[wanted.pk],
        reason="Bản chụp không rõ số hiệu",
    )

    context = guidance_context(dossier)
    _name, _type, word = form_for_dossier(dossier, FormKind.GUIDANCE, "docx")

    assert [item.name for item in context.requested_items] == [wanted.name]
    assert context.contact_officer == str(personas.specialist)
    assert "Bản chụp không rõ số hiệu" in docx_text(word)
    assert FormKind.GUIDANCE in {spec.kind for spec in printable_forms(dossier)}


def test_the_control_form_has_one_row_per_hand_over_and_the_return(personas, dossier):
    dossier = returned_dossier(personas, dossier)

    context = control_form_context(dossier)

    assert [(row.giver_name, row.receiver_unit) for row in context.rows][:1] == [
        (str(personas.desk_officer), personas.commune.name)
    ]
    assert len(context.rows) == dossier.visits.count()
    assert context.rows[0].received_at == MONDAY + 2 * HOUR
    assert context.rows[1].note.startswith("Đủ điều kiện")
    assert context.rows[-1].receiver_name == "Nguyễn Văn An"
    assert context.rows[-1].judgement == "Trước hạn"
    assert {row.judgement for row in context.rows} <= {"Trước hạn", "Đúng hạn", "Quá hạn"}
    printed = html.unescape(render_html(FormKind.CONTROL, dossier.rule_set, context))
    assert "Đã nhận hồ sơ giấy lúc 10:00 ngày 06/10/2025" in printed


def test_a_stopped_dossier_prints_the_2025_notice_with_the_request_it_answers(personas, dossier):
    dossier = act(dossier, "forward", personas.desk_officer, MONDAY + HOUR)
    dossier = act(
        dossier,
        "stop",
        personas.unit_leader,
        MONDAY + 2 * HOUR,
        reason="Người nộp đề nghị dừng",
        answers_request="Đơn ngày 06/10/2025 của ông Nguyễn Văn An",
    )

    context = context_for(FormKind.STOP_NOTICE, dossier)
    filename, _type, _content = form_for_dossier(dossier, FormKind.STOP_NOTICE, "pdf")

    assert context.request == "Đơn ngày 06/10/2025 của ông Nguyễn Văn An"
    assert context.reason == "Người nộp đề nghị dừng"
    assert context.signer.name == str(personas.unit_leader)
    assert filename == f"{dossier.code}-mau-05.pdf"


def test_forms_without_records_behind_them_are_refused(dossier):
    with pytest.raises(ValidationError) as no_apology:
        form_for_dossier(dossier, FormKind.APOLOGY)
    with pytest.raises(ValidationError) as no_request:
        form_for_dossier(dossier, FormKind.GUIDANCE)

    assert no_apology.value.code == no_request.value.code == "form_not_available"


def test_an_unknown_file_format_is_refused(dossier):
    with pytest.raises(ValidationError):
        form_for_dossier(dossier, FormKind.RECEIPT, "odt")


def test_the_ledger_lists_the_units_receptions_of_the_period_in_order(personas, version, dossier):
    returned = returned_dossier(personas, dossier)
    second = received(version, personas.commune, personas.desk_officer, at=MONDAY + 3 * HOUR)
    received(version, personas.commune, personas.desk_officer, at=MONDAY + 2 * DAY)

    context = ledger_context(personas.commune, MONDAY.date(), MONDAY.date())
    filename, _type, content = ledger_for_unit(personas.commune, MONDAY.date(), MONDAY.date(), "pdf")

    assert [row.dossier_code for row in context.rows] == [returned.code, second.code]
    assert context.rows[0].return_method == "Trực tiếp tại bộ phận một cửa"
    assert context.rows[0].returned_at == returned.returned_at
    assert context.rows[1].note == "Mới tiếp nhận"
    assert filename == f"so-theo-doi-ho-so-{personas.commune.code}-20251006-20251006.pdf"
    assert content.startswith(b"%PDF-")


def test_guidance_and_refusal_given_at_the_desk_print_without_a_dossier_code(personas, version):
    common = {
        "procedure_version_id": version.pk,
        "receiving_unit_id": personas.commune.pk,
        "applicant": person(),
        "channel": "counter",
    }
    guidance = record_guidance(
        actor=personas.desk_officer,
        data=GuidanceData(**common, component_ids=[version.components.first().pk], reason="Thiếu tờ khai"),
        at=MONDAY,
    )
    refusal = record_refusal(
        actor=personas.desk_officer,
        data=RefusalData(**common, reason="Không thuộc thẩm quyền\nĐã hướng dẫn nộp tại Sở Tư pháp"),
        at=MONDAY,
    )

    guidance_name, _type, guidance_word = form_for_notice(guidance, "docx")
    refusal_name, _type, refusal_word = form_for_notice(refusal, "docx")

    assert guidance_name == f"{guidance.serial}-mau-02.docx"
    assert version.components.first().name in docx_text(guidance_word)
    assert refusal_name == f"{refusal.serial}-mau-03.docx"
    assert "2. Đã hướng dẫn nộp tại Sở Tư pháp" in docx_text(refusal_word)
