from django.core.management.base import BaseCommand

from rogatory.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues with Babel (no system gettext needed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force: bool = False, **options) -> None:
        self.stdout.write(f"compiled {compile_catalogues(force=force)} catalogue(s)")
