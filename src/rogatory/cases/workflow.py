"""The status workflow of a case, as data: which status may follow which, and what each
step needs. Plain Python (no Django), so the table is the single place to read or change it.

Outgoing: draft → sent → acknowledged → under execution → partially executed → executed, or
refused (UNTOC art. 18(21)), withdrawn, returned for more information (art. 18(16)),
postponed (art. 18(25)). Incoming mirrors it: received → checked → assigned → under
execution → executed / refused / returned.
"""

from dataclasses import dataclass

OUTGOING = "outgoing"
INCOMING = "incoming"

DRAFT = "draft"
SENT = "sent"
ACKNOWLEDGED = "acknowledged"
RECEIVED = "received"
CHECKED = "checked"
ASSIGNED = "assigned"
UNDER_EXECUTION = "under_execution"
PARTIALLY_EXECUTED = "partially_executed"
EXECUTED = "executed"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
RETURNED = "returned"
POSTPONED = "postponed"

# A closed case has an outcome; it is no longer open nor overdue.
CLOSED = frozenset({EXECUTED, REFUSED, WITHDRAWN})
INITIAL = {OUTGOING: DRAFT, INCOMING: RECEIVED}
# Statuses from which the clock of "days to outcome" has started.
STARTED = {OUTGOING: SENT, INCOMING: RECEIVED}

# What a transition needs besides permission.
NEEDS_GROUNDS = "grounds"  # at least one ground of refusal
NEEDS_NOTE = "note"        # a note saying why (what is missing, why postponed)


@dataclass(frozen=True)
class Step:
    direction: str
    source: str
    target: str
    needs: frozenset[str] = frozenset()


def _steps(direction: str, rows: list[tuple[str, tuple[str, ...]]]) -> list[Step]:
    needs = {REFUSED: frozenset({NEEDS_GROUNDS}), RETURNED: frozenset({NEEDS_NOTE}),
             POSTPONED: frozenset({NEEDS_NOTE})}
    return [Step(direction, source, target, needs.get(target, frozenset()))
            for source, targets in rows for target in targets]


TRANSITIONS: tuple[Step, ...] = (
    *_steps(OUTGOING, [
        (DRAFT, (SENT, WITHDRAWN)),
        (SENT, (ACKNOWLEDGED, UNDER_EXECUTION, REFUSED, RETURNED, POSTPONED, WITHDRAWN)),
        (ACKNOWLEDGED, (UNDER_EXECUTION, REFUSED, RETURNED, POSTPONED, WITHDRAWN)),
        (UNDER_EXECUTION, (PARTIALLY_EXECUTED, EXECUTED, REFUSED, RETURNED, POSTPONED,
                           WITHDRAWN)),
        (PARTIALLY_EXECUTED, (UNDER_EXECUTION, EXECUTED, WITHDRAWN)),
        (RETURNED, (SENT, WITHDRAWN)),          # supplemented and sent again
        (POSTPONED, (UNDER_EXECUTION, WITHDRAWN)),
    ]),
    *_steps(INCOMING, [
        (RECEIVED, (CHECKED, RETURNED, REFUSED)),
        (CHECKED, (ASSIGNED, RETURNED, REFUSED)),
        (ASSIGNED, (UNDER_EXECUTION, RETURNED, REFUSED, POSTPONED)),
        (UNDER_EXECUTION, (PARTIALLY_EXECUTED, EXECUTED, REFUSED, POSTPONED)),
        (PARTIALLY_EXECUTED, (UNDER_EXECUTION, EXECUTED)),
        (RETURNED, (RECEIVED, WITHDRAWN)),      # more information arrived, or it was dropped
        (POSTPONED, (UNDER_EXECUTION, REFUSED)),
    ]),
)
_BY_KEY = {(step.direction, step.source, step.target): step for step in TRANSITIONS}


def statuses(direction: str) -> list[str]:
    """Every status a case of this direction can be in, in workflow order."""
    seen = [INITIAL[direction]]
    for step in TRANSITIONS:
        for status in (step.source, step.target):
            if step.direction == direction and status not in seen:
                seen.append(status)
    return seen


def allowed_targets(direction: str, status: str) -> list[str]:
    """The statuses a case may move to next."""
    return [s.target for s in TRANSITIONS if s.direction == direction and s.source == status]


def find_step(direction: str, source: str, target: str) -> Step | None:
    return _BY_KEY.get((direction, source, target))


def problems(direction: str, source: str, target: str, *, grounds: tuple[str, ...] = (),
             note: str = "") -> list[str]:
    """Why this move may not be made (empty when it may). Codes, not sentences:
    `not_allowed`, `grounds_required`, `grounds_not_refusal` (grounds of refusal given for
    a move that is not a refusal), `note_required`."""
    step = find_step(direction, source, target)
    if step is None:
        return ["not_allowed"]
    found = []
    if NEEDS_GROUNDS in step.needs and not grounds:
        found.append("grounds_required")
    if NEEDS_GROUNDS not in step.needs and grounds:
        found.append("grounds_not_refusal")
    if NEEDS_NOTE in step.needs and not note.strip():
        found.append("note_required")
    return found


def is_open(status: str) -> bool:
    return status not in CLOSED
