from django.core.management.base import BaseCommand

from rogatory.directory.reminders import send_stale_reminders


class Command(BaseCommand):
    help = ("E-mail each national focal point the list of its State's directory entries not "
            "verified for twelve months (run daily or weekly from cron).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--base-url", default="",
                            help="site address for links in the e-mails, e.g. https://rogatory.example")

    def handle(self, base_url: str, **options) -> None:
        sent = send_stale_reminders(base_url.rstrip("/"))
        self.stdout.write(f"{sent} reminder(s) sent")
