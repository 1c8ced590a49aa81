from __future__ import annotations

import datetime as dt

from motcua.documents.forms import FormKind
from motcua.documents.printing import date_line, format_date, format_instant, printable, qr_payload
from motcua.documents.tests.samples import CODE, PROCEDURE, sample


def test_instants_print_in_vietnam_time_whatever_zone_they_come_in():
    late_evening_utc = dt.datetime(2025, 9, 15, 23, 30, tzinfo=dt.UTC)

    assert format_instant(late_evening_utc) == "06:30 ngày 16/09/2025"
    assert format_date(late_evening_utc) == "16/09/2025"


def test_the_date_line_pads_days_below_ten_and_the_first_two_months():
    assert date_line("Lâm Đồng", dt.date(2026, 2, 5)) == "Lâm Đồng, ngày 05 tháng 02 năm 2026"
    assert date_line("Lâm Đồng", dt.date(2025, 9, 16)) == "Lâm Đồng, ngày 16 tháng 9 năm 2025"


def test_printable_turns_a_context_into_text_the_templates_print():
    data = printable(sample(FormKind.LEDGER))

    assert data["day_from"] == "01/09/2025"
    assert data["rows"][0]["received_at"] == "08:05 ngày 16/09/2025"
    assert data["rows"][1]["returned_at"] == ""


def test_the_qr_payload_names_dossier_procedure_applicant_and_document():
    payload = qr_payload(sample(FormKind.RECEIPT), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")

    assert payload == f"MHS:{CODE}|TTHC:{PROCEDURE}|ID:068190012345|Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_a_dossier_without_a_code_yet_keeps_the_qr_fields_in_place():
    payload = qr_payload(sample(FormKind.REFUSAL), "Phiếu từ chối tiếp nhận giải quyết hồ sơ")

    assert payload.split("|")[0] == "MHS:"
    assert payload.split("|")[2] == "ID:068190012345"


def test_the_ledger_qr_names_the_unit_and_the_period():
    payload = qr_payload(sample(FormKind.LEDGER), "Sổ theo dõi hồ sơ")

    assert payload == "DV:000.17.22.H68|TU:01/09/2025|DEN:30/09/2025|Sổ theo dõi hồ sơ"
