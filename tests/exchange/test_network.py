"""Two nodes as real processes on loopback — node A on SQLite, node B on PostgreSQL — each
with its own data directory, gunicorn and exchange worker, and one trust list. Shared by the
whole module (setting them up takes a minute); the tests run in order and build on each
other's messages, as two authorities would."""

import base64
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from rogatory.exchange import envelope, keys, trustlist
from rogatory.exchange.network import NodeSpec, prepare, rogatory, start_web, start_worker

PG_URL = os.environ.get("EXCHANGE_PG_URL", "postgres://postgres@127.0.0.1:5432/exchflow_pg")
FAST = {"ROGATORY_EXCHANGE_BACKOFF_SECONDS": "0.5", "ROGATORY_EXCHANGE_LEASE_SECONDS": "4",
        "ROGATORY_EXCHANGE_TIMEOUT_SECONDS": "30"}
WAIT = 90  # seconds a step may take on a loaded machine before the test fails


def _postgres_available() -> bool:
    try:
        psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


# One worker runs every module that starts nodes (pytest-xdist --dist=loadgroup): two sets of
# nodes with their gunicorns and workers at once would overload a 2-core machine.
pytestmark = [pytest.mark.skipif(not _postgres_available(), reason="needs PostgreSQL"),
              pytest.mark.xdist_group("exchange-nodes")]


@dataclass
class Node:
    spec: NodeSpec
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, email: str) -> str:
        if email not in self.tokens:
            self.tokens[email] = rogatory(self.spec, "create-token", email).strip()
        return self.tokens[email]

    def call(self, email: str, method: str, path: str, body=None) -> tuple[int, dict]:
        request = urllib.request.Request(  # noqa: S310  # our own loopback URL
            self.spec.url + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Token {self.token(email)}",
                     "Content-Type": "application/json", "Accept": "application/json"})
        return _open(request)

    def post_envelope(self, data: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(self.spec.url + "/exchange/inbox/", data=data,  # noqa: S310
                                         method="POST",
                                         headers={"Content-Type": "application/jose"})
        return _open(request)

    def start_web(self) -> None:
        self.web = start_web(self.spec)
        _wait(lambda: _up(self.spec.url), "web server up")

    def stop_web(self) -> None:
        self.web.terminate()
        self.web.wait(timeout=30)

    def start_worker(self) -> None:
        self.worker = start_worker(self.spec)

    def sql(self, query: str, *params) -> list[tuple]:
        if self.spec.database_url:
            with psycopg.connect(self.spec.database_url) as connection:
                return connection.execute(query.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.spec.folder / "rogatory.sqlite3", timeout=30) as connection:
            return connection.execute(query, params).fetchall()


def _open(request) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5):  # noqa: S310
            return True
    except OSError:
        return False


