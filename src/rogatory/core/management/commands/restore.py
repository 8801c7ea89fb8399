from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rogatory.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `rogatory backup` into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, path: Path, **options) -> None:
        try:
            restore_backup(path, self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
