"""The authorization matrix: for every page and API endpoint of the project, for every role
(the public, a practitioner, an officer of authority A and one of authority B, the focal
points of State A and State B, the secretariat), the exact answer when reading and writing
each kind of object: 200/201/204/302 when allowed, 302 to the login page for the public
where signing in is required, 403 for a signed-in user without the right, 404 for an object
outside the user's scope (no existence leak).

Every object the rows touch belongs to State A (NL) / authority A, so officer B and focal
point B probing A's IDs is the object-level leak check; a few rows probe authority B's
objects from A's side. A route of the project without a row fails
`test_every_endpoint_has_a_row`.

Each (row, role) is its own test with a freshly built world, so a write that succeeds for one
role never changes another's answer."""

import datetime
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from rogatory.accounts.models import ApiToken, Role
from rogatory.assessment import services as assessment_services
from rogatory.assets import services as asset_services
from rogatory.assets.models import Claim
from rogatory.cases import services as case_services
from rogatory.directory.models import Contact
from rogatory.exchange import services as exchange_services
from rogatory.exchange.models import Consultation
from rogatory.exchange.models import Message as ExchangeMessage
from rogatory.library.models import Item
from rogatory.states.models import State
from rogatory.writer import services as writer_services
from rogatory.writer.models import RequestDraft
from tests.assessment.conftest import SMALL
from tests.conftest import ROLES, api_client_for, client_for, make_user
from tests.exchange import nodes as exchange_nodes
from tests.writer.conftest import example

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Routes outside the matrix: the Django admin (staff only, its own permission system),
# allauth's sign-in/MFA flows and the language switch (tested in tests/accounts, tests/core).
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/")


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_world(settings, tmp_path):
    """Seven users per test: hash their passwords quickly; uploads go to a fresh folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class World:
    """One object of every kind owned by State A / authority A, and some of B's."""

    actors: object
    case: object = None
    document: object = None
    action: object = None
    case_share: object = None
    draft: object = None
    version: object = None
    assessment: object = None
    asset: object = None
    claim: object = None
    item: object = None
    managed: object = None
    token: object = None
    case_b: object = None
    document_b: object = None
    draft_b: object = None
    assessment_b: object = None
    asset_b: object = None
    contact: object = None
    invitation: object = None
    message: object = None  # received through Rogatory
    consultation: object = None
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(actors, settings, tmp_path) -> World:
    a = actors
    w = World(actors=a)
    a.authority_a.functions = ["mla"]
    a.authority_a.languages = ["nl", "en"]
    a.authority_a.save()
    make_user("invited@a.test", Role.OFFICER, "NL", a.authority_a)
    w.case = case_services.register_case(
        authority=a.authority_a, created_by=a.officer_a, direction="outgoing",
        kind="confiscation", counterpart_state="CH", title="Case of authority A",
        legal_basis="UNTOC", status="sent", sent_at=datetime.date(2025, 1, 10))
    w.document = case_services.add_document(w.case, "request-a.pdf", PDF, a.officer_a)
    w.action = case_services.add_action(w.case, a.officer_a, "Call the prosecutor",
                                        datetime.date(2030, 1, 1))
    colleague = make_user("colleague@a.test", Role.OFFICER, "NL", a.authority_a)
    w.case_share = case_services.share_case(w.case, colleague, a.officer_a)
    w.case_b = case_services.register_case(
        authority=a.authority_b, created_by=a.officer_b, direction="incoming", kind="mla",
        counterpart_state="NL", title="Case of authority B", legal_basis="UNTOC")
    w.document_b = case_services.add_document(w.case_b, "request-b.pdf", PDF, a.officer_b)

    spec = example("mla-e-evidence")
    spec.pop("requesting_state")
    spec["case"].pop("subject")  # incomplete on purpose: producing and sending answer 422
    w.draft = writer_services.create_draft(a.officer_a, spec)
    w.draft_b = writer_services.create_draft(a.officer_b, {"kind": "mla", "title": "Draft B"})
    # The practitioner's drafts: one of its own, one handed over to authority A for review
    # (moved there directly: the real checks would find the example incomplete here).
    w.extra["own"] = writer_services.create_draft(a.practitioner, dict(spec))
    handed = writer_services.create_draft(a.practitioner, dict(spec))
    RequestDraft.objects.filter(pk=handed.pk).update(status="in_review", version=2,
                                                     review_authority=a.authority_a)
    w.extra["handed"] = RequestDraft.objects.get(pk=handed.pk)

    w.version = assessment_services.load_questionnaire(json.loads(json.dumps(SMALL)))
    w.assessment = assessment_services.start_assessment(a.focal_a, w.version, "en")
    w.invitation = assessment_services.invite(w.assessment, a.focal_a, "invited@a.test")
    w.assessment_b = assessment_services.start_assessment(a.focal_b, w.version, "fr")

    w.asset = asset_services.create_asset(
        a.officer_a, [w.case], description="Account at a fictional bank",
        type="bank_account", location_state=State.objects.get(pk="CH"),
        holder="Fictional Bank", estimated_value=Decimal("1000000.00"),
        estimate_currency="CHF", identified_on=datetime.date(2025, 1, 15))
    w.claim = asset_services.add_claim(w.asset, a.officer_a, claimant="A victim", currency="CHF",
                                       kind=Claim.Kind.values[0])
    w.asset_b = asset_services.create_asset(
        a.officer_b, [w.case_b], description="Car", type=w.asset.type,
        location_state=State.objects.get(pk="FR"), identified_on=datetime.date(2025, 1, 15))

    w.item = Item.objects.create(kind="strategy", title="Confidential guide", state_id="NL",
                                 language="en", restricted=True, external_id="restricted",
                                 text="Article 1\nInternal notes on urgent requests.\n")
    w.contact = Contact.objects.create(authority=a.authority_a, name="Anna Secret-Contact",
                                       email="anna@a.test")
    w.managed = make_user("managed@a.test", Role.OFFICER, "NL", a.authority_a)
    w.token, _key = ApiToken.issue(a.officer_a, "officer A's script")
    _exchange_world(w, settings, tmp_path)
    return w


