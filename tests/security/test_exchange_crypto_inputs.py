"""Hostile bytes at the exchange's cryptographic entry points (pure, no database): an
envelope, an evidence, a trust list and a PDF whose signatures are read. Whatever comes in,
the answer is a refusal with a code (EnvelopeRefused, TrustListRefused, UnreadablePdf),
never another exception a view would turn into a 500."""

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jwe
from joserfc.jwk import OKPKey

from rogatory.exchange import envelope, keys, pades, trustlist
from rogatory.exchange.envelope import EnvelopeRefused
from rogatory.exchange.trustlist import TrustListRefused

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
RECEIVER = OKPKey.generate_key("X25519")
SECRETARIAT = OKPKey.generate_key("Ed25519")
TRUST = trustlist.TrustList(NOW, NOW + timedelta(days=1), {})
# Plaintexts that pass decryption: the JWE layer is not what is fuzzed there.
PIECES = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"", b"\n", b"a.b.c\n", b"e30.e30.e30\n", b"eyJhbGciOiJub25lIn0.e30.\n",
                     b"eyJhbGciOiJFZDI1NTE5In0.W10.AAAA\n"]))
HYPOTHESIS = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


def sealed_to_receiver(plaintext: bytes) -> bytes:
    return jwe.encrypt_compact({"alg": "ECDH-ES+A256KW", "enc": "A256GCM",
                                "kid": RECEIVER.thumbprint()}, plaintext,
                               OKPKey.import_key(RECEIVER.as_dict(private=False))).encode()


def refused(call, *args, errors=(EnvelopeRefused,)) -> None:
    try:
        call(*args)
    except errors:
        return
    raise AssertionError("accepted")


@HYPOTHESIS
@given(st.binary(max_size=2000))
def test_random_envelopes(data):
    refused(lambda d: envelope.open_envelope(d, [RECEIVER], TRUST, NOW, node_id="n"), data)


@HYPOTHESIS
@given(st.lists(PIECES, max_size=3))
def test_random_plaintexts_inside_a_valid_encryption(pieces):
    data = sealed_to_receiver(b"".join(pieces))
    refused(lambda d: envelope.open_envelope(d, [RECEIVER], TRUST, NOW, node_id="n"), data)


@HYPOTHESIS
@given(st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=3).map(
    lambda pieces: b"".join(pieces).decode("latin-1"))))
def test_random_evidences(token):
    refused(envelope.verify_evidence, token, TRUST)


@HYPOTHESIS
@given(st.text(max_size=500))
def test_random_trust_lists(token):
    refused(trustlist.load, token, [SECRETARIAT.as_dict(private=False)], NOW,
            errors=(TrustListRefused,))


@HYPOTHESIS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10))
def test_signed_trust_lists_with_random_content(content):
    token = envelope.sign_compact(envelope.canonical_json(content), SECRETARIAT,
                                  trustlist.LIST_TYPE)
    refused(trustlist.load, token, [SECRETARIAT.as_dict(private=False)], NOW,
            errors=(TrustListRefused,))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=600).map(lambda body: b"%PDF-1.7\n" + body))
def test_random_pdfs(data):
    try:
        reports = pades.verify_pdf(data, [])
    except pades.UnreadablePdf:
        return
    assert all(not report.ok for report in reports)


def test_a_node_directory_with_hostile_files(tmp_path):
    node = tmp_path / "node"
    keys.init_node(node, "node-a", "https://a.example/", NOW)
    key_file = next((node / "keys").glob("*.json"))
    for content in ["", "[]", '{"kty": "OKP"}', "\x00" * 10, '{"use": "sig"}']:
        key_file.write_text(content)
        refused(keys.load_node, node, errors=(keys.NodeError,))
