"""The Word versions of the forms, built in code as docxtpl templates.

Building the templates with python-docx keeps them reviewable in a diff (a binary .docx is not) and lets the static
wording go through gettext like the HTML templates. The result is a .docx holding Jinja placeholders over the same
``printable()`` data the PDF uses; docxtpl fills it. Jinja tags always sit inside one run, as docxtpl requires.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from motcua.documents.registry import FormSpec, Paper, spec_for

# Word users have Times New Roman, the font of official documents (Decree 30/2020); it covers Vietnamese.
FONT = "Times New Roman"

PAGE_SIZES_MM: dict[Paper, tuple[int, int]] = {Paper.A5: (148, 210), Paper.A4_LANDSCAPE: (297, 210)}
BODY_SIZE_PT: dict[Paper, float] = {Paper.A5: 11, Paper.A4_LANDSCAPE: 10}
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 15, 12

Layout = Callable[[DocumentObject, FormSpec], None]


def _paragraph(
    container: DocumentObject | _Cell,
    *parts: str | tuple[str, str],
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    """A paragraph of runs; a ``(style, text)`` part is styled: ``b`` bold, ``i`` italic, ``bi`` both."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    if align is not None:
        paragraph.alignment = align
    for part in parts:
        style, text = part if isinstance(part, tuple) else ("", part)
        run = paragraph.add_run(text)
        run.bold = "b" in style or None
        run.italic = "i" in style or None
    return paragraph


def _first_paragraph(cell: _Cell, *parts: str | tuple[str, str], align: WD_ALIGN_PARAGRAPH) -> None:
    """Write into a new cell's existing empty paragraph, then let further ``_paragraph`` calls append."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for part in parts:
        style, text = part if isinstance(part, tuple) else ("", part)
        run = paragraph.add_run(text)
        run.bold = "b" in style or None
        run.italic = "i" in style or None


def _new_document(spec: FormSpec) -> DocumentObject:
    document = Document()
    width, height = PAGE_SIZES_MM[spec.paper]
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(12), Mm(12)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE_PT[spec.paper])
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)

    # Every page: the QR code top left, the form number top right (Circular 01/2023 on printed papers).
    header = section.header
    header.is_linked_to_previous = False
    table = header.add_table(rows=1, cols=2, width=Mm(width - MARGIN_LEFT_MM - MARGIN_RIGHT_MM))
    _first_paragraph(table.cell(0, 0), "{{ qr }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _first_paragraph(table.cell(0, 1), ("b", "{{ form.number_label }}"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(table.cell(0, 1), ("i", "{{ form.annex_note }}"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def _national_header(document: DocumentObject, spec: FormSpec, reference: str) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    agency, nation = table.cell(0, 0), table.cell(0, 1)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _first_paragraph(agency, "{{ data.agency.parent_name|upper }}", align=center)
    _paragraph(agency, ("b", "{{ data.agency.name|upper }}"), align=center)
    _paragraph(agency, "———", align=center)
    if reference:
        _paragraph(agency, reference, align=center)
    _first_paragraph(nation, ("b", _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), align=center)
    _paragraph(nation, ("b", _("Độc lập - Tự do - Hạnh phúc")), align=center).runs[0].underline = True
    _paragraph(nation, ("i", "{{ form.date_line }}"), align=center)
    _paragraph(document, ("b", str(spec.title).upper()), align=center)


def _grid(document: DocumentObject, headings: list[str], loop: str, cells: list[str]) -> Table:
    """A bordered table with a heading row and one row repeated by docxtpl for each item of ``loop``."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = "Table Grid"
    for index, heading in enumerate(headings):
        _first_paragraph(table.cell(0, index), ("b", heading), align=WD_ALIGN_PARAGRAPH.CENTER)
        _first_paragraph(table.cell(2, index), cells[index], align=WD_ALIGN_PARAGRAPH.LEFT)
    table.cell(1, 0).paragraphs[0].add_run(f"{{%tr for row in {loop} %}}")
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    return table


