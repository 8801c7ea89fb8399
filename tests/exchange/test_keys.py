"""Node keys in the data directory: creation, files, rotation, the public document."""

import json
import stat
from datetime import timedelta

import pytest

from rogatory.exchange import envelope, keys, trustlist
from rogatory.exchange.envelope import EnvelopeRefused, Header, Part
from tests.exchange.conftest import NOW, sign_list


def test_init_makes_one_signing_and_one_encryption_key(tmp_path, node_a):
    assert (node_a.id, node_a.endpoint) == ("node-a", "https://a.example/")
    assert sorted((k.use, k.key.curve_name) for k in node_a.keys) == [
        ("enc", "X25519"), ("sig", "Ed25519")]
    assert {(k.not_before, k.not_after) for k in node_a.keys} == {(NOW, NOW + keys.VALIDITY)}
    files = list((tmp_path / "a").rglob("*.json"))
    assert len(files) == 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "a" / "keys").stat().st_mode) == 0o700
    assert keys.load_node(tmp_path / "a") == node_a


def test_init_refuses_an_existing_node_and_bad_input(tmp_path, node_a):
    with pytest.raises(keys.NodeError, match="already holds node node-a"):
        keys.init_node(tmp_path / "a", "node-x", "https://x.example/", NOW)
    for node_id, endpoint in [("../x", "https://x/"), ("x", "file:///etc/passwd"),
                              ("x", "javascript:alert(1)")]:
        with pytest.raises(keys.NodeError):
            keys.init_node(tmp_path / "new", node_id, endpoint, NOW)
    assert not (tmp_path / "new" / "node.json").exists()


def test_a_key_file_under_another_name_is_refused(tmp_path, node_a):
    key_file = next((tmp_path / "a" / "keys").glob("*.json"))
    key_file.rename(key_file.with_name("other.json"))
    with pytest.raises(keys.NodeError, match="not the"):
        keys.load_node(tmp_path / "a")


def test_missing_node_is_an_error(tmp_path):
    with pytest.raises(keys.NodeError, match="no readable node"):
        keys.load_node(tmp_path / "none")


def test_public_document_has_no_private_part(node_a):
    document = node_a.public_document(["-----BEGIN CERTIFICATE-----"])
    assert document["id"] == "node-a" and document["ca_certificates"]
    assert [key["use"] for key in document["keys"]] in (["enc", "sig"], ["sig", "enc"])
    assert all("d" not in key for key in document["keys"])
    assert document["keys"][0]["not_before"] == "2026-12-05T10:00:00Z"
    assert '"d"' not in json.dumps(document)


def test_rotation_keeps_old_key_valid_for_verification(tmp_path, node_a, node_b, secretariat):
    later = NOW + timedelta(days=30)
    old_signing = node_a.signing_key(later)
    rotated = keys.rotate_keys(tmp_path / "a", later)
    assert len(rotated.keys) == 4
    assert rotated.signing_key(later).thumbprint() != old_signing.thumbprint()
    assert rotated.signing_key(later - timedelta(days=1)).thumbprint() == (
        old_signing.thumbprint())
    trust = trustlist.load(sign_list(secretariat, (rotated, ["auth-fr"]), (node_b, ["auth-ke"]),
                                     issued=later), [secretariat.as_dict(private=False)], later)
    header = Header("m-1", "c-1", "request", "node-a", "auth-fr", "node-b", "auth-ke",
                    NOW + timedelta(days=29), NOW + timedelta(days=35))
    parts = (Part("request.json", "application/json", b"{}"),)
    to_b = trust.encryption_key("node-b", later)
    # Signed with the old key before the rotation, still in flight after it: accepted.
    sealed_before = envelope.seal(header, parts, old_signing, to_b)
    opened = envelope.open_envelope(sealed_before, node_b.decryption_keys(later), trust, later,
                                    node_id="node-b")
    assert opened.signer_kid == old_signing.thumbprint()
    # After the old key's end date, what it signs is refused.
    end = NOW + keys.VALIDITY
    late = Header("m-2", "c-1", "request", "node-a", "auth-fr", "node-b", "auth-ke",
                  end, end + timedelta(days=1))
    with pytest.raises(EnvelopeRefused) as caught:
        envelope.open_envelope(envelope.seal(late, parts, old_signing, to_b),
                               node_b.decryption_keys(later), trust, end, node_id="node-b")
    assert caught.value.code == "expired_key"


def test_rotated_receiver_still_opens_envelopes_sealed_to_its_old_key(tmp_path, node_a, node_b,
                                                                     trust):
    header = Header("m-1", "c-1", "request", "node-a", "auth-fr", "node-b", "auth-ke",
                    NOW, NOW + timedelta(days=3))
    parts = (Part("request.json", "application/json", b"{}"),)
    sealed = envelope.seal(header, parts, node_a.signing_key(NOW),
                           trust.encryption_key("node-b", NOW))
    rotated = keys.rotate_keys(tmp_path / "b", NOW + timedelta(hours=1))
    assert len(rotated.decryption_keys(NOW + timedelta(hours=2))) == 2
    assert envelope.open_envelope(sealed, rotated.decryption_keys(NOW + timedelta(hours=2)),
                                  trust, NOW + timedelta(hours=2), node_id="node-b").parts == parts


def test_no_key_in_force(node_a):
    with pytest.raises(keys.NodeError, match="rotate"):
        node_a.signing_key(NOW + keys.VALIDITY)
