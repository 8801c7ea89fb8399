"""Routing: given the requested State, the type of assistance and urgency, the authority that
receives the request (CONTRACTS.md: rogatory.directory.selectors.route)."""

import pytest
from django.utils import translation

from rogatory.directory import demo
from rogatory.directory.models import Authority
from rogatory.directory.selectors import route
from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = {"state", "assistance", "urgent", "authority", "languages",
                 "certified_translation", "channels", "original_required", "urgent_procedure",
                 "requirements", "last_verified", "stale", "source", "as_of"}


@pytest.fixture
def demo_directory(db):
    demo.load(lambda _line: None)


def _central(state: str, name_en_start: str) -> Authority:
    return Authority.objects.get(state=state, name_en__startswith=name_en_start)


def test_route_has_the_contract_shape(demo_directory):
    answer = route("NL", "mla")
    assert set(answer) == CONTRACT_KEYS
    assert set(answer["authority"]) == {"id", "name", "name_en", "state", "part"}
    assert {"dual_criminality", "notes"} <= set(answer["requirements"])
    nl = _central("NL", "Ministry of Justice and Security")
    assert answer["authority"]["id"] == nl.pk and answer["authority"]["part"] == 1
    assert answer["languages"] == ["nl", "en", "fr", "de"]
    assert answer["channels"] == ["central_authority", "diplomatic", "email", "secure_platform"]
    assert answer["certified_translation"] is False and answer["stale"] is False
    assert answer["source"] and answer["as_of"]


@pytest.mark.parametrize(("state", "assistance", "expected"), [
    ("FR", "mla", "Ministry of Justice — International Criminal"),
    ("FR", "e_evidence", "Anti-Cybercrime Office"),  # only a part-2 contact point exists
    ("CN", "mla", "Ministry of Justice — Judicial Assistance"),
    ("CN", "extradition", "Ministry of Foreign Affairs"),  # a different part-1 authority
    ("MX", "asset_recovery", "Attorney General's Office"),
    ("ZA", "asset_recovery", "Financial Intelligence Centre"),
])
def test_route_picks_the_right_demo_authority(demo_directory, state, assistance, expected):
    answer = route(state, assistance)
    assert answer["authority"]["name_en"].startswith(expected)


def test_urgent_request_goes_to_the_recorded_urgent_channel(demo_directory):
    answer = route("NL", "mla", urgent=True)
    assert answer["urgent"] is True
    assert answer["authority"]["name_en"].startswith("National Police — INTERPOL")
    assert answer["channels"] == ["interpol"]
    assert "INTERPOL" in answer["urgent_procedure"]  # the central authority's instructions
    fr = route("FR", "mla", urgent=True)  # no urgent authority recorded: same authority
    assert fr["authority"]["name_en"].startswith("Ministry of Justice")
    assert fr["channels"] == ["email", "interpol"]


def test_part_1_designated_authority_wins(actors, directory):
    Authority.objects.create(state_id="NL", part=2, name="Prosecutors' MLA desk",
                             functions=["mla"])
    Authority.objects.create(state_id="NL", part=1, name="Undesignated second ministry",
                             functions=["mla"])
    assert route("NL", "mla")["authority"]["id"] == directory["a"].pk


def test_unknown_gives_none_or_value_error(demo_directory):
    assert route("NL", "terrorism") is None
    assert route("BR", "mla") is None
    with translation.override("en"), pytest.raises(ValueError, match="Unknown State"):
        route("XX", "mla")
    with translation.override("en"), pytest.raises(ValueError, match="Unknown type"):
        route("NL", "telepathy")


def test_route_api(actors, demo_directory):
    client = api_client_for(actors.practitioner)
    response = client.get("/api/v1/directory/route/?state=NL&assistance=mla&urgent=true")
    assert response.status_code == 200
    assert response.json() == route("NL", "mla", urgent=True)
    response = client.get("/api/v1/directory/route/?state=BR&assistance=mla")
    assert response.status_code == 404
    assert "No authority" in response.json()["error"]["message"]
    response = client.get("/api/v1/directory/route/?state=NL&assistance=telepathy")
    assert response.status_code == 400
    assert "Unknown type" in str(response.json()["error"]["fields"])


def test_route_page(actors, demo_directory):
    from tests.conftest import client_for

    html = client_for(actors.practitioner).get(
        "/directory/route/?state=FR&assistance=mla").content.decode()
    assert "International Criminal Assistance Office" in html
    html = client_for(actors.practitioner).get(
        "/directory/route/?state=NL&assistance=mla&urgent=on").content.decode()
    assert "INTERPOL National Central Bureau" in html
    assert "Send it through:</strong> INTERPOL<" in html
    html = client_for(actors.practitioner).get(
        "/directory/route/?state=BR&assistance=mla").content.decode()
    assert "No authority is known" in html


def test_demo_is_idempotent_and_keeps_accounts_authorities(demo_directory):
    count = Authority.objects.count()
    demo.load(lambda _line: None)
    assert Authority.objects.count() == count
    for state in ("NL", "FR", "CN", "MX"):
        assert Authority.objects.filter(state=state, part=1).exists()
    assert all("demo" in a.name_en for a in Authority.objects.all())
