"""What a status the requested side reports does to the requesting side's outgoing case
(plain Python, no Django; docs/exchange.md has the table).

The requested side's incoming case and the requesting side's outgoing case have workflows of
their own (`rogatory.cases.workflow`); a reported status maps onto the outgoing one and the
case walks there through the register's own steps. Three rules keep the requesting side's
register true: a status older than one already received never moves the case (messages may
arrive out of order), a closed case is never reopened, and a move the workflow does not have
is not made (the message is kept and shown, with why).
"""

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rogatory.cases import workflow

# Requested side (incoming case) → requesting side (outgoing case).
OUTGOING_STATUS = {
    # The requested central authority has the request (UNTOC art. 18(13)); whom it assigns
    # it to is its own business.
    workflow.RECEIVED: workflow.ACKNOWLEDGED,
    workflow.ASSIGNED: workflow.ACKNOWLEDGED,
    # Executed in accordance with the requested State's law (art. 18(17)).
    workflow.UNDER_EXECUTION: workflow.UNDER_EXECUTION,
    workflow.PARTIALLY_EXECUTED: workflow.PARTIALLY_EXECUTED,
    workflow.EXECUTED: workflow.EXECUTED,
    # Refused on the grounds of art. 18(21) (or 16(14), dual criminality, 18(9)); the
    # reasons must be given (art. 18(23)) and are copied.
    workflow.REFUSED: workflow.REFUSED,
    # Additional information asked for (art. 18(16)): the note says what is missing.
    workflow.RETURNED: workflow.RETURNED,
}
# Statuses the outgoing case may pass through on its way to the reported one (when the
# requested side's own steps in between were internal, or their messages are still on the
# way). None of them needs grounds or a note.
PASS_THROUGH = frozenset({workflow.SENT, workflow.ACKNOWLEDGED, workflow.UNDER_EXECUTION})

APPLIED = "applied"          # the case moved
OLDER = "older"              # a later status of this request arrived first
CLOSED = "closed"            # the case is closed here (by its officer or an earlier status)
SAME = "same"                # the case already has the status
NOT_ALLOWED = "not_allowed"  # the workflow has no such move from where the case is
UNKNOWN = "unknown"          # not a status this node maps


@dataclass(frozen=True)
class Plan:
    outcome: str
    steps: tuple[str, ...] = ()  # the statuses to move through, in order; last is the target


def order_key(body: Mapping[str, Any], created: datetime) -> tuple[int, datetime]:
    """How status messages of one request are ordered: the sender's sequence number (its
    case's transitions counted), then the envelope's signed creation time (a sender that
    numbers nothing)."""
    sequence = body.get("sequence")
    return (sequence if type(sequence) is int else 0, created)


def plan(case_status: str, reported: str, *, newest: bool) -> Plan:
    """What to do with the outgoing case in `case_status` when the requested side reports
    `reported`; `newest` is whether no later status of the request was received already."""
    target = OUTGOING_STATUS.get(reported)
    if not newest:
        return Plan(OLDER)
    if target is None:
        return Plan(UNKNOWN)
    if not workflow.is_open(case_status):
        return Plan(CLOSED)
    if case_status == target:
        return Plan(SAME)
    path = _path(case_status, target)
    return Plan(APPLIED, path) if path else Plan(NOT_ALLOWED)


def _path(source: str, target: str) -> tuple[str, ...]:
    """The shortest walk of the outgoing workflow from `source` to `target` through
    `PASS_THROUGH` statuses only; empty when there is none."""
    queue, seen = deque([(source, ())]), {source}
    while queue:
        status, walked = queue.popleft()
        for following in workflow.allowed_targets(workflow.OUTGOING, status):
            if following == target:
                return (*walked, target)
            if following in PASS_THROUGH and following not in seen:
                seen.add(following)
                queue.append((following, (*walked, following)))
    return ()