def _wait(condition: Callable[[], object], what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for: {what}")


def free_port() -> int:
    """A port the system picks: fixed ports collide with another test run on the machine,
    whose servers would then answer this run's requests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _drop_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def nodes():
    # Not pytest's tmp_path: other pytest sessions on the machine prune those while the
    # nodes still run.
    folder = Path(tempfile.mkdtemp(prefix="rogatory-exchange-"))
    # A database of this run: the node set-up drops and recreates it, which must not pull
    # it from under another run.
    database_url = f"{PG_URL}_{uuid.uuid4().hex[:8]}"
    a = Node(NodeSpec("node-a", free_port(), "NL", folder / "a", extra_env=FAST))
    b = Node(NodeSpec("node-b", free_port(), "FR", folder / "b", database_url=database_url,
                      extra_env=FAST))
    prepare([a.spec, b.spec])
    for node in (a, b):
        node.start_web()
        node.start_worker()
    yield a, b
    for node in (a, b):
        for process in (node.web, node.worker):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    _drop_database(database_url)
    shutil.rmtree(folder, ignore_errors=True)


NL = "officer.nl@example.org"


def _messages(node: Node, email: str, **filters) -> list[dict]:
    status, body = node.call(email, "GET", "/api/v1/exchange/messages/?page_size=500")
    assert status == 200, body
    return [m for m in body["results"] if all(m.get(k) == v for k, v in filters.items())]


def _evidence_types(message: dict) -> set[str]:
    return {e["type"] for e in message["evidences"]}


def _officer_of(authority_id: str) -> str:
    if authority_id == "3":  # the FR central authority of the demo, whose officer it has
        return "officer.fr@example.org"
    return f"officer.fr.{authority_id}@example.org"


def _draft(node: Node, email: str, title: str) -> int:
    _status, body = node.call(email, "GET", "/api/v1/requests/")
    return next(d["id"] for d in body["results"] if d["title"].startswith(title))


def _send(node: Node, email: str, draft_id: int, channel: str = "exchange") -> tuple[int, dict]:
    _status, draft = node.call(email, "GET", f"/api/v1/requests/{draft_id}/")
    return node.call(email, "POST", f"/api/v1/requests/{draft_id}/send/",
                     {"channel": channel, "version": draft["version"]})


@pytest.fixture(scope="module")
def sent(nodes):
    """The demo MLA request of NL, sent from A through Rogatory; its message on A."""
    a, _b = nodes
    status, body = _send(a, NL, _draft(a, NL, "Operation Heron"))
    assert status == 200, body
    return _wait(lambda: next(iter(_messages(a, NL, kind="request", status="delivered")), None),
                 "Delivery evidence on A")


@pytest.fixture(scope="module")
def received(nodes, sent):
    """The same request on B, and the officer of its receiving authority."""
    _a, b = nodes
    officer = _officer_of(sent["recipient_authority"])
    message = next(m for m in _messages(b, officer, kind="request")
                   if m["message_id"] == sent["message_id"])
    return message, officer


def test_send_delivers_and_opens_an_incoming_case(nodes, sent, received):
    _a, b = nodes
    assert {"SubmissionAcceptance", "Delivery"} <= _evidence_types(sent)
    message, officer = received
    assert message["direction"] == "incoming" and message["case"]
    assert message["manifest_hash"] == sent["manifest_hash"]
    assert [(line["state"], line["signer"]["organisation"]) for line in message["signatures"]
            ] == [("valid", "node-a")]  # the NL officer signed the PDF; B trusts A's CA
    status, case = b.call(officer, "GET", f"/api/v1/cases/{message['case']}/")
    assert status == 200
    assert (case["direction"], case["status"]) == ("incoming", "received")
    assert case["counterpart_state"] == "NL"
    # The documents arrived with the checksums the sender signed.
    sent_hashes = {part["sha256"] for part in sent["parts"]}
    stored = {row[0] for row in b.sql("SELECT sha256 FROM cases_document WHERE case_id = ?",
                                      message["case"])}
    assert sent_hashes and sent_hashes == stored


def test_retrieval_acceptance_and_status_go_back(nodes, sent, received):
    a, b = nodes
    message, officer = received
    status, opened = b.call(officer, "GET", f"/api/v1/exchange/messages/{message['id']}/")
    assert status == 200 and "Retrieval" in _evidence_types(opened)
    status, accepted = b.call(officer, "POST", f"/api/v1/exchange/messages/{message['id']}/accept/")
    assert status == 200, accepted
    for target in ("checked", "assigned", "under_execution"):
        status, body = b.call(officer, "POST", f"/api/v1/cases/{message['case']}/transition/",
                              {"to": target})
        assert status == 200, body

    def back_on_a():
        mine = next(m for m in _messages(a, NL) if m["message_id"] == sent["message_id"])
        statuses = [m["body"]["status"] for m in _messages(a, NL, kind="status")]
        return ({"Retrieval", "Acceptance"} <= _evidence_types(mine)
                and "under_execution" in statuses and mine)

    mine = _wait(back_on_a, "Retrieval, Acceptance and status on A")
    statuses = [m["body"]["status"] for m in _messages(a, NL, kind="status")]
    assert "checked" not in statuses  # internal steps stay at home
    assert {"received", "assigned", "under_execution"} <= set(statuses)
    # Evidences are signed by the node that issued each: B for Delivery onwards.
    issuers = {e["type"]: e["issuer_node"] for e in mine["evidences"]}
    assert issuers["SubmissionAcceptance"] == "node-a"
    assert issuers["Delivery"] == issuers["Retrieval"] == issuers["Acceptance"] == "node-b"
    status, export = a.call(NL, "GET", f"/api/v1/exchange/messages/{mine['id']}/evidence/")
    assert status == 200 and len(export["evidences"]) >= 4
    assert all(e["jws"].count(".") == 2 for e in export["evidences"])
    # The requested side's statuses moved the outgoing case along, as a system actor.
    _wait(lambda: _status_reached(a, sent["case"], "under_execution"),
          "the outgoing case under execution on A")


def _status_reached(node: Node, case_id: int, wanted: str) -> dict | None:
    _status, case = node.call(NL, "GET", f"/api/v1/cases/{case_id}/")
    return case if case["status"] == wanted else None


def _export(node: Node, email: str, message_id: str) -> list[str]:
    """The evidence tokens of a message, as the node's export gives them."""
    mine = next(m for m in _messages(node, email) if m["message_id"] == message_id)
    status, export = node.call(email, "GET", f"/api/v1/exchange/messages/{mine['id']}/evidence/")
    assert status == 200, export
    return [e["jws"] for e in export["evidences"]]


def _both_chains(a: Node, b: Node, sent: dict, received: tuple) -> list[str]:
    """The request's evidences as A and as B export them, once A has every one B issued:
    one chain, the same on both sides, each verified with the node's own trust list."""
    _message, officer = received

    def alike():
        on_a, on_b = _export(a, NL, sent["message_id"]), _export(b, officer, sent["message_id"])
        return on_a if on_a == on_b else None

    tokens = _wait(alike, "the same evidences on both nodes")
    for node in (a, b):
        chain = envelope.verify_evidence_chain(tokens, _trust(node))
        assert [(e["type"], e["issuer_node"]) for e in chain[:2]] == [
            ("SubmissionAcceptance", "node-a"), ("Delivery", "node-b")]
    return tokens


def test_one_evidence_chain_on_both_nodes(nodes, sent, received):
    a, b = nodes
    _both_chains(a, b, sent, received)


def test_accepting_twice_is_refused(nodes, received):
    _a, b = nodes
    message, officer = received
    url = f"/api/v1/exchange/messages/{message['id']}/accept/"
    # Whichever test accepts first (xdist does not promise the module's order), the next
    # acceptance is refused.
    first, _body = b.call(officer, "POST", url)
    again, _body = b.call(officer, "POST", url)
    assert first in (200, 400) and again == 400


def test_more_information_round_trip_with_documents(nodes, sent, received):
    a, b = nodes
    message, officer = received
    document = base64.b64encode(b"Which account numbers exactly?\n").decode()
    status, asked = b.call(officer, "POST",
                           f"/api/v1/exchange/cases/{message['case']}/information/",
                           {"subject": "Account numbers", "text": "Please specify.",
                            "documents": [{"name": "question.txt", "content": document}]})
    assert status == 201, asked
    case_a = sent["case"]
    _wait(lambda: a.sql("SELECT 1 FROM cases_correspondence WHERE case_id = ? AND "
                        "type = 'information_request' AND subject = 'Account numbers'", case_a),
          "the request for information on A")
    assert a.sql("SELECT 1 FROM cases_document WHERE case_id = ? AND name LIKE '%question.txt'",
                 case_a)
    status, answered = a.call(NL, "POST", f"/api/v1/exchange/cases/{case_a}/information/",
                              {"subject": "Account numbers", "text": "NL91 ABNA 0417 1643 00"})
    assert status == 201, answered
    _wait(lambda: b.sql("SELECT 1 FROM cases_correspondence WHERE case_id = ? AND "
                        "type = 'supplementary'", message["case"]), "the answer on B")


def test_duplicate_gets_the_same_delivery_evidence_and_no_second_case(nodes, sent, received):
    a, b = nodes
    _message, _officer = received
    (data,) = a.sql("SELECT envelope FROM exchange_message WHERE message_id = ?",
                    sent["message_id"].replace("-", ""))[0]
    cases_before = b.sql("SELECT count(*) FROM cases_case")[0][0]
    status, answer = b.post_envelope(bytes(data))
    assert status == 200 and answer["duplicate"] is True
    stored = b.sql("SELECT token FROM exchange_evidence e JOIN exchange_message m ON "
                   "m.id = e.message_id WHERE m.message_id = ? AND e.type = 'Delivery'",
                   sent["message_id"])
    assert answer["evidence"] == stored[0][0]
    assert b.sql("SELECT count(*) FROM cases_case")[0][0] == cases_before


def _node_keys(node: Node) -> keys.Node:
    return keys.load_node(node.spec.folder / "node")


def _header(sender: Node, receiver: Node, receiver_authority: str, sender_authority: str,
            created: datetime, **changes) -> envelope.Header:
    values = {"message_id": envelope.new_id(), "conversation_id": envelope.new_id(),
              "kind": "status", "sender_node": sender.spec.node_id,
              "sender_authority": sender_authority, "receiver_node": receiver.spec.node_id,
              "receiver_authority": receiver_authority, "created": created,
              "expires": created + timedelta(hours=1), **changes}
    return envelope.Header(**values)


def _seal(a: Node, b: Node, sent: dict, signing_key=None, **changes) -> bytes:
    now = datetime.now(UTC)
    created = changes.pop("created", now)
    sender_authority = changes.pop("sender_authority", sent["sender_authority"])
    header = _header(a, b, sent["recipient_authority"], sender_authority, created, **changes)
    parts = [envelope.Part("body.json", "application/json", b'{"status":"executed"}')]
    receiver_key = _node_keys(b).current("enc", now).key
    return envelope.seal(header, parts, signing_key or _node_keys(a).signing_key(now),
                         receiver_key)


@pytest.mark.parametrize(("case", "code"), [
    ("tampered", "undecryptable"),
    ("wrong_key", "unknown_key"),
    ("expired", "expired"),
    ("not_served", "authority_not_served"),
])
def test_bad_envelopes_are_refused_and_store_nothing(nodes, sent, case, code):
    a, b = nodes
    now = datetime.now(UTC)
    if case == "tampered":
        data = bytearray(_seal(a, b, sent))
        data[-30] = ord("A") if data[-30] != ord("A") else ord("B")
        data = bytes(data)
    elif case == "wrong_key":
        from joserfc.jwk import OKPKey

        data = _seal(a, b, sent, signing_key=OKPKey.generate_key("Ed25519"))
    elif case == "expired":
        data = _seal(a, b, sent, created=now - timedelta(minutes=2),
                     expires=now - timedelta(minutes=1))
    else:
        data = _seal(a, b, sent, sender_authority=sent["recipient_authority"])
    before = b.sql("SELECT count(*) FROM exchange_message")[0][0]
    status, answer = b.post_envelope(data)
    assert (status, answer["refused"]) == (422, code)
    assert b.sql("SELECT count(*) FROM exchange_message")[0][0] == before
    if code in ("expired", "authority_not_served"):  # signature verified: the sender is told
        evidence = envelope.verify_evidence(answer["evidence"], _trust(b))
        assert evidence["type"] == "NonDelivery"


def _trust(node: Node):
    anchors = json.loads((node.spec.folder / "trust-anchors.json").read_text())
    return trustlist.load((node.spec.folder / "trust-list.jws").read_text(), anchors,
                          datetime.now(UTC))


def test_oversized_or_empty_envelope_is_refused(nodes):
    _a, b = nodes
    status, answer = b.post_envelope(b"")
    assert status == 400
    status, answer = b.post_envelope(b"not a JWE at all")
    assert (status, answer["refused"]) == (422, "undecryptable")


def _ask(b: Node, received: tuple, subject: str) -> dict:
    message, officer = received
    status, body = b.call(officer, "POST",
                          f"/api/v1/exchange/cases/{message['case']}/information/",
                          {"subject": subject, "text": "Still there?"})
    assert status == 201, body
    return body


def _outbox(node: Node, message_id: str) -> tuple:
    rows = node.sql("SELECT o.status, o.attempts FROM exchange_outbox o JOIN exchange_message m "
                    "ON m.id = o.message_id WHERE m.message_id = ?", message_id)
    return rows[0] if rows else (None, 0)


def test_receiver_down_then_up_delivers_once(nodes, received):
    a, b = nodes
    a.stop_web()  # A is the receiver here: B asks A for information
    try:
        asked = _ask(b, received, "While you were away")
        _wait(lambda: _outbox(b, asked["message_id"])[1] >= 2, "two failed attempts on B")
        assert _outbox(b, asked["message_id"])[0] == "pending"
    finally:
        a.start_web()
    _wait(lambda: _outbox(b, asked["message_id"])[0] == "delivered", "delivery once A is back")
    assert a.sql("SELECT count(*) FROM exchange_message WHERE message_id = ?",
                 asked["message_id"].replace("-", ""))[0][0] == 1


class BlackHole:
    """Takes connections on a port and never answers: a delivery hangs there."""

    def __init__(self, port: int):
        self.server = socket.create_server(("127.0.0.1", port))
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self) -> None:
        self.server.close()
        for connection in self.held:
            connection.close()


