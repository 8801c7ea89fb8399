import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_state(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


@pytest.fixture
def database_down(monkeypatch) -> None:
    """Every SQL statement fails, as with a database that went away."""
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)


def test_healthz_is_503_when_database_fails(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "unavailable"


def test_liveness_answers_without_the_database(client, database_down):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_security_headers_on_pages(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "X-Request-ID" in response


def test_api_errors_have_one_json_shape(client):
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) >= {"code", "message"}


def test_openapi_schema_is_served_and_valid(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_schema_generation_has_no_warnings():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=StringIO())
    assert "openapi" in out.getvalue()


def test_api_docs_page_loads_without_external_scripts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content


def _throttle_ident(xff: str) -> str:
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory
    from rest_framework.throttling import AnonRateThrottle

    request = APIRequestFactory().get("/api/v1/legal-basis/", HTTP_X_FORWARDED_FOR=xff,
                                      REMOTE_ADDR="192.0.2.1")
    return AnonRateThrottle().get_ident(Request(request))


def test_throttles_ignore_a_forged_forwarded_for_header():
    # By default no proxy is trusted: a client cannot dodge its limit by inventing addresses.
    assert _throttle_ident("198.51.100.7") == "192.0.2.1"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert _throttle_ident("198.51.100.7, 203.0.113.9") == "203.0.113.9"


@pytest.mark.parametrize("path", ["/api/v1/directory/route/?state=%00", "/library/?q=a%00b",
                                  "/api/v1/library/search/?q=x&year%00=1"])
def test_a_nul_in_a_query_parameter_is_a_400_before_any_view(client, path):
    """PostgreSQL refuses NUL in text: it used to answer 500 where a parameter met a filter."""
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "invalid"
