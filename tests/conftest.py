"""Fixtures every test may use: reference States, two authorities in two States, one ready
user per role (the actors of the authorization matrix), and a real headless Chromium
(Debian's package, driven by Playwright) for end-to-end tests; without Chromium on the
machine the browser tests are skipped, and pytest says so."""

import functools
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import connection, connections
from django.http import HttpRequest
from django.test import Client
from rest_framework.test import APIClient

from rogatory.accounts.models import Role, User
from rogatory.directory.models import Authority
from rogatory.states import reference as states_reference
from rogatory.states.models import State

PASSWORD = "correct horse battery staple 42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (States, instruments, treaty facts) is loaded once into the test
    database, so the transaction of each test starts from it."""
    with django_db_blocker.unblock():
        states_reference.load(lambda _line: None)


@pytest.fixture(autouse=True)
def _reference_states(request) -> None:
    """A transactional test empties the database when it ends: reload for the next one."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not ({"transactional_db", "live_server"} & names
            or (marker and marker.kwargs.get("transaction"))):
        return
    request.getfixturevalue("transactional_db")
    if not State.objects.exists():
        states_reference.load(lambda _line: None)


def copy_sqlite_test_database(path: Path) -> None:
    """Write the in-memory SQLite test database to a file, for tests whose several
    connections or processes need one database (another process cannot open the memory one;
    threads sharing it are refused a second writer at once instead of waiting)."""
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)


@pytest.fixture
def sqlite_on_file(transactional_db, tmp_path):
    """SQLite: every connection of the test (this thread's and other threads') opens a file
    copy of the test database. The in-memory connection is kept aside, or its database would
    vanish, and put back at the end."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "concurrent.sqlite3"
    copy_sqlite_test_database(path)
    memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)  # the dict every thread's connection reads
    connection.connection = None
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


@functools.cache
def password_hash() -> str:
    """PASSWORD hashed once (Argon2 is slow on purpose); every test user shares the hash."""
    return make_password(PASSWORD)


def make_user(email: str, role: str, state: str | None = None,
              authority: Authority | None = None, mfa: bool = True) -> User:
    user = User.objects.create_user(email, None, role=role, state_id=state,
                                    authority=authority, full_name=email.split("@")[0])
    user.password = password_hash()
    User.objects.filter(pk=user.pk).update(password=user.password)  # no history row
    if mfa and role in (Role.SECRETARIAT, Role.FOCAL_POINT):
        TOTP.activate(user, TOTP_SECRET)
    return user


@dataclass
class Actors:
    """State A is the Netherlands, State B is France; each has one central authority."""

    authority_a: Authority
    authority_b: Authority
    practitioner: User
    officer_a: User
    officer_b: User
    focal_a: User
    focal_b: User
    secretariat: User

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def actors(db) -> Actors:
    authority_a = Authority.objects.create(state_id="NL", name="Centrale autoriteit A",
                                           name_en="Central Authority A")
    authority_b = Authority.objects.create(state_id="FR", name="Autorité centrale B",
                                           name_en="Central Authority B")
    return Actors(
        authority_a=authority_a,
        authority_b=authority_b,
        practitioner=make_user("practitioner@a.test", Role.PRACTITIONER, "NL"),
        officer_a=make_user("officer@a.test", Role.OFFICER, "NL", authority_a),
        officer_b=make_user("officer@b.test", Role.OFFICER, "FR", authority_b),
        focal_a=make_user("focal@a.test", Role.FOCAL_POINT, "NL"),
        focal_b=make_user("focal@b.test", Role.FOCAL_POINT, "FR"),
        secretariat=make_user("secretariat@un.test", Role.SECRETARIAT),
    )


ROLES = ["anonymous", "practitioner", "officer_a", "officer_b", "focal_a", "focal_b",
         "secretariat"]


def record_sign_in(client: Client, user: User) -> None:
    """What allauth's sign-in writes into a session besides the user: the password passed
    now and, for an account with a second factor, that factor (RequireMFAMiddleware, the
    admin and token creation read these records; force_login alone writes none)."""
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    for factor in Authenticator.objects.filter(user=user).exclude(
            type=Authenticator.Type.RECOVERY_CODES):
        record_authentication(request, user, "mfa", id=factor.pk, type=factor.type)
    request.session.save()


def client_for(user: User | None) -> Client:
    """A client signed in as `user` as by the sign-in page, second factor included."""
    client = Client()
    if user is not None:
        client.force_login(user)
        record_sign_in(client, user)
    return client


def api_client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """A page request leaves its language active in the thread: no test inherits it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and throttles live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls made by fixtures are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
