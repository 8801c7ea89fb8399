"""Demo data: one clearly fictional bilateral treaty, labelled DEMO, so that a newcomer sees
a bilateral treaty come first in the legal-basis finder. Never part of the reference data."""

from collections.abc import Callable

from rogatory.states.services import import_instruments

DEMO_INSTRUMENTS = (
    "code,name,kind,scope,offences,parties,adopted,in_force,source\n"
    "DEMO-NL-FR-MLA,DEMO (fictional) Treaty on mutual legal assistance between the Netherlands "
    "and France,bilateral,mla|confiscation,,NL|FR,2020-01-15,2021-03-01,"
    "demo data: fictional treaty for trying Rogatory\n"
    "DEMO-CN-NL-EXT,DEMO (fictional) Extradition treaty between China and the Netherlands,"
    "bilateral,extradition,,CN|NL,2019-05-20,2030-01-01,"
    "demo data: fictional treaty for trying Rogatory (not yet in force)\n"
)


def load(out: Callable[[str], None]) -> None:
    count = import_instruments(DEMO_INSTRUMENTS.encode())
    out(f"  {count} DEMO bilateral treaties (fictional)")
