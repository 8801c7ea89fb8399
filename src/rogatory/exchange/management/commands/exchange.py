"""`rogatory exchange worker`: deliver the outbox (django-tasks' database worker on the
exchange queue). SIGTERM and Ctrl-C let the current delivery finish, then stop; a worker
killed outright leaves its row to the next worker once the row's lease ends."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
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

    def handle(self, *args, action: str, interval: float, batch: bool, **options) -> None:
        requeued = tasks.requeue_stale()
        self.stdout.write(f"exchange worker: {requeued} pending deliveries enqueued")
        if not batch and not DBTaskResult.objects.ready().filter(
                task_path=tasks.sweep.module_path).exists():
            tasks.sweep.using(run_after=timezone.now() + tasks.SWEEP_EVERY).enqueue()
        call_command("db_worker", queue_name=tasks.QUEUE, interval=interval, batch=batch,
                     reload=False, verbosity=options["verbosity"])