def test_worker_killed_mid_delivery_delivers_once(nodes, received):
    a, b = nodes
    a.stop_web()
    hole = BlackHole(a.spec.port)
    try:
        asked = _ask(b, received, "Killed worker")
        _wait(lambda: hole.held and _outbox(b, asked["message_id"])[1] >= 1,
              "B's worker inside a delivery")
        b.worker.send_signal(signal.SIGKILL)
        b.worker.wait(timeout=30)
    finally:
        hole.close()
    a.start_web()
    assert _outbox(b, asked["message_id"])[0] == "pending"
    _wait(lambda: b.sql("SELECT 1 FROM exchange_outbox o JOIN exchange_message m ON "
                        "m.id = o.message_id WHERE m.message_id = ? AND o.claimed_until < now()",
                        asked["message_id"]), "the killed worker's lease to end")
    b.start_worker()  # the row's lease ends, the new worker takes it
    _wait(lambda: _outbox(b, asked["message_id"])[0] == "delivered", "delivery after restart")
    assert a.sql("SELECT count(*) FROM exchange_message WHERE message_id = ?",
                 asked["message_id"].replace("-", ""))[0][0] == 1


def test_receiver_gone_gives_non_delivery_and_tells_the_officer(nodes, received):
    a, b = nodes
    message, _officer = received
    a.stop_web()
    try:
        asked = _ask(b, received, "Nobody home")
        _wait(lambda: _outbox(b, asked["message_id"])[1] >= 1, "a failed attempt on B")
        soon = datetime.now(UTC) + timedelta(seconds=2)
        b.sql("UPDATE exchange_message SET expires = ? WHERE message_id = ? RETURNING id",
              soon, asked["message_id"])
        _wait(lambda: _outbox(b, asked["message_id"])[0] == "failed", "NonDelivery on B")
    finally:
        a.start_web()
    evidences = b.sql("SELECT e.type, e.issuer_node FROM exchange_evidence e JOIN "
                      "exchange_message m ON m.id = e.message_id WHERE m.message_id = ?",
                      asked["message_id"])
    assert ("NonDelivery", "node-b") in evidences
    assert b.sql("SELECT 1 FROM cases_note WHERE case_id = ? AND text LIKE ?",
                 message["case"], "Not delivered through Rogatory%")


