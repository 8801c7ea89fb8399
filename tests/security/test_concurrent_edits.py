"""No lost updates (issue #10): two users read the same directory entry, draft or case, then
send their saves at the same moment, each from its own thread with its own client and its
own database connection (transactional tests, so each save is a real, committed transaction).

Exactly one save wins; the other is refused with 409 and the conflict message (a page form
comes back filled with what its user typed); the record holds exactly the winner's change at
version N+1 and its history one new entry.

`full_clean` is slowed down inside the save so that the two transactions overlap for certain:
without the row lock of `save_if_current` (PostgreSQL: `select_for_update`; SQLite: the
`IMMEDIATE` transaction) both would read version N and both would "win".

On SQLite the tests run on a file copy of the in-memory test database, as in production: an
in-memory database shared between threads answers "database table is locked" to the second
writer at once instead of waiting for the first."""

import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from operator import attrgetter
from unittest import mock

import pytest
from django.db import connections
from django.http import HttpResponse

from rogatory.accounts.models import Role
from rogatory.cases.models import Case
from rogatory.core.concurrency import Versioned
from rogatory.directory.models import Authority
from rogatory.writer.models import RequestDraft
from tests.cases.conftest import make_case
from tests.conftest import api_client_for, client_for, make_user
from tests.directory.test_permissions import _form_data
from tests.writer.test_pages import draft_for

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("sqlite_on_file")]


CONFLICT = "Someone else saved this record first (now version {version})"
OVERLAP_SECONDS = 0.3


def race(*saves: Callable[[], HttpResponse]) -> list[HttpResponse]:
    """Run every save in its own thread, all released at once by a barrier."""
    barrier = threading.Barrier(len(saves))

    def run(save: Callable[[], HttpResponse]) -> HttpResponse:
        try:
            barrier.wait(timeout=10)
            return save()
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(len(saves)) as pool:
        return list(pool.map(run, saves))


def slow_saves(model: type[Versioned]):
    """Hold every save of `model` open for a while between its version check and its write."""
    original = model.full_clean

    def full_clean(self, *args, **kwargs):
        time.sleep(OVERLAP_SECONDS)
        return original(self, *args, **kwargs)

    return mock.patch.object(model, "full_clean", full_clean)


def page_version(response: HttpResponse) -> int:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the form carries no version"
    return int(match.group(1))


def winner(responses: list[HttpResponse], success: int, version: int) -> int:
    """The index of the one successful save; the other must be a clear 409."""
    codes = [response.status_code for response in responses]
    assert sorted(codes) == sorted([success, 409]), codes
    loser = responses[codes.index(409)]
    assert CONFLICT.format(version=version + 1) in loser.content.decode()
    return codes.index(success)


def assert_one_change(model: type[Versioned], pk: int, version: int, history_before: int,
                      stored: Callable[[Versioned], str], expected: str) -> None:
    record = model.objects.get(pk=pk)
    assert stored(record) == expected
    assert record.version == version + 1
    history = model.history.filter(id=pk)
    assert history.count() == history_before + 1
    assert history.latest("history_id").version == version + 1


def api_race(model: type[Versioned], pk: int, url: str, users: list, field: str,
             version: int) -> None:
    """Both users GET (ETag N) then PATCH their own value with If-Match N at once."""
    clients = [api_client_for(user) for user in users]
    assert [client.get(url)["ETag"] for client in clients] == [f'"{version}"'] * 2
    values = [f"Saved by {user.email}" for user in users]
    history_before = model.history.filter(id=pk).count()

    def save(client, value: str) -> Callable[[], HttpResponse]:
        return lambda: client.patch(url, {field: value}, format="json",
                                    HTTP_IF_MATCH=f'"{version}"')

    with slow_saves(model):
        responses = race(*(save(client, value)
                           for client, value in zip(clients, values, strict=True)))
    won = winner(responses, 200, version)
    assert responses[won]["ETag"] == f'"{version + 1}"'
    loser = responses[1 - won].json()["error"]
    assert loser["code"] == "conflict"
    assert_one_change(model, pk, version, history_before, attrgetter(field), values[won])


