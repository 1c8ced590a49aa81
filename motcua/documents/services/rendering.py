"""Render a form context to print-ready PDF (WeasyPrint) or to DOCX (docxtpl), always in Vietnamese.

Official papers are Vietnamese whatever language the officer's screen uses, so every render runs under
``translation.override("vi")``. The PDF embeds the DejaVu Serif Condensed files shipped in
``static/documents/fonts`` (they cover every Vietnamese letter, and their licence lies beside them) so that the
output does not depend on the fonts a server happens to have.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from motcua.documents.docx_layouts import template_bytes
from motcua.documents.forms import CONTEXT_TYPES, FormContext, FormKind
from motcua.documents.printing import date_line, printable, qr_payload, qr_png
from motcua.documents.registry import FormSpec, spec_for

FORM_LANGUAGE = "vi"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "documents" / "fonts"
FONT_FILES = {
    "regular": "DejaVuSerifCondensed.ttf",
    "bold": "DejaVuSerifCondensed-Bold.ttf",
    "italic": "DejaVuSerifCondensed-Italic.ttf",
}
QR_WIDTH_MM = 21


class LocalOnlyFetcher(URLFetcher):
    """Let WeasyPrint read the shipped fonts and inline images only: a form never reaches the network or the disk."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if url.startswith("data:") or url in {(FONT_DIR / name).as_uri() for name in FONT_FILES.values()}:
            return super().fetch(url, headers)
        raise ValueError(f"forms may not load {url}")


def _check(spec: FormSpec, context: FormContext) -> None:
    expected = CONTEXT_TYPES[spec.kind]
    if not isinstance(context, expected):
        raise TypeError(f"{spec.kind} needs a {expected.__name__}, not {type(context).__name__}")


def _form_data(spec: FormSpec, context: FormContext) -> dict[str, Any]:
    """What every template prints around the form's own fields: number, title, date line and QR code."""
    title = str(spec.title)
    payload = qr_payload(context, title)
    return {
        "title": title,
        "number_label": _("Mẫu số %(number)s") % {"number": spec.number},
        "annex_note": _("(Ban hành kèm theo %(circular)s)") % {"circular": spec.circular},
        "paper": spec.paper.value,
        "date_line": date_line(context.agency.place, context.issued_on),
        "qr_payload": payload,
    }


def render_html(form: FormKind | str, rule_set: str, context: FormContext) -> str:
    """The HTML the PDF is printed from; tests read the text here since the PDF's text is glyph codes."""
    spec = spec_for(rule_set, form)
    _check(spec, context)
    with translation.override(FORM_LANGUAGE):
        data = _form_data(spec, context)
        data["qr_data_uri"] = "data:image/png;base64," + base64.b64encode(qr_png(data["qr_payload"])).decode("ascii")
        data["fonts"] = {style: (FONT_DIR / name).as_uri() for style, name in FONT_FILES.items()}
        return render_to_string(spec.html_template, {"form": data, "data": printable(context)})


def render_pdf(form: FormKind | str, rule_set: str, context: FormContext) -> bytes:
    """The form as a PDF on its paper (A5 portrait, the ledger A4 landscape), QR code top left on every page."""
    html = render_html(form, rule_set, context)
    fonts = FontConfiguration()
    document = HTML(string=html, url_fetcher=LocalOnlyFetcher(), base_url=FONT_DIR.as_uri())
    return document.write_pdf(font_config=fonts)


def render_docx(form: FormKind | str, rule_set: str, context: FormContext) -> bytes:
    """The form as an editable Word file built from the same data as the PDF, QR code top left in the header."""
    spec = spec_for(rule_set, form)
    _check(spec, context)
    with translation.override(FORM_LANGUAGE):
        template = DocxTemplate(io.BytesIO(template_bytes(spec.rule_set, spec.kind.value, FORM_LANGUAGE)))
        data = _form_data(spec, context)
        qr = InlineImage(template, io.BytesIO(qr_png(data["qr_payload"])), width=Mm(QR_WIDTH_MM))
        template.render({"form": data, "data": printable(context), "qr": qr}, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
