"""Reads of the case register: what a user may see, filtered lists, statistics, due items."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from rogatory.accounts.models import Role, User
from rogatory.cases import deadlines, summary, workflow
from rogatory.cases.models import Case, CaseAction, CaseLink, CaseShare, Kind
from rogatory.directory.models import Authority

CLOSED = sorted(workflow.CLOSED)


def today() -> datetime.date:
    return timezone.localdate()


def visible_cases(user: User) -> QuerySet[Case]:
    """Cases of the user's own authority and those shared with the user; nothing else.
    Secretariat and focal points see no case (only statistics)."""
    if not (user.is_authenticated and user.is_active
            and user.role in (Role.OFFICER, Role.PRACTITIONER)):
        return Case.objects.none()
    # Shared ids first: keeps the authority filter a plain indexed equality.
    shared = list(CaseShare.objects.filter(user=user).values_list("case_id", flat=True))
    scope = Q(pk__in=shared) if shared else Q(pk__in=[])
    if user.authority_id:
        scope |= Q(authority_id=user.authority_id)
    return Case.objects.filter(scope)


def overdue_q(on: datetime.date) -> Q:
    """Open cases past their due date or with an action past its own (not done)."""
    late_actions = CaseAction.objects.filter(done_at__isnull=True, due_date__lt=on)
    return ~Q(status__in=CLOSED) & (Q(due_date__lt=on) | Q(pk__in=late_actions.values("case_id")))


@dataclass
class CaseFilters:
    direction: str = ""
    status: str = ""
    counterpart: str = ""
    kind: str = ""
    overdue: bool = False
    q: str = ""


def filter_cases(cases: QuerySet[Case], filters: CaseFilters,
                 on: datetime.date | None = None) -> QuerySet[Case]:
    if filters.direction:
        cases = cases.filter(direction=filters.direction)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.counterpart:
        cases = cases.filter(counterpart_state_id=filters.counterpart.upper())
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.overdue:
        cases = cases.filter(overdue_q(on or today()))
    if filters.q:
        cases = cases.filter(Q(reference__icontains=filters.q) | Q(title__icontains=filters.q))
    return cases.order_by("-sent_at", "-id")


def register_page(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("counterpart_state", "authority")


# --- statistics ----------------------------------------------------------------------------

@dataclass
class StatisticsScope:
    cases: QuerySet[Case]
    level: str           # "authority", "state" or "all"
    label: str


def statistics_scope(user: User, state: str = "") -> StatisticsScope | None:
    """Which cases a user's statistics aggregate (None: no statistics for this user)."""
    cases = Case.objects.all()
    if user.role == Role.SECRETARIAT and user.is_active:
        if state:
            return StatisticsScope(cases.filter(authority__state_id=state.upper()), "state",
                                   state.upper())
        return StatisticsScope(cases, "all", "")
    if user.role == Role.FOCAL_POINT and user.state_id:
        return StatisticsScope(cases.filter(authority__state_id=user.state_id), "state",
                               user.state_id)
    if user.role in (Role.OFFICER, Role.PRACTITIONER) and user.authority_id:
        return StatisticsScope(cases.filter(authority_id=user.authority_id), "authority",
                               str(Authority.objects.get(pk=user.authority_id)))
    return None


@dataclass
class Counts:
    """What the statistics are made of, counted from the cases or read from the summary."""

    by_direction_status: Counter   # (direction, status) -> cases
    by_kind: Counter
    by_counterpart: Counter
    by_legal_basis: Counter
    durations: Counter             # days from sent to executed -> executed cases
    grounds: Counter               # ground of refusal -> refused cases giving it
    overdue: int


def _counter(cases: QuerySet[Case], field: str) -> Counter:
    return Counter({value or "": n for value, n in
                    cases.values_list(field).annotate(n=Count("id")).order_by()})


def _ranked(counted: Counter) -> list[tuple[str, int]]:
    """Largest first, ties by code: the same order on every database."""
    return sorted(((value, n) for value, n in counted.items() if n), key=lambda p: (-p[1], p[0]))


