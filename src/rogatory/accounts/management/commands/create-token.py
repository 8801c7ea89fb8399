from django.core.management.base import BaseCommand, CommandError

from rogatory.accounts.models import User
from rogatory.accounts.services import create_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, email: str, name: str, **options) -> None:
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as error:
            raise CommandError(f"no user with e-mail {email!r}") from error
        _token, key = create_token(user, name)
        self.stdout.write(key)
