"""Reference States: every ISO 3166-1 entry (pycountry), named through CLDR (Babel)."""

from collections.abc import Callable

import pycountry
from django.db import transaction

from rogatory.states.models import State


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    created = 0
    for country in pycountry.countries:
        _state, was_created = State.objects.update_or_create(
            alpha2=country.alpha_2,
            defaults={"alpha3": country.alpha_3, "numeric": country.numeric},
        )
        created += was_created
    out(f"  {State.objects.count()} States ({created} new)")
