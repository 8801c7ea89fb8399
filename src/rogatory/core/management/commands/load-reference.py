from django.core.management.base import BaseCommand

from rogatory.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load the shipped reference data (States, instruments, treaty facts, ...). Idempotent."

    def handle(self, *args, **options) -> None:
        for config, module in app_modules("reference"):
            self.stdout.write(f"{config.label}: loading reference data")
            module.load(self.stdout.write)
