"""Demo authorities: fictional contacts for a handful of real States, labelled as demo."""

from collections.abc import Callable

from rogatory.directory.models import Authority
from rogatory.states.models import State

DEMO_AUTHORITIES = [
    ("NL", "Ministerie van Justitie en Veiligheid — Afdeling Internationale Rechtshulp (demo)",
     "Ministry of Justice and Security — International Legal Assistance (demo)"),
    ("FR", "Ministère de la Justice — Bureau de l'entraide pénale internationale (démo)",
     "Ministry of Justice — International Criminal Assistance Office (demo)"),
    ("CN", "司法部 — 国际合作局（演示）", "Ministry of Justice — International Cooperation (demo)"),
    ("MX", "Fiscalía General de la República — Asuntos Internacionales (demo)",
     "Attorney General's Office — International Affairs (demo)"),
]


def load(out: Callable[[str], None]) -> None:
    for alpha2, name, name_en in DEMO_AUTHORITIES:
        Authority.objects.get_or_create(
            state=State.objects.get(alpha2=alpha2), part=Authority.Part.CENTRAL, name_en=name_en,
            defaults={"name": name},
        )
    out(f"  demo authorities: {len(DEMO_AUTHORITIES)}")
