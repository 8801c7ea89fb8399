"""Demo cases: fictional incoming and outgoing requests of the NL and FR demo authorities,
with varied kinds, statuses and dates so that the statistics show something. Idempotent."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from rogatory.accounts.models import Role, User
from rogatory.cases import services
from rogatory.cases.models import Case, CaseLink
from rogatory.directory.models import Authority

MARK = "(demo)"
# (direction, kind, counterpart, legal basis, offences, started days ago,
#  [(status, days after start), ...], grounds of refusal)
SCENARIOS = [
    ("outgoing", "mla", "MX", "UNTOC", ["drug_trafficking"], 300,
     [("acknowledged", 10), ("under_execution", 30), ("executed", 120)], ()),
    ("outgoing", "mla", "CN", "UNTOC", ["money_laundering"], 260,
     [("acknowledged", 14), ("under_execution", 40), ("executed", 190)], ()),
    ("outgoing", "extradition", "BR", "reciprocity", ["participation_in_ocg"], 220,
     [("acknowledged", 20), ("refused", 90)], ("18_21_b",)),
    ("outgoing", "e_evidence_preservation", "US", "BUDAPEST", ["cybercrime"], 80, [], ()),
    ("outgoing", "mla", "US", "BUDAPEST", ["cybercrime"], 20, [("acknowledged", 5)], ()),
    ("outgoing", "confiscation", "CH", "VIENNA-1988", ["drug_trafficking"], 150,
     [("under_execution", 25), ("partially_executed", 100)], ()),
    ("outgoing", "mla", "NG", "UNTOC-TIP", ["trafficking_in_persons"], 120,
     [("returned", 45)], ()),
    ("incoming", "mla", "CO", "UNTOC", ["drug_trafficking"], 200,
     [("checked", 5), ("assigned", 9), ("under_execution", 15), ("executed", 95)], ()),
    ("incoming", "mla", "TR", "UNTOC-SOM", ["smuggling_of_migrants"], 90,
     [("checked", 7), ("assigned", 12), ("under_execution", 20)], ()),
    ("incoming", "extradition", "RU", "ETS-024", ["corruption"], 170,
     [("checked", 10), ("refused", 60)], ("16_14",)),
    ("incoming", "mla", "ZA", "UNTOC", ["firearms_trafficking"], 12, [], ()),
    ("incoming", "jit", "BE", "domestic_law", ["participation_in_ocg"], 60,
     [("checked", 3), ("assigned", 4), ("under_execution", 10), ("postponed", 40)], ()),
]
COUNTERPART_NAMES = {"outgoing": "Central authority of the requested State (demo)",
                     "incoming": "Central authority of the requesting State (demo)"}


def _officer(authority: Authority) -> User | None:
    return (User.objects.filter(authority=authority, role=Role.OFFICER, is_active=True)
            .order_by("pk").first())


def _scenario(authority: Authority, officer: User, number: int, spec: tuple,
              today: datetime.date) -> Case:
    direction, kind, counterpart, basis, offences, ago, path, grounds = spec
    started = today - datetime.timedelta(days=ago)
    case = services.register_case(
        authority=authority, created_by=officer, direction=direction, kind=kind,
        counterpart_state=counterpart, counterpart_authority_name=COUNTERPART_NAMES[direction],
        legal_basis=basis, offences=offences, title=f"Demo case {number} {MARK}",
        status="sent" if direction == "outgoing" else "", sent_at=started,
        summary="Fictional case for trying the register.")
    for status, after in path:
        note = "More information requested (demo)." if status in ("returned", "postponed") else ""
        case = services.transition(case, officer, status,
                                   on=started + datetime.timedelta(days=after), note=note,
                                   grounds=grounds if status == "refused" else ())
    return case


def load(out: Callable[[str], None]) -> None:
    today = timezone.localdate()
    for alpha2 in ("NL", "FR"):
        authority = (Authority.objects.filter(state_id=alpha2, part=Authority.Part.CENTRAL)
                     .order_by("pk").first())
        officer = _officer(authority) if authority else None
        if authority is None or officer is None:
            out(f"  demo cases: no demo authority with an officer in {alpha2}; skipped")
            continue
        if Case.objects.filter(authority=authority, title__endswith=MARK).exists():
            continue
        cases = [_scenario(authority, officer, n, spec, today)
                 for n, spec in enumerate(SCENARIOS, start=1)]
        # The preservation (case 4) is left without a follow-up so that it shows as flagged.
        services.link_cases(cases[0], cases[1], CaseLink.Type.SAME_INVESTIGATION, officer)
        services.add_action(cases[8], officer, "Hear the witness (demo)",
                            today + datetime.timedelta(days=5))
        # One incoming request past the date promised to the requesting State: overdue.
        services.update_case(cases[8], officer, cases[8].version,
                             {"due_date": today - datetime.timedelta(days=10)})
        out(f"  demo cases for {authority}: {len(cases)}")
