"""The exchange inside one node's process: the outbox and its task, receiving, evidences,
pages, API and permissions. This node ("here") serves authority A; a second node ("there",
whose keys the test holds) serves authority B. Two real nodes talking: test_network.py."""

import datetime
import html
import json
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rogatory.cases.models import Case, Document, Note
from rogatory.exchange import envelope, pades, services, tasks
from rogatory.exchange.models import Evidence, Message, Outbox
from rogatory.exchange.transport import Receipt, TransportError
from tests.conftest import api_client_for, client_for
from tests.exchange import nodes


@pytest.fixture
def network(actors, settings, tmp_path):
    """Keys for both nodes, a trust list that both would load, this node configured."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return nodes.configure(settings, tmp_path, actors.authority_a, actors.authority_b)


def _case(actors, direction="outgoing") -> Case:
    from rogatory.cases import services as cases

    return cases.register_case(authority=actors.authority_a, created_by=actors.officer_a,
                               direction=direction, kind="mla", counterpart_state="FR",
                               counterpart_authority=actors.authority_b, title="Heron",
                               status="sent" if direction == "outgoing" else "")


def _queue(actors, network, django_capture_on_commit_callbacks) -> Message:
    del network  # configures this node
    with django_capture_on_commit_callbacks(execute=True):
        return services.queue_message(
            kind="request", authority=actors.authority_a, to=services.peer("node-there"),
            recipient_authority=str(actors.authority_b.pk), body={"kind": "mla"},
            documents=[("Letter of request.txt", "text/plain", b"Please help.\n")],
            case=_case(actors), user=actors.officer_a)


def _sealed_by_there(actors, network, **changes) -> bytes:
    """An envelope from node-there (authority B) to this node (authority A)."""
    return nodes.sealed_by_there(*network, actors.authority_b, actors.authority_a, **changes)


def _delivery_by_there(network, message: Message) -> str:
    _here, there = network
    now = datetime.datetime.now(UTC)
    return envelope.sign_evidence(envelope.make_evidence(
        envelope.EvidenceType.DELIVERY, str(message.message_id), message.manifest_hash,
        "node-there", now), there.signing_key(now))


class FakeTransport:
    def __init__(self, answer):
        self.answer, self.sent, self.submissions = answer, [], []

    def deliver(self, endpoint: str, data: bytes, submission: str = "") -> Receipt:
        self.sent.append((endpoint, data))
        self.submissions.append(submission)
        if isinstance(self.answer, Exception):
            raise self.answer
        return Receipt(evidence=self.answer(data))


# --- sending and the outbox ------------------------------------------------------------------

def test_send_writes_message_outbox_and_evidence_then_enqueues_on_commit(
        actors, network, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(
        TransportError("down")))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    assert message.outbox.status == Outbox.Status.PENDING
    assert list(message.evidences.values_list("type", flat=True)) == ["SubmissionAcceptance"]
    assert DBTaskResult.objects.filter(task_path=tasks.deliver.module_path,
                                       args_kwargs__args=[message.outbox.pk]).exists()
    assert message.parts[0]["name"] == "01-Letter-of-request.txt"


def test_nothing_is_enqueued_when_the_send_rolls_back(actors, network):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.queue_message(kind="status", authority=actors.authority_a,
                               to=services.peer("node-there"),
                               recipient_authority=str(actors.authority_b.pk), body={})
        raise RuntimeError
    assert not Message.objects.exists() and not Outbox.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=tasks.deliver.module_path).exists()


def test_delivery_stores_the_receivers_evidence(actors, network,
                                                django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(RuntimeError))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    fake = FakeTransport(lambda data: _delivery_by_there(network, message))
    monkeypatch.setattr(tasks, "default_transport", lambda: fake)
    assert tasks.deliver.call(message.outbox.pk) == "delivered"
    message.outbox.refresh_from_db()
    assert (message.outbox.status, message.outbox.attempts) == ("delivered", 1)
    assert fake.sent[0] == ("http://there.test/exchange/inbox/", bytes(message.envelope))
    assert message.evidences.get(type="Delivery").issuer_node == "node-there"
    assert tasks.deliver.call(message.outbox.pk) == "not due or held"  # never twice


def test_temporary_failure_counts_the_attempt_and_comes_back_later(
        actors, network, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(TransportError("503")))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.deliver.call(message.outbox.pk) == "retry"
    row = Outbox.objects.get(pk=message.outbox.pk)
    assert (row.status, row.attempts, row.claimed_until) == ("pending", 1, None)
    assert row.next_attempt_at > timezone.now()
    assert DBTaskResult.objects.filter(task_path=tasks.deliver.module_path,
                                       run_after__isnull=False).exists()
    assert tasks.deliver.call(row.pk) == "not due or held"  # not before its time


def test_backoff_doubles_up_to_an_hour(settings):
    settings.EXCHANGE_BACKOFF_SECONDS = 30
    assert [tasks.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert tasks.backoff(30) == timedelta(hours=1)


def test_a_held_row_is_not_claimed_twice_until_its_lease_ends(
        actors, network, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(TransportError("x")))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    Outbox.objects.filter(pk=message.outbox.pk).update(attempts=0, claimed_until=None,
                                                       next_attempt_at=timezone.now())
    assert tasks.claim(message.outbox.pk) is True
    assert tasks.claim(message.outbox.pk) is False  # a second worker loses
    assert tasks.requeue_stale() == 0
    Outbox.objects.filter(pk=message.outbox.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1))  # the holder died
    assert tasks.requeue_stale() == 1
    assert tasks.claim(message.outbox.pk) is True


def test_refused_delivery_is_final_and_the_officer_is_told(
        actors, network, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(
        TransportError("tampered_part", permanent=True)))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.deliver.call(message.outbox.pk) == "refused"
    message.outbox.refresh_from_db()
    assert message.outbox.status == "failed"
    assert message.evidences.get(type="NonDelivery").issuer_node == "node-here"
    assert Note.objects.filter(case=message.case, text__contains="tampered_part").exists()
    assert mail.outbox and mail.outbox[0].to == [actors.officer_a.email]


def test_expiry_gives_non_delivery(actors, network, django_capture_on_commit_callbacks,
                                   monkeypatch):
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(TransportError("x")))
    message = _queue(actors, network, django_capture_on_commit_callbacks)
    Message.objects.filter(pk=message.pk).update(expires=timezone.now())
    Outbox.objects.filter(pk=message.outbox.pk).update(claimed_until=None,
                                                       next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.deliver.call(message.outbox.pk) == "expired"
    assert message.evidences.filter(type="NonDelivery").exists()


# --- receiving ---------------------------------------------------------------------------------

def test_receiving_opens_a_case_once_and_answers_a_duplicate_alike(actors, network):
    data = _sealed_by_there(actors, network)
    first = services.receive(data)
    assert first.status == 200, first.body
    message = Message.objects.get()
    assert (message.direction, message.case.direction) == ("incoming", "incoming")
    assert message.case.authority == actors.authority_a
    assert message.case.counterpart_reference == "B-1"
    assert message.case.documents.get().sha256 == message.parts[0]["sha256"]
    again = services.receive(data)
    assert (again.status, again.body["evidence"]) == (200, first.body["evidence"])
    assert again.body["duplicate"] is True
    assert Case.objects.filter(direction="incoming").count() == 1
    claims = envelope.verify_evidence(first.body["evidence"], services.trust())
    assert (claims["type"], claims["issuer_node"]) == ("Delivery", "node-here")


def test_a_request_the_register_refuses_stores_nothing(actors, network):
    answer = services.receive(_sealed_by_there(actors, network, body={"kind": "no-such"}))
    assert (answer.status, answer.body["refused"]) == (422, "malformed")
    assert not Message.objects.exists() and not Case.objects.exists()
    claims = envelope.verify_evidence(answer.body["evidence"], services.trust())
    assert (claims["type"], claims["reasons"][0]["code"]) == ("NonDelivery", "malformed")


def test_unknown_kind_is_refused_with_a_signed_non_delivery(actors, network):
    answer = services.receive(_sealed_by_there(actors, network, kind="gossip"))
    assert (answer.status, answer.body["refused"]) == (422, "malformed")
    claims = envelope.verify_evidence(answer.body["evidence"], services.trust())
    assert claims["type"] == "NonDelivery"


def test_node_without_keys_takes_no_envelope(actors, settings, tmp_path):
    settings.EXCHANGE_NODE_DIR = tmp_path / "none"
    assert services.receive(b"x").status == 503


def test_status_changes_of_an_incoming_case_go_back(actors, network,
                                                     django_capture_on_commit_callbacks):
    from rogatory.cases import services as cases

    with django_capture_on_commit_callbacks(execute=True):
        services.receive(_sealed_by_there(actors, network))
    case = Message.objects.get(kind="request").case
    with django_capture_on_commit_callbacks(execute=True):
        cases.transition(case, actors.officer_a, "checked")
        cases.transition(case, actors.officer_a, "assigned")
    sent = Message.objects.filter(kind="status").order_by("id")
    assert [m.body["status"] for m in sent] == ["received", "assigned"]
    # Numbered by the case's transitions (checked, 2, stayed at home): late ones tell.
    assert [m.body["sequence"] for m in sent] == [1, 3]
    assert {m.recipient_node for m in sent} == {"node-there"}


def test_retrieval_then_acceptance_are_sent_back_once(actors, network,
                                                       django_capture_on_commit_callbacks):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.retrieve(message, actors.officer_a)
        services.retrieve(message, actors.officer_a)
        services.accept(message, actors.officer_a)
    assert sorted(message.evidences.values_list("type", flat=True)) == [
        "Acceptance", "Delivery", "Retrieval"]
    assert Message.objects.filter(kind="evidence").count() == 2


def test_refusal_refuses_the_case_and_is_sent_back(actors, network,
                                                   django_capture_on_commit_callbacks):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get(kind="request")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(message, actors.officer_a, ["18_21_b"], "Essential interests.")
    message.case.refresh_from_db()
    assert message.case.status == "refused"
    assert message.evidences.get(type="Refusal").reason == "Essential interests."
    sent = Message.objects.get(kind="status", body__status="refused")
    assert sent.body["grounds"] == ["18_21_b"]
    assert sent.body["grounds_text"] == "Essential interests."


def test_only_officers_of_the_receiving_authority_may_act(actors, network):
    from django.core.exceptions import PermissionDenied

    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    for user in (actors.officer_b, actors.practitioner, actors.secretariat):
        with pytest.raises(PermissionDenied):
            services.accept(message, user)
    assert not message.evidences.filter(type="Acceptance").exists()


def test_consultation_versions_are_hash_chained():
    first = services.version_hash({"facts": "a"}, "")
    second = services.version_hash({"facts": "b"}, first)
    assert second != services.version_hash({"facts": "b"}, "")
    assert first == services.version_hash({"facts": "a"}, "")


# --- pages, endpoint and API -------------------------------------------------------------------

def test_inbox_endpoint_is_csrf_exempt_and_size_limited(actors, network, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/exchange/inbox/", b"garbage", content_type="application/jose")
    assert (response.status_code, response.json()["refused"]) == (422, "undecryptable")
    settings.EXCHANGE_MAX_ENVELOPE_BYTES = 10
    response = client.post("/exchange/inbox/", b"x" * 11, content_type="application/jose")
    assert response.status_code == 413
    assert not Message.objects.exists()


@pytest.mark.parametrize(("who", "inbox", "detail"), [
    ("anonymous", 302, 302), ("practitioner", 403, 404), ("officer_b", 200, 404),
    ("focal_a", 403, 404), ("secretariat", 403, 404), ("officer_a", 200, 200),
])
def test_pages_are_for_officers_of_the_authority(actors, network, who, inbox, detail):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    client = client_for(actors.by_name(who))
    assert client.get("/exchange/inbox/").status_code == inbox
    assert client.get(f"/exchange/messages/{message.pk}/").status_code == detail
    assert client.get(f"/exchange/messages/{message.pk}/evidence/").status_code == detail
    assert client.get(f"/exchange/cases/{message.case_id}/").status_code in (
        (200,) if detail == 200 else (302, 403, 404))


def test_opening_the_page_is_retrieval_and_the_export_holds_every_evidence(actors, network):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    client = client_for(actors.officer_a)
    page = client.get(f"/exchange/messages/{message.pk}/")
    # The ETSI name stays in the markup; the page says it in words.
    assert 'data-type="Retrieval">opened by the receiving authority<' in page.content.decode()
    assert ">Retrieval<" not in page.content.decode()
    export = json.loads(client.get(f"/exchange/messages/{message.pk}/evidence/").content)
    assert {e["type"] for e in export["evidences"]} == {"Delivery", "Retrieval"}
    assert client.post(f"/exchange/messages/{message.pk}/accept/").status_code == 302
    assert message.evidences.filter(type="Acceptance").exists()


@pytest.mark.parametrize("who", ["practitioner", "officer_b", "focal_a", "secretariat"])
def test_api_shows_nothing_to_others(actors, network, who):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    client = api_client_for(actors.by_name(who))
    assert client.get("/api/v1/exchange/messages/").json()["results"] == []
    for path in (f"/api/v1/exchange/messages/{message.pk}/",
                 f"/api/v1/exchange/messages/{message.pk}/evidence/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/api/v1/exchange/messages/{message.pk}/accept/").status_code == 404
    assert not Evidence.objects.filter(type__in=["Retrieval", "Acceptance"]).exists()


def test_api_refuse_needs_grounds(actors, network):
    services.receive(_sealed_by_there(actors, network))
    message = Message.objects.get()
    client = api_client_for(actors.officer_a)
    response = client.post(f"/api/v1/exchange/messages/{message.pk}/refuse/",
                           {"grounds": [], "text": ""}, format="json")
    assert response.status_code == 400
    response = client.post(f"/api/v1/exchange/cases/{message.case_id}/information/",
                           {"subject": "x", "text": "y",
                            "documents": [{"name": "a.txt", "content": "%%%"}]}, format="json")
    assert response.status_code == 400


def test_send_channel_is_checked(actors):
    client = api_client_for(actors.officer_a)
    response = client.post("/api/v1/requests/999999/send/", {"channel": "pigeon"},
                           format="json")
    assert response.status_code == 404  # no such draft: nothing said about the channel


def test_node_document(network, client):
    document = client.get("/.well-known/rogatory-node").json()
    assert document["id"] == "node-here"
    assert all("d" not in key for key in document["keys"])


# --- the signed PDF (PAdES) ------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf():
    from rogatory.core.rendering import html_to_pdf

    return html_to_pdf("<html lang='fr'><body><h1>Demande d'entraide</h1></body></html>")


def _sent_pdf(network, message: Message) -> bytes:
    """The request PDF of a sent message, as the receiving node opens it."""
    _here, there = network
    now = datetime.datetime.now(UTC)
    opened = envelope.open_envelope(bytes(message.envelope), there.decryption_keys(now),
                                    services.trust(), now, node_id="node-there")
    return next(part.content for part in opened.parts if part.media_type == "application/pdf")


def _stored_files(settings) -> list:
    return [path for path in (settings.MEDIA_ROOT / "cases").rglob("*") if path.is_file()]


@pytest.mark.parametrize("how", ["page", "api"])
def test_the_officer_signs_the_pdf_sent_and_kept(actors, network, monkeypatch, how):
    from rogatory.cases.services import read_document

    draft = nodes.sendable_draft(monkeypatch, actors.officer_a, actors.authority_b)
    if how == "page":
        client = client_for(actors.officer_a)
        page = client.get(f"/exchange/requests/{draft.pk}/send/").content.decode()
        assert 'name="sign"' in page and "checked" in page  # signing is the default
        response = client.post(f"/exchange/requests/{draft.pk}/send/",
                               {"version": draft.version, "sign": "on"})
        assert response.status_code == 302
    else:  # the API signs unless told not to
        response = api_client_for(actors.officer_a).post(
            f"/api/v1/requests/{draft.pk}/send/",
            {"channel": "exchange", "version": draft.version}, format="json")
        assert response.status_code == 200, response.json()
    message = Message.objects.get(kind="request")
    sent = _sent_pdf(network, message)
    [report] = pades.verify_pdf(sent, services.trust().ca_certificates())
    assert report.ok and (report.name, report.organisation) == (str(actors.officer_a),
                                                                "node-here")
    assert read_document(message.case.documents.get()) == sent  # both sides hold these bytes


@pytest.mark.parametrize("how", ["page", "api"])
def test_the_officer_may_send_unsigned(actors, network, monkeypatch, how):
    draft = nodes.sendable_draft(monkeypatch, actors.officer_a, actors.authority_b)
    if how == "page":  # the box unticked
        client_for(actors.officer_a).post(f"/exchange/requests/{draft.pk}/send/",
                                          {"version": draft.version})
    else:
        api_client_for(actors.officer_a).post(
            f"/api/v1/requests/{draft.pk}/send/",
            {"channel": "exchange", "version": draft.version, "sign": False}, format="json")
    assert pades.verify_pdf(_sent_pdf(network, Message.objects.get()), []) == []


def test_a_signing_failure_sends_nothing(actors, network, monkeypatch, settings):
    def broken(pdf, credential):
        raise pades.UnreadablePdf("/secret/path/of/the/node cannot be read")

    monkeypatch.setattr(pades, "sign_pdf", broken)
    draft = nodes.sendable_draft(monkeypatch, actors.officer_a, actors.authority_b)
    response = api_client_for(actors.officer_a).post(
        f"/api/v1/requests/{draft.pk}/send/", {"channel": "exchange", "version": draft.version},
        format="json")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "not_signed" and "/secret" not in error["message"]
    page = client_for(actors.officer_a).post(f"/exchange/requests/{draft.pk}/send/",
                                             {"version": draft.version, "sign": "on"},
                                             follow=True)
    assert "could not be signed" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status != "sent" and draft.case_id is None
    assert not Case.objects.exists() and not Message.objects.exists()
    assert not Outbox.objects.exists()


def test_a_send_failing_after_the_pdf_was_stored_leaves_no_file(actors, network, monkeypatch,
                                                                settings):
    def broken(**kwargs):
        assert _stored_files(settings)  # the case's PDF was written
        raise RuntimeError("the queue is gone")

    monkeypatch.setattr(services, "queue_message", broken)
    draft = nodes.sendable_draft(monkeypatch, actors.officer_a, actors.authority_b)
    with pytest.raises(RuntimeError):
        services.send_request(draft, draft.version, actors.officer_a)
    assert not Case.objects.exists() and not Document.objects.exists()
    assert _stored_files(settings) == []


def test_a_receipt_failing_after_the_documents_were_stored_leaves_no_file(
        actors, network, monkeypatch, settings):
    def broken(message, kind, reason=""):
        assert _stored_files(settings)  # the received documents were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "issue_evidence", broken)
    with pytest.raises(RuntimeError):
        services.receive(_sealed_by_there(actors, network))
    assert not Message.objects.exists() and not Case.objects.exists()
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_a_tampered_part_refused_on_receipt_leaves_no_file(actors, network, monkeypatch,
                                                           settings):
    from rogatory.cases import services as cases

    store = cases.add_document

    def altered(*args, **kwargs):  # the file stored is not what was signed
        document = store(*args, **kwargs)
        document.sha256 = "0" * 64
        return document

    monkeypatch.setattr(cases, "add_document", altered)
    answer = services.receive(_sealed_by_there(actors, network))
    assert (answer.status, answer.body["refused"]) == (422, "tampered_part")
    assert not Document.objects.exists() and _stored_files(settings) == []


def _signed_by_there(tmp_path, pdf: bytes, node_dir: str = "there") -> bytes:
    credential = pades.officer_credential(tmp_path / node_dir, "node-there", 5, "Tom There",
                                          datetime.datetime.now(UTC))
    return pades.sign_pdf(pdf, credential)


def _tampered(tmp_path, pdf: bytes) -> bytes:
    signed = bytearray(_signed_by_there(tmp_path, pdf))
    signed[len(pdf) // 2] ^= 1
    return bytes(signed)


@pytest.mark.parametrize(("make", "state", "words"), [
    (_signed_by_there, "valid",
     "Signed by Tom There (node node-there) on {}: signature valid"),
    (lambda tmp_path, pdf: _signed_by_there(tmp_path, pdf, "rogue"), "not_trusted",
     "Signed by Tom There (node node-there) on {}: signature not trusted"),
    (_tampered, "not_valid", "Signed by Tom There (node node-there) on {}: signature not valid"),
    (lambda tmp_path, pdf: pdf, "unsigned", "unsigned"),
    (lambda tmp_path, pdf: b"%PDF-1.7\nnot a PDF at all\n%%EOF\n", "unchecked",
     "signature could not be checked"),
])
def test_the_receiver_sees_who_signed_the_pdf(actors, network, tmp_path, pdf, make, state,
                                              words):
    from rogatory.core import dates

    data = _sealed_by_there(actors, network, documents=[
        envelope.Part("01-request.pdf", "application/pdf", make(tmp_path, pdf))])
    assert services.receive(data).status == 200  # a doubtful signature refuses nothing
    message = Message.objects.get()
    found = api_client_for(actors.officer_a).get(
        f"/api/v1/exchange/messages/{message.pk}/").json()["signatures"]
    assert [(line["part"], line["state"]) for line in found] == [("01-request.pdf", state)]
    signer = found[0]["signer"]
    when = dates.page_datetime(datetime.datetime.fromisoformat(signer["signing_time"]), "en") \
        if signer else ""
    assert found[0]["text"] == words.format(when)
    if signer:
        assert signer["ok"] is (state == "valid") and signer["organisation"] == "node-there"
    page = client_for(actors.officer_a).get(f"/exchange/messages/{message.pk}/")
    assert f'data-state="{state}"' in page.content.decode()
    assert words.format(when) in html.unescape(page.content.decode())


# --- status back moves the requesting side's case -------------------------------------------

def _status_from_there(actors, network, request: Message, status: str, sequence: int,
                       **body) -> services.Answer:
    """node-there reports the status of the request this node sent it."""
    return services.receive(_sealed_by_there(
        actors, network, kind="status", conversation_id=str(request.conversation_id),
        body={"status": status, "note": "", "grounds": [], "sequence": sequence, **body}))


@pytest.fixture
def requested(actors, network, django_capture_on_commit_callbacks, monkeypatch) -> Message:
    """A request this node sent to node-there; its outgoing case is `sent`."""
    monkeypatch.setattr(tasks, "default_transport", lambda: FakeTransport(TransportError("x")))
    return _queue(actors, network, django_capture_on_commit_callbacks)


def _case_status(message: Message) -> str:
    return Case.objects.get(pk=message.case_id).status


def test_status_moves_the_outgoing_case_through_the_register(actors, network, requested):
    from rogatory.cases.models import Transition

    assert _status_from_there(actors, network, requested, "received", 1).status == 200
    assert _case_status(requested) == "acknowledged"
    # The steps whose messages have not come yet are walked through.
    assert _status_from_there(actors, network, requested, "executed", 5).status == 200
    case = Case.objects.get(pk=requested.case_id)
    assert (case.status, case.closed_at) == ("executed", timezone.localdate())
    steps = list(Transition.objects.filter(case=case).order_by("id"))
    assert [(s.source, s.target) for s in steps] == [
        ("", "sent"), ("sent", "acknowledged"), ("acknowledged", "under_execution"),
        ("under_execution", "executed")]
    assert steps[-1].user.email == "exchange.fr@rogatory.invalid"
    assert not steps[-1].user.is_active
    assert list(Message.objects.filter(kind="status").values_list("effect", flat=True)) == [
        "applied", "applied"]


def test_refusal_is_copied_with_its_grounds(actors, network, requested):
    _status_from_there(actors, network, requested, "refused", 2, grounds=["18_21_b", "other"],
                       note="Essential interests.", grounds_text="Also art. 18(22).")
    case = Case.objects.get(pk=requested.case_id)
    assert case.status == "refused"
    assert case.refusal_grounds == ["18_21_b", "other"]
    assert case.refusal_text == "Also art. 18(22)."


def test_a_late_status_is_kept_on_the_timeline_and_moves_nothing(actors, network, requested):
    _status_from_there(actors, network, requested, "under_execution", 4)
    late = _status_from_there(actors, network, requested, "assigned", 3)
    assert late.status == 200
    assert _case_status(requested) == "under_execution"
    stored = Message.objects.get(kind="status", body__status="assigned")
    assert stored.effect == "older"
    page = client_for(actors.officer_a).get(f"/exchange/cases/{requested.case_id}/")
    assert "older than a status already received" in page.content.decode()
    # The reported statuses in the register's words, never the codes.
    assert '<span class="badge">assigned</span>' in page.content.decode()
    assert '<span class="badge">under execution</span>' in page.content.decode()
    assert "under_execution<" not in page.content.decode()


def test_a_move_the_register_forbids_is_recorded_not_applied(actors, network, requested):
    _status_from_there(actors, network, requested, "under_execution", 4)
    version = Case.objects.get(pk=requested.case_id).version
    answer = _status_from_there(actors, network, requested, "received", 5)
    assert answer.status == 200  # delivered: the message is the other side's to send
    case = Case.objects.get(pk=requested.case_id)
    assert (case.status, case.version) == ("under_execution", version)
    assert Message.objects.get(body__status="received").effect == "not_allowed"
    # A refusal without its grounds (art. 18(23)) is not made either, and says why.
    _status_from_there(actors, network, requested, "refused", 6)
    refused = Message.objects.get(body__status="refused")
    assert (refused.effect, _case_status(requested)) == ("not_allowed", "under_execution")
    assert "ground" in refused.effect_detail
    response = api_client_for(actors.officer_a).get(f"/api/v1/exchange/messages/{refused.pk}/")
    assert response.json()["effect"] == "not_allowed"


def test_a_case_closed_here_is_left_alone(actors, network, requested):
    from rogatory.cases import services as cases

    cases.transition(requested.case, actors.officer_a, "withdrawn")
    _status_from_there(actors, network, requested, "executed", 9)
    assert _case_status(requested) == "withdrawn"
    assert Message.objects.get(kind="status").effect == "closed"


def test_status_without_sequence_is_ordered_by_its_signed_time(actors, network, requested):
    now = datetime.datetime.now(UTC)
    for status, created in (("under_execution", now), ("received", now - timedelta(minutes=1))):
        services.receive(_sealed_by_there(
            actors, network, kind="status", conversation_id=str(requested.conversation_id),
            created=created, body={"status": status}))
    assert _case_status(requested) == "under_execution"
    assert Message.objects.get(body__status="received").effect == "older"


# --- one evidence chain across both nodes ------------------------------------------------------

def _submitted(network, data: bytes) -> str:
    here, there = network
    return nodes.submission_by_there(here, there, data, services.trust())


def _chain(message: Message) -> list[dict]:
    export = json.loads(client_for(message.created_by or _officer(message)).get(
        f"/exchange/messages/{message.pk}/evidence/").content)
    return envelope.verify_evidence_chain([e["jws"] for e in export["evidences"]],
                                          services.trust())


def _officer(message: Message):
    from rogatory.accounts.models import Role, User

    return User.objects.get(authority=message.authority, role=Role.OFFICER)


def test_receiver_chains_its_evidences_to_the_senders_submission(actors, network):
    data = _sealed_by_there(actors, network)
    submission = _submitted(network, data)
    assert services.receive(data, submission).status == 200
    message = Message.objects.get()
    services.retrieve(message, actors.officer_a)
    services.accept(message, actors.officer_a)
    chain = _chain(message)
    assert [(e["type"], e["issuer_node"]) for e in chain] == [
        ("SubmissionAcceptance", "node-there"), ("Delivery", "node-here"),
        ("Retrieval", "node-here"), ("Acceptance", "node-here")]


def test_sender_holds_the_whole_chain_whatever_order_it_arrives_in(
        actors, network, django_capture_on_commit_callbacks, monkeypatch):
    _here, there = network
    fake = FakeTransport(lambda data: delivery_for(data))
    monkeypatch.setattr(tasks, "default_transport", lambda: fake)

    def delivery_for(_data):
        return nodes.evidence_by_there(there, "Delivery", str(message.message_id),
                                       message.manifest_hash, previous=fake.submissions[-1])

    message = _queue(actors, network, django_capture_on_commit_callbacks)
    assert tasks.deliver.call(message.outbox.pk) == "delivered"
    assert fake.submissions == [message.evidences.get(type="SubmissionAcceptance").token]
    delivery = message.evidences.get(type="Delivery").token
    retrieval = nodes.evidence_by_there(there, "Retrieval", str(message.message_id),
                                        message.manifest_hash, previous=delivery)
    acceptance = nodes.evidence_by_there(there, "Acceptance", str(message.message_id),
                                         message.manifest_hash, previous=retrieval)
    for token in (acceptance, retrieval):  # the later evidence's message comes first
        assert services.receive(_sealed_by_there(
            actors, network, kind="evidence", conversation_id=str(message.conversation_id),
            body={"message_id": str(message.message_id), "token": token})).status == 200
    assert [e["type"] for e in _chain(message)] == [
        "SubmissionAcceptance", "Delivery", "Retrieval", "Acceptance"]


def test_envelope_without_submission_evidence_starts_the_chain_at_delivery(actors, network):
    assert services.receive(_sealed_by_there(actors, network)).status == 200
    assert [e["type"] for e in _chain(Message.objects.get())] == ["Delivery"]


def _refusal_of(actors, network, submission) -> services.Answer:
    data = _sealed_by_there(actors, network)
    return services.receive(data, submission(data))


@pytest.mark.parametrize("forge", ["garbage", "other_message", "signed_by_receiver",
                                   "not_a_submission", "chained", "too_long"])
def test_invalid_submission_evidence_is_refused_and_nothing_stored(actors, network, forge):
    here, there = network

    def submission(data: bytes) -> str:
        honest = _submitted(network, data)
        claims = json.loads(envelope.jws.extract_compact(honest.encode()).payload)
        now = datetime.datetime.now(UTC)
        changed = {
            "other_message": {"message_id": envelope.new_id()},
            "not_a_submission": {"type": "Delivery"},
            "chained": {"previous_hash": "0" * 64},
        }.get(forge)
        if forge == "garbage":
            return "a.b.c"
        if forge == "too_long":
            return honest + "A" * services.MAX_EVIDENCE_CHARS
        if forge == "signed_by_receiver":  # this node cannot issue node-there's evidence
            return envelope.sign_evidence(claims, here.signing_key(now))
        return envelope.sign_evidence({**claims, **changed}, there.signing_key(now))

    answer = _refusal_of(actors, network, submission)
    assert (answer.status, answer.body["refused"]) == (422, "bad_evidence")
    assert not Message.objects.exists() and not Case.objects.exists()
    assert envelope.verify_evidence(answer.body["evidence"], services.trust())["type"] == (
        "NonDelivery")


def test_inbox_endpoint_takes_the_submission_evidence_header(actors, network):
    from django.test import Client

    data = _sealed_by_there(actors, network)
    response = Client().post("/exchange/inbox/", data, content_type="application/jose",
                             headers={"Rogatory-Submission-Evidence": _submitted(network, data)})
    assert response.status_code == 200
    assert Evidence.objects.filter(type="SubmissionAcceptance", issuer_node="node-there").exists()
