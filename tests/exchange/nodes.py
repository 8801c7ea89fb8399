"""Two nodes' keys and a trust list both would load, for tests inside one process: "here"
(this node, configured in the settings) serves one authority, "there" another."""

import datetime
import json
from datetime import UTC, timedelta
from pathlib import Path

from joserfc.jwk import OKPKey

from rogatory.exchange import envelope, keys, pades, trustlist


def configure(settings, folder: Path, here_authority, there_authority):
    """(here, there) nodes; this process is node-here."""
    now = datetime.datetime.now(UTC) - timedelta(minutes=5)
    here = keys.init_node(folder / "here", "node-here", "http://here.test/exchange/inbox/",
                          now)
    there = keys.init_node(folder / "there", "node-there",
                           "http://there.test/exchange/inbox/", now)
    secretariat = OKPKey.generate_key("Ed25519")
    token = trustlist.publish(
        [trustlist.entry(_with_ca(here, folder / "here", now), [str(here_authority.pk)]),
         trustlist.entry(_with_ca(there, folder / "there", now), [str(there_authority.pk)])],
        secretariat, now, now + timedelta(days=7))
    (folder / "list.jws").write_text(token)
    (folder / "anchors.json").write_text(json.dumps([secretariat.as_dict(private=False)]))
    settings.EXCHANGE_NODE_DIR = folder / "here"
    settings.EXCHANGE_TRUST_LIST = folder / "list.jws"
    settings.EXCHANGE_TRUST_ANCHORS = folder / "anchors.json"
    return here, there


def _with_ca(node: keys.Node, directory: Path, now) -> dict:
    return node.public_document([pades.ca_certificate(directory, node.id, now).decode()])


def sealed_by_there(here, there, sender_authority, receiver_authority, kind="request",
                    body=None, documents=None, **changes) -> bytes:
    """An envelope from node-there to node-here; `documents`: its parts after the body."""
    now = datetime.datetime.now(UTC)
    values = {"message_id": envelope.new_id(), "conversation_id": envelope.new_id(),
              "kind": kind, "sender_node": "node-there",
              "sender_authority": str(sender_authority.pk), "receiver_node": "node-here",
              "receiver_authority": str(receiver_authority.pk), "created": now,
              "expires": now + timedelta(hours=1), **changes}
    parts = [envelope.Part("body.json", "application/json", envelope.canonical_json(
        body if body is not None else {"kind": "mla", "title": "From B", "reference": "B-1"})),
             *(documents if documents is not None
               else [envelope.Part("01-request.txt", "text/plain", b"The request.\n")])]
    return envelope.seal(envelope.Header(**values), parts, there.signing_key(now),
                         here.current("enc", now).key)


def sendable_draft(monkeypatch, author, requested_authority):
    """A complete draft of `author` whose route (the directory, stubbed) names
    `requested_authority`, so that it goes to the node serving it."""
    from rogatory.writer import integrations
    from tests.writer.conftest import route_result
    from tests.writer.test_pages import draft_for

    route = route_result(requested_authority.state_id, authority={
        "id": requested_authority.pk, "name": requested_authority.name,
        "name_en": requested_authority.name, "state": requested_authority.state_id, "part": 1})
    monkeypatch.setattr(integrations, "route", lambda *args, **kwargs: route)
    return draft_for(author)


def evidence_by_there(there, kind, message_id: str, manifest_hash: str,
                      previous: str | None = None, reasons=()) -> str:
    """An evidence node-there signs about a message."""
    now = datetime.datetime.now(UTC)
    return envelope.sign_evidence(envelope.make_evidence(
        kind, message_id, manifest_hash, "node-there", now, reasons=reasons,
        previous=previous), there.signing_key(now))


def submission_by_there(here, there, data: bytes, trust) -> str:
    """node-there's SubmissionAcceptance of an envelope it sealed to node-here."""
    now = datetime.datetime.now(UTC)
    opened = envelope.open_envelope(data, here.decryption_keys(now), trust, now,
                                    node_id="node-here")
    return evidence_by_there(there, envelope.EvidenceType.SUBMISSION_ACCEPTANCE,
                             opened.header.message_id, opened.manifest_hash)
