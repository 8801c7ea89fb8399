"""Delivery of the outbox by the task queue (django-tasks). The task API retries nothing: the
outbox row is the truth, counts its attempts and is re-enqueued with a back-off; a worker
claims a row by a conditional UPDATE (exactly one wins, no SKIP LOCKED, so SQLite works) and
holds it for a lease, so a worker killed mid-delivery leaves it to the next one. A worker
process delivers with several threads (`run_workers`): a delivery mostly waits for the other
node, so the rows due go side by side."""

import datetime
import logging
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import partial

from django.conf import settings
from django.db import OperationalError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from rogatory.exchange import services
from rogatory.exchange.envelope import EvidenceType
from rogatory.exchange.models import Outbox
from rogatory.exchange.transport import Receipt, TransportError, default_transport

logger = logging.getLogger(__name__)
QUEUE = "exchange"
MAX_BACKOFF = datetime.timedelta(hours=1)
# How often the sweep looks for rows nobody is working on (a lost task, a killed worker).
SWEEP_EVERY = datetime.timedelta(seconds=60)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before attempt `attempts + 1`: the base, doubled each time, at most an hour."""
    seconds = settings.EXCHANGE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def claim(outbox_id: int) -> bool:
    """Take the row for one attempt if it is due and nobody holds it."""
    now = timezone.now()
    return Outbox.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=outbox_id, status=Outbox.Status.PENDING, next_attempt_at__lte=now,
    ).update(claimed_until=now + datetime.timedelta(seconds=settings.EXCHANGE_LEASE_SECONDS),
             attempts=F("attempts") + 1) == 1


@task(queue_name=QUEUE)
def deliver(outbox_id: int) -> str:
    """One attempt at delivering one outbox row."""
    if not claim(outbox_id):
        return "not due or held"
    row = Outbox.objects.select_related("message").get(pk=outbox_id)
    if timezone.now() >= row.message.expires:
        give_up(row, "expired before delivery")
        return "expired"
    try:
        receipt = default_transport().deliver(row.endpoint, bytes(row.message.envelope),
                                              services.submission_evidence(row.message))
    except TransportError as error:
        return _failed(row, error)
    _delivered(row, receipt)
    return "delivered"


def _delivered(row: Outbox, receipt: Receipt) -> None:
    with transaction.atomic():
        services.store_evidence(row.message, receipt.evidence)
        Outbox.objects.filter(pk=row.pk).update(status=Outbox.Status.DELIVERED,
                                                finished_at=timezone.now(),
                                                claimed_until=None, last_error="")


def _failed(row: Outbox, error: TransportError) -> str:
    logger.info("exchange delivery %s failed (attempt %s): %s", row.pk, row.attempts, error)
    if error.permanent:
        give_up(row, str(error), error.evidence)
        return "refused"
    due = timezone.now() + backoff(row.attempts)
    if due >= row.message.expires:
        due = row.message.expires  # one last look at expiry, which gives up
    with transaction.atomic():
        Outbox.objects.filter(pk=row.pk).update(next_attempt_at=due, claimed_until=None,
                                                last_error=str(error)[:1000])
        transaction.on_commit(partial(deliver.using(run_after=due).enqueue, row.pk))
    return "retry"


def give_up(row: Outbox, reason: str, evidence: str = "") -> None:
    """NonDelivery: the receiver's own when it refused and said so, else this node's; the
    requesting officer is told by e-mail."""
    with transaction.atomic():
        stored = None
        if evidence:
            try:
                stored = services.store_evidence(row.message, evidence)
            except Exception:  # an unverifiable refusal is no evidence: record our own
                logger.warning("refusal evidence of outbox %s does not verify", row.pk)
        if stored is None:
            services.issue_evidence(row.message, EvidenceType.NON_DELIVERY, reason=reason)
        Outbox.objects.filter(pk=row.pk).update(status=Outbox.Status.FAILED,
                                                finished_at=timezone.now(), claimed_until=None,
                                                last_error=reason[:1000])
        transaction.on_commit(partial(services.tell_not_delivered, row.message_id))


@task(queue_name=QUEUE)
def sweep() -> int:
    """Enqueue every pending row that is due and held by nobody (its task lost with a
    killed worker, or never enqueued), then come back later."""
    count = requeue_stale()
    sweep.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return count


def requeue_stale() -> int:
    now = timezone.now()
    stale = Outbox.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Outbox.Status.PENDING, next_attempt_at__lte=now,
    ).values_list("pk", flat=True)
    ids = list(stale)
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)


# --- the worker process ------------------------------------------------------------------------

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_workers(threads: int, interval: float, batch: bool = False) -> None:
    """Deliver the exchange queue, `threads` deliveries at once, until stopped (or, with
    `batch`, until nothing is due). One loop takes the tasks as django-tasks' db_worker does
    and hands each to a free thread: an idle worker costs one look at the task table per
    `interval` however many threads it has, and `deliver` still claims each row by the
    conditional UPDATE, so no row is delivered twice. The first SIGTERM or Ctrl-C lets the
    deliveries in progress finish; a second one exits at once (the rows' leases bring them
    back)."""
    worker = Worker(queue_names=[QUEUE], interval=interval, batch=batch,
                    backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False,
                    max_tasks=None, worker_id=get_random_string(32), excluded_queue_names=[])
    previous = {sig: signal.signal(sig, partial(_stop, worker)) for sig in STOP_SIGNALS}
    try:
        with ThreadPoolExecutor(threads, thread_name_prefix="exchange") as pool:
            _dispatch(worker, pool, threads)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(worker: Worker, _signum: int, _frame) -> None:
    if not worker.running:
        os._exit(1)  # asked twice: do not wait for the deliveries
    worker.running = False


def _dispatch(worker: Worker, pool: ThreadPoolExecutor, threads: int) -> None:
    running: set[Future] = set()
    while worker.running:
        if len(running) < threads:
            close_old_connections()
            try:
                found = _take(worker.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                time.sleep(worker.interval)  # SQLite busy past its time-out: look again
                continue
            if found is not None:
                running.add(pool.submit(_run, worker, found))
                continue
            if not running:
                if worker.batch:
                    return
                time.sleep(worker.interval)
                continue
        # every thread busy, or nothing ready while some deliveries run: wait for one
        running = wait(running, timeout=max(worker.interval, 0.1),
                       return_when=FIRST_COMPLETED).not_done


def _take(worker_id: str) -> DBTaskResult | None:
    """The next ready task of the exchange queue, marked as run by this worker (in an
    exclusive transaction, as db_worker takes it)."""
    ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                                                queue_name=QUEUE)
    with exclusive_transaction(ready.db):
        found = ready.get_locked()
        if found is not None:
            found.claim(worker_id)
        return found


def _run(worker: Worker, found: DBTaskResult) -> None:
    try:
        worker.run_task(found)  # records the result or the failure, as db_worker does
    finally:
        close_old_connections()
