"""What the import commands share: run an importer and report its result or its errors."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rogatory.core.importing import ImportRejected


class ImportCommand(BaseCommand):
    importer: Callable[[Path], int]
    what = "rows"

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="UTF-8 CSV file")

    def handle(self, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            count = type(self).importer(path)
        except ImportRejected as error:
            raise CommandError(f"{path} was rejected; nothing was written.\n{error}") from error
        self.stdout.write(f"{count} {self.what} imported from {path}")
