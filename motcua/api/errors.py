"""One error shape for every refusal: ``{"detail": "...", "errors": {"field": ["..."]}}``, in the caller's language.

The language follows ``Accept-Language`` (Django's ``LocaleMiddleware``): Vietnamese unless the caller asks for
English. Schema errors are re-worded here because pydantic only speaks English; the services' own messages are
already translatable.

| status | when |
|---|---|
| 400 | bad input: the request's shape (schema) or the services' ``ValidationError`` |
| 401 | no valid token and no signed-in session |
| 403 | no role for the API, read-only access to the dossier, wrong role at the desk, or a failed CSRF check |
| 404 | unknown, or not visible to the caller (other units must not learn that a dossier exists) |
| 409 | ``expected_version`` is stale: someone else changed the dossier first |
| 422 | the action is not allowed now (dossier's step and status, or the caller's role at this step) |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from motcua.api.auth import CsrfFailed
from motcua.dossiers.exceptions import ActionNotAllowed, ConflictError

# Pydantic error types (https://docs.pydantic.dev/latest/errors/validation_errors/) grouped by what to tell the user.
_SCHEMA_MESSAGES = [
    (("missing",), _("Trường này là bắt buộc.")),
    (("extra_forbidden",), _("Trường này không được hỗ trợ.")),
    (("int_",), _("Cần một số nguyên.")),
    (("bool_",), _("Cần giá trị true hoặc false.")),
    (("datetime_",), _("Cần một thời điểm theo ISO 8601, ví dụ 2025-10-06T08:00:00+07:00.")),
    (("date_",), _("Cần một ngày theo dạng YYYY-MM-DD.")),
    (("string_",), _("Cần một chuỗi ký tự.")),
    (("enum", "literal_error"), _("Giá trị không nằm trong danh sách cho phép.")),
    (("list_type",), _("Cần một danh sách.")),
    (("dict_type", "model_type", "model_attributes_type"), _("Cần một đối tượng JSON.")),
    (("greater_than", "less_than"), _("Giá trị nằm ngoài khoảng cho phép.")),
    (("json_",), _("Nội dung gửi lên không phải JSON hợp lệ.")),
]
_INVALID = _("Giá trị không hợp lệ.")


def error_body(detail: Any, errors: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    """The body of every error answer."""
    return {"detail": str(detail), "errors": errors or {}, **extra}


def _schema_message(error_type: str) -> str:
    for prefixes, message in _SCHEMA_MESSAGES:
        if error_type.startswith(prefixes):
            return str(message)
    return str(_INVALID)


def _field(location: list[Any] | tuple[Any, ...]) -> str:
    """The field an error is about, as the caller wrote it: ``applicant.name`` in a body, ``status`` in a query.

    A body keeps its nested path (minus the parameter's name); query, path and header parameters are flat, so the
    last name in the location is the parameter the caller typed.
    """
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        return ".".join(parts[2:] if len(parts) > 2 else parts[1:]) or NON_FIELD_ERRORS
    names = [str(part) for part in location[1:] if isinstance(part, str)]
    return names[-1] if names else NON_FIELD_ERRORS


def _schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(_schema_message(error.get("type", "")))
    return errors


def _service_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(message) for message in exc.messages]}


def _joined(errors: dict[str, list[str]]) -> str:
    return " ".join(message for messages in errors.values() for message in messages)


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every refusal of the services and of the framework with the shared shape."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request, 401, error_body(_("Cần đăng nhập, hoặc gửi mã truy cập API hợp lệ trong tiêu đề Authorization."))
        )
        response["WWW-Authenticate"] = 'Bearer realm="motcua"'
        return response

    def csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
        return respond(request, 403, error_body(_("Phiên làm việc thiếu mã CSRF hợp lệ: hãy tải lại trang.")))

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body(str(exc) or _("Bạn không có quyền thực hiện yêu cầu này.")))

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body(str(exc) or _("Không tìm thấy.")))

    def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        return respond(request, 409, error_body(exc.message, current_version=exc.current_version))

    def not_allowed(request: HttpRequest, exc: ActionNotAllowed) -> HttpResponse:
        errors = _service_errors(exc)
        return respond(request, 422, error_body(_joined(errors), errors))

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _service_errors(exc)
        return respond(request, 400, error_body(_joined(errors), errors))

    def bad_shape(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        errors = _schema_errors(exc)
        detail = _("Dữ liệu gửi lên không hợp lệ: %(fields)s.") % {"fields": ", ".join(errors)}
        return respond(request, 400, error_body(detail, errors))

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        AuthenticationError: unauthenticated,
        CsrfFailed: csrf_failed,
        PermissionDenied: forbidden,
        Http404: not_found,
        ConflictError: conflict,
        ActionNotAllowed: not_allowed,
        ValidationError: invalid,
        SchemaError: bad_shape,
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, handler)
