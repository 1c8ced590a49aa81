"""Catalog import and export: JSON for machines, XLSX for the people who maintain hundreds of procedures.

Both formats carry the same tree (procedure → versions → components, fees, processes → steps → transitions) and go
through one importer, so a rule checked for one is checked for the other. An import is all-or-nothing: every bad
row is reported (by JSON path, or by sheet and row number) and nothing is saved unless all rows are good.

Imported versions and processes keep the status they have in the file: the file is the record of decisions already
taken elsewhere, so publication and approval checks (which look at today's staff, for instance) are not re-run.
Existing versions are never overwritten: a version number that already exists is an error.
Audit fields naming users (published by, approved by) are not exchanged: users differ between installations.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import openpyxl
import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureVersion,
    Process,
    Sector,
    Step,
    Transition,
)
from motcua.organization.models import Unit

FORMAT = "motcua.catalog/1"

PROCEDURE_FIELDS = ["code", "name", "level"]
VERSION_FIELDS = [
    "number",
    "status",
    "valid_from",
    "valid_to",
    "published_at",
    "implementing_agency",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_note",
    "same_day_cutoff",
    "extended_time_limit_value",
    "extended_time_limit_condition",
    "transfer_cutoff",
    "pausable",
    "extendable",
    "supplementation_limit",
    "boundary_free",
    "channel_counter",
    "channel_postal",
    "online_mode",
    "result_document",
    "legal_basis",
    "notes",
]
COMPONENT_FIELDS = ["order", "name", "form", "copies", "required", "condition", "data_source", "template"]
FEE_FIELDS = ["kind", "description", "amount_vnd", "payable_when"]
PROCESS_FIELDS = ["number", "name", "status", "decision_number", "decision_date", "decision_signer", "approved_at"]
STEP_FIELDS = ["order", "code", "name", "kind", "unit_selector", "unit", "role", "allotted_minutes"]


@dataclass
class ImportReport:
    """How many rows of each kind an import created."""

    procedures: int = 0
    versions: int = 0
    components: int = 0
    fees: int = 0
    processes: int = 0
    steps: int = 0


# --- values ---------------------------------------------------------------------------------------------------------


def _dump_value(instance: models.Model, name: str) -> Any:
    model_field = instance._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        related = getattr(instance, name)
        return related.code if related is not None else None
    value = model_field.value_from_object(instance)
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if isinstance(value, (dt.date, dt.time)):  # datetimes too
        return value.isoformat()
    if isinstance(model_field, models.DecimalField) and value is not None:
        return str(value)
    return value


def _dump(instance: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: _dump_value(instance, name) for name in names}


def _load(model: type[models.Model], data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Model field values from exchanged data: text to typed values, choice labels to codes, blanks to ''.

    Values that cannot be converted are passed through unchanged so that full_clean() reports them in context.
    """
    values: dict[str, Any] = {}
    for name in names:
        if name not in data:
            continue
        model_field = model._meta.get_field(name)
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") and not isinstance(model_field, models.ForeignKey):
            value = (
                "" if (isinstance(model_field, (models.CharField, models.TextField)) and not model_field.null) else None
            )
        elif model_field.choices and value not in {code for code, _label in model_field.flatchoices}:
            with translation.override("vi"):
                by_label = {str(label).casefold(): code for code, label in model_field.flatchoices}
            value = by_label.get(str(value).casefold(), value)
        elif isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            value = _to_python(model_field, value)
        elif type(model_field) is models.DateField and isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(model_field, models.TimeField) and isinstance(value, dt.datetime):
            value = value.time()
        elif not isinstance(model_field, (models.ForeignKey, models.FileField)):
            value = _to_python(model_field, value)
        values[name] = value
    return values


def _to_python(model_field: models.Field, value: Any) -> Any:
    try:
        return model_field.to_python(value)
    except ValidationError:
        return value


# --- export ---------------------------------------------------------------------------------------------------------


