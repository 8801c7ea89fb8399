from django.core.management.base import BaseCommand, CommandError

from rogatory.core.importing import ImportRejected
from rogatory.directory.csvio import import_directory


class Command(BaseCommand):
    help = ("Load authorities from a CSV file (the format of the directory's CSV export): "
            "created or updated by State and name, all in one transaction; a file with any "
            "bad row is rejected whole, with the line and the reason.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, path: str, **options) -> None:
        try:
            count = import_directory(path)
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {path}") from error
        except ImportRejected as error:
            raise CommandError("nothing was imported:\n" + str(error)) from error
        self.stdout.write(f"{count} authorities imported")
