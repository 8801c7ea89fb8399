from django.core.management.base import BaseCommand

from rogatory.cases import summary


class Command(BaseCommand):
    help = ("Recount the statistics summary over every authority from the cases (after a "
            "restore from an old backup or a repair by hand; triggers keep it current).")

    def handle(self, *args, **options) -> None:
        rows = summary.rebuild()
        self.stdout.write(f"case statistics summary rebuilt: {rows} row(s)")
