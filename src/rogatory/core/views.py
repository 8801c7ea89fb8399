import logging
import sys

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rogatory.core import outage
from rogatory.core.discovery import app_modules

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    panels = []
    if request.user.is_authenticated:
        for _config, module in app_modules("dashboard"):
            panels.extend(module.panels(request))
    return render(request, "core/home.html", {"panels": panels})


@never_cache
@require_GET
def liveness(request: HttpRequest) -> JsonResponse:
    """The process answers, without touching the database: for an orchestrator's liveness
    probe (restarting a server because the database is down would not help) and as the
    trivial view that bench/load.py measures the server's ceiling with."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database state, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as error:  # any driver error means the database is unusable
        logger.warning("health check: database unavailable: %s", error)
        database = {"status": "unavailable", "vendor": connection.vendor}
    healthy = database["status"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "degraded", "database": database},
                        status=200 if healthy else 503)


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Called while the exception is handled: a database outage met outside a view (loading
    # the session or the user in middleware) is a 503 too, not a server error.
    error = sys.exc_info()[1]
    if outage.is_outage(error):
        return outage.response(request, error)
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "server_error", "message": "Server error."}},
                            status=500)
    return render(request, "500.html", status=500)
