"""Directory benchmark: routing and filtered search over a full-size directory.

    DATABASE_URL=sqlite:////tmp/bench-directory.sqlite3 .venv/bin/python bench/directory.py [N]

Creates N authorities per State (default 8, i.e. ~2,000 entries, more than the real UNODC
directory holds) with contacts and designations, then times `selectors.route` and the
filtered list API. Uses a throw-away database given by DATABASE_URL.
"""

import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench-directory.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from rogatory.accounts.models import Role, User  # noqa: E402
from rogatory.directory.models import Authority, Channel, Contact, Designation, Function  # noqa: E402
from rogatory.directory.selectors import route  # noqa: E402
from rogatory.states.models import State  # noqa: E402


def build(per_state: int) -> list[str]:
    call_command("migrate", verbosity=0)
    call_command("load-reference", verbosity=0)
    Authority.objects.all().delete()
    return _fill(per_state)


@transaction.atomic
def _fill(per_state: int) -> list[str]:
    states = list(State.objects.values_list("pk", flat=True))
    rng = random.Random(1)
    for state in states:
        for index in range(per_state):
            authority = Authority.objects.create(
                state_id=state, part=1 if index < 2 else 2, name=f"Authority {state} {index}",
                functions=rng.sample(Function.values, 3) + (["mla"] if index == 0 else []),
                languages=rng.sample(["en", "fr", "es", "ar", "zh", "ru", "nl", "de"], 2),
                channels=rng.sample(Channel.values, 2))
            Contact.objects.create(authority=authority, name=f"Contact {index}",
                                   phones=["+31703707911"])
            Designation.objects.create(authority=authority, basis="untoc_18_13",
                                       instrument="UNTOC")
    return states


def timed(label: str, runs: int, call) -> None:
    start = time.perf_counter()
    for _ in range(runs):
        call()
    elapsed = (time.perf_counter() - start) / runs * 1000
    print(f"{label:48} {elapsed:8.2f} ms/call ({runs} runs)")


def main() -> None:
    per_state = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    start = time.perf_counter()
    states = build(per_state)
    print(f"built {Authority.objects.count()} authorities in {time.perf_counter() - start:.1f} s")
    rng = random.Random(2)
    timed("route(state, 'mla')", 200, lambda: route(rng.choice(states), "mla"))
    timed("route(state, 'extradition', urgent=True)", 200,
          lambda: route(rng.choice(states), "extradition", urgent=True))
    user, _ = User.objects.get_or_create(email="bench@example.org",
                                         defaults={"role": Role.PRACTITIONER, "state_id": "NL"})
    client = APIClient()
    client.force_authenticate(user)
    timed("GET /api/v1/authorities/?function=mla&language=en", 20,
          lambda: client.get("/api/v1/authorities/?function=mla&language=en"))
    timed("GET /api/v1/authorities/?state=NL", 20,
          lambda: client.get("/api/v1/authorities/?state=NL"))


if __name__ == "__main__":
    main()
