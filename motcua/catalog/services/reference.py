"""The converter for the shared reference file of real procedures (``procedures.json``) used by the demo.

That file is research output, not a national-database export: codes are often unknown, some time limits and fee
amounts were not verified, and field names are sometimes missing. The converter keeps every doubt visible in the
version's notes, gives unknown codes a deterministic local code, and leaves a version as a draft (reported by
``publication_problems``) when the law's essentials are missing, rather than inventing them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.catalog.models import (
    Component,
    ComponentForm,
    DataSource,
    Fee,
    FeeKind,
    OnlineMode,
    Procedure,
    ProcedureVersion,
    Sector,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.services.versions import create_procedure, publication_problems, publish_version
from motcua.organization.models import User

# A copy of the shared reference file ships in the package (see reference/README.md).
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "reference" / "procedures.json"

TIME_LIMIT_UNITS = {
    "ngày làm việc": TimeLimitUnit.WORKING_DAYS,
    "giờ làm việc": TimeLimitUnit.WORKING_HOURS,
    "ngày": TimeLimitUnit.CALENDAR_DAYS,
    "trong ngày": TimeLimitUnit.WITHIN_DAY,
}
COMPONENT_FORMS = {
    "bản chính": ComponentForm.ORIGINAL,
    "bản sao": ComponentForm.COPY,
    "bản chụp": ComponentForm.COPY,
    "bản sao có chứng thực": ComponentForm.CERTIFIED_COPY,
    "bản sao hoặc bản chính": ComponentForm.ORIGINAL_OR_COPY,
    "bản chính hoặc bản sao": ComponentForm.ORIGINAL_OR_COPY,
    "bản chính hoặc bản sao chứng thực": ComponentForm.ORIGINAL_OR_COPY,
    "bản chính (xuất trình)": ComponentForm.PRESENTED,
}
ONLINE_MODES = {"toàn trình": OnlineMode.FULL, "một phần": OnlineMode.PARTIAL}

# Sectors for entries whose field is missing, by a phrase of the procedure's name or agency (first match wins).
SECTOR_HINTS = [
    ("thường trú", "Đăng ký, quản lý cư trú"),
    ("tạm trú", "Đăng ký, quản lý cư trú"),
    ("hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("doanh nghiệp", "Thành lập và hoạt động của doanh nghiệp"),
    ("công ty", "Thành lập và hoạt động của doanh nghiệp"),
    ("giấy phép lái xe", "Đường bộ"),
    ("an toàn thực phẩm", "An toàn thực phẩm"),
    ("lý lịch tư pháp", "Lý lịch tư pháp"),
    ("hộ tịch", "Hộ tịch"),
    ("chứng thực", "Chứng thực"),
]
OTHER_SECTOR = "Khác"


def sector_code(name: str) -> str:
    """An ASCII code for a sector name: ``Hộ tịch`` → ``HO_TICH``."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(char for char in ascii_name if not unicodedata.combining(char))
    return re.sub(r"[^A-Z0-9]+", "_", ascii_name.upper()).strip("_")[:32]


def _sector(item: dict[str, Any]) -> Sector:
    name = (item.get("field") or "").strip()
    if not name:
        haystack = f"{item.get('name') or ''} {item.get('agency') or ''}".casefold()
        name = next((sector for phrase, sector in SECTOR_HINTS if phrase in haystack), OTHER_SECTOR)
    sector, _created = Sector.objects.get_or_create(code=sector_code(name), defaults={"name": name})
    return sector


def _text(value: Any) -> str:
    """Free text from the file, where a missing value may be null or the string 'None'."""
    if value is None or str(value).strip() in {"", "None"}:
        return ""
    if isinstance(value, list):
        return "\n".join(str(line) for line in value)
    return str(value).strip()


