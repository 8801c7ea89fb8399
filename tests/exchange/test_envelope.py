"""Envelopes: sealing and opening between two nodes, and every refusal with its code
(pure: no database)."""

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from joserfc import jwe, jws
from joserfc.jwk import OKPKey

from rogatory.exchange import envelope
from rogatory.exchange.envelope import EnvelopeRefused, Header, Part

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


class Trust:
    """A TrustView over node -> [(public JWK, not_before, not_after)] and who serves what."""

    def __init__(self, keys: dict, serves: dict):
        self.keys, self.served = keys, serves

    def signing_key(self, node_id, kid, at):
        if node_id not in self.keys:
            raise EnvelopeRefused("sender_not_trusted", node_id)
        for public, not_before, not_after in self.keys[node_id]:
            if envelope.kid_of(public) == kid:
                if not not_before <= at < not_after:
                    raise EnvelopeRefused("expired_key", kid)
                return public
        raise EnvelopeRefused("unknown_key", kid)

    def serves(self, node_id, authority_id):
        return authority_id in self.served.get(node_id, ())


@pytest.fixture(scope="module")
def keys():
    return {name: OKPKey.generate_key(curve) for name, curve in [
        ("a_sig", "Ed25519"), ("a_enc", "X25519"), ("b_sig", "Ed25519"), ("b_enc", "X25519"),
        ("c_sig", "Ed25519"), ("c_enc", "X25519")]}


def public(key):
    return key.as_dict(private=False)


@pytest.fixture
def trust(keys):
    years = (NOW - timedelta(days=365), NOW + timedelta(days=365))
    return Trust({"node-a": [(public(keys["a_sig"]), *years)],
                  "node-b": [(public(keys["b_sig"]), *years)]},
                 {"node-a": {"auth-fr"}, "node-b": {"auth-ke"}})


HEADER = Header(message_id="m-1", conversation_id="c-1", kind="request",
                sender_node="node-a", sender_authority="auth-fr", receiver_node="node-b",
                receiver_authority="auth-ke", created=NOW, expires=NOW + timedelta(days=7))
PARTS = (Part("request.json", "application/json", b'{"offences": []}'),
         Part("request.pdf", "application/pdf", b"%PDF-1.7 \x00\xff" * 100),
         Part("annex-1.pdf", "application/pdf", b""))


def seal(keys, header=HEADER, parts=PARTS, signer="a_sig", to="b_enc"):
    return envelope.seal(header, parts, keys[signer], public(keys[to]))


def open_(data, keys, trust, now=NOW, to="b_enc", node_id="node-b", **options):
    return envelope.open_envelope(data, [keys[to]], trust, now, node_id=node_id, **options)


def refused(code, *args, **options):
    with pytest.raises(EnvelopeRefused) as caught:
        open_(*args, **options)
    assert caught.value.code == code, caught.value.reason
    return caught.value


def test_round_trip(keys, trust):
    data = seal(keys)
    opened = open_(data, keys, trust)
    assert opened.header == HEADER
    assert opened.parts == PARTS
    assert opened.signer_kid == keys["a_sig"].thumbprint()
    assert opened.manifest_hash == envelope.sha256_hex(opened.manifest)
    manifest = json.loads(opened.manifest)
    assert manifest["header"]["created"] == "2026-12-05T10:00:00Z"
    assert manifest["parts"][1] == {"name": "request.pdf", "media_type": "application/pdf",
                                    "size": 1100, "sha256": envelope.sha256_hex(PARTS[1].content)}
    assert opened.manifest == envelope.canonical_json(manifest)
    assert jws.extract_compact(opened.signed_manifest.encode()).payload == opened.manifest


def test_envelope_is_encrypted_to_the_receiver(keys):
    data = seal(keys)
    protected = json.loads(base64.urlsafe_b64decode(data.split(b".")[0] + b"=="))
    assert protected == {"alg": "ECDH-ES+A256KW", "enc": "A256GCM",
                         "kid": keys["b_enc"].thumbprint(), "epk": protected["epk"]}
    assert b"offences" not in data and b"node-a" not in data


def test_a_receiver_with_a_rotated_key_list_opens_with_the_matching_key(keys, trust):
    data = seal(keys)
    opened = envelope.open_envelope(data, [keys["c_enc"], keys["b_enc"]], trust, NOW,
                                    node_id="node-b")
    assert opened.header == HEADER


def inner(data, keys, to="b_enc"):
    """The plaintext of an envelope: (signed manifest, parts' bytes)."""
    plaintext = jwe.decrypt_compact(data, keys[to]).plaintext
    signed, _sep, body = plaintext.partition(b"\n")
    return signed, body


def reseal(signed, body, keys, to="b_enc"):
    """What anyone may do: encrypt to the receiver's public key (but not sign)."""
    return encrypt(signed + b"\n" + body, keys, to)


