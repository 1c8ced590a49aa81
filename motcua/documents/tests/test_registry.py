from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template

from motcua.documents.docx_layouts import LAYOUTS
from motcua.documents.forms import FormKind
from motcua.documents.registry import FORM_SPECS, Paper, forms_of, spec_for


def test_each_set_numbers_its_forms_as_its_circular_does():
    numbers = {rule_set: {spec.kind: spec.number for spec in forms_of(rule_set)} for rule_set in ("2018", "2025")}

    assert numbers["2018"] == {
        FormKind.RECEIPT: "01",
        FormKind.GUIDANCE: "02",
        FormKind.REFUSAL: "03",
        FormKind.APOLOGY: "04",
        FormKind.CONTROL: "05",
        FormKind.LEDGER: "06",
    }
    assert numbers["2025"] == {
        FormKind.RECEIPT: "01",
        FormKind.GUIDANCE: "02",
        FormKind.REFUSAL: "03",
        FormKind.APOLOGY: "04",
        FormKind.STOP_NOTICE: "05",
        FormKind.CONTROL: "06",
        FormKind.LEDGER: "07",
    }


def test_the_2025_set_turns_the_apology_into_a_request_to_extend():
    assert str(spec_for("2018", FormKind.APOLOGY).title) == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    assert str(spec_for("2025", FormKind.APOLOGY).title) == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    assert spec_for("2018", FormKind.APOLOGY).html_template != spec_for("2025", FormKind.APOLOGY).html_template


def test_only_the_ledger_prints_on_a4():
    assert {spec.kind for spec in FORM_SPECS.values() if spec.paper != Paper.A5} == {FormKind.LEDGER}


def test_the_2018_set_has_no_stop_notice():
    with pytest.raises(ValidationError) as refused:
        spec_for("2018", FormKind.STOP_NOTICE)

    assert refused.value.code == "unknown_form"


def test_an_unknown_rule_set_is_refused():
    with pytest.raises(ValidationError):
        spec_for("2031", FormKind.RECEIPT)


@pytest.mark.parametrize("spec", FORM_SPECS.values(), ids=lambda spec: f"{spec.rule_set}-{spec.kind}")
def test_every_form_has_an_html_template_and_a_word_layout(spec):
    assert get_template(spec.html_template)
    assert spec.docx_layout in LAYOUTS
