"""Issue #14, critical 1, shown fixed as deployed: a real gunicorn process with DEBUG=0 on a
free loopback port, on a file copy of the test database (or the PostgreSQL test database),
signed in by API token. The draft of the issue (its reference closing the stylesheet and
attaching the process environment and the database file) and an image aimed at a local
listener come back as a PDF with no attachment, no request to the listener, and the
reference printed as typed."""

import io
import json
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from rogatory.accounts.services import create_token
from tests.core.test_import_crash import database  # noqa: F401 (the fixture)
from tests.gunicorn import gunicorn
from tests.security.test_rendering_attacks import (
    assert_no_embedded_file,
    listener,  # noqa: F401 (the fixture)
    squeeze,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server]

SRC = Path(__file__).resolve().parents[2] / "src"


def call(url: str, key: str, path: str, body: dict | None = None) -> bytes:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{url}{path}", method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (loopback)
        return answer.read()


@pytest.fixture
def server(database, tmp_path):  # noqa: F811 (the imported fixture)
    """Start it once the test's data is committed: `server()` gives the base URL and the
    server's environment (the test's secret key, which API tokens are bound with)."""
    with ExitStack() as running:
        def start() -> tuple[str, dict[str, str]]:
            env = {**database().env, "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
                   "PYTHONPATH": str(SRC), "SECRET_KEY": settings.SECRET_KEY}
            return running.enter_context(gunicorn(env, tmp_path)), env

        yield start


def test_the_draft_of_the_issue_under_gunicorn(actors, server, listener):  # noqa: F811
    _token, key = create_token(actors.officer_a, "attack")
    url, env = server()
    database_file = (Path(env["ROGATORY_DATA_DIR"]) / "rogatory.sqlite3"
                     if connection.vendor == "sqlite" else Path("/etc/passwd"))
    reference = ("</style><link rel=attachment href=file:///proc/self/environ>"
                 f"<link rel=attachment href=file://{database_file}>")
    image = f"<img src=http://127.0.0.1:{listener.port}/>"
    created = json.loads(call(url, key, "/api/v1/requests/", {
        "title": "t", "kind": "mla", "requesting": {"reference": reference},
        "case": {"subject": image}}))
    pdf = call(url, key, f"/api/v1/requests/{created['id']}/document/?format=pdf&draft=1")
    assert pdf.startswith(b"%PDF")
    assert_no_embedded_file(pdf)
    assert listener.hits == []
    text = squeeze("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert squeeze(reference) in text and squeeze(image) in text