def _exchange_world(w: World, settings, folder) -> None:
    """A request authority B's node sent to authority A through Rogatory (its incoming case
    at A) and a draft B's node shared with A for consultation."""
    a = w.actors
    here, there = exchange_nodes.configure(settings, folder / "nodes", a.authority_a,
                                           a.authority_b)
    exchange_services.receive(exchange_nodes.sealed_by_there(here, there, a.authority_b,
                                                             a.authority_a))
    spec = {"facts": {"summary": "Draft"}}
    exchange_services.receive(exchange_nodes.sealed_by_there(
        here, there, a.authority_b, a.authority_a, kind="consultation",
        body={"title": "Draft of B", "number": 1, "spec": spec,
              "sha256": exchange_services.version_hash(spec, "")}))
    w.message = ExchangeMessage.objects.get(kind="request")
    w.consultation = Consultation.objects.get()


# --- rows ------------------------------------------------------------------------------------

A = "anonymous"
LOGIN = "login"  # 302 to the login page


@dataclass
class Row:
    name: str  # the route name, namespaced ("cases:detail", "api-case")
    method: str
    url: Callable[[World], str]
    expect: dict  # role -> status, or LOGIN
    data: Callable[[World], dict] | dict | None = None
    api: bool = False
    bugs: dict = field(default_factory=dict)  # role -> "BUG: ..." (strict xfail)

    @property
    def id(self) -> str:
        return f"{self.name}:{self.method}"


def roles(default, **overrides) -> dict:
    return {role: overrides.get(role, default) for role in ROLES}


def page(name, url, default, method="GET", data=None, anonymous=LOGIN, bugs=None, **kw):
    return Row(name, method, url if callable(url) else (lambda _w, u=url: u),
               roles(default, anonymous=anonymous, **kw), data, bugs=bugs or {})


def api(name, url, default, method="GET", data=None, anonymous=401, bugs=None, **kw):
    return Row(name, method, url if callable(url) else (lambda _w, u=url: u),
               roles(default, anonymous=anonymous, **kw), data, api=True, bugs=bugs or {})


ROWS: list[Row] = []

OFFICIALS = 200  # shorthand used below: every signed-in role gets it


def v(obj) -> int:
    return obj.version


