from pathlib import Path

from django.core.management.base import BaseCommand

from rogatory.core.backup import create_backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and uploaded documents to PATH (tar.gz)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, path: Path, **options) -> None:
        create_backup(path, self.stdout.write)