def _in_period(cases: QuerySet[Case], date_from: datetime.date | None,
               date_to: datetime.date | None) -> QuerySet[Case]:
    if date_from:
        cases = cases.filter(sent_at__gte=date_from)
    if date_to:
        cases = cases.filter(sent_at__lte=date_to)
    return cases


def count_cases(cases: QuerySet[Case], on: datetime.date) -> Counts:
    grounds: Counter = Counter()
    for codes in cases.filter(status=workflow.REFUSED).values_list("refusal_grounds",
                                                                   flat=True):
        grounds.update(codes or [])
    return Counts(
        by_direction_status=Counter({(d, st): n for d, st, n in cases.values_list(
            "direction", "status").annotate(n=Count("id")).order_by()}),
        by_kind=_counter(cases, "kind"),
        by_counterpart=_counter(cases, "counterpart_state_id"),
        by_legal_basis=_counter(cases, "legal_basis"),
        durations=Counter(dict(
            cases.filter(status=workflow.EXECUTED, days_to_outcome__isnull=False)
            .values_list("days_to_outcome").annotate(n=Count("id")).order_by())),
        grounds=grounds,
        overdue=cases.filter(overdue_q(on)).count(),
    )


def count_summary(on: datetime.date, date_from: datetime.date | None,
                  date_to: datetime.date | None) -> Counts:
    """The same counts over every authority, from the summary table (see summary.py)."""
    parts: dict[str, Counter] = {}
    for (dimension, value), n in summary.totals(date_from, date_to).items():
        parts.setdefault(dimension, Counter())[value] += n
    today_code = on.isoformat()
    return Counts(
        by_direction_status=Counter({tuple(key.split(":", 1)): n for key, n
                                     in parts.get("status", Counter()).items()}),
        by_kind=parts.get("kind", Counter()),
        by_counterpart=parts.get("counterpart", Counter()),
        by_legal_basis=parts.get("basis", Counter()),
        durations=Counter({int(days): n for days, n in parts.get("days", Counter()).items()}),
        grounds=parts.get("ground", Counter()),
        overdue=sum(n for due, n in parts.get("due", Counter()).items() if due < today_code)
        + summary.late_by_action(on, date_from, date_to),
    )


def scope_statistics(scope: StatisticsScope, date_from: datetime.date | None = None,
                     date_to: datetime.date | None = None,
                     on: datetime.date | None = None) -> dict:
    """`case_statistics` of the scope; over every authority, read from the summary."""
    if scope.level == "all":
        on = on or today()
        return assemble(count_summary(on, date_from, date_to), date_from, date_to)
    return case_statistics(scope.cases, date_from, date_to, on)


def case_statistics(cases: QuerySet[Case], date_from: datetime.date | None = None,
                    date_to: datetime.date | None = None,
                    on: datetime.date | None = None) -> dict:
    """Aggregates only: counts by direction, status, kind, counterpart, legal basis, outcome;
    median and 90th-percentile days from sent to executed; grounds of refusal; open and
    overdue counts. The date range applies to the day a request was sent or received."""
    counts = count_cases(_in_period(cases, date_from, date_to), on or today())
    return assemble(counts, date_from, date_to)


def assemble(counts: Counts, date_from: datetime.date | None,
             date_to: datetime.date | None) -> dict:
    by_status: Counter = Counter()
    by_direction: Counter = Counter()
    for (direction, status), n in counts.by_direction_status.items():
        if n:
            by_status[status] += n
            by_direction[direction] += n
    legal = _ranked(counts.by_legal_basis)
    known_basis = sum(n for code, n in legal if code)
    untoc = sum(n for code, n in legal if code == "UNTOC" or code.startswith("UNTOC-"))
    durations = counts.durations
    return {
        "date_from": date_from, "date_to": date_to, "total": sum(by_direction.values()),
        "by_direction": dict(by_direction),
        "by_status": dict(by_status),
        "by_kind": _ranked(counts.by_kind),
        "by_counterpart": _ranked(counts.by_counterpart)[:20],
        "by_legal_basis": legal,
        "untoc_basis": {"count": untoc, "of_known": known_basis,
                        "share": round(untoc / known_basis, 3) if known_basis else None},
        "outcomes": {status: by_status.get(status, 0) for status in
                     (workflow.EXECUTED, workflow.PARTIALLY_EXECUTED, workflow.REFUSED,
                      workflow.WITHDRAWN)},
        "days_to_execution": {
            "count": durations.total(),
            "median": deadlines.percentile_of_counts(durations, 50),
            "p90": deadlines.percentile_of_counts(durations, 90),
        },
        "refusal_grounds": sorted(counts.grounds.items(), key=lambda p: (-p[1], p[0])),
        "open": sum(n for status, n in by_status.items() if workflow.is_open(status)),
        "overdue": counts.overdue,
    }