def _rows() -> list[Row]:
    r: list[Row] = []
    add = r.append
    case = lambda w: w.case.pk  # noqa: E731
    # ---- public -----------------------------------------------------------------------------
    add(page("healthz", "/healthz", 200, anonymous=200))
    add(page("liveness", "/healthz/live", 200, anonymous=200))
    add(page("schema", "/api/schema/", 200, anonymous=200))
    add(page("api-docs", "/api/docs/", 200, anonymous=200))
    add(page("core:home", "/", 200, anonymous=200))
    add(page("states:index", "/states/", 200, anonymous=200))
    add(page("states:detail", "/states/NL/", 200, anonymous=200))
    add(page("states:coverage", "/states/coverage/", 200, anonymous=200))
    add(page("states:coverage-instruments-csv", "/states/coverage/instruments.csv", 200,
             anonymous=200))
    add(page("states:coverage-states-csv", "/states/coverage/states.csv", 200, anonymous=200))
    add(page("legalbasis:index", "/legal-basis/", 200, anonymous=200))
    add(api("api-states", "/api/v1/states/", 200, anonymous=200))
    add(api("api-state", "/api/v1/states/NL/", 200, anonymous=200))
    add(api("api-legal-basis", "/api/v1/legal-basis/?requesting=NL&requested=FR&type=mla"
            "&offence=money_laundering", 200, anonymous=200))
    # ---- directory --------------------------------------------------------------------------
    auth = lambda w: w.actors.authority_a.pk  # noqa: E731
    add(page("directory:index", "/directory/", 200, anonymous=200))
    # Routing, contacts, exports and the API are for signed-in officials (docs/directory.md).
    add(page("directory:route", "/directory/route/?state=NL&assistance=mla", 200))
    add(api("api-directory-route", "/api/v1/directory/route/?state=NL&assistance=mla", 200))
    add(page("directory:detail", lambda w: f"/directory/{auth(w)}/", 200, anonymous=200))
    add(api("authority-list", "/api/v1/authorities/", 200))
    add(api("authority-detail", lambda w: f"/api/v1/authorities/{auth(w)}/", 200))
    add(page("directory:create", "/directory/new/", 403, focal_a=200, focal_b=200,
             secretariat=200))
    add(page("directory:create", "/directory/new/", 403, method="POST",
             data={"state": "NL", "name": "New authority", "part": "1"},
             focal_a=200, focal_b=200, secretariat=200))
    add(api("authority-list", "/api/v1/authorities/", 403, method="POST",
            data={"state": "NL", "name": "New authority", "part": 1},
            focal_a=201, focal_b=400, secretariat=201))
    add(page("directory:review", "/directory/review/", 403, secretariat=200))
    add(page("directory:export_csv", "/directory/export.csv", 200))
    add(page("directory:export_pdf", "/directory/export.pdf", 200))
    add(page("directory:vcard", lambda w: f"/directory/contacts/{w.contact.pk}.vcf", 200))
    add(page("directory:edit", lambda w: f"/directory/{auth(w)}/edit/", 403, focal_a=200,
             secretariat=200))
    add(page("directory:edit", lambda w: f"/directory/{auth(w)}/edit/", 403, method="POST",
             data=lambda w: {"name": "Renamed", "version": v(w.actors.authority_a)},
             focal_a=200, secretariat=200))
    add(api("authority-detail", lambda w: f"/api/v1/authorities/{auth(w)}/", 403,
            method="PATCH", data=lambda w: {"name": "Renamed", "version": v(w.actors.authority_a)},
            focal_a=200, secretariat=200))
    add(page("directory:verify", lambda w: f"/directory/{auth(w)}/verify/", 403,
             method="POST", data=lambda w: {"version": v(w.actors.authority_a)},
             focal_a=302, secretariat=302))
    add(api("authority-verify", lambda w: f"/api/v1/authorities/{auth(w)}/verify/", 403,
            method="POST", data=lambda w: {"version": v(w.actors.authority_a)},
            focal_a=200, secretariat=200))
    add(page("directory:approve", lambda w: f"/directory/{auth(w)}/approve/", 403,
             method="POST", data=lambda w: {"version": v(w.actors.authority_a)},
             secretariat=302))
    add(api("authority-approve", lambda w: f"/api/v1/authorities/{auth(w)}/approve/", 403,
            method="POST", data=lambda w: {"version": v(w.actors.authority_a)},
            secretariat=200))
    add(page("directory:history", lambda w: f"/directory/{auth(w)}/history/", 403,
             focal_a=200, secretariat=200))
    # ---- accounts ---------------------------------------------------------------------------
    add(page("accounts:profile", "/users/me/", 200))
    add(page("accounts:tokens", "/users/me/tokens/", 200))
    add(page("accounts:tokens", "/users/me/tokens/", 200, method="POST",
             data={"name": "my script"}))
    add(page("accounts:revoke_token", lambda w: f"/users/me/tokens/{w.token.pk}/revoke/", 404,
             method="POST", officer_a=302))
    add(api("api-me", "/api/v1/me/", 200))
    add(api("token-list", "/api/v1/tokens/", 200))
    # A token is issued only to a browser session that signed in in the last minutes (as
    # client_for's does), never to an API client or a token (tests/accounts/test_token_binding).
    add(api("token-list", "/api/v1/tokens/", 403, method="POST", data={"name": "my script"}))
    add(page("token-list", "/api/v1/tokens/", 201, method="POST", data={"name": "my script"},
             anonymous=401))
    add(api("token-detail", lambda w: f"/api/v1/tokens/{w.token.pk}/", 404, method="DELETE",
            officer_a=204))
    add(page("accounts:user_list", "/users/", 403, focal_a=200, focal_b=200, secretariat=200))
    add(page("accounts:user_create", "/users/new/", 403, focal_a=200, focal_b=200,
             secretariat=200))
    add(page("accounts:user_create", "/users/new/", 403, method="POST",
             data={"email": "new@a.test", "full_name": "New", "role": "practitioner",
                   "state": "NL", "is_active": "on"},
             focal_a=302, focal_b=200, secretariat=302))
    add(page("accounts:user_edit", lambda w: f"/users/{w.managed.pk}/", 403, focal_a=200,
             focal_b=404, secretariat=200))
    add(page("accounts:user_edit", lambda w: f"/users/{w.managed.pk}/", 403, method="POST",
             data=lambda w: {"email": "managed@a.test", "full_name": "Renamed",
                             "role": "officer", "state": "NL",
                             "authority": w.actors.authority_a.pk, "is_active": "on"},
             focal_a=302, focal_b=404, secretariat=302))
    add(api("user-list", "/api/v1/users/", 403, focal_a=200, focal_b=200, secretariat=200))
    add(api("user-list", "/api/v1/users/", 403, method="POST",
            data={"email": "new@a.test", "full_name": "New", "role": "practitioner",
                  "state": "NL"}, focal_a=201, focal_b=400, secretariat=201))
    add(api("user-detail", lambda w: f"/api/v1/users/{w.managed.pk}/", 403, focal_a=200,
            focal_b=404, secretariat=200))
    add(api("user-detail", lambda w: f"/api/v1/users/{w.managed.pk}/", 403, method="PATCH",
            data={"full_name": "Renamed"}, focal_a=200, focal_b=404, secretariat=200))
    # ---- library ----------------------------------------------------------------------------
    add(page("library:index", "/library/", 200, anonymous=200))
    add(page("library:item", lambda w: f"/library/items/{w.item.pk}/", 200, anonymous=404))
    add(page("library:item_akn", lambda w: f"/library/items/{w.item.pk}/akn.xml", 200,
             anonymous=404))
    add(api("api-library-search", "/api/v1/library/search/?q=urgent", 200, anonymous=200))
    add(api("api-library-item", lambda w: f"/api/v1/library/items/{w.item.pk}/", 200,
            anonymous=404))
    add(api("api-library-item-akn", lambda w: f"/api/v1/library/items/{w.item.pk}/akn/", 200,
            anonymous=404))
    # ---- writer -----------------------------------------------------------------------------
    writers = {"focal_a": 403, "focal_b": 403, "secretariat": 403}
    draft = lambda w: w.draft.pk  # noqa: E731
    add(page("writer:index", "/requests/", 200, **writers))
    add(page("writer:index", "/requests/", 302, method="POST",
             data={"kind": "mla", "title": "Heron"}, **writers))
    for name, suffix, ok in (("writer:draft", "", 302), ("writer:assistance", "assistance/", 200),
                             ("writer:item", "assistance/0/", 200),
                             ("writer:review", "review/", 200),
                             ("writer:document", "document/", 302),
                             ("writer:step", "requesting/", 200)):
        add(page(name, lambda w, s=suffix: f"/requests/{draft(w)}/{s}", 404, officer_a=ok,
                 **writers))
    add(page("writer:step", lambda w: f"/requests/{draft(w)}/requesting/", 404,
             method="POST", data=lambda w: {"version": v(w.draft), "authority": "Changed"},
             officer_a=200, **writers))
    add(page("writer:item_remove", lambda w: f"/requests/{draft(w)}/assistance/0/remove/",
             404, method="POST", data=lambda w: {"version": v(w.draft)}, officer_a=302,
             **writers))
    add(page("writer:share", lambda w: f"/requests/{draft(w)}/share/", 404, method="POST",
             data={"email": "colleague@a.test"}, officer_a=302, **writers))
    add(page("writer:send", lambda w: f"/requests/{draft(w)}/send/", 404, method="POST",
             data=lambda w: {"version": v(w.draft)}, officer_a=302, **writers))
    add(page("writer:draft", lambda w: f"/requests/{w.draft_b.pk}/", 404, officer_b=302,
             **writers))
    add(api("request-list", "/api/v1/requests/", 200, **writers))
    add(api("request-list", "/api/v1/requests/", 201, method="POST",
            data={"kind": "mla", "title": "Heron"}, **writers))
    add(api("request-detail", lambda w: f"/api/v1/requests/{draft(w)}/", 404, officer_a=200,
            **writers))
    add(api("request-detail", lambda w: f"/api/v1/requests/{w.draft_b.pk}/", 404,
            officer_b=200, **writers))
    add(api("request-detail", lambda w: f"/api/v1/requests/{draft(w)}/", 404, method="PATCH",
            data=lambda w: {"title": "Renamed", "version": v(w.draft)}, officer_a=200,
            **writers))
    add(api("request-check", lambda w: f"/api/v1/requests/{draft(w)}/check/", 404,
            officer_a=200, **writers))
    add(api("request-document", lambda w: f"/api/v1/requests/{draft(w)}/document/?format=docx",
            404, officer_a=422, **writers))  # 422: the draft is not complete yet
    add(api("request-send", lambda w: f"/api/v1/requests/{draft(w)}/send/", 404,
            method="POST", data=lambda w: {"version": v(w.draft)}, officer_a=422, **writers))
    # Handing a draft over: the author submits; the officers of the reviewing authority (A)
    # see the queue and the draft, return or accept it; the others, as for any draft.
    own = lambda w: w.extra["own"].pk  # noqa: E731
    handed = lambda w: w.extra["handed"].pk  # noqa: E731
    add(page("writer:review_queue", "/requests/for-review/", 403, officer_a=200, officer_b=200,
             **writers))
    add(page("writer:submit", lambda w: f"/requests/{own(w)}/submit/", 404, method="POST",
             data=lambda w: {"version": 1, "authority": w.actors.authority_a.pk},
             practitioner=302, **writers))
    add(page("writer:submit", lambda w: f"/requests/{handed(w)}/submit/", 404, method="POST",
             data={"version": 2}, practitioner=403, officer_a=403, **writers))
    add(page("writer:review", lambda w: f"/requests/{handed(w)}/review/", 404,
             practitioner=200, officer_a=200, **writers))
    add(page("writer:step", lambda w: f"/requests/{handed(w)}/requesting/", 404,
             method="POST", data={"version": 2, "authority": "Changed"}, practitioner=403,
             officer_a=200, **writers))
    add(page("writer:return", lambda w: f"/requests/{handed(w)}/return/", 404, method="POST",
             data={"version": 2, "return-comment": "Add the order."}, practitioner=403,
             officer_a=302, **writers))
    add(page("writer:accept", lambda w: f"/requests/{handed(w)}/accept/", 404, method="POST",
             data={"version": 2}, practitioner=403, officer_a=302, **writers))
    add(api("request-for-review", "/api/v1/requests/for-review/", 403, officer_a=200,
            officer_b=200, **writers))
    add(api("request-submit", lambda w: f"/api/v1/requests/{own(w)}/submit/", 404,
            method="POST", data={"version": 1}, practitioner=422, **writers))
    add(api("request-detail", lambda w: f"/api/v1/requests/{handed(w)}/", 404,
            practitioner=200, officer_a=200, **writers))
    add(api("request-return", lambda w: f"/api/v1/requests/{handed(w)}/return/", 404,
            method="POST", data={"version": 2, "comment": "Add the order."}, practitioner=403,
            officer_a=200, **writers))
    add(api("request-accept", lambda w: f"/api/v1/requests/{handed(w)}/accept/", 404,
            method="POST", data={"version": 2}, practitioner=403, officer_a=422, **writers))
    # ---- cases ------------------------------------------------------------------------------
    no_register = {"focal_a": 403, "focal_b": 403, "secretariat": 403}
    # The register's index sends statistics-only roles to the statistics page.
    add(page("cases:index", "/cases/", 200, focal_a=302, focal_b=302, secretariat=302))
    add(page("cases:create", "/cases/new/incoming/", 403, officer_a=200, officer_b=200))
    add(page("cases:create", "/cases/new/incoming/", 403, method="POST",
             data={"kind": "mla", "title": "New", "counterpart_state": "FR"},
             officer_a=200, officer_b=200))
    add(page("cases:statistics", "/cases/statistics/", 200, practitioner=403))
    add(page("cases:settings", "/cases/settings/", 403, officer_a=200, officer_b=200))
    add(page("cases:detail", lambda w: f"/cases/{case(w)}/", 404, officer_a=200,
             **no_register))
    add(page("cases:detail", lambda w: f"/cases/{w.case_b.pk}/", 404, officer_b=200,
             **no_register))
    add(page("cases:edit", lambda w: f"/cases/{case(w)}/edit/", 404, officer_a=200,
             **no_register))
    add(page("cases:edit", lambda w: f"/cases/{case(w)}/edit/", 404, method="POST",
             data=lambda w: {"kind": "confiscation", "title": "Renamed",
                             "counterpart_state": "CH", "version": v(w.case)},
             officer_a=200, **no_register))
    for name, suffix, data in (
            ("cases:transition", "transition/", lambda w: {"target": "acknowledged",
                                                           "version": v(w.case)}),
            ("cases:extend", "extend/", lambda w: {"version": v(w.case)}),
            ("cases:add_action", "actions/", {"title": "Follow up", "due_date": "2030-01-01"}),
            ("cases:complete_action", None, lambda w: {"version": v(w.action)}),
            ("cases:add_correspondence", "correspondence/", {"subject": "Letter"}),
            ("cases:add_note", "notes/", {"text": "A note"}),
            ("cases:add_link", "links/", lambda w: {"reference": w.case_b.reference,
                                                    "type": "related"}),
            ("cases:share", "shares/", {"email": "officer@b.test"}),
            ("cases:unshare", None, None)):
        if name == "cases:complete_action":
            url = lambda w: f"/cases/{case(w)}/actions/{w.action.pk}/done/"  # noqa: E731
        elif name == "cases:unshare":
            url = lambda w: f"/cases/{case(w)}/shares/{w.case_share.pk}/remove/"  # noqa: E731
        else:
            url = lambda w, s=suffix: f"/cases/{case(w)}/{s}"  # noqa: E731
        # 400: allowed, the minimal form is re-displayed with its errors
        ok = 400 if name in ("cases:add_correspondence", "cases:add_link") else 302
        add(page(name, url, 404, method="POST", data=data, officer_a=ok, **no_register))
    add(page("cases:add_document", lambda w: f"/cases/{case(w)}/documents/", 404,
             method="POST", data={"file": ("x.pdf", PDF)}, officer_a=302, **no_register))
    add(page("cases:document", lambda w: f"/cases/{case(w)}/documents/{w.document.pk}/", 404,
             officer_a=200, **no_register))
    add(page("cases:document",
             lambda w: f"/cases/{case(w)}/documents/{w.document_b.pk}/", 404, **no_register))
    add(api("api-cases", "/api/v1/cases/", 200, **no_register))
    add(api("api-cases", "/api/v1/cases/", 403, method="POST",
            data={"direction": "incoming", "kind": "mla", "title": "New",
                  "counterpart_state": "FR"}, officer_a=201, officer_b=201))
    add(api("api-case", lambda w: f"/api/v1/cases/{case(w)}/", 404, officer_a=200,
            **no_register))
    add(api("api-case", lambda w: f"/api/v1/cases/{w.case_b.pk}/", 404, officer_b=200,
            **no_register))
    add(api("api-case", lambda w: f"/api/v1/cases/{case(w)}/", 404, method="PATCH",
            data=lambda w: {"title": "Renamed", "version": v(w.case)}, officer_a=200,
            **no_register))
    add(api("api-case-transition", lambda w: f"/api/v1/cases/{case(w)}/transition/", 404,
            method="POST", data=lambda w: {"to": "acknowledged", "version": v(w.case)},
            officer_a=200, **no_register))
    add(api("api-case-documents", lambda w: f"/api/v1/cases/{case(w)}/documents/", 404,
            officer_a=200, **no_register))
    add(api("api-case-documents", lambda w: f"/api/v1/cases/{case(w)}/documents/", 404,
            method="POST", data={"file": ("x.pdf", PDF)}, officer_a=201, **no_register))
    add(api("api-case-document",
            lambda w: f"/api/v1/cases/{case(w)}/documents/{w.document.pk}/", 404,
            officer_a=200, **no_register))
    add(api("api-case-document",
            lambda w: f"/api/v1/cases/{w.case_b.pk}/documents/{w.document_b.pk}/", 404,
            officer_b=200, **no_register))
    add(api("api-case-statistics", "/api/v1/stats/cases/", 200, practitioner=403))
    # ---- assets -----------------------------------------------------------------------------
    asset = lambda w: w.asset.pk  # noqa: E731
    add(page("assets:index", "/assets/", 200, focal_a=302, focal_b=302, secretariat=302))
    add(page("assets:create", "/assets/new/", 403, officer_a=200, officer_b=200))
    add(page("assets:report", "/assets/report/", 200, practitioner=403))
    add(page("assets:detail", lambda w: f"/assets/{asset(w)}/", 404, officer_a=200,
             **no_register))
    add(page("assets:detail", lambda w: f"/assets/{w.asset_b.pk}/", 404, officer_b=200,
             **no_register))
    add(page("assets:edit", lambda w: f"/assets/{asset(w)}/edit/", 404, officer_a=200,
             **no_register))
    add(page("assets:proposal",
             lambda w: f"/assets/{asset(w)}/proposal/?language=en&format=docx", 404,
             officer_a=200, **no_register))
    add(page("assets:arrangement", lambda w: f"/assets/{asset(w)}/arrangement/", 404,
             officer_a=200, **no_register))
    for name, suffix, data in (
            ("assets:edit", "edit/", lambda w: {"description": "Renamed",
                                                "version": v(w.asset)}),
            ("assets:transition", "transition/", lambda w: {"stage": "frozen",
                                                            "on": "2025-02-01",
                                                            "version": v(w.asset)}),
            ("assets:link_case", "cases/", lambda w: {"reference": w.case.reference}),
            ("assets:add_claim", "claims/", {"claimant": "Another victim",
                                            "kind": "victim"}),
            ("assets:decide_claim", None, lambda w: {"status": "accepted",
                                                     "version": v(w.claim)}),
            ("assets:arrangement", "arrangement/", {"legal_basis": "UNTOC"}),
            ("assets:agree", "arrangement/agree/", {"version": 1}),
            ("assets:add_transfer", "transfers/", {"amount": "10"})):
        if name == "assets:decide_claim":
            url = lambda w: f"/assets/{asset(w)}/claims/{w.claim.pk}/"  # noqa: E731
        else:
            url = lambda w, s=suffix: f"/assets/{asset(w)}/{s}"  # noqa: E731
        # allowed; 200/400: the minimal form is re-displayed with its errors
        ok = {"assets:edit": 200, "assets:transition": 400, "assets:add_claim": 400,
              "assets:arrangement": 400, "assets:add_transfer": 400}.get(name, 302)
        add(page(name, url, 404, method="POST", data=data, officer_a=ok, **no_register))
    add(api("api-assets", "/api/v1/assets/", 200, **no_register))
    add(api("api-assets", "/api/v1/assets/", 403, method="POST",
            data=lambda w: {"description": "New", "type": w.asset.type,
                            "location_state": "CH", "cases": [w.case.pk]},
            officer_a=201, officer_b=400))
    add(api("api-asset", lambda w: f"/api/v1/assets/{asset(w)}/", 404, officer_a=200,
            **no_register))
    add(api("api-asset", lambda w: f"/api/v1/assets/{w.asset_b.pk}/", 404, officer_b=200,
            **no_register))
    add(api("api-asset", lambda w: f"/api/v1/assets/{asset(w)}/", 404, method="PATCH",
            data=lambda w: {"description": "Renamed", "version": v(w.asset)}, officer_a=200,
            **no_register))
    add(api("api-asset-transition", lambda w: f"/api/v1/assets/{asset(w)}/transition/", 404,
            method="POST", data=lambda w: {"to": "frozen", "on": "2025-02-01",
                                           "reference": "Order 1", "version": v(w.asset)},
            officer_a=200, **no_register))
    add(api("api-asset-claims", lambda w: f"/api/v1/assets/{asset(w)}/claims/", 404,
            method="POST", data={"claimant": "Another victim", "kind": "victim", "currency": "CHF"},
            officer_a=201, **no_register))
    add(api("api-asset-arrangement", lambda w: f"/api/v1/assets/{asset(w)}/arrangement/",
            404, officer_a=404, **no_register))
    add(api("api-asset-agree", lambda w: f"/api/v1/assets/{asset(w)}/arrangement/agree/",
            404, method="POST", data={"version": 1}, officer_a=400, **no_register))
    add(api("api-asset-transfers", lambda w: f"/api/v1/assets/{asset(w)}/transfers/", 404,
            method="POST", data={"recipient": "victim", "amount": "10"}, officer_a=400,
            **no_register))
    add(api("api-asset-statistics", "/api/v1/stats/assets/", 200, practitioner=403))
    # ---- assessment -------------------------------------------------------------------------
    asm = lambda w: w.assessment.pk  # noqa: E731
    team = {"focal_a": 200, "secretariat": 200}
    # Published assessments are public: an unpublished one is 404 to the public, not a login.
    add(page("assessment:index", "/assessment/", 200, anonymous=200))
    add(page("assessment:overview", "/assessment/overview/", 403, secretariat=200))
    add(page("assessment:overview_csv", "/assessment/overview/needs.csv", 403,
             secretariat=200))
    add(page("assessment:questionnaires", "/assessment/questionnaires/", 403,
             secretariat=200))
    add(page("assessment:new_draft",
             lambda w: f"/assessment/questionnaires/{w.version.questionnaire_id}/new-draft/",
             403, method="POST", secretariat=302))
    add(page("assessment:questionnaire_version",
             lambda w: f"/assessment/questionnaires/versions/{w.version.pk}/", 403,
             secretariat=200))
    add(page("assessment:publish_version",
             lambda w: f"/assessment/questionnaires/versions/{w.version.pk}/publish/", 403,
             method="POST", secretariat=302))
    for name, suffix in (("assessment:detail", ""), ("assessment:chapter", "chapters/art-5/"),
                         ("assessment:history", "history/"), ("assessment:report", "report/"),
                         ("assessment:report_docx", "report.docx"),
                         ("assessment:report_pdf", "report.pdf")):
        add(page(name, lambda w, s=suffix: f"/assessment/{asm(w)}/{s}", 404, anonymous=404,
                 **team))
    add(page("assessment:detail", lambda w: f"/assessment/{w.assessment_b.pk}/", 404,
             anonymous=404, focal_b=200, secretariat=200))
    add(page("assessment:chapter", lambda w: f"/assessment/{asm(w)}/chapters/art-5/", 404,
             method="POST", data={"5.1-value": "yes"}, anonymous=404, focal_a=400,
             secretariat=403))
    for name, suffix, data in (
            ("assessment:invite", "invite/", {"email": "managed@a.test"}),
            ("assessment:uninvite", None, None),
            ("assessment:submit", "submit/", lambda w: {"version": v(w.assessment)}),
            ("assessment:publish", "publish/", lambda w: {"version": v(w.assessment)}),
            ("assessment:language", "language/", lambda w: {"language": "fr",
                                                            "version": v(w.assessment)}),
            ("assessment:reopen", "reopen/", None)):
        if name == "assessment:uninvite":
            url = lambda w: (f"/assessment/{asm(w)}/invite/"  # noqa: E731
                             f"{w.invitation.user_id}/remove/")
        else:
            url = lambda w, s=suffix: f"/assessment/{asm(w)}/{s}"  # noqa: E731
        # publish and reopen need a submitted assessment: on a draft even its focal point
        # gets 403.
        ok = 403 if name in ("assessment:publish", "assessment:reopen") else 302
        add(page(name, url, 404, method="POST", data=data, anonymous=404, focal_a=ok,
                 secretariat=403))
    add(api("api-assessments", "/api/v1/assessments/", 200, anonymous=200))
    add(api("api-assessment", lambda w: f"/api/v1/assessments/{asm(w)}/", 404,
            anonymous=404, **team))
    add(api("api-assessment", lambda w: f"/api/v1/assessments/{w.assessment_b.pk}/", 404,
            anonymous=404, focal_b=200, secretariat=200))
    add(api("api-assessment-report", lambda w: f"/api/v1/assessments/{asm(w)}/report/", 404,
            anonymous=404, **team))
    add(api("api-assessment-answer", lambda w: f"/api/v1/assessments/{asm(w)}/answers/5.1/",
            404, method="PATCH", data={"value": "yes", "version": 0}, focal_a=200,
            secretariat=403))
    add(api("api-assessment-submit", lambda w: f"/api/v1/assessments/{asm(w)}/submit/", 404,
            method="POST", data=lambda w: {"version": v(w.assessment)}, focal_a=200,
            secretariat=403))
    _exchange_rows(add)
    return r


