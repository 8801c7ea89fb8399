import datetime

from django.core.management.base import BaseCommand, CommandParser

from rogatory.cases import services


class Command(BaseCommand):
    help = ("E-mail reminders before and after the due dates of open cases and actions "
            "(run daily from cron; each reminder is sent once per due date and stage).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat,
                            help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date: datetime.date | None = None, **options) -> None:
        sent = services.send_reminders(date)
        self.stdout.write(f"{len(sent)} reminder(s) sent")