def page_race(model: type[Versioned], pk: int, url: str, users: list,
              form: Callable[[int, str], dict], stored: Callable[[Versioned], str]) -> None:
    """Both users open the edit page (version N) then submit their form at once; `stored`
    reads the typed value back from the record."""
    clients = [client_for(user) for user in users]
    versions = {page_version(client.get(url)) for client in clients}
    assert len(versions) == 1
    version = versions.pop()
    values = [f"Typed by {user.email}" for user in users]
    history_before = model.history.filter(id=pk).count()

    def save(client, value: str) -> Callable[[], HttpResponse]:
        return lambda: client.post(url, form(version, value))

    with slow_saves(model):
        responses = race(*(save(client, value)
                           for client, value in zip(clients, values, strict=True)))
    won = winner(responses, 302, version)
    assert values[1 - won] in responses[1 - won].content.decode()  # still in the form
    assert_one_change(model, pk, version, history_before, stored, values[won])


# --- a directory entry: the State's focal point and the secretariat ---------------------------

def test_directory_entry_api(actors):
    authority = actors.authority_a
    api_race(Authority, authority.pk, f"/api/v1/authorities/{authority.pk}/",
             [actors.focal_a, actors.secretariat], "name_en", authority.version)


def test_directory_entry_page(actors):
    authority = actors.authority_a
    page_race(Authority, authority.pk, f"/directory/{authority.pk}/edit/",
              [actors.focal_a, actors.secretariat],
              lambda version, value: _form_data(authority, version=version, name_en=value),
              attrgetter("name_en"))


# --- a request draft: its author and a colleague it is shared with --------------------------

def _shared_draft(actors) -> RequestDraft:
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", actors.authority_a)
    draft = draft_for(actors.officer_a)
    draft.shared_with.set([colleague])
    return draft


def test_request_draft_api(actors):
    draft = _shared_draft(actors)
    api_race(RequestDraft, draft.pk, f"/api/v1/requests/{draft.pk}/",
             [actors.officer_a, draft.shared_with.get()], "title", draft.version)


def test_request_draft_page(actors):
    draft = _shared_draft(actors)
    page_race(RequestDraft, draft.pk, f"/requests/{draft.pk}/procedures/",
              [actors.officer_a, draft.shared_with.get()],
              lambda version, value: {"version": version, "procedures": value},
              lambda draft: draft.content["procedures"]["procedures"])


# --- a case: two officers of its authority --------------------------------------------------

def _case_and_officers(actors) -> tuple[Case, list]:
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", actors.authority_a)
    return make_case(actors), [actors.officer_a, colleague]


def test_case_api(actors):
    case, officers = _case_and_officers(actors)
    api_race(Case, case.pk, f"/api/v1/cases/{case.pk}/", officers, "title", case.version)


def test_case_page(actors):
    case, officers = _case_and_officers(actors)

    def form(version: int, title: str) -> dict:
        return {"kind": case.kind, "title": title, "counterpart_state": "FR",
                "legal_basis": case.legal_basis, "confidentiality": case.confidentiality,
                "version": version}

    page_race(Case, case.pk, f"/cases/{case.pk}/edit/", officers, form, attrgetter("title"))


# --- a draft handed over: two officers of the reviewing authority answer at once ------------

def test_handed_over_draft_answered_twice_at_once(actors):
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", actors.authority_a)
    draft = draft_for(actors.practitioner)
    RequestDraft.objects.filter(pk=draft.pk).update(
        status="in_review", version=2, review_authority=actors.authority_a)
    clients = [api_client_for(user) for user in (actors.officer_a, colleague)]
    url = f"/api/v1/requests/{draft.pk}/return/"

    def answer(client, comment: str) -> Callable[[], HttpResponse]:
        return lambda: client.post(url, {"version": 2, "comment": comment}, format="json")

    with slow_saves(RequestDraft):
        responses = race(answer(clients[0], "First"), answer(clients[1], "Second"))
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 409], codes
    won = [response.status_code for response in responses].index(200)
    draft.refresh_from_db()
    assert draft.status == "returned" and draft.version == 3
    assert [event.comment for event in draft.review_events.all()] == [["First", "Second"][won]]
