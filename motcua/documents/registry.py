"""The official form sets as data: for each rule set and form kind, its number, title, paper and templates.

A dossier keeps the form set in force on its reception day (``motcua.dossiers.rulesets`` decides which); this table
says what each set prints. A new circular is a new block of rows here plus, where its wording changes, a template —
never an ``if rule_set == …`` in a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.documents.forms import FormKind


class Paper(models.TextChoices):
    """Paper sizes as CSS names them; the ledger is the only A4 form and prints landscape."""

    A5 = "A5", _("A5 dọc")
    A4_LANDSCAPE = "A4 landscape", _("A4 ngang")


@dataclass(frozen=True)
class FormSpec:
    """How one form of one set looks; ``docx_layout`` names a builder in ``docx_layouts``."""

    rule_set: str
    kind: FormKind
    number: str
    title: Promise
    circular: Promise
    paper: Paper
    html_template: str
    docx_layout: str


# The circular each set is annexed to, printed under the form number.
CIRCULARS: dict[str, Promise] = {
    "2018": _("Thông tư số 01/2018/TT-VPCP ngày 23 tháng 11 năm 2018 của Văn phòng Chính phủ"),
    "2025": _("Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ"),
}

RECEIPT_TITLE = _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
GUIDANCE_TITLE = _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
REFUSAL_TITLE = _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
CONTROL_TITLE = _("Phiếu kiểm soát quá trình giải quyết hồ sơ")
LEDGER_TITLE = _("Sổ theo dõi hồ sơ")


def _spec(
    rule_set: str, kind: FormKind, number: str, title: Promise, *, paper: Paper = Paper.A5, template: str = ""
) -> FormSpec:
    layout = template or kind.value
    return FormSpec(
        rule_set=rule_set,
        kind=kind,
        number=number,
        title=title,
        circular=CIRCULARS[rule_set],
        paper=paper,
        html_template=f"documents/{layout}.html",
        docx_layout=layout,
    )


_SPECS = [
    _spec("2018", FormKind.RECEIPT, "01", RECEIPT_TITLE),
    _spec("2018", FormKind.GUIDANCE, "02", GUIDANCE_TITLE),
    _spec("2018", FormKind.REFUSAL, "03", REFUSAL_TITLE),
    _spec("2018", FormKind.APOLOGY, "04", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), template="apology_2018"),
    _spec("2018", FormKind.CONTROL, "05", CONTROL_TITLE),
    _spec("2018", FormKind.LEDGER, "06", LEDGER_TITLE, paper=Paper.A4_LANDSCAPE),
    _spec("2025", FormKind.RECEIPT, "01", RECEIPT_TITLE),
    _spec("2025", FormKind.GUIDANCE, "02", GUIDANCE_TITLE),
    _spec("2025", FormKind.REFUSAL, "03", REFUSAL_TITLE),
    _spec(
        "2025",
        FormKind.APOLOGY,
        "04",
        _("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        template="apology_2025",
    ),
    _spec("2025", FormKind.STOP_NOTICE, "05", _("Thông báo dừng giải quyết hồ sơ")),
    _spec("2025", FormKind.CONTROL, "06", CONTROL_TITLE),
    _spec("2025", FormKind.LEDGER, "07", LEDGER_TITLE, paper=Paper.A4_LANDSCAPE),
]

FORM_SPECS: dict[tuple[str, FormKind], FormSpec] = {(spec.rule_set, spec.kind): spec for spec in _SPECS}


def spec_for(rule_set: str, kind: FormKind | str) -> FormSpec:
    """The form of ``kind`` in the set ``rule_set``; a form the set does not have is a validation error."""
    try:
        return FORM_SPECS[(str(rule_set), FormKind(kind))]
    except (KeyError, ValueError):
        raise ValidationError(
            _("Bộ biểu mẫu %(rule_set)s không có biểu mẫu “%(kind)s”."),
            code="unknown_form",
            params={"rule_set": rule_set, "kind": kind},
        ) from None


def forms_of(rule_set: str) -> list[FormSpec]:
    """Every form of a set in number order, for the UI's list of printable forms."""
    return sorted((spec for spec in _SPECS if spec.rule_set == str(rule_set)), key=lambda spec: spec.number)
