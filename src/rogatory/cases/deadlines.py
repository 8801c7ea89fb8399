"""Deadline rules and reminder stages, as data with small pure functions (no Django).

A rule gives a case its due date from the day it started (sent or received); a date set by
hand always wins. Reminders go out in stages; a stage is sent once per due date, so a case
whose date moves gets reminded again, and a case whose date stays does not.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

PRESERVATION = "e_evidence_preservation"
MLA = "mla"


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str            # case kind the rule applies to
    days: int            # due this many days after the case started
    basis: str           # where the number comes from, shown to users


RULES: tuple[Rule, ...] = (
    # Budapest Convention art. 29(7): a preservation lasts at least 60 days; the common
    # practice (and Rogatory's default) is 90 days, renewable.
    Rule("preservation_expiry", PRESERVATION, 90, "Budapest Convention art. 29(7)"),
)
EXTENSION_DAYS = 90       # a preservation extended runs this much longer
LAPSE_WARNING_DAYS = 14   # flag a preservation that lapses within this many days
DASHBOARD_HORIZON_DAYS = 14


@dataclass(frozen=True)
class Stage:
    code: str
    offset: int  # days relative to the due date: negative = before, positive = after


# Before the due date, on the day, and after it (overdue, then a week later).
STAGES: tuple[Stage, ...] = (
    Stage("upcoming", -7), Stage("due", 0), Stage("overdue", 1), Stage("overdue_week", 7),
)


def rule_for(kind: str) -> Rule | None:
    return next((rule for rule in RULES if rule.kind == kind), None)


# UNTOC art. 18(24) (UNCAC art. 46(24)): the requested State "shall execute the request …
# as soon as possible and shall take as full account as possible of any deadlines suggested
# by the requesting State Party". The treaties set no number of days, so an urgent incoming
# request is due after the number of days the platform is configured with
# (settings.ROGATORY_URGENT_DUE_DAYS, this default unless set).
URGENT_INCOMING = "urgent_incoming"
URGENT_BASIS = "UNTOC art. 18(24); UNCAC art. 46(24)"
DEFAULT_URGENT_DAYS = 30


def due_by_rule(kind: str, started: datetime.date | None, *, urgent_incoming: bool = False,
                urgent_days: int = DEFAULT_URGENT_DAYS) -> tuple[datetime.date | None, str]:
    """(due date, rule code) for a case of this kind that started on `started`: the
    earliest date of the rules that apply (its kind's, and the urgent incoming request's)."""
    if started is None:
        return None, ""
    rule = rule_for(kind)
    dates = [(started + datetime.timedelta(days=rule.days), rule.code)] if rule else []
    if urgent_incoming:
        dates.append((started + datetime.timedelta(days=urgent_days), URGENT_INCOMING))
    return min(dates) if dates else (None, "")


def current_stage(due: datetime.date, today: datetime.date) -> Stage | None:
    """The latest stage reached by today for this due date (None before the first)."""
    reached = [s for s in STAGES if today >= due + datetime.timedelta(days=s.offset)]
    return reached[-1] if reached else None


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and due < today


def lapses_soon(due: datetime.date | None, today: datetime.date) -> bool:
    """A preservation whose expiry is near (or passed): time to send the MLA request."""
    return due is not None and due <= today + datetime.timedelta(days=LAPSE_WARNING_DAYS)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def percentile_of_counts(counts: Mapping[int, int], q: float) -> float | None:
    """`percentile` of the values each repeated `counts[value]` times, without the list."""
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    position = (total - 1) * q / 100
    low = int(position)
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    return _nth(ordered, low) + (_nth(ordered, min(low + 1, total - 1))
                                 - _nth(ordered, low)) * (position - low)


def _nth(ordered: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, n in ordered:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)
