import logging
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

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