def export_catalog(procedures: models.QuerySet[Procedure] | None = None) -> dict[str, Any]:
    """The catalog (or the given procedures) as one JSON-ready tree."""
    procedures = (procedures if procedures is not None else Procedure.objects.all()).select_related("sector")
    procedures = procedures.order_by("code").prefetch_related(
        Prefetch("versions", queryset=ProcedureVersion.objects.order_by("number")),
        Prefetch("versions__components", queryset=Component.objects.order_by("order")),
        Prefetch("versions__fees", queryset=Fee.objects.order_by("id")),
        Prefetch("versions__processes", queryset=Process.objects.order_by("number")),
        Prefetch("versions__processes__steps", queryset=Step.objects.select_related("unit").order_by("order")),
        Prefetch(
            "versions__processes__steps__transitions",
            queryset=Transition.objects.select_related("to_step").order_by("action"),
        ),
    )
    sectors: dict[str, str] = {}
    tree = []
    for procedure in procedures:
        sectors[procedure.sector.code] = procedure.sector.name
        tree.append(
            {
                **_dump(procedure, PROCEDURE_FIELDS),
                "sector": procedure.sector.code,
                "versions": [_export_version(version) for version in procedure.versions.all()],
            }
        )
    return {
        "format": FORMAT,
        "sectors": [{"code": code, "name": name} for code, name in sorted(sectors.items())],
        "procedures": tree,
    }


def _export_version(version: ProcedureVersion) -> dict[str, Any]:
    return {
        **_dump(version, VERSION_FIELDS),
        "components": [_dump(component, COMPONENT_FIELDS) for component in version.components.all()],
        "fees": [_dump(fee, FEE_FIELDS) for fee in version.fees.all()],
        "processes": [
            {
                **_dump(process, PROCESS_FIELDS),
                "steps": [
                    {
                        **_dump(step, STEP_FIELDS),
                        "transitions": [
                            {
                                "action": transition.action,
                                "to_step": transition.to_step.code if transition.to_step_id else None,
                            }
                            for transition in step.transitions.all()
                        ],
                    }
                    for step in process.steps.all()
                ],
            }
            for process in version.processes.all()
        ],
    }


