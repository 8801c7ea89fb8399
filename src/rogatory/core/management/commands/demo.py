from django.core.management.base import BaseCommand

from rogatory.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load the fictional, clearly labelled demo data set and print the demo accounts."

    def handle(self, *args, **options) -> None:
        for _config, module in app_modules("demo"):
            module.load(self.stdout.write)