def _exchange_rows(add) -> None:
    """Messages, evidences and consultations: officers of the receiving authority (A) only;
    the inbox endpoint takes any POST and answers by the envelope alone."""
    msg = lambda w: w.message.pk  # noqa: E731
    cons = lambda w: w.consultation.pk  # noqa: E731
    incoming = lambda w: w.message.case_id  # noqa: E731
    add(page("rogatory-node", "/.well-known/rogatory-node", 200, anonymous=200))
    add(page("exchange:inbox", "/exchange/inbox/", 403, officer_a=200, officer_b=200))
    add(page("exchange:inbox", "/exchange/inbox/", 422, method="POST", anonymous=422))
    add(page("exchange:message", lambda w: f"/exchange/messages/{msg(w)}/", 404,
             officer_a=200))
    add(page("exchange:evidence", lambda w: f"/exchange/messages/{msg(w)}/evidence/", 404,
             officer_a=200))
    add(page("exchange:accept", lambda w: f"/exchange/messages/{msg(w)}/accept/", 404,
             method="POST", officer_a=302))
    add(page("exchange:refuse", lambda w: f"/exchange/messages/{msg(w)}/refuse/", 404,
             method="POST", data={"grounds": "18_21_b", "text": "Essential interests."},
             officer_a=302))
    add(page("exchange:timeline", lambda w: f"/exchange/cases/{incoming(w)}/", 404,
             officer_a=200))
    add(page("exchange:information", lambda w: f"/exchange/cases/{incoming(w)}/information/",
             404, method="POST", data={"subject": "Which accounts?", "text": "Please say."},
             officer_a=302))
    add(page("exchange:consultation", lambda w: f"/exchange/consultations/{cons(w)}/", 404,
             officer_a=200))
    add(page("exchange:consultation", lambda w: f"/exchange/consultations/{cons(w)}/", 404,
             method="POST", data={"section": "facts", "text": "Add the dates."},
             officer_a=302))
    add(page("exchange:send", lambda w: f"/exchange/requests/{w.draft.pk}/send/", 404,
             officer_a=200))
    # No node serves the requested authority of A's draft: the page says so, sends nothing.
    add(page("exchange:send", lambda w: f"/exchange/requests/{w.draft.pk}/send/", 404,
             method="POST", data=lambda w: {"version": v(w.draft)}, officer_a=200))
    add(page("exchange:consult", lambda w: f"/exchange/requests/{w.draft.pk}/consult/", 404,
             method="POST", officer_a=302))
    add(api("exchange-message-list", "/api/v1/exchange/messages/", 200))
    add(api("exchange-message-detail", lambda w: f"/api/v1/exchange/messages/{msg(w)}/", 404,
            officer_a=200))
    add(api("exchange-message-evidence",
            lambda w: f"/api/v1/exchange/messages/{msg(w)}/evidence/", 404, officer_a=200))
    add(api("exchange-message-accept", lambda w: f"/api/v1/exchange/messages/{msg(w)}/accept/",
            404, method="POST", officer_a=200))
    add(api("exchange-message-refuse", lambda w: f"/api/v1/exchange/messages/{msg(w)}/refuse/",
            404, method="POST", data={"grounds": ["18_21_b"], "text": "Essential interests."},
            officer_a=200))
    add(api("exchange-information", lambda w: f"/api/v1/exchange/cases/{incoming(w)}/"
            "information/", 404, method="POST", data={"subject": "Which?", "text": "Say."},
            officer_a=201))
    add(api("exchange-consultation-list", "/api/v1/exchange/consultations/", 200))
    add(api("exchange-consultation-detail",
            lambda w: f"/api/v1/exchange/consultations/{cons(w)}/", 404, officer_a=200))
    add(api("exchange-consultation-comments",
            lambda w: f"/api/v1/exchange/consultations/{cons(w)}/comments/", 404,
            method="POST", data={"comments": {"facts": "Add the dates."}}, officer_a=201))
    add(api("request-consultations", lambda w: f"/api/v1/requests/{w.draft.pk}/consultations/",
            404, officer_a=200))
    add(api("request-consultations", lambda w: f"/api/v1/requests/{w.draft.pk}/consultations/",
            404, method="POST", officer_a=409))


