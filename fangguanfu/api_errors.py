"""One JSON shape for every API error, with Chinese messages.

    {"detail": "提交的数据有误，请检查后重试。", "code": "invalid",
     "errors": {"period": ["月份格式应为 YYYY-MM，如 2021-05。"]}}

`detail` is always one readable sentence, `code` a stable machine word, and
`errors` (only for 400s about input) maps each field to its messages, so an
integration can show them beside its own form fields.
"""

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from .domain_errors import EditConflict, InvalidTransition, NotAllowed, WorkflowError

INVALID_INPUT = "提交的数据有误，请检查后重试。"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "提交的数据过大（上限 12 MB），请减少内容或分批提交；附件请用上传接口。"
    default_code = "payload_too_large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "数据已被他人修改，请刷新后重试。"
    default_code = "conflict"


def _workflow_exception(exc):
    """Map the workflow services' refusals onto HTTP codes (403, 409, 400)."""
    if not isinstance(exc, WorkflowError):
        return None
    message = exc.message or str(exc)
    if isinstance(exc, NotAllowed):
        if exc.hidden:  # not the user's task at all: do not confirm it exists
            return exceptions.NotFound()
        return exceptions.PermissionDenied(message, code="not_allowed")
    if isinstance(exc, EditConflict):
        return Conflict(message, code="edit_conflict")
    if isinstance(exc, InvalidTransition):
        return Conflict(message, code="invalid_transition")
    return exceptions.ValidationError({"non_field_errors": [message]}, code="workflow")


def _as_api_exception(exc):
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        # Django's own 404 text is English and names the model; say it plainly.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    # Django's body limits (DATA_UPLOAD_MAX_MEMORY_SIZE, field counts) would otherwise be its HTML 400 page.
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError("请求无法处理，请检查提交的内容。")
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    return _workflow_exception(exc)


def _plain(value):
    """ErrorDetail trees → plain strings, lists and dicts."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)


def _first_message(errors) -> str:
    if isinstance(errors, list):
        return _first_message(errors[0]) if errors else ""
    return str(errors)


def api_exception_handler(exc, context):
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None  # a real bug: let Django log it and answer 500
    response = drf_exception_handler(api_exc, context)
    if response is None:
        return None
    if isinstance(api_exc, exceptions.ValidationError):
        detail = api_exc.detail
        if not isinstance(detail, dict):
            detail = {"non_field_errors": detail if isinstance(detail, list) else [detail]}
        errors = _plain(detail)
        # A rule broken by the whole request (not one field) is the message itself.
        message = _first_message(errors["non_field_errors"]) if "non_field_errors" in errors else ""
        response.data = {"detail": message or INVALID_INPUT, "code": "invalid", "errors": errors}
    else:
        codes = api_exc.get_codes()
        response.data = {
            "detail": str(api_exc.detail),
            "code": codes if isinstance(codes, str) else api_exc.default_code,
        }
    return response


class ErrorSerializer(serializers.Serializer):
    """The error body, for the OpenAPI schema."""

    detail = serializers.CharField(help_text="中文错误说明")
    code = serializers.CharField(help_text="错误代码，如 invalid、not_found、permission_denied")
    errors = serializers.DictField(
        required=False,
        help_text="按字段列出的错误信息（仅 400）",
    )
