"""The secretariat's signed trust list: what it says, and the lists a node refuses."""

import base64
import json
from datetime import timedelta

import pytest
from joserfc.jwk import OKPKey

from rogatory.exchange import envelope, trustlist
from rogatory.exchange.envelope import EnvelopeRefused
from rogatory.exchange.trustlist import TrustListRefused
from tests.exchange.conftest import NOW, sign_list


def test_lookups(trust, node_a, node_b):
    kid = node_a.signing_key(NOW).thumbprint()
    assert envelope.kid_of(trust.signing_key("node-a", kid, NOW)) == kid
    assert trust.serves("node-b", "auth-ug") and not trust.serves("node-a", "auth-ke")
    assert not trust.serves("node-z", "auth-fr")
    assert trust.node_serving("auth-ke").endpoint == "https://b.example/"
    assert trust.node_serving("auth-none") is None
    to_b = trust.encryption_key("node-b", NOW)
    assert envelope.kid_of(to_b) == node_b.current("enc", NOW).kid
    assert trust.encryption_key("node-z", NOW) is None


@pytest.mark.parametrize(("node", "kid", "at", "code"), [
    ("node-z", None, NOW, "sender_not_trusted"),
    ("node-a", "no-such-kid", NOW, "unknown_key"),
    ("node-a", None, NOW - timedelta(seconds=1), "expired_key"),
    ("node-a", None, NOW + timedelta(days=730), "expired_key"),
])
def test_signing_key_refusals(trust, node_a, node, kid, at, code):
    with pytest.raises(EnvelopeRefused) as caught:
        trust.signing_key(node, kid or node_a.signing_key(NOW).thumbprint(), at)
    assert caught.value.code == code


def test_an_encryption_key_does_not_verify_signatures(trust, node_a):
    with pytest.raises(EnvelopeRefused) as caught:
        trust.signing_key("node-a", node_a.current("enc", NOW).kid, NOW)
    assert caught.value.code == "unknown_key"


def anchors(key):
    return [key.as_dict(private=False)]


def test_bad_signature(secretariat, node_a):
    token = sign_list(secretariat, (node_a, ["auth-fr"]))
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["nodes"][0]["authorities"].append("auth-ke")
    forged = base64.urlsafe_b64encode(envelope.canonical_json(data)).rstrip(b"=").decode()
    with pytest.raises(TrustListRefused, match="signature"):
        trustlist.load(f"{header}.{forged}.{signature}", anchors(secretariat), NOW)


def test_signed_by_another_key(secretariat, node_a):
    token = sign_list(OKPKey.generate_key("Ed25519"), (node_a, ["auth-fr"]))
    with pytest.raises(TrustListRefused, match="not the secretariat's"):
        trustlist.load(token, anchors(secretariat), NOW)


def test_a_rotating_secretariat_lists_two_anchors(secretariat, node_a):
    token = sign_list(secretariat, (node_a, ["auth-fr"]))
    other = OKPKey.generate_key("Ed25519")
    assert trustlist.load(token, anchors(other) + anchors(secretariat), NOW).nodes["node-a"]


def test_expired(secretariat, node_a):
    token = sign_list(secretariat, (node_a, ["auth-fr"]), days=7)
    with pytest.raises(TrustListRefused, match="expired"):
        trustlist.load(token, anchors(secretariat), NOW + timedelta(days=7))


def test_issued_in_the_future(secretariat, node_a):
    token = sign_list(secretariat, (node_a, ["auth-fr"]), issued=NOW + timedelta(hours=1))
    with pytest.raises(TrustListRefused, match="future"):
        trustlist.load(token, anchors(secretariat), NOW)


def test_a_manifest_signed_by_the_secretariat_is_not_a_list(secretariat):
    token = envelope.sign_compact(b"{}", secretariat, envelope.MANIFEST_TYPE)
    with pytest.raises(TrustListRefused):
        trustlist.load(token, anchors(secretariat), NOW)


@pytest.mark.parametrize("garbage", ["", "x.y.z", "é", "a" * (9 * 2**20)])
def test_garbage(secretariat, garbage):
    with pytest.raises(TrustListRefused):
        trustlist.load(garbage, anchors(secretariat), NOW)


def test_a_signed_list_with_a_malformed_entry_is_refused(secretariat, node_a):
    document = node_a.public_document()
    document["keys"][0]["kid"] = "not-the-thumbprint"
    with pytest.raises(ValueError, match="wrong curve or kid"):
        trustlist.entry(document, ["auth-fr"])
    payload = {"version": 1, "issued": "2026-12-05T10:00:00Z",
               "next_update": "2026-12-09T10:00:00Z",
               "nodes": [{**document, "authorities": ["auth-fr"]}]}
    token = envelope.sign_compact(envelope.canonical_json(payload), secretariat,
                                  trustlist.LIST_TYPE)
    with pytest.raises(TrustListRefused, match="malformed"):
        trustlist.load(token, anchors(secretariat), NOW)


def test_publish_refuses_duplicates_and_bad_ids(secretariat, node_a):
    entry = trustlist.entry(node_a.public_document(), ["auth-fr"])
    with pytest.raises(ValueError, match="twice"):
        trustlist.publish([entry, entry], secretariat, NOW, NOW + timedelta(days=1))
    with pytest.raises(ValueError, match="identifiers"):
        trustlist.entry(node_a.public_document(), ["auth fr; drop"])
