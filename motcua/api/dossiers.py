"""Dossiers: receive, read, list, history, and every later change through the one actions endpoint.

The endpoints call the same services as the staff UI (``receive``, ``perform``, ``allowed_actions``) and find
dossiers only through ``motcua.dossiers.access``; they add no rule of their own beyond refusing file references in
JSON (files are attached in the staff UI, where they are uploaded, never named by path).
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from motcua.api import selectors
from motcua.api.access import caller
from motcua.api.schemas import (
    ActionIn,
    AllowedActionsOut,
    ConflictOut,
    DossierOut,
    DossierSummaryOut,
    ErrorOut,
    EventOut,
    FormOut,
    ReceptionIn,
)
from motcua.documents.forms import FormKind
from motcua.documents.services import form_for_dossier, printable_forms
from motcua.dossiers.access import dossier_for_user
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.services import ActionNotAllowed, allowed_actions, perform, receive

router = Router(tags=["dossiers"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class DossierFiltersIn(Schema):
    unit: str | None = Field(None, description="Mã định danh đơn vị: đơn vị tiếp nhận, giải quyết hoặc đang xử lý.")
    status: list[DossierStatus] | None = Field(None, description="Một hoặc nhiều trạng thái.")
    procedure: str | None = Field(None, description="Mã thủ tục.")
    due_before: dt.datetime | None = Field(None, description="Hồ sơ đang mở có ngày hẹn trả trước thời điểm này.")
    overdue: bool | None = Field(None, description="true: hồ sơ đang mở đã quá hạn; false: các hồ sơ còn lại.")
    received_from: dt.date | None = Field(None, description="Tiếp nhận từ ngày (tính cả ngày này).")
    received_to: dt.date | None = Field(None, description="Tiếp nhận đến ngày (tính cả ngày này).")


def _refuse_file_references(value: Any) -> None:
    """A ``file`` given in JSON would name an existing stored file by path: another dossier's papers, perhaps."""
    if isinstance(value, dict):
        if "file" in value:
            raise ValidationError(
                {"payload": _("Không nhận tệp qua API bằng đường dẫn; hãy đính kèm tệp trong giao diện cán bộ.")}
            )
        for item in value.values():
            _refuse_file_references(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_file_references(item)


@router.post(
    "/dossiers",
    response={201: DossierOut, 400: ErrorOut, **READ_ERRORS},
    summary="Tiếp nhận hồ sơ",
    description="Hồ sơ đủ thành phần bắt buộc được tiếp nhận, cấp mã và ngày hẹn trả. Chỉ cán bộ một cửa của đơn vị.",
)
def receive_dossier(request: HttpRequest, data: ReceptionIn):
    user = caller(request)
    try:
        dossier = receive(actor=user, data=data.service_data())
    except ActionNotAllowed as error:
        # Reception refuses only for the actor's role at the desk: a matter of permission, not of the data.
        raise PermissionDenied(" ".join(error.messages)) from error
    return Status(201, dossier)


@router.get(
    "/dossiers",
    response={200: list[DossierSummaryOut], 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Danh sách hồ sơ",
)
@paginate(LimitOffsetPagination, max_limit=200)
def list_dossiers(request: HttpRequest, filters: Query[DossierFiltersIn]):
    user = caller(request)
    return selectors.dossiers(
        user,
        selectors.DossierFilters(
            unit=filters.unit,
            status=tuple(filters.status or ()),
            procedure=filters.procedure,
            due_before=filters.due_before,
            overdue=filters.overdue,
            received_from=filters.received_from,
            received_to=filters.received_to,
        ),
    )


@router.get("/dossiers/{code}", response={200: DossierOut, **READ_ERRORS}, summary="Một hồ sơ")
def get_dossier(request: HttpRequest, code: str):
    return dossier_for_user(caller(request), code)


@router.get("/dossiers/{code}/timeline", response={200: list[EventOut], **READ_ERRORS}, summary="Quá trình xử lý hồ sơ")
def timeline(request: HttpRequest, code: str):
    dossier = dossier_for_user(caller(request), code)
    return dossier.events.select_related("actor", "unit").order_by("seq")


@router.get(
    "/dossiers/{code}/allowed-actions",
    response={200: AllowedActionsOut, **READ_ERRORS},
    summary="Các thao tác người gọi được thực hiện lúc này",
)
def get_allowed_actions(request: HttpRequest, code: str):
    user = caller(request)
    dossier = dossier_for_user(user, code)
    actions = [{"action": action, "label": str(action.label)} for action in allowed_actions(dossier, user)]
    return {"lock_version": dossier.lock_version, "actions": actions}


@router.post(
    "/dossiers/{code}/actions",
    response={200: DossierOut, 400: ErrorOut, **READ_ERRORS, 409: ConflictOut, 422: ErrorOut},
    summary="Thực hiện một thao tác trên hồ sơ",
    description=(
        "Cùng dịch vụ với giao diện cán bộ. `expected_version` là `lock_version` đã đọc: nếu hồ sơ đã đổi, trả 409 "
        "và không ghi gì."
    ),
)
def act(request: HttpRequest, code: str, body: ActionIn):
    user = caller(request)
    dossier = dossier_for_user(user, code, write=True)
    _refuse_file_references(body.payload)
    return perform(
        dossier=dossier,
        action=body.action.value,
        actor=user,
        payload=body.payload,
        expected_version=body.expected_version,
    )


class FormFormatIn(Schema):
    format: Literal["pdf", "docx"] = Field("pdf", description="pdf để in, docx để sửa.")


@router.get(
    "/dossiers/{code}/forms",
    response={200: list[FormOut], **READ_ERRORS},
    summary="Các biểu mẫu in được của hồ sơ lúc này",
)
def list_forms(request: HttpRequest, code: str):
    dossier = dossier_for_user(caller(request), code)
    return [{"kind": spec.kind, "number": spec.number, "title": str(spec.title)} for spec in printable_forms(dossier)]


@router.get(
    "/dossiers/{code}/forms/{kind}",
    response={200: bytes, 400: ErrorOut, **READ_ERRORS},
    summary="Một biểu mẫu của hồ sơ (PDF hoặc DOCX)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp biểu mẫu.",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def get_form(request: HttpRequest, code: str, kind: FormKind, output: Query[FormFormatIn]):
    dossier = dossier_for_user(caller(request), code)
    filename, content_type, content = form_for_dossier(dossier, kind, output.format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