def _signatures(
    document: DocumentObject, left: list[str | tuple[str, str]], right: list[str | tuple[str, str]]
) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in ((table.cell(0, 0), left), (table.cell(0, 1), right)):
        if not lines:
            continue
        _first_paragraph(cell, lines[0], align=WD_ALIGN_PARAGRAPH.CENTER)
        for line in lines[1:]:
            _paragraph(cell, line, align=WD_ALIGN_PARAGRAPH.CENTER)


def _sign(title: str, name: str, note: str) -> list[str | tuple[str, str]]:
    return [("b", title), ("i", note), "", "", "", ("b", name)]


def _applicant_lines(document: DocumentObject, lead: str) -> None:
    _paragraph(document, lead, ("b", "{{ data.applicant.name }}"))
    _paragraph(document, _("Địa chỉ:"), " {{ data.applicant.address }}")
    _paragraph(
        document,
        _("Số điện thoại:"),
        " {{ data.applicant.phone }}    ",
        _("Thư điện tử:"),
        " {{ data.applicant.email }}",
    )


def _matter(document: DocumentObject) -> None:
    _paragraph(
        document,
        _("Nội dung yêu cầu giải quyết:"),
        " {{ data.matter }} (",
        _("mã thủ tục"),
        " {{ data.procedure_code }})",
    )