def test_consultation_versions_comments_and_formal_send(nodes):
    a, b = nodes
    draft_id = _draft(a, NL, "Operation Heron")  # already sent: make a fresh one
    status, original = a.call(NL, "GET", f"/api/v1/requests/{draft_id}/")
    spec = {key: value for key, value in original.items()
            if key not in ("id", "version", "status", "sent_at", "case_id", "author",
                           "authority", "shared_with", "created", "updated",
                           "requesting_state")}
    spec["title"] = "Operation Heron II (consulted)"
    status, draft = a.call(NL, "POST", "/api/v1/requests/", spec)
    assert status == 201, draft
    status, shared = a.call(NL, "POST", f"/api/v1/requests/{draft['id']}/consultations/")
    assert status == 201, shared
    version = shared[0]["versions"][-1]
    assert version["number"] == 1 and version["previous_sha256"] == ""
    officer = _officer_of(shared[0]["counterpart_authority"])
    theirs = _wait(lambda: [c for c in b.call(officer, "GET", "/api/v1/exchange/consultations/")
                            [1].get("results", []) if c["title"].startswith("Operation Heron II")],
                   "the draft on B")[0]
    assert theirs["versions"][0]["sha256"] == version["sha256"]
    status, _body = b.call(officer, "POST", f"/api/v1/exchange/consultations/{theirs['id']}/"
                           "comments/", {"comments": {"facts": "Say when the account opened."}})
    assert status == 201
    _wait(lambda: a.call(NL, "GET", f"/api/v1/requests/{draft['id']}/consultations/")[1][0]
          ["versions"][0]["comments"], "the comment on A")
    status, shared = a.call(NL, "POST", f"/api/v1/requests/{draft['id']}/consultations/")
    second = shared[0]["versions"][-1]
    assert second["number"] == 2 and second["previous_sha256"] == version["sha256"]
    status, body = _send(a, NL, draft["id"])
    assert status == 200, body
    formal = _wait(lambda: [m for m in _messages(b, officer, kind="request")
                            if m["body"].get("consulted_version")], "the formal request on B")[0]
    assert formal["body"]["consulted_version"] == {"number": 2, "sha256": second["sha256"]}
    assert formal["conversation_id"] == theirs["conversation_id"]


