"""Hostile input to the exchange: the inbox endpoint (open to the network, authenticated by
the envelope alone) and the exchange API's bodies. Every answer is a 4xx with a reason,
never a server error, and nothing is stored."""

import base64
import datetime
from datetime import UTC, timedelta

import pytest
from django.test import Client
from joserfc import jwe
from joserfc.jwk import OKPKey

from rogatory.exchange import envelope, services
from rogatory.exchange.models import Message
from tests.conftest import api_client_for
from tests.exchange import nodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return nodes.configure(settings, tmp_path, actors.authority_a, actors.authority_b)


def _to_here(network, plaintext: bytes, **protected) -> bytes:
    here, _there = network
    key = here.current("enc", datetime.datetime.now(UTC)).key
    header = {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", **protected}
    algorithms = ["ECDH-ES+A256KW", "A256GCM", *(["DEF"] if "zip" in protected else [])]
    return jwe.encrypt_compact(header, plaintext, key, algorithms=algorithms).encode()


def _stranger_manifest(actors, network) -> bytes:
    """A well-formed envelope signed by a node that is not on the trust list."""
    here, _there = network
    now = datetime.datetime.now(UTC)
    header = envelope.Header(envelope.new_id(), envelope.new_id(), "request", "node-evil",
                             str(actors.authority_b.pk), "node-here",
                             str(actors.authority_a.pk), now, now + timedelta(hours=1))
    parts = [envelope.Part("body.json", "application/json", b"{}")]
    return envelope.seal(header, parts, OKPKey.generate_key("Ed25519"),
                         here.current("enc", now).key)


HOSTILE = {
    "nul bytes": lambda a, n: b"\x00" * 100,
    "five dots": lambda a, n: b"a.b.c.d.e",
    "alg none": lambda a, n: base64.urlsafe_b64encode(b'{"alg":"none"}') + b"....",
    "not utf-8": lambda a, n: b"\xff\xfe" * 50,
    "compression bomb": lambda a, n: _to_here(n, b"0" * (20 * 2**20), zip="DEF"),
    "no signed manifest inside": lambda a, n: _to_here(n, b"not a JWS\nparts"),
    "signed by a stranger": lambda a, n: _stranger_manifest(a, n),
    "JSON instead": lambda a, n: b'{"evidence": "x"}',
}


@pytest.mark.parametrize("name", HOSTILE)
def test_the_inbox_refuses_hostile_envelopes(actors, network, name):
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    response = client.post("/exchange/inbox/", HOSTILE[name](actors, network),
                           content_type="application/jose")
    assert response.status_code in (400, 413, 422), response.content[:200]
    assert response.json()["refused"]
    assert not Message.objects.exists()


@pytest.mark.parametrize("header", [
    "a.b.c", "x" * 20000, "\u00e9t\u00e9.\u00e9.\u00e9", "eyJhbGciOiJub25lIn0..",
    "'; DROP TABLE exchange_message; --", "../../etc/passwd",
])
def test_the_inbox_refuses_a_hostile_submission_evidence(actors, network, header):
    """The sender's SubmissionAcceptance travels in a header beside a good envelope."""
    client = Client()
    client.raise_request_exception = False
    data = nodes.sealed_by_there(*network, actors.authority_b, actors.authority_a)
    response = client.post("/exchange/inbox/", data, content_type="application/jose",
                           headers={"Rogatory-Submission-Evidence": header})
    assert (response.status_code, response.json()["refused"]) == (422, "bad_evidence")
    assert not Message.objects.exists()


def test_a_lying_content_length_is_refused(actors, network, settings):
    settings.EXCHANGE_MAX_ENVELOPE_BYTES = 1000
    client = Client()
    response = client.generic("POST", "/exchange/inbox/", b"x" * 10,
                              content_type="application/jose", CONTENT_LENGTH="abc")
    assert response.status_code == 413


def test_get_on_the_inbox_needs_a_sign_in(client):
    assert client.get("/exchange/inbox/").status_code == 302


@pytest.fixture
def received(actors, network):
    services.receive(nodes.sealed_by_there(*network, actors.authority_b, actors.authority_a))
    return Message.objects.get()


@pytest.mark.parametrize("body", [
    {"grounds": ["<script>"], "text": "x"},
    {"grounds": "18_21_b", "text": "x" * 6000},
    {"grounds": [["nested"]], "text": None},
    ["not", "an", "object"],
])
def test_refusal_api_takes_only_known_grounds(actors, received, body):
    client = api_client_for(actors.officer_a)
    response = client.post(f"/api/v1/exchange/messages/{received.pk}/refuse/", body,
                           format="json")
    assert response.status_code == 400
    assert not received.evidences.filter(type="Refusal").exists()


@pytest.mark.parametrize("document", [
    {"name": "a.exe", "content": base64.b64encode(b"MZ\x90\x00binary").decode()},
    {"name": "../../etc/passwd", "content": base64.b64encode(b"").decode()},
    {"name": "x.pdf", "content": "not base64 !!"},
    {"name": "x" * 500, "content": ""},
])
def test_information_api_checks_documents(actors, received, document):
    client = api_client_for(actors.officer_a)
    response = client.post(f"/api/v1/exchange/cases/{received.case_id}/information/",
                           {"subject": "s", "text": "t", "documents": [document]}, format="json")
    assert response.status_code == 400
    assert not Message.objects.filter(kind="information_request").exists()


@pytest.mark.parametrize("comments", [{}, {"x" * 61: "too long a section"}, {"facts": ""},
                                      "facts"])
def test_comments_api_refuses_empty_or_odd_comments(actors, network, comments):
    spec = {"facts": {"summary": "Draft"}}
    services.receive(nodes.sealed_by_there(
        *network, actors.authority_b, actors.authority_a, kind="consultation",
        body={"title": "Draft", "number": 1, "spec": spec,
              "sha256": services.version_hash(spec, "")}))
    consultation = services.Consultation.objects.get()
    client = api_client_for(actors.officer_a)
    response = client.post(f"/api/v1/exchange/consultations/{consultation.pk}/comments/",
                           {"comments": comments}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("sign", ["maybe", [True], {"yes": 1}, None, 2])
def test_send_api_takes_only_a_boolean_sign(actors, network, monkeypatch, sign):
    draft = nodes.sendable_draft(monkeypatch, actors.officer_a, actors.authority_b)
    response = api_client_for(actors.officer_a).post(
        f"/api/v1/requests/{draft.pk}/send/",
        {"channel": "exchange", "version": draft.version, "sign": sign}, format="json")
    assert response.status_code == 400
    assert "sign" in response.json()["error"]["fields"]
    draft.refresh_from_db()
    assert draft.status != "sent" and not Message.objects.exists()
