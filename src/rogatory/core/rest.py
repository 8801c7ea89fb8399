"""API conventions shared by every app: pagination, JSON errors, optimistic concurrency."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rogatory.core import outage
from rogatory.core.concurrency import ConflictError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every API error has the same shape: {"error": {"code", "message", "fields"?}}."""
    if outage.is_outage(exc):
        return Response(outage.api_error(exc), status=status.HTTP_503_SERVICE_UNAVAILABLE,
                        headers={"Retry-After": str(outage.RETRY_AFTER_SECONDS)})
    if isinstance(exc, ConflictError):
        exc = Conflict(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": _("The request is not valid."),
                "fields": response.data}
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {"code": codes if isinstance(codes, str) else "error",
                "message": str(getattr(exc, "detail", exc))}
    response.data = {"error": body}
    return response


def expected_version(request: Request) -> int:
    """The version the client last saw, from `If-Match: "N"` or a `version` field."""
    raw = request.headers.get("If-Match") or request.data.get("version")
    if raw in (None, ""):
        raise PreconditionRequired(
            _("Send the version you are updating, as an If-Match header or a version field.")
        )
    try:
        return int(str(raw).strip().strip('W/').strip('"'))
    except ValueError as error:
        raise exceptions.ValidationError({"version": [_("Not a version number.")]}) from error


def etag(version: int) -> str:
    return f'"{version}"'