def test_messages_and_evidences_are_for_the_two_authorities_only(nodes, sent):
    a, _b = nodes
    # The NL prosecutor (a practitioner) and the FR officer on A see none of NL's messages.
    for email in ("practitioner.nl@example.org", "officer.fr@example.org"):
        status, body = a.call(email, "GET", "/api/v1/exchange/messages/")
        assert status == 200 and body["results"] == []
        status, _body = a.call(email, "GET", f"/api/v1/exchange/messages/{sent['id']}/evidence/")
        assert status == 404


def test_node_document_is_public(nodes):
    a, _b = nodes
    with urllib.request.urlopen(a.spec.url + "/.well-known/rogatory-node") as response:  # noqa: S310
        document = json.loads(response.read())
    assert document["id"] == "node-a"
    assert document["endpoint"].endswith("/exchange/inbox/")
    assert all("d" not in key for key in document["keys"])


def _kid(token: str | bytes) -> str:
    """The `kid` of a JWS or JWE compact's protected header."""
    segment = (token.decode() if isinstance(token, bytes) else token).split(".", 1)[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))["kid"]


def _list_with(nodes_and_keys: list[tuple[Node, keys.Node]], at: datetime,
               drop_kid: str = "") -> tuple[str, list[dict]]:
    """A trust list of the nodes, as they serve now, signed by a new secretariat key, without
    the key `drop_kid`; (the list, its anchors)."""
    from joserfc.jwk import OKPKey

    served = _trust(nodes_and_keys[0][0]).nodes
    entries = []
    for node, node_keys in nodes_and_keys:
        document = node_keys.public_document()
        document["keys"] = [key for key in document["keys"] if key["kid"] != drop_kid]
        entries.append(trustlist.entry(document, sorted(served[node.spec.node_id].authorities)))
    secretariat = OKPKey.generate_key("Ed25519")
    token = trustlist.publish(entries, secretariat, at, at + timedelta(days=7))
    return token, [secretariat.as_dict(private=False)]


