"""When the database cannot be reached (restarting, failing over, the network cut), a request
fails cleanly: 503 with Retry-After, a translated page or the API's JSON error, never a
traceback. Nothing has to be restarted afterwards: Django drops a connection that failed at
the end of the request, and CONN_HEALTH_CHECKS replaces one that broke while idle."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# OperationalError: the server went away, refused or timed out; InterfaceError: a connection
# already closed underneath Django.
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def message() -> str:
    return _("The database is not available at the moment. Please try again in a minute.")


def api_error(error: BaseException) -> dict:
    """The API's one error shape (the outage is logged for the operators)."""
    logger.warning("database unavailable: %s", error)
    return {"error": {"code": "database_unavailable", "message": message()}}


def response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 for a page (a standalone template: rendering must not need the database) or for
    the API (JSON)."""
    if request.path.startswith("/api/"):
        answer: HttpResponse = JsonResponse(api_error(error), status=503)
    else:
        logger.warning("database unavailable: %s", error)
        # No request in the context: its processors (navigation by permission) would load
        # the session and the user from the database that is down.
        answer = HttpResponse(render_to_string("503.html", {"message": message()}), status=503)
    answer["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return answer


class DatabaseUnavailableMiddleware:
    """Answers 503 when a view fails on the database. Failures in other middleware (loading
    the session, the user) reach `core.views.error_500`, which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception
                          ) -> HttpResponse | None:
        return response(request, exception) if is_outage(exception) else None
