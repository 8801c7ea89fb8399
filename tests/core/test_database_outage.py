"""The database restarted during load (issue #10): requests fail cleanly (503, Retry-After,
the API's JSON error shape, a translated page, no traceback, no hang) and the app recovers by
itself once the database is back.

The real test runs the app in gunicorn, talking to PostgreSQL through a TCP proxy that the
test cuts and restores (tests/proxy.py); the fast tests below it make the ORM fail in process,
on any database, for the two ways a request meets the outage (in a view, in middleware)."""

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from rogatory.accounts.models import ApiToken
from rogatory.core.outage import RETRY_AFTER_SECONDS
from tests.conftest import client_for
from tests.gunicorn import gunicorn
from tests.proxy import TcpProxy

MESSAGE = {"en": "The database is not available at the moment.",
           "fr": "La base de données n’est pas disponible pour le moment."}
# A request that waited on a dead database longer than this would be a hang (the settings'
# connect timeout is 5 seconds).
BOUND_SECONDS = 8


def assert_clean_503(status: int, headers, body: str, api: bool, language: str = "en") -> None:
    assert status == 503, body
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Traceback" not in body and "OperationalError" not in body
    if api:
        error = json.loads(body)["error"]
        assert error["code"] == "database_unavailable"
        assert error["message"].startswith(MESSAGE[language])
    else:
        assert MESSAGE[language] in body and f'lang="{language}"' in body


# --- a real app process, a real cut ------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: dict
    body: str
    seconds: float


@dataclass
class App:
    url: str
    proxy: TcpProxy
    headers: dict

    def get(self, path: str, who: str = "anonymous", language: str = "en") -> Answer:
        request = urllib.request.Request(self.url + path, headers={  # noqa: S310
            "Accept-Language": language, **self.headers.get(who, {})})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        return Answer(status, dict(headers), body.decode(), time.monotonic() - started)


@pytest.fixture
def app(transactional_db, actors, tmp_path):
    """The app in its own gunicorn process, on the test database, through the proxy."""
    if connection.vendor != "postgresql":
        pytest.skip("the database restart is simulated in front of PostgreSQL "
                    "(DATABASE_URL=postgres://...)")
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {**os.environ, "ROGATORY_DATA_DIR": str(tmp_path),
           # The test's key: its session and token are signed with it.
           "SECRET_KEY": settings.SECRET_KEY,
           "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}"}
    try:
        with gunicorn(env, tmp_path) as url:
            _token, key = ApiToken.issue(actors.officer_a, "outage test")
            session = client_for(actors.officer_a).cookies["sessionid"].value
            yield App(url, proxy, {"officer": {"Cookie": f"sessionid={session}"},
                                   "api": {"Authorization": f"Token {key}"}})
    finally:
        proxy.cut()


REQUESTS = [  # (path, who, is API)
    ("/directory/", "anonymous", False),  # fails in the view
    ("/cases/", "officer", False),  # fails in middleware, loading the session
    ("/api/v1/authorities/", "api", True),  # fails authenticating the token
]


def _all_succeed(app: App) -> None:
    for path, who, _api in REQUESTS:
        answer = app.get(path, who)
        assert answer.status == 200, (path, answer.status, answer.body[:500])
    assert app.get("/healthz").status == 200


@pytest.mark.postgres
def test_database_restart_fails_cleanly_and_recovers(app):
    _all_succeed(app)

    app.proxy.cut()
    for path, who, api in REQUESTS:
        for language in ("en", "fr"):
            answer = app.get(path, who, language)
            assert answer.seconds < BOUND_SECONDS, (path, answer.seconds)
            assert_clean_503(answer.status, answer.headers, answer.body, api, language)
    assert app.get("/healthz").status == 503

    app.proxy.restore()
    _all_succeed(app)  # the very next requests, the same app process


@pytest.mark.postgres
def test_unresponsive_database_fails_within_the_connect_timeout(app):
    """A database that accepts connections but never answers: the request gives up after the
    connect timeout of the settings, it does not hang."""
    _all_succeed(app)
    app.proxy.stall()
    answer = app.get("/api/v1/authorities/", "api")
    assert 4 < answer.seconds < BOUND_SECONDS
    assert_clean_503(answer.status, answer.headers, answer.body, api=True)
    app.proxy.restore()
    _all_succeed(app)


@pytest.mark.postgres
def test_connection_broken_while_idle_is_replaced(app):
    """The database restarts between two requests: the app's kept connection is dead, and the
    next request must not fail on it (CONN_HEALTH_CHECKS checks it before use)."""
    _all_succeed(app)
    app.proxy.cut()
    app.proxy.restore()
    _all_succeed(app)


# --- the same answers in process, on any database ----------------------------------------------

DOWN = OperationalError("connection to server failed: Connection refused")


@pytest.mark.django_db
def test_view_failing_on_the_database_answers_503(actors):
    with mock.patch("rogatory.directory.selectors.visible_authorities", side_effect=DOWN):
        page = Client().get("/directory/", HTTP_ACCEPT_LANGUAGE="fr")
        api = client_for(actors.officer_a).get("/api/v1/authorities/", HTTP_ACCEPT_LANGUAGE="fr")
    assert_clean_503(page.status_code, page, page.content.decode(), api=False, language="fr")
    assert_clean_503(api.status_code, api, api.content.decode(), api=True, language="fr")


@pytest.mark.django_db
def test_middleware_failing_on_the_database_answers_503(actors):
    client = client_for(actors.officer_a)
    client.raise_request_exception = False
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=DOWN):
        page = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="fr")
        api = client.get("/api/v1/authorities/")
    assert_clean_503(page.status_code, page, page.content.decode(), api=False, language="fr")
    assert_clean_503(api.status_code, api, api.content.decode(), api=True)