# Between `rotate-keys` and the new keys taking over: long enough to publish the list and
# import it on both nodes, so B never signs with a key A does not know yet.
ROTATION_LEAD = timedelta(seconds=60)


def test_key_rotation_new_keys_sign_and_old_evidences_still_verify(nodes, sent, received):
    """B rotates its keys the documented way (`--starts` ahead, a new list with old and new
    keys imported on both nodes before then). Other tests of the module keep working in any
    order: the list keeps B's old keys and B still opens envelopes sealed to its old key."""
    a, b = nodes
    now = datetime.now(UTC)
    old_sig, old_enc = (_node_keys(b).current(use, now).kid for use in ("sig", "enc"))
    starts = now + ROTATION_LEAD
    rogatory(b.spec, "node", "rotate-keys", "--starts", envelope.format_time(starts))
    rotated = _node_keys(b)
    new_sig, new_enc = (rotated.current(use, starts).kid for use in ("sig", "enc"))
    assert {new_sig, new_enc}.isdisjoint({old_sig, old_enc})
    token, anchors = _list_with([(a, _node_keys(a)), (b, rotated)], datetime.now(UTC))
    folder = a.spec.folder.parent
    published, anchor_file = folder / "rotated.jws", folder / "rotated-anchors.json"
    published.write_text(token, encoding="ascii")
    anchor_file.write_text(json.dumps(anchors), encoding="utf-8")
    for node in (a, b):
        rogatory(node.spec, "trust-list", "import", str(published), "--anchor", str(anchor_file))
    assert datetime.now(UTC) < starts, "the import took longer than the rotation's lead"
    _wait(lambda: datetime.now(UTC) > starts, "B's new keys in force")

    # A sends: sealed to B's new encryption key; B's Delivery signed with its new key.
    status, answered = a.call(NL, "POST", f"/api/v1/exchange/cases/{sent['case']}/information/",
                              {"subject": "After the rotation", "text": "New keys."})
    assert status == 201, answered
    delivered = _wait(lambda: next((m for m in _messages(a, NL, status="delivered")
                                    if m["message_id"] == answered["message_id"]), None),
                      "delivery after the rotation")
    (data,) = a.sql("SELECT envelope FROM exchange_message WHERE message_id = ?",
                    answered["message_id"].replace("-", ""))[0]
    assert _kid(bytes(data)) == new_enc
    delivery = next(e["jws"] for e in delivered["evidences"] if e["type"] == "Delivery")
    assert _kid(delivery) == new_sig

    # The first request's evidences, B's signed with its old key, still verify on A and B.
    tokens = _both_chains(a, b, sent, received)
    old_delivery = tokens[1]
    assert _kid(old_delivery) == old_sig

    # A list without B's old signing key (the secretariat retired it) refuses them.
    token, anchors = _list_with([(a, _node_keys(a)), (b, rotated)], datetime.now(UTC),
                                drop_kid=old_sig)
    retired = trustlist.load(token, anchors, datetime.now(UTC))
    with pytest.raises(envelope.EnvelopeRefused) as caught:
        envelope.verify_evidence_chain(tokens, retired)
    assert caught.value.code == "unknown_key"
    assert envelope.verify_evidence(delivery, retired)["type"] == "Delivery"
