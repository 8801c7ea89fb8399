import logging
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from rogatory.core.views import error_404

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestIdMiddleware:
    """Give every request an id, echoed in X-Request-ID and added to every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        valid = 0 < len(incoming) <= 64 and incoming.isprintable()
        request_id = incoming if valid else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RefuseNulInQueryMiddleware:
    """A NUL in a query parameter is never meaningful, and PostgreSQL refuses it in any text it
    is compared with (a 500 wherever a parameter reaches a filter): answer 400 before any
    view, in the API's error shape under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.GET.lists()):
            message = _("A query parameter holds a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": message}},
                                    status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class NotFoundPageMiddleware:
    """With DEBUG on (`make run`) Django answers a missing page with its technical page,
    which lists every URL of the site; show the site's own 404 page instead, as in
    production, unless a developer asks for Django's (ROGATORY_DEBUG_PAGES=1). Inert
    without DEBUG, where Django already uses the site's handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (settings.DEBUG and not settings.ROGATORY_DEBUG_PAGES
                and response.status_code == 404
                and response.get("Content-Type", "").startswith("text/html")):
            return error_404(request, Http404())
        return response
