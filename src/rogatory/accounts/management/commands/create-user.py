import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rogatory.accounts.models import Role, User
from rogatory.directory.models import Authority
from rogatory.states.models import State


class Command(BaseCommand):
    help = "Create (or update) an account with a role, for bootstrapping and operations."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--state", help="ISO alpha-2 code of the user's State")
        parser.add_argument("--authority", type=int, help="id of the user's authority")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from standard input")

    def handle(self, email: str, role: str, state: str | None, authority: int | None,
               name: str, password_stdin: bool, **options) -> None:
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        user = User.objects.filter(email__iexact=email).first() or User(email=email.lower())
        user.role, user.full_name = role, name or user.full_name
        user.state = self._state(state) if state else None
        user.authority = self._authority(authority) if authority else None
        if password:
            user.set_password(password)
        elif user.pk is None:
            user.set_unusable_password()
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}"
                                         for k, v in error.message_dict.items())) from error
        user.save()
        self.stdout.write(f"{user.email}: {user.get_role_display()} (id {user.pk})")

    def _state(self, code: str) -> State:
        try:
            return State.objects.get(alpha2=code.upper())
        except State.DoesNotExist as error:
            raise CommandError(f"unknown State code {code!r}") from error

    def _authority(self, pk: int) -> Authority:
        try:
            return Authority.objects.get(pk=pk)
        except Authority.DoesNotExist as error:
            raise CommandError(f"unknown authority id {pk}") from error