def monthly_counts(cases: QuerySet[Case], date_from: datetime.date | None = None,
                   date_to: datetime.date | None = None) -> list[tuple[str, int, int]]:
    """(YYYY-MM, outgoing, incoming) per month, for the trend chart."""
    rows = (_in_period(cases, date_from, date_to).filter(sent_at__isnull=False)
            .annotate(month=TruncMonth("sent_at")).values_list("month", "direction")
            .annotate(n=Count("id")).order_by("month"))
    return _by_month((month.strftime("%Y-%m"), direction, n) for month, direction, n in rows)


def scope_monthly_counts(scope: StatisticsScope, date_from: datetime.date | None = None,
                         date_to: datetime.date | None = None) -> list[tuple[str, int, int]]:
    """`monthly_counts` of the scope; over every authority, read from the summary."""
    if scope.level != "all":
        return monthly_counts(scope.cases, date_from, date_to)
    rows = sorted((month, key.split(":", 1)[0], n) for month, _d, key, n
                  in summary.rows(date_from, date_to, "status") if month)
    return _by_month(rows)


def _by_month(rows) -> list[tuple[str, int, int]]:
    months: dict[str, list[int]] = {}
    for key, direction, n in rows:
        months.setdefault(key, [0, 0])[0 if direction == workflow.OUTGOING else 1] += n
    return [(key, out, inc) for key, (out, inc) in months.items()]


# --- deadlines -----------------------------------------------------------------------------

def _follow_ups() -> QuerySet[CaseLink]:
    return CaseLink.objects.filter(type=CaseLink.Type.FOLLOW_UP, target__kind=Kind.MLA)


def has_follow_up(case: Case) -> bool:
    return _follow_ups().filter(source=case).exists()


def lapsing_without_follow_up(case: Case, on: datetime.date | None = None) -> bool:
    """A preservation close to its expiry with no MLA request linked to follow it."""
    return (case.kind == Kind.E_EVIDENCE_PRESERVATION and case.is_open
            and deadlines.lapses_soon(case.due_date, on or today()) and not has_follow_up(case))


def due_items(user: User, on: datetime.date | None = None) -> dict:
    """The user's open cases and actions due within the horizon or overdue."""
    on = on or today()
    horizon = on + datetime.timedelta(days=deadlines.DASHBOARD_HORIZON_DAYS)
    mine = visible_cases(user)
    cases = list(mine.filter(responsible=user, due_date__lte=horizon)
                 .exclude(status__in=CLOSED).select_related("counterpart_state")
                 .order_by("due_date")[:50])
    actions = list(CaseAction.objects.filter(case__in=mine, assigned_to=user,
                                             done_at__isnull=True, due_date__lte=horizon)
                   .select_related("case").order_by("due_date")[:50])
    preservations = list(mine.filter(kind=Kind.E_EVIDENCE_PRESERVATION,
                                     due_date__lte=on + datetime.timedelta(
                                         days=deadlines.LAPSE_WARNING_DAYS))
                         .exclude(status__in=CLOSED)
                         .exclude(Exists(_follow_ups().filter(source=OuterRef("pk"))))
                         .order_by("due_date")[:50])
    return {"today": on, "cases": cases, "actions": actions, "lapsing": preservations}