def _version_fields(item: dict[str, Any], local_code: str | None) -> dict[str, Any]:
    limit = item.get("time_limit") or {}
    unit = TIME_LIMIT_UNITS.get((limit.get("unit") or "").strip())
    online = item.get("online") or {}
    mode = ONLINE_MODES.get((online.get("mode") or "").strip())
    notes = [_text(item.get("notes"))]
    if local_code:
        notes.append(
            f"Mã thủ tục {local_code} là mã tạm của hệ thống; mã trên CSDL quốc gia về TTHC chưa được xác minh."
        )
    if unit is None:
        notes.append("Chưa xác minh được thời hạn giải quyết: phiên bản để ở dạng dự thảo.")
    if online.get("available") and mode is None:
        mode = OnlineMode.PARTIAL
        notes.append("Có dịch vụ trực tuyến nhưng chưa rõ mức độ; tạm ghi là trực tuyến một phần.")
    sources = _text(item.get("sources"))
    if sources:
        notes.append(f"Nguồn:\n{sources}")
    return {
        "implementing_agency": _text(item.get("agency")),
        "time_limit_value": limit.get("value"),
        "time_limit_unit": unit or TimeLimitUnit.WORKING_DAYS,
        "time_limit_note": _text(limit.get("note")),
        "online_mode": mode or OnlineMode.NONE,
        "result_document": _text(item.get("result")),
        "legal_basis": _text(item.get("legal_basis")),
        "notes": "\n\n".join(note for note in notes if note),
    }


def _component(version: ProcedureVersion, order: int, item: dict[str, Any]) -> Component:
    form_text = (item.get("form") or "").strip()
    form = COMPONENT_FORMS.get(form_text.casefold(), "")
    condition = _text(item.get("condition"))
    if form_text and not form:
        condition = f"{condition}\n(Hình thức theo nguồn: {form_text})".strip()
    return Component(
        version=version,
        order=order,
        name=_text(item.get("name")),
        form=form,
        copies=item.get("copies"),
        required=bool(item.get("required", True)),
        condition=condition,
        data_source=DataSource.POPULATION if item.get("from_population_db") else DataSource.NONE,
    )


def _fee(version: ProcedureVersion, item: dict[str, Any]) -> Fee:
    description = _text(item.get("description"))
    kind = FeeKind.FEE if description.casefold().startswith("phí") else FeeKind.CHARGE
    return Fee(version=version, kind=kind, description=description, amount_vnd=item.get("amount_vnd"))


def _create(item: dict[str, Any], code: str, local_code: str | None) -> ProcedureVersion:
    version = create_procedure(
        code=code,
        name=_text(item.get("name")),
        sector=_sector(item),
        level=item.get("level") or "",
        **_version_fields(item, local_code),
    )
    for order, component in enumerate(item.get("components") or [], start=1):
        row = _component(version, order, component)
        row.full_clean()
        row.save()
    for fee in item.get("fees") or []:
        row = _fee(version, fee)
        row.full_clean()
        row.save()
    return version


@transaction.atomic
def import_reference_procedures(
    path: Path | str = DEFAULT_PATH, *, valid_from: dt.date, by: User | None = None, code_prefix: str = "LD"
) -> list[ProcedureVersion]:
    """Create (once) a version for each reference procedure and publish those that are publishable.

    Re-running creates nothing new: a procedure already present keeps its versions, and its latest version is
    returned (and published if it has become publishable). Drafts left behind are explained by
    ``publication_problems(version, valid_from=...)``.
    """
    entries = json.loads(Path(path).read_text(encoding="utf-8"))["procedures"]
    versions = []
    for index, item in enumerate(entries, start=1):
        national = (item.get("code") or "").strip()
        code = national or f"{code_prefix}.DEMO.{index:03d}"
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            version = _create(item, code, None if national else code)
        else:
            version = procedure.versions.order_by("-number").first() or ProcedureVersion.objects.create(
                procedure=procedure, number=1
            )
        if version.status == VersionStatus.DRAFT and not publication_problems(version, valid_from=valid_from):
            publish_version(version, valid_from=valid_from, by=by)
        versions.append(version)
    return versions
