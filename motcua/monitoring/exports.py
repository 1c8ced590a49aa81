"""The periodic report (form II.06a/VPCP/KSTT) as XLSX and PDF, in the layout of the official table.

Both are written to an anonymous temporary file that the view streams and the operating system deletes when it is
closed. XlsxWriter runs in ``constant_memory`` mode (each row goes to disk once written, rows in order), so memory
stays flat whatever the number of rows; the PDF is printed with the Vietnamese font the documents app ships.
"""

from __future__ import annotations

import dataclasses
import tempfile
from typing import IO

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from motcua.documents.services.rendering import FONT_DIR, FONT_FILES, LocalOnlyFetcher
from motcua.monitoring.selectors.report import COLUMN_LABELS, OFFICIAL_COLUMNS, SEPARATE_COLUMNS, PeriodicReport

FORM_NUMBER = "II.06a/VPCP/KSTT"
REPORT_LANGUAGE = "vi"


@dataclasses.dataclass(frozen=True)
class ReportHeader:
    """What the official header names: the period and who reports to whom."""

    start: str
    end: str
    reporting_unit: str
    receiving_unit: str


def header_texts(header: ReportHeader, report: PeriodicReport) -> dict[str, str]:
    grouping = _("Lĩnh vực, công việc giải quyết") if report.by == "sector" else _("Đơn vị giải quyết theo cấp")
    return {
        "form": _("Biểu số %(number)s") % {"number": FORM_NUMBER},
        "title": _(
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC "
            "HÀNH CHÍNH"
        ),
        "period": _("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s") % {"start": header.start, "end": header.end},
        "reporting": _("Đơn vị báo cáo: %(unit)s") % {"unit": header.reporting_unit},
        "receiving": _("Đơn vị nhận báo cáo: %(unit)s") % {"unit": header.receiving_unit},
        "no": _("STT"),
        "grouping": grouping,
        "received": _("Số hồ sơ nhận giải quyết"),
        "resolved": _("Số hồ sơ đã giải quyết"),
        "in_progress": _("Số hồ sơ đang giải quyết"),
        "separate": _("Thống kê riêng (không có cột trong biểu mẫu)"),
        "total": _("Tổng cộng"),
    }


def _labels() -> list[str]:
    return [str(COLUMN_LABELS[key]) for key in (*OFFICIAL_COLUMNS, *SEPARATE_COLUMNS)]


def report_xlsx(report: PeriodicReport, header: ReportHeader) -> IO[bytes]:
    """The report as an XLSX file, open and rewound, for streaming."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    with translation.override(REPORT_LANGUAGE):
        texts = header_texts(header, report)
        workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
        sheet = workbook.add_worksheet(FORM_NUMBER.replace("/", "-"))
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "align": "center", "text_wrap": True})
        head = workbook.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        )
        cell = workbook.add_format({"border": 1})
        number = workbook.add_format({"border": 1, "align": "center"})
        section = workbook.add_format({"border": 1, "bold": True, "italic": True})
        last = 1 + len(OFFICIAL_COLUMNS) + len(SEPARATE_COLUMNS)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, last, 11)
        sheet.write(0, last - 2, texts["form"], bold)
        sheet.merge_range(1, 0, 1, last, texts["title"], title)
        sheet.merge_range(2, 0, 2, last, texts["period"], title)
        sheet.write(3, 0, texts["reporting"])
        sheet.write(4, 0, texts["receiving"])
        sheet.merge_range(6, 0, 7, 0, texts["no"], head)
        sheet.merge_range(6, 1, 7, 1, texts["grouping"], head)
        sheet.merge_range(6, 2, 6, 5, texts["received"], head)
        sheet.merge_range(6, 6, 6, 9, texts["resolved"], head)
        sheet.merge_range(6, 10, 6, 12, texts["in_progress"], head)
        sheet.merge_range(6, 13, 6, last, texts["separate"], head)
        for column, label in enumerate(_labels(), start=2):
            sheet.write(7, column, label, head)
        for column in range(last + 1):
            sheet.write(8, column, f"({column + 1})", number)
        row = 9
        for part in report.sections:
            if part.title:
                sheet.merge_range(row, 0, row, last, str(part.title), section)
                row += 1
            for counter, line in enumerate(part.rows, start=1):
                sheet.write_number(row, 0, counter, number)
                sheet.write(row, 1, line.label, cell)
                for column, value in enumerate(line.cells, start=2):
                    sheet.write_number(row, column, value, number)
                row += 1
        sheet.write(row, 0, "", head)
        sheet.write(row, 1, texts["total"], head)
        for column, value in enumerate(report.total.cells, start=2):
            sheet.write_number(row, column, value, head)
        workbook.close()
    handle.seek(0)
    return handle


def report_html(report: PeriodicReport, header: ReportHeader) -> str:
    """The HTML the PDF is printed from (A4 landscape); tests read the text here."""
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(
            "monitoring/report_pdf.html",
            {
                "report": report,
                "texts": header_texts(header, report),
                "labels": _labels(),
                "numbers": range(1, 3 + len(OFFICIAL_COLUMNS) + len(SEPARATE_COLUMNS)),
                "fonts": {style: (FONT_DIR / name).as_uri() for style, name in FONT_FILES.items()},
            },
        )


def report_pdf(report: PeriodicReport, header: ReportHeader) -> IO[bytes]:
    """The report as a PDF file, open and rewound, for streaming."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    document = HTML(string=report_html(report, header), url_fetcher=LocalOnlyFetcher(), base_url=FONT_DIR.as_uri())
    document.write_pdf(target=handle)
    handle.seek(0)
    return handle