def encrypt(plaintext, keys, to="b_enc"):
    recipient = keys[to]
    return jwe.encrypt_compact(
        {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": recipient.thumbprint()},
        plaintext, envelope.as_key(public(recipient))).encode()


def test_tampered_part(keys, trust):
    signed, body = inner(seal(keys), keys)
    error = refused("tampered_part", reseal(signed, body[:-1] + b"X", keys), keys, trust)
    # The signature verified, so the sender may be told (a NonDelivery evidence).
    assert error.header == HEADER and len(error.manifest_hash) == 64


def test_parts_longer_or_shorter_than_the_manifest_are_malformed(keys, trust):
    signed, body = inner(seal(keys), keys)
    refused("malformed", reseal(signed, body + b"!", keys), keys, trust)
    refused("malformed", reseal(signed, body[:-1], keys), keys, trust)


def test_tampered_manifest(keys, trust):
    signed, body = inner(seal(keys), keys)
    protected, payload, signature = signed.split(b".")
    manifest = json.loads(base64.urlsafe_b64decode(payload + b"=="))
    manifest["header"]["receiver_authority"] = "auth-other"
    forged = base64.urlsafe_b64encode(envelope.canonical_json(manifest)).rstrip(b"=")
    error = refused("bad_signature", reseal(b".".join([protected, forged, signature]), body,
                                            keys), keys, trust)
    assert error.header is None  # nobody to tell: the sender is not proven


def test_garbage_inside_a_valid_encryption_is_malformed(keys, trust):
    refused("malformed", reseal(b"not a jws", b"", keys), keys, trust)
    signed, body = inner(seal(keys), keys)
    refused("malformed", encrypt(signed, keys), keys, trust)  # no line feed
    refused("malformed", reseal(signed + "é".encode(), body, keys), keys, trust)
    refused("undecryptable", b"", keys, trust)
    refused("undecryptable", b"a.b.c.d.e", keys, trust)


def test_wrong_recipient_key(keys, trust):
    refused("undecryptable", seal(keys, to="c_enc"), keys, trust)


def test_envelope_for_another_node_re_encrypted_to_us(keys, trust):
    """Node c decrypts what a sent it and forwards it to b: the signed header says c."""
    header = replace(HEADER, receiver_node="node-c")
    trust.served["node-c"] = {"auth-ke"}
    signed, body = inner(seal(keys, header=header, to="c_enc"), keys, to="c_enc")
    refused("wrong_receiver", reseal(signed, body, keys), keys, trust)


def test_authority_the_receiver_does_not_serve(keys, trust):
    refused("wrong_receiver", seal(keys, header=replace(HEADER, receiver_authority="auth-x")),
            keys, trust)


def test_signing_key_not_in_trust_list(keys, trust):
    refused("unknown_key", seal(keys, signer="c_sig"), keys, trust)


def test_sender_not_in_trust_list(keys, trust):
    header = replace(HEADER, sender_node="node-z")
    refused("sender_not_trusted", seal(keys, header=header), keys, trust)


def test_key_expired(keys, trust):
    trust.keys["node-a"] = [(public(keys["a_sig"]), NOW - timedelta(days=9),
                             NOW - timedelta(days=1))]
    refused("expired_key", seal(keys), keys, trust)


def test_sender_not_serving_authority(keys, trust):
    error = refused("authority_not_served",
                    seal(keys, header=replace(HEADER, sender_authority="auth-ke")), keys, trust)
    assert error.header.sender_authority == "auth-ke"


def test_expired_message(keys, trust):
    refused("expired", seal(keys), keys, trust, now=HEADER.expires)


def test_future_dated_message_beyond_skew(keys, trust):
    ahead = replace(HEADER, created=NOW + timedelta(minutes=6),
                    expires=NOW + timedelta(days=1))
    refused("clock_skew", seal(keys, header=ahead), keys, trust)
    within = replace(ahead, created=NOW + timedelta(minutes=4))
    assert open_(seal(keys, header=within), keys, trust).header == within


def test_oversize(keys, trust):
    data = seal(keys)
    refused("too_large", data, keys, trust, max_bytes=len(data) - 1)
    assert open_(data, keys, trust, max_bytes=len(data)).header == HEADER


def test_envelopes_beyond_joserfc_default_64_kb(keys, trust):
    big = (Part("request.pdf", "application/pdf", bytes(range(256)) * 4096),)  # 1 MB
    assert open_(seal(keys, parts=big), keys, trust).parts == big


def eddsa_signed(keys, manifest):
    return jws.serialize_compact(
        {"alg": "EdDSA", "kid": keys["a_sig"].thumbprint(), "typ": envelope.MANIFEST_TYPE},
        manifest, keys["a_sig"], algorithms=["EdDSA"]).encode()


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")
def test_eddsa_alg_refused(keys, trust):
    signed, body = inner(seal(keys), keys)
    manifest = jws.extract_compact(signed).payload
    refused("bad_signature", reseal(eddsa_signed(keys, manifest), body, keys), keys, trust)


def test_an_evidence_is_not_a_manifest(keys, trust):
    signed, body = inner(seal(keys), keys)
    manifest = jws.extract_compact(signed).payload
    as_evidence = envelope.sign_compact(manifest, keys["a_sig"], envelope.EVIDENCE_TYPE)
    refused("malformed", reseal(as_evidence.encode(), body, keys), keys, trust)


@pytest.mark.parametrize("change", [
    {"message_id": "../etc/passwd"}, {"kind": ""}, {"sender_node": "a" * 200},
    {"created": datetime(2026, 12, 5, 10, 0)},  # naive
    {"expires": NOW}, {"expires": NOW + timedelta(days=31)},
])
def test_bad_headers_are_not_sealed(keys, change):
    with pytest.raises(ValueError):
        seal(keys, header=replace(HEADER, **change))


@pytest.mark.parametrize("parts", [
    (), (Part("a.pdf", "application/pdf", b""), Part("a.pdf", "application/pdf", b"")),
    (Part("../a.pdf", "application/pdf", b""),), (Part("a.pdf", "PDF", b""),),
])
def test_bad_parts_are_not_sealed(keys, parts):
    with pytest.raises(ValueError):
        seal(keys, parts=parts)


def test_unknown_refusal_code_is_a_programming_error():
    with pytest.raises(ValueError):
        EnvelopeRefused("nope", "")
