"""Signed evidences (ETSI EN 319 522 / e-CODEX vocabulary) and their chain."""

import base64
import json
from datetime import timedelta

import pytest

from rogatory.exchange import envelope
from rogatory.exchange.envelope import EnvelopeRefused, EvidenceType
from tests.exchange.conftest import NOW

MANIFEST_HASH = "ab" * 32


def chain(node_a, node_b):
    """Submission by a, then delivery and retrieval by b."""
    a, b = node_a.signing_key(NOW), node_b.signing_key(NOW)
    steps = [(EvidenceType.SUBMISSION_ACCEPTANCE, "node-a", a),
             (EvidenceType.DELIVERY, "node-b", b), (EvidenceType.RETRIEVAL, "node-b", b)]
    tokens: list[str] = []
    for minutes, (kind, issuer, key) in enumerate(steps):
        evidence = envelope.make_evidence(kind, "m-1", MANIFEST_HASH, issuer,
                                          NOW + timedelta(minutes=minutes),
                                          previous=tokens[-1] if tokens else None)
        tokens.append(envelope.sign_evidence(evidence, key))
    return tokens


def test_evidence_chain_verify(trust, node_a, node_b):
    tokens = chain(node_a, node_b)
    evidences = envelope.verify_evidence_chain(tokens, trust)
    assert [e["type"] for e in evidences] == ["SubmissionAcceptance", "Delivery", "Retrieval"]
    assert evidences[0]["previous_hash"] == ""
    assert evidences[2]["previous_hash"] == envelope.sha256_hex(tokens[1])
    assert evidences[1]["time"] == "2026-12-05T10:01:00Z"
    assert {e["manifest_hash"] for e in evidences} == {MANIFEST_HASH}


def test_a_chain_with_a_missing_or_reordered_evidence_breaks(trust, node_a, node_b):
    tokens = chain(node_a, node_b)
    for broken in ([tokens[0], tokens[2]], [tokens[1], tokens[0]], tokens[1:]):
        with pytest.raises(EnvelopeRefused, match="breaks the chain"):
            envelope.verify_evidence_chain(broken, trust)


def test_an_evidence_for_another_message_breaks_the_chain(trust, node_a, node_b):
    tokens = chain(node_a, node_b)
    other = envelope.make_evidence(EvidenceType.RETRIEVAL, "m-2", MANIFEST_HASH, "node-b", NOW,
                                   previous=tokens[1])
    with pytest.raises(EnvelopeRefused, match="breaks the chain"):
        envelope.verify_evidence_chain(
            [*tokens[:2], envelope.sign_evidence(other, node_b.signing_key(NOW))], trust)


def test_non_delivery_carries_the_reason(trust, node_b):
    evidence = envelope.make_evidence(EvidenceType.NON_DELIVERY, "m-1", MANIFEST_HASH,
                                      "node-b", NOW, [{"code": "tampered_part",
                                                       "text": "request.pdf"}])
    verified = envelope.verify_evidence(envelope.sign_evidence(evidence, node_b.signing_key(NOW)),
                                        trust)
    assert verified == evidence


def test_evidence_signed_by_a_node_for_another(trust, node_a):
    """Node a cannot issue node b's Delivery."""
    evidence = envelope.make_evidence(EvidenceType.DELIVERY, "m-1", MANIFEST_HASH, "node-b", NOW)
    with pytest.raises(EnvelopeRefused) as caught:
        envelope.verify_evidence(envelope.sign_evidence(evidence, node_a.signing_key(NOW)), trust)
    assert caught.value.code == "unknown_key"


def test_altered_evidence(trust, node_b):
    evidence = envelope.make_evidence(EvidenceType.REFUSAL, "m-1", MANIFEST_HASH, "node-b", NOW)
    token = envelope.sign_evidence(evidence, node_b.signing_key(NOW))
    header, _payload, signature = token.split(".")
    evidence["type"] = "Acceptance"
    forged = base64.urlsafe_b64encode(envelope.canonical_json(evidence)).rstrip(b"=").decode()
    with pytest.raises(EnvelopeRefused) as caught:
        envelope.verify_evidence(f"{header}.{forged}.{signature}", trust)
    assert caught.value.code == "bad_signature"


@pytest.mark.parametrize("change", [
    {"type": "Delivered"}, {"message_id": "a b"}, {"manifest_hash": "xyz"},
    {"reasons": ["free text"]}, {"extra": 1}, {"time": "2026-12-05 10:00"},
])
def test_malformed_evidences(trust, node_b, change):
    evidence = envelope.make_evidence(EvidenceType.DELIVERY, "m-1", MANIFEST_HASH, "node-b", NOW)
    token = envelope.sign_compact(envelope.canonical_json({**evidence, **change}),
                                  node_b.signing_key(NOW), envelope.EVIDENCE_TYPE)
    with pytest.raises(EnvelopeRefused) as caught:
        envelope.verify_evidence(token, trust)
    assert caught.value.code == "malformed"
    with pytest.raises((ValueError, TypeError)):
        envelope.sign_evidence({**evidence, **change}, node_b.signing_key(NOW))


def test_a_manifest_is_not_an_evidence(trust, node_b):
    evidence = envelope.make_evidence(EvidenceType.DELIVERY, "m-1", MANIFEST_HASH, "node-b", NOW)
    token = envelope.sign_compact(envelope.canonical_json(evidence), node_b.signing_key(NOW),
                                  envelope.MANIFEST_TYPE)
    with pytest.raises(EnvelopeRefused) as caught:
        envelope.verify_evidence(token, trust)
    assert caught.value.code == "malformed"
    assert json.loads(envelope.canonical_json(evidence)) == evidence


def test_chain_order_follows_the_hashes_whatever_the_stored_order(trust, node_a, node_b):
    tokens = chain(node_a, node_b)
    for stored in ([tokens[2], tokens[0], tokens[1]], [tokens[1], tokens[2], tokens[0]]):
        assert envelope.chain_order(stored) == tokens
    envelope.verify_evidence_chain(envelope.chain_order(tokens[::-1]), trust)


def test_chain_order_puts_what_is_off_the_chain_last(node_a, node_b):
    submission, delivery, retrieval = chain(node_a, node_b)
    # Without the first evidence there is no chain to follow: the order given stays.
    assert envelope.chain_order([retrieval, delivery]) == [retrieval, delivery]
    # Another first evidence (an older sender's receiver starts its own) and garbage follow.
    second_start = envelope.sign_evidence(envelope.make_evidence(
        EvidenceType.DELIVERY, "m-1", MANIFEST_HASH, "node-b", NOW), node_b.signing_key(NOW))
    stored = ["not.a.token", second_start, retrieval, submission, delivery]
    assert envelope.chain_order(stored) == [
        submission, delivery, retrieval, "not.a.token", second_start]
