"""Printing the official forms. The UI and the API call ``form_for_dossier``, ``form_for_notice`` and
``ledger_for_unit``; ``render_pdf``/``render_docx`` print any filled context."""

from motcua.documents.services.dossier_forms import (
    CONTENT_TYPES,
    context_for,
    control_form_context,
    form_for_dossier,
    form_for_notice,
    guidance_context,
    ledger_context,
    ledger_for_unit,
    notice_context,
    printable_forms,
    receipt_context,
    stop_notice_context,
)
from motcua.documents.services.rendering import render_docx, render_html, render_pdf

__all__ = [
    "CONTENT_TYPES",
    "context_for",
    "control_form_context",
    "form_for_dossier",
    "form_for_notice",
    "guidance_context",
    "ledger_context",
    "ledger_for_unit",
    "notice_context",
    "printable_forms",
    "receipt_context",
    "render_docx",
    "render_html",
    "render_pdf",
    "stop_notice_context",
]
