from __future__ import annotations

import dataclasses
import html
import io

import docx
import pytest
from django.utils import translation
from PIL import Image, ImageChops

from motcua.documents.forms import FormKind
from motcua.documents.printing import qr_payload, qr_png
from motcua.documents.registry import FORM_SPECS, Paper, spec_for
from motcua.documents.services.rendering import LocalOnlyFetcher, render_docx, render_html, render_pdf
from motcua.documents.tests.pdf import read_pdf
from motcua.documents.tests.samples import APPLICANT, CODE, sample

SPECS = list(FORM_SPECS.values())
SPEC_IDS = [f"{spec.rule_set}-{spec.kind}" for spec in SPECS]
PAPER_MM = {Paper.A5: (148, 210), Paper.A4_LANDSCAPE: (297, 210)}

# What each form must print, beyond the national header, its number and the applicant.
KEY_VALUES = {
    FormKind.RECEIPT: [CODE, "08:05 ngày 16/09/2025", "16:30 ngày 19/09/2025", "Giấy chứng sinh", "K7Q2-M9XD"],
    FormKind.GUIDANCE: [CODE, "bản chụp mờ, không đọc được số hiệu", "Giấy tờ nộp không đọc được", "02633822111"],
    FormKind.REFUSAL: ["Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Đức Trọng."],
    FormKind.APOLOGY: [CODE, "15/XL-TTPVHCC", "16:30 ngày 19/09/2025", "10:00 ngày 24/09/2025", "Chờ kết quả xác minh"],
    FormKind.STOP_NOTICE: [CODE, "Đơn đề nghị dừng giải quyết hồ sơ", "Người yêu cầu rút hồ sơ."],
    FormKind.CONTROL: [CODE, "Phạm Quốc Việt", "Đúng hạn", "09:05 ngày 16/09/2025", "09:25 ngày 16/09/2025"],
    FormKind.LEDGER: ["000.17.22.H68-250916-0030", "Từ ngày 01/09/2025 đến ngày 30/09/2025", "Trực tiếp"],
}
EVERY_FORM = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def expected_text(spec) -> list[str]:
    applicant = [] if spec.kind == FormKind.LEDGER else [APPLICANT.name]
    return [*EVERY_FORM, f"Mẫu số {spec.number}", *applicant, *KEY_VALUES[spec.kind]]


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    header = document.sections[0].header
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in [*document.tables, *header.tables]:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_form_of_every_set_prints_a_pdf_on_its_paper_titled_as_the_circular(spec):
    content = render_pdf(spec.kind, spec.rule_set, sample(spec.kind))

    info, pages = read_pdf(content)
    assert content.startswith(b"%PDF-")
    assert info["/Title"] == str(spec.title)
    assert pages
    for page in pages:
        assert (round(page.width_mm), round(page.height_mm)) == PAPER_MM[spec.paper]


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_form_prints_its_header_date_line_and_key_values(spec):
    printed = html.unescape(render_html(spec.kind, spec.rule_set, sample(spec.kind)))

    for text in [*expected_text(spec), str(spec.title), spec.circular]:
        assert str(text) in printed
    assert "Lâm Đồng, ngày" in printed


@pytest.mark.parametrize("kind", [FormKind.CONTROL, FormKind.LEDGER])
def test_every_page_carries_the_qr_code_of_the_payload_at_the_top_left(kind):
    spec = spec_for("2025", kind)
    context = sample(kind)
    expected = Image.open(io.BytesIO(qr_png(qr_payload(context, str(spec.title))))).convert("RGB")

    _info, pages = read_pdf(render_pdf(kind, "2025", context))

    assert len(pages) > 1
    for page in pages:
        (qr,) = page.images
        assert ImageChops.difference(qr.image, expected).getbbox() is None
        assert qr.x_mm < 20 and qr.y_mm < 10


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_form_opens_in_word_with_the_values_and_the_qr_code(spec):
    content = render_docx(spec.kind, spec.rule_set, sample(spec.kind))

    document = docx.Document(io.BytesIO(content))
    text = docx_text(content)
    for expected in [*expected_text(spec), str(spec.title).upper()]:
        assert expected in text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == PAPER_MM[spec.paper]
    header_images = [part for part in section.header.part.related_parts.values() if "image" in part.content_type]
    assert len(header_images) == 1
    assert "{{" not in text and "{%" not in text


def test_applicant_data_is_printed_literally_not_as_markup():
    hostile = dataclasses.replace(APPLICANT, name="<b>Trần & Con</b> {{ form }}")
    context = dataclasses.replace(sample(FormKind.RECEIPT), applicant=hostile)

    printed = render_html(FormKind.RECEIPT, "2025", context)
    word = docx_text(render_docx(FormKind.RECEIPT, "2025", context))

    assert "<b>Trần" not in printed and "&lt;b&gt;Trần &amp; Con&lt;/b&gt;" in printed
    assert "<b>Trần & Con</b> {{ form }}" in word


def test_forms_print_in_vietnamese_whatever_the_officers_language():
    with translation.override("en"):
        printed = render_html(FormKind.RECEIPT, "2025", sample(FormKind.RECEIPT))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed


def test_a_context_for_another_form_is_refused():
    with pytest.raises(TypeError):
        render_pdf(FormKind.RECEIPT, "2025", sample(FormKind.GUIDANCE))


@pytest.mark.parametrize("url", ["https://example.com/font.ttf", "file:///etc/passwd"])
def test_forms_never_load_anything_but_the_shipped_fonts(url):
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(url)
