"""The worker process (`rogatory exchange worker`): several delivery threads take the due
rows side by side, each row claimed once. Real threads on one database (a file copy under
SQLite, as several connections need)."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from rogatory.exchange import services, tasks
from rogatory.exchange.models import Outbox
from rogatory.exchange.transport import Receipt
from tests.exchange import nodes
from tests.exchange.test_flow import _delivery_by_there

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sqlite_on_file")]


@pytest.fixture
def network(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return nodes.configure(settings, tmp_path, actors.authority_a, actors.authority_b)


class RecordingTransport:
    """Answers the receiver's Delivery evidence; `together` deliveries must be in progress at
    once before any answers (a barrier: a worker delivering one row at a time breaks it)."""

    def __init__(self, network, together: int = 1):
        self.network, self.sent = network, []
        self.barrier = threading.Barrier(together, timeout=30)
        self.lock = threading.Lock()

    def deliver(self, endpoint: str, data: bytes, submission: str = "") -> Receipt:
        from rogatory.exchange.models import Message

        with self.lock:
            self.sent.append(data)
        self.barrier.wait()
        message = Message.objects.get(envelope=data)
        return Receipt(evidence=_delivery_by_there(self.network, message))


def _send(actors, title: str):
    return services.queue_message(
        kind="request", authority=actors.authority_a, to=services.peer("node-there"),
        recipient_authority=str(actors.authority_b.pk), body={"title": title})


def _work(threads: int) -> None:
    call_command("exchange", "worker", "--batch", "--threads", str(threads), verbosity=0)


def test_two_due_rows_are_delivered_at_once_and_each_once(actors, network, monkeypatch):
    transport = RecordingTransport(network, together=2)
    monkeypatch.setattr(tasks, "default_transport", lambda: transport)
    first, second = _send(actors, "one"), _send(actors, "two")
    _work(threads=2)  # the command also enqueues both again: four tasks, two rows
    rows = Outbox.objects.filter(message__in=[first, second])
    assert {(row.status, row.attempts) for row in rows} == {("delivered", 1)}
    assert sorted(transport.sent) == sorted([bytes(first.envelope), bytes(second.envelope)])
    for message in (first, second):
        assert message.evidences.filter(type="Delivery").count() == 1


def test_a_row_held_by_another_workers_lease_is_not_delivered(actors, network, monkeypatch):
    transport = RecordingTransport(network)
    monkeypatch.setattr(tasks, "default_transport", lambda: transport)
    free, held = _send(actors, "free"), _send(actors, "held")
    lease = timezone.now() + timedelta(minutes=2)
    Outbox.objects.filter(message=held).update(claimed_until=lease, attempts=1)
    _work(threads=2)
    assert transport.sent == [bytes(free.envelope)]
    row = Outbox.objects.get(message=held)
    assert (row.status, row.attempts, row.claimed_until) == ("pending", 1, lease)


def test_the_thread_count_must_be_positive(actors, network):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _work(threads=0)


def test_a_locked_database_is_looked_at_again(actors, network, monkeypatch):
    from django.db import OperationalError

    transport = RecordingTransport(network)
    monkeypatch.setattr(tasks, "default_transport", lambda: transport)
    take, calls = tasks._take, []

    def locked_once(worker_id: str):
        calls.append(worker_id)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return take(worker_id)

    monkeypatch.setattr(tasks, "_take", locked_once)
    message = _send(actors, "locked")
    _work(threads=2)
    assert transport.sent == [bytes(message.envelope)]