def export_json(stream: IO[str]) -> None:
    json.dump(export_catalog(), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


# --- import ---------------------------------------------------------------------------------------------------------


@dataclass
class _Importer:
    """Walks the tree once, saving what is valid and collecting every problem with its location."""

    errors: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    def fail(self, where: str, error: ValidationError | str, model: type[models.Model] | None = None) -> None:
        if isinstance(error, str):
            self.errors.append(f"{where}: {error}")
            return
        if not hasattr(error, "error_dict"):
            self.errors.extend(f"{where}: {message}" for message in error.messages)
            return
        for name, problems in error.message_dict.items():
            label = name
            if model is not None and name != "__all__":
                label = str(model._meta.get_field(name).verbose_name)
            for message in problems:
                self.errors.append(f"{where}: {message}" if name == "__all__" else f"{where}: {label}: {message}")

    def save(self, instance: models.Model, where: str, exclude: list[str] | None = None) -> bool:
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            self.fail(where, error, type(instance))
            return False
        instance.save()
        return True

    def run(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT:
            self.fail(str(_("Tệp")), str(_("Không phải tệp danh mục thủ tục hành chính của hệ thống.")))
            return
        for sector in data.get("sectors", []):
            Sector.objects.get_or_create(code=sector["code"], defaults={"name": sector["name"]})
        for index, item in enumerate(data.get("procedures", [])):
            self.procedure(item, item.get("_where") or f"procedures[{index}]")

    def procedure(self, item: dict[str, Any], where: str) -> None:
        sector = Sector.objects.filter(code=item.get("sector") or "").first()
        if sector is None:
            self.fail(where, _("Không có lĩnh vực mã “%(code)s”.") % {"code": item.get("sector")})
            return
        values = _load(Procedure, item, PROCEDURE_FIELDS)
        procedure = Procedure.objects.filter(code=values.get("code")).first()
        if procedure is None:
            procedure = Procedure(**values, sector=sector)
            if not self.save(procedure, where):
                return
            self.report.procedures += 1
        else:
            for name, value in values.items():
                setattr(procedure, name, value)
            procedure.sector = sector
            if not self.save(procedure, where):
                return
        for index, version in enumerate(item.get("versions", [])):
            self.version(procedure, version, version.get("_where") or f"{where}.versions[{index}]")

    def version(self, procedure: Procedure, item: dict[str, Any], where: str) -> None:
        values = _load(ProcedureVersion, item, VERSION_FIELDS)
        if procedure.versions.filter(number=values.get("number")).exists():
            self.fail(
                where,
                _("Phiên bản số %(number)s của thủ tục %(code)s đã có; tệp nhập không ghi đè phiên bản có sẵn.")
                % {"number": values.get("number"), "code": procedure.code},
            )
            return
        status = values.pop("status", None) or ProcedureVersion._meta.get_field("status").default
        version = ProcedureVersion(procedure=procedure, **values)
        if not self.save(version, where):
            return
        self.report.versions += 1
        for index, component in enumerate(item.get("components", [])):
            row = Component(version=version, **_load(Component, component, COMPONENT_FIELDS))
            if self.save(row, component.get("_where") or f"{where}.components[{index}]"):
                self.report.components += 1
        for index, fee in enumerate(item.get("fees", [])):
            if self.save(
                Fee(version=version, **_load(Fee, fee, FEE_FIELDS)), fee.get("_where") or f"{where}.fees[{index}]"
            ):
                self.report.fees += 1
        version.status = status
        self.save(version, where)
        for index, process in enumerate(item.get("processes", [])):
            self.process(version, process, process.get("_where") or f"{where}.processes[{index}]")

    def process(self, version: ProcedureVersion, item: dict[str, Any], where: str) -> None:
        process = Process(version=version, **_load(Process, item, PROCESS_FIELDS))
        if not self.save(process, where):
            return
        self.report.processes += 1
        steps: dict[str, Step] = {}
        for index, step_item in enumerate(item.get("steps", [])):
            step_where = step_item.get("_where") or f"{where}.steps[{index}]"
            values = _load(Step, step_item, STEP_FIELDS)
            unit_code = values.pop("unit", None)
            unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
            if unit_code and unit is None:
                self.fail(step_where, _("Không có đơn vị mã “%(code)s”.") % {"code": unit_code})
                continue
            step = Step(process=process, unit=unit, **values)
            if self.save(step, step_where):
                steps[step.code] = step
                self.report.steps += 1
        for index, step_item in enumerate(item.get("steps", [])):
            step = steps.get(step_item.get("code") or "")
            if step is None:
                continue
            for transition in step_item.get("transitions", []):
                target_code = transition.get("to_step") or None
                target = steps.get(target_code) if target_code else None
                step_where = step_item.get("_where") or f"{where}.steps[{index}]"
                if target_code and target is None:
                    self.fail(step_where, _("Không có bước mã “%(code)s” để chuyển tới.") % {"code": target_code})
                    continue
                action = _load(Transition, transition, ["action"]).get("action", "")
                self.save(Transition(step=step, action=action, to_step=target), step_where)


def import_catalog(data: dict[str, Any]) -> ImportReport:
    """Import a catalog tree; all-or-nothing, refusing with every problem and where it is."""
    importer = _Importer()
    with transaction.atomic():
        importer.run(data)
        if importer.errors:
            raise ValidationError(importer.errors, code="import")
    return importer.report


def import_json(stream: IO[str]) -> ImportReport:
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Tệp JSON không hợp lệ (dòng %(line)s): %(error)s") % {"line": error.lineno, "error": error.msg},
            code="json",
        ) from error
    return import_catalog(data)


# --- XLSX -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    title: Any  # lazy translated text
    parent_keys: list[tuple[str, Any]]  # (key, label) of the columns that attach a row to its parent
    model: type[models.Model]
    names: list[str]


def _sheets() -> list[_Sheet]:
    procedure = [("procedure_code", _("mã thủ tục"))]
    version = [*procedure, ("version", _("phiên bản số"))]
    process = [*version, ("process", _("phiên bản quy trình"))]
    return [
        _Sheet(
            _("Thủ tục"),
            [
                *procedure,
                ("procedure_name", _("tên thủ tục")),
                ("sector", _("mã lĩnh vực")),
                ("sector_name", _("tên lĩnh vực")),
                ("level", _("cấp thực hiện")),
            ],
            ProcedureVersion,
            VERSION_FIELDS,
        ),
        _Sheet(_("Thành phần hồ sơ"), version, Component, COMPONENT_FIELDS),
        _Sheet(_("Phí, lệ phí"), version, Fee, FEE_FIELDS),
        _Sheet(_("Quy trình"), version, Process, PROCESS_FIELDS),
        _Sheet(_("Bước xử lý"), process, Step, [*STEP_FIELDS, "transitions"]),
    ]


def _label(sheet: _Sheet, name: str) -> str:
    if name == "transitions":
        return str(_("chuyển bước (thao tác → mã bước)"))
    return str(sheet.model._meta.get_field(name).verbose_name)


def _columns(sheet: _Sheet) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in sheet.parent_keys] + [
        (name, _label(sheet, name)) for name in sheet.names
    ]


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    """A cell value: choice codes as their Vietnamese labels, dates as dates, the rest as exported."""
    if name in {"transitions", "unit"} or value is None:
        return value
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return value
    if isinstance(model_field, models.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(model_field, models.DecimalField):
        return float(value)
    return value


def _rows(tree: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet index, row) pairs flattening an exported tree."""
    sector_names = {sector["code"]: sector["name"] for sector in tree["sectors"]}
    for procedure in tree["procedures"]:
        head = {"procedure_code": procedure["code"]}
        for version in procedure["versions"]:
            own = {**head, "version": version["number"]}
            yield (
                0,
                {
                    **head,
                    "procedure_name": procedure["name"],
                    "sector": procedure["sector"],
                    "sector_name": sector_names[procedure["sector"]],
                    "level": procedure["level"],
                    **{name: version[name] for name in VERSION_FIELDS},
                },
            )
            for component in version["components"]:
                yield 1, {**own, **component}
            for fee in version["fees"]:
                yield 2, {**own, **fee}
            for process in version["processes"]:
                yield 3, {**own, **{name: process[name] for name in PROCESS_FIELDS}}
                for step in process["steps"]:
                    transitions = "; ".join(
                        f"{item['action']} → {item['to_step']}" if item["to_step"] else item["action"]
                        for item in step["transitions"]
                    )
                    yield 4, {**own, "process": process["number"], **step, "transitions": transitions}


def export_xlsx(stream: IO[bytes]) -> None:
    """Write the catalog as a workbook with one sheet per kind of row; headers in Vietnamese."""
    tree = export_catalog()
    with translation.override("vi"):
        sheets = _sheets()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        worksheets = []
        for sheet in sheets:
            worksheet = workbook.add_worksheet(str(sheet.title)[:31])
            for column, (_key, label) in enumerate(_columns(sheet)):
                worksheet.write(0, column, label, bold)
            worksheet.freeze_panes(1, 0)
            worksheets.append([worksheet, 1])
        for index, row in _rows(tree):
            sheet = sheets[index]
            worksheet, line = worksheets[index]
            for column, (key, _label_text) in enumerate(_columns(sheet)):
                value = row.get(key)
                if key in sheet.names:
                    value = _display(sheet.model, key, value)
                elif key == "level":
                    value = _display(Procedure, key, value)
                if isinstance(value, dt.date):
                    worksheet.write_datetime(line, column, dt.datetime.combine(value, dt.time()), day)
                elif value is not None:
                    worksheet.write(line, column, value)
            worksheets[index][1] += 1
        workbook.close()


def _read_sheet(workbook: Any, sheet: _Sheet, errors: list[str]) -> list[dict[str, Any]]:
    title = str(sheet.title)
    if title not in workbook.sheetnames:
        errors.append(str(_("Thiếu trang “%(sheet)s”.") % {"sheet": title}))
        return []
    rows = workbook[title].iter_rows(values_only=True)
    header = next(rows, ())
    columns = _columns(sheet)
    by_header = {label.casefold(): key for key, label in columns} | {key: key for key, _label in columns}
    keys = [by_header.get(str(cell or "").strip().casefold()) for cell in header]
    missing = [label for key, label in columns if key not in keys]
    if missing:
        errors.append(
            str(_("Trang “%(sheet)s” thiếu cột: %(columns)s.") % {"sheet": title, "columns": ", ".join(missing)})
        )
        return []
    result = []
    for number, cells in enumerate(rows, start=2):
        if all(cell in (None, "") for cell in cells):
            continue
        row = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        row["_where"] = str(_("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": title, "row": number})
        result.append(row)
    return result


def _parse_transitions(text: Any) -> list[dict[str, Any]]:
    transitions = []
    for part in str(text or "").split(";"):
        if part.strip():
            action, _arrow, target = part.partition("→")
            transitions.append({"action": action.strip(), "to_step": target.strip() or None})
    return transitions


def import_xlsx(stream: IO[bytes]) -> ImportReport:
    """Read a workbook written by export_xlsx (or edited from one) and import it all-or-nothing."""
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many unrelated types for a file that is not a workbook
        raise ValidationError(_("Không đọc được tệp Excel: %(error)s") % {"error": error}, code="xlsx") from error
    errors: list[str] = []
    with translation.override("vi"):
        sheets = _sheets()
        versions_rows, components, fees, processes, steps = (_read_sheet(workbook, sheet, errors) for sheet in sheets)
    if errors:
        raise ValidationError(errors, code="import")

    def key(row: dict[str, Any], *names: str) -> tuple[str, ...]:
        return tuple(str(row.get(name) or "").strip().removesuffix(".0") for name in names)

    sectors: dict[str, str] = {}
    procedures: dict[str, dict[str, Any]] = {}
    versions: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in versions_rows:
        code = str(row.get("procedure_code") or "").strip()
        if row.get("sector"):
            sectors.setdefault(str(row["sector"]).strip(), str(row.get("sector_name") or row["sector"]).strip())
        procedure = procedures.setdefault(
            code,
            {
                "_where": row["_where"],
                "code": code,
                "name": row.get("procedure_name"),
                "sector": str(row.get("sector") or "").strip(),
                "level": row.get("level"),
                "versions": [],
            },
        )
        version = {name: row.get(name) for name in VERSION_FIELDS}
        version |= {"_where": row["_where"], "components": [], "fees": [], "processes": []}
        procedure["versions"].append(version)
        versions[key(row, "procedure_code", "number")] = version
    process_index: dict[tuple[str, ...], dict[str, Any]] = {}
    for rows, target in ((components, "components"), (fees, "fees"), (processes, "processes")):
        for row in rows:
            version = versions.get(key(row, "procedure_code", "version"))
            if version is None:
                errors.append(f"{row['_where']}: " + str(_("không có phiên bản thủ tục tương ứng ở trang “Thủ tục”.")))
                continue
            if target == "processes":
                row["steps"] = []
                process_index[key(row, "procedure_code", "version", "number")] = row
            version[target].append(row)
    for row in steps:
        process = process_index.get(key(row, "procedure_code", "version", "process"))
        if process is None:
            errors.append(f"{row['_where']}: " + str(_("không có quy trình tương ứng ở trang “Quy trình”.")))
            continue
        row["transitions"] = _parse_transitions(row.get("transitions"))
        process["steps"].append(row)
    if errors:
        raise ValidationError(errors, code="import")
    tree = {
        "format": FORMAT,
        "sectors": [{"code": code, "name": name} for code, name in sectors.items()],
        "procedures": list(procedures.values()),
    }
    return import_catalog(tree)
