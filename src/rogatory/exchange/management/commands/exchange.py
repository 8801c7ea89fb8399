"""`rogatory exchange worker`: deliver the outbox (django-tasks' database workers on the
exchange queue, several threads in one process). SIGTERM and Ctrl-C let the deliveries in
progress finish, then stop; a worker killed outright leaves its rows to the next worker once
the rows' leases end."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorker
from django_tasks_db.management.commands.db_worker import valid_max_tasks as positive
from django_tasks_db.models import DBTaskResult

from rogatory.exchange import tasks


class Command(BaseCommand):
    help = "Run the exchange's background work: `worker` delivers sent messages."

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        worker = commands.add_parser("worker", help="Deliver the outbox until stopped.")
        worker.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between looks at an empty queue (default 1).")
        worker.add_argument("--batch", action="store_true",
                            help="Deliver what is due, then exit.")
        worker.add_argument("--threads", type=positive, default=settings.EXCHANGE_WORKER_THREADS,
                            help="Deliveries at once (default ROGATORY_EXCHANGE_WORKER_THREADS"
                                 f", {settings.EXCHANGE_WORKER_THREADS}).")

    def handle(self, *args, action: str, interval: float, batch: bool, threads: int,
               **options) -> None:
        requeued = tasks.requeue_stale()
        self.stdout.write(f"exchange worker: {requeued} pending deliveries enqueued")
        if not batch and not DBTaskResult.objects.ready().filter(
                task_path=tasks.sweep.module_path).exists():
            tasks.sweep.using(run_after=timezone.now() + tasks.SWEEP_EVERY).enqueue()
        DbWorker(stdout=self.stdout).configure_logging(options["verbosity"])
        tasks.run_workers(threads, interval, batch)