ROWS = _rows()


# --- the tests -------------------------------------------------------------------------------


def route_names() -> dict[str, str]:
    """Every named route of the project (namespaced name -> route), minus the skipped ones."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                name = pattern.name or f"<unnamed {route}>"
                found[f"{namespace}:{name}" if namespace else name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_endpoint_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(set(route_names()) - covered)
    assert not missing, f"routes without a row in the authorization matrix: {missing}"
    unknown = sorted(covered - set(route_names()))
    assert not unknown, f"rows for routes that no longer exist: {unknown}"


def test_every_object_route_is_written_somewhere():
    """Each kind of object is both read and written in the matrix."""
    prefixes = ("directory:", "authority-", "cases:", "api-case", "writer:", "request-",
                "assets:", "api-asset", "assessment:", "api-assessment", "accounts:", "user-",
                "token-", "exchange:", "exchange-")
    for prefix in prefixes:
        methods = {row.method for row in ROWS if row.name.startswith(prefix)}
        assert "GET" in methods and methods - {"GET"}, (prefix, methods)


def _payload(row: Row, world: World):
    data = row.data(world) if callable(row.data) else row.data
    if not data:
        return data, False
    files = False
    out = {}
    for key, value in data.items():
        if isinstance(value, tuple):
            from django.core.files.uploadedfile import SimpleUploadedFile

            value = SimpleUploadedFile(value[0], value[1], content_type="application/pdf")
            files = True
        out[key] = value
    return out, files


def answer(row: Row, role: str, world: World):
    user = world.actors.by_name(role)
    url = row.url(world)
    data, files = _payload(row, world)
    method = row.method.lower()
    if row.api:
        client = api_client_for(user)
        kwargs = {"format": "multipart" if files else "json"} if method != "get" else {}
        return getattr(client, method)(url, data, **kwargs) if data is not None or \
            method not in ("get", "delete") else getattr(client, method)(url, **kwargs)
    client = client_for(user)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data or {})


def _cases():
    for index, row in enumerate(ROWS):
        for role in ROLES:
            marks = ()
            if role in row.bugs:
                marks = (pytest.mark.xfail(strict=True, reason=row.bugs[role]),)
            yield pytest.param(row, role, id=f"{index:03d}-{row.id}-{role}", marks=marks)


@pytest.mark.parametrize(("row", "role"), list(_cases()))
def test_matrix(world, row, role):
    response = answer(row, role, world)
    expected = row.expect[role]
    got = response.status_code
    if expected == LOGIN:
        location = response.get("Location", "")
        ok = got == 302 and location.startswith(LOGIN_URL)
        got = f"{got} {location}"
    else:
        ok = got == expected
    probe = os.environ.get("MATRIX_PROBE")
    if probe and not ok:
        with open(probe, "a", encoding="utf-8") as out:
            out.write(f"{row.id}\t{role}\t{row.url(world)}\texpected={expected}\tgot={got}\t"
                      f"{response.content[:160]!r}\n")
    assert ok, f"{row.method} {row.url(world)} as {role}: expected {expected}, got {got}"