def _optional_code(document: DocumentObject) -> None:
    """Guidance and refusal may be given before a dossier is registered, so the code line is printed only if known."""
    _paragraph(
        document,
        "{% if data.dossier_code %}" + _("Mã hồ sơ:") + " {{ data.dossier_code }}{% endif %}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _numbered(document: DocumentObject, loop: str, line: str) -> None:
    _paragraph(document, f"{{%p for item in {loop} %}}")
    _paragraph(document, "{{ loop.index }}. " + line)
    _paragraph(document, "{%p endfor %}")


def _head_signature(document: DocumentObject) -> None:
    _signatures(
        document,
        [
            ("bi", _("Nơi nhận:")),
            "- " + _("Như trên;"),
            "{% for recipient in data.copied_to %}- {{ recipient }}; {% endfor %}",
            "- " + _("Lưu: VT."),
        ],
        [
            ("b", "{{ data.signer.on_behalf|upper }}"),
            ("b", "{{ data.signer.title|upper }}"),
            ("i", _("(Ký tên, đóng dấu)")),
            "",
            "",
            "",
            ("b", "{{ data.signer.name }}"),
        ],
    )


def _sign_note() -> str:
    return _("(Ký và ghi rõ họ tên)")


def receipt(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(document, spec, "")
    _paragraph(
        document,
        _("Mã hồ sơ:"),
        ("b", " {{ data.dossier_code }}"),
        "{% if data.lookup_secret %} — " + _("Mã tra cứu:") + " {{ data.lookup_secret }}{% endif %}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _applicant_lines(document, "{{ data.agency.name }} " + _("tiếp nhận hồ sơ của:") + " ")
    _matter(document)
    _paragraph(document, _("1. Thành phần hồ sơ nộp gồm:"))
    _grid(
        document,
        [_("STT"), _("Tên giấy tờ"), _("Hình thức (bản chính, bản sao hoặc bản chụp)"), _("Số lượng")],
        "data.components",
        ["{{ loop.index }}", "{{ row.name }}", "{{ row.form }}", "{{ row.copies }}"],
    )
    _paragraph(document, _("2. Số lượng hồ sơ:"), " {{ data.sets }} ", _("(bộ)"))
    _paragraph(document, _("3. Thời gian giải quyết hồ sơ theo quy định là:"), " {{ data.time_limit }}")
    _paragraph(document, _("4. Thời gian nhận hồ sơ:"), ("b", " {{ data.received_at }}"))
    _paragraph(document, _("5. Thời gian trả kết quả giải quyết hồ sơ:"), ("b", " {{ data.return_at }}"))
    _paragraph(document, _("6. Đăng ký nhận kết quả tại:"), " {{ data.collect_at }}")
    _paragraph(document, _("Vào Sổ theo dõi hồ sơ:"), " {{ data.ledger_reference }}")
    _signatures(
        document,
        _sign(_("NGƯỜI NỘP HỒ SƠ"), "{{ data.applicant.name }}", _sign_note()),
        _sign("{{ data.receiver.title|upper }}", "{{ data.receiver.name }}", _sign_note()),
    )


def guidance(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(document, spec, "")
    _optional_code(document)
    _paragraph(document, _("Hồ sơ của:"), ("b", " {{ data.applicant.name }}"))
    _matter(document)
    _paragraph(document, _("Địa chỉ:"), " {{ data.applicant.address }}")
    _paragraph(
        document,
        _("Số điện thoại:"),
        " {{ data.applicant.phone }}    ",
        _("Thư điện tử:"),
        " {{ data.applicant.email }}",
    )
    _paragraph(document, _("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"))
    _numbered(document, "data.requested_items", "{{ item.name }}{% if item.note %}: {{ item.note }}{% endif %}")
    _paragraph(document, _("Lý do:"), " {{ data.reason }}")
    _paragraph(
        document,
        _(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với %(officer)s, số điện thoại "
            "%(phone)s để được hướng dẫn."
        )
        % {"officer": "{{ data.contact_officer }}", "phone": "{{ data.contact_phone }}"},
    )
    _signatures(document, [], _sign("{{ data.guide.title|upper }}", "{{ data.guide.name }}", _sign_note()))


def refusal(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(document, spec, "")
    _optional_code(document)
    _applicant_lines(document, "{{ data.agency.name }} " + _("tiếp nhận hồ sơ của:") + " ")
    _matter(document)
    _paragraph(
        document,
        _(
            "Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, cơ quan tiếp nhận thông báo không tiếp nhận, "
            "giải quyết hồ sơ này với lý do cụ thể như sau:"
        ),
    )
    _numbered(document, "data.reasons", "{{ item }}")
    _paragraph(document, _("Xin thông báo cho Ông/Bà được biết và thực hiện./."))
    _signatures(document, [], _sign("{{ data.receiver.title|upper }}", "{{ data.receiver.name }}", _sign_note()))


def _letter_opening(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(
        document, spec, "{% if data.document_number %}" + _("Số:") + " {{ data.document_number }}{% endif %}"
    )
    _paragraph(document, _("Kính gửi:"), ("b", " {{ data.applicant.name }}"), align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        _("Lúc %(received)s, %(agency)s tiếp nhận giải quyết hồ sơ của Ông/Bà/Tổ chức, mã hồ sơ %(code)s.")
        % {"received": "{{ data.received_at }}", "agency": "{{ data.agency.name }}", "code": "{{ data.dossier_code }}"},
    )
    _matter(document)


def apology_2018(document: DocumentObject, spec: FormSpec) -> None:
    agency = {"agency": "{{ data.agency.name }}"}
    _letter_opening(document, spec)
    _paragraph(document, _("Thời hạn trả kết quả giải quyết hồ sơ:"), " {{ data.original_return_at }}")
    _paragraph(
        document, _("Tuy nhiên đến nay, %(agency)s chưa trả kết quả giải quyết hồ sơ của Ông/Bà/Tổ chức.") % agency
    )
    _paragraph(document, _("Lý do:"), " {{ data.reason }}")
    _paragraph(
        document,
        _(
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/Tổ chức. %(agency)s xin lỗi "
            "Ông/Bà/Tổ chức và hẹn lại thời gian trả kết quả vào %(new)s."
        )
        % {**agency, "new": "{{ data.new_return_at }}"},
    )
    _paragraph(document, _("%(agency)s xin trân trọng cảm ơn./.") % agency)
    _head_signature(document)


def apology_2025(document: DocumentObject, spec: FormSpec) -> None:
    agency = {"agency": "{{ data.agency.name }}"}
    _letter_opening(document, spec)
    _paragraph(document, _("Thời hạn giải quyết theo quy định:"), " {{ data.original_return_at }}")
    _paragraph(document, _("%(agency)s chưa thể hoàn thành việc giải quyết hồ sơ trong thời hạn quy định.") % agency)
    _paragraph(document, _("Lý do:"), " {{ data.reason }}")
    _paragraph(
        document,
        _("%(agency)s trân trọng xin lỗi Ông/Bà/Tổ chức và đề nghị gia hạn thời gian giải quyết hồ sơ đến %(new)s.")
        % {**agency, "new": "{{ data.new_return_at }}"},
    )
    _paragraph(document, _("%(agency)s xin trân trọng cảm ơn./.") % agency)
    _head_signature(document)


def stop_notice(document: DocumentObject, spec: FormSpec) -> None:
    _letter_opening(document, spec)
    _paragraph(document, _("Căn cứ:"), " {{ data.request }}")
    _paragraph(
        document, _("%(agency)s thông báo dừng giải quyết hồ sơ nêu trên.") % {"agency": "{{ data.agency.name }}"}
    )
    _paragraph(document, _("Lý do:"), " {{ data.reason }}")
    _paragraph(document, _("Xin thông báo để Ông/Bà/Tổ chức được biết./."))
    _head_signature(document)


def control(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(document, spec, "")
    _paragraph(document, _("Mã hồ sơ:"), ("b", " {{ data.dossier_code }}"), align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        ("i", "(" + _("Kèm theo hồ sơ của") + " {{ data.applicant.name }})"),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _matter(document)
    _paragraph(document, _("Cơ quan (bộ phận) giải quyết hồ sơ:"), " {{ data.resolving_agency }}")
    _paragraph(document, _("Cơ quan phối hợp giải quyết hồ sơ:"), ' {{ data.coordinating_agencies|join("; ") }}')
    _grid(
        document,
        [
            _("Tên cơ quan"),
            _("Thời gian giao, nhận hồ sơ"),
            _("Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)"),
            _("Ghi chú"),
        ],
        "data.rows",
        [
            "{{ loop.index }}. " + _("Giao:") + " {{ row.giver_unit }} — " + _("Nhận:") + " {{ row.receiver_unit }}",
            _("Giao lúc")
            + " {{ row.handed_at }}{% if row.received_at %} — "
            + _("Nhận lúc")
            + " {{ row.received_at }}{% endif %}. "
            + _("Người giao:")
            + " {{ row.giver_name }}. "
            + _("Người nhận:")
            + " {{ row.receiver_name }}",
            "{{ row.judgement }}",
            "{{ row.note }}",
        ],
    )


def ledger(document: DocumentObject, spec: FormSpec) -> None:
    _national_header(document, spec, "")
    _paragraph(
        document,
        _("Từ ngày %(start)s đến ngày %(end)s") % {"start": "{{ data.day_from }}", "end": "{{ data.day_to }}"},
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _grid(
        document,
        [
            _("STT"),
            _("Mã hồ sơ"),
            _("Tên thủ tục hành chính"),
            _("Số lượng hồ sơ (bộ)"),
            _("Tên cá nhân, tổ chức"),
            _("Địa chỉ, số điện thoại"),
            _("Cơ quan chủ trì giải quyết"),
            _("Nhận hồ sơ"),
            _("Hẹn trả kết quả"),
            _("Trả kết quả"),
            _("Hình thức trả kết quả"),
            _("Ký nhận"),
            _("Ghi chú"),
        ],
        "data.rows",
        [
            "{{ row.number }}",
            "{{ row.dossier_code }}",
            "{{ row.procedure }}",
            "{{ row.sets }}",
            "{{ row.applicant }}",
            "{{ row.contact }}",
            "{{ row.lead_agency }}",
            "{{ row.received_at }}",
            "{{ row.return_at }}",
            "{{ row.returned_at }}",
            "{{ row.return_method }}",
            "",
            "{{ row.note }}",
        ],
    )


LAYOUTS: dict[str, Layout] = {
    "receipt": receipt,
    "guidance": guidance,
    "refusal": refusal,
    "apology_2018": apology_2018,
    "apology_2025": apology_2025,
    "stop_notice": stop_notice,
    "control": control,
    "ledger": ledger,
}


@functools.lru_cache(maxsize=64)
def template_bytes(rule_set: str, kind: str, language: str) -> bytes:
    """The .docx template of a form in a language, built once per process."""
    spec = spec_for(rule_set, kind)
    with translation.override(language):
        document = _new_document(spec)
        LAYOUTS[spec.docx_layout](document, spec)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
