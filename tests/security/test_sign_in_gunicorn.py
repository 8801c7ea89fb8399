"""Issue #14, finding 2, shown on the server as deployed: gunicorn as its own process with
DEBUG=0, on a free loopback port and a temporary data directory, attacked over HTTP as the
report did (the stock admin's password form), then signed in the one way that works."""

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection

from tests.accounts.test_login_and_mfa import totp_now
from tests.conftest import PASSWORD, copy_sqlite_test_database
from tests.gunicorn import gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

SECRETARIAT = "secretariat@un.test"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


@dataclass
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """Cookies and CSRF as a browser (or an attacker's script) handles them."""

    def __init__(self, url: str):
        self.url = url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
            self.cookies), _NoRedirect())

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, path: str, data: dict | None = None, json: str | None = None) -> Answer:
        headers = {"X-CSRFToken": self.cookie("csrftoken"), "Referer": self.url + "/"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookie("csrftoken"),
                                           **data}).encode()
        elif json is not None:
            body, headers["Content-Type"] = json.encode(), "application/json"
        request = urllib.request.Request(self.url + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                status, head, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, head, content = error.code, error.headers, error.read()
        return Answer(status, head.get("Location", ""), content.decode(errors="replace"))


@pytest.fixture
def server(actors, tmp_path):
    """gunicorn on the test database: a file copy of SQLite's, or PostgreSQL's test one."""
    env = {**os.environ, "ROGATORY_DATA_DIR": str(tmp_path),
           "SECRET_KEY": settings.SECRET_KEY, "ROGATORY_HTTPS": "0"}
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        copy_sqlite_test_database(tmp_path / "rogatory.sqlite3")
    else:
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = (f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
    with gunicorn(env, tmp_path) as url:
        yield url


def assert_reaches_nothing(browser: Browser) -> None:
    assert browser.request("/users/").location.startswith("/accounts/login/")
    assert browser.request("/api/v1/me/").status in (401, 403)
    assert browser.request("/api/v1/tokens/", json='{"name": "lasting"}').status in (401, 403)
    assert browser.request("/admin/").location.startswith("/admin/login/")
    assert browser.request("/admin/login/").location.startswith("/accounts/login/")


def test_admin_password_form_gives_no_session_under_gunicorn(server):
    browser = Browser(server)
    answer = browser.request("/admin/login/?next=/admin/")
    assert answer.status == 302 and answer.location == "/accounts/login/?next=%2Fadmin%2F"
    browser.request(answer.location)  # the CSRF cookie, as the attacker's script gets it
    for password in ["wrong password"] * 6 + [PASSWORD]:
        answer = browser.request("/admin/login/", {"username": SECRETARIAT,
                                                   "password": password, "next": "/admin/"})
        assert answer.status == 302 and answer.location.startswith("/accounts/login/")
    assert_reaches_nothing(browser)


def test_password_alone_at_the_sign_in_reaches_nothing_then_totp_opens_the_admin(server):
    browser = Browser(server)
    login = browser.request("/admin/login/?next=/admin/").location
    browser.request(login)
    answer = browser.request(login, {"login": SECRETARIAT, "password": PASSWORD})
    assert answer.location == "/accounts/2fa/authenticate/"
    assert_reaches_nothing(browser)
    assert 'name="code"' in browser.request(answer.location).body
    answer = browser.request("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert answer.location == "/admin/"
    assert browser.request("/admin/").status == 200
    assert browser.request("/api/v1/me/").status == 200
