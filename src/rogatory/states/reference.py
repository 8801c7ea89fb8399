"""Reference data: every ISO 3166-1 entry (pycountry), UN membership, the UN short and
formal names (UNTERM), the instruments, the treaty facts and the UNTOC articles shipped in
`data/`. Idempotent."""

from collections.abc import Callable
from pathlib import Path

import pycountry
from django.db import transaction

from rogatory.states import organisations, services
from rogatory.states.models import State

DATA = Path(__file__).resolve().parent / "data"


def load_states() -> int:
    existing = {s.alpha2: s for s in State.objects.all()}
    new, changed = [], []
    for country in pycountry.countries:
        state = existing.get(country.alpha_2)
        if state is None:
            new.append(State(alpha2=country.alpha_2, alpha3=country.alpha_3,
                             numeric=country.numeric))
        elif (state.alpha3, state.numeric) != (country.alpha_3, country.numeric):
            state.alpha3, state.numeric = country.alpha_3, country.numeric
            changed.append(state)
    State.objects.bulk_create(new)
    State.objects.bulk_update(changed, ["alpha3", "numeric"])
    return len(new)


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    created = load_states()
    out(f"  {State.objects.count()} States ({created} new)")
    services.import_un_membership(DATA / "un_membership.csv")
    out("  UN membership: Members and observer States")
    out(f"  UN short and formal names of {services.import_countries(DATA / 'un_names.csv')} "
        "States and entities (UNTERM)")
    out(f"  {organisations.import_organisations(DATA / 'organisations.csv')} organisations")
    out(f"  {organisations.import_memberships(DATA / 'memberships.csv')} memberships")
    out(f"  {services.import_instruments(DATA / 'instruments.csv')} instruments")
    out(f"  {services.import_instruments(DATA / 'bilateral_instruments.csv')} bilateral "
        "treaties")
    out(f"  {services.import_treaty_facts(DATA / 'treaty_facts.csv')} treaty fact rows")
    out(f"  {organisations.import_state_facts(DATA / 'state_law.csv')} facts of national law")
    out(f"  {services.import_articles(DATA / 'articles.csv')} articles")
