"""What a status reported by the requested side does to the requesting side's outgoing case
(`rogatory.exchange.status`, pure): the mapping, the path through the register's workflow,
late messages and closed cases."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from rogatory.cases import workflow
from rogatory.exchange import status
from rogatory.exchange.status import APPLIED, CLOSED, NOT_ALLOWED, OLDER, SAME, UNKNOWN, plan

T0 = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("case_status", "reported", "outcome", "steps"), [
    # The central authority received it, or gave it to an executing authority.
    ("sent", "received", APPLIED, ("acknowledged",)),
    ("sent", "assigned", APPLIED, ("acknowledged",)),
    ("acknowledged", "assigned", SAME, ()),
    ("acknowledged", "under_execution", APPLIED, ("under_execution",)),
    # Steps whose messages are still on the way are walked through.
    ("sent", "executed", APPLIED, ("under_execution", "executed")),
    ("acknowledged", "partially_executed", APPLIED, ("under_execution", "partially_executed")),
    ("partially_executed", "under_execution", APPLIED, ("under_execution",)),
    ("postponed", "executed", APPLIED, ("under_execution", "executed")),
    ("partially_executed", "refused", APPLIED, ("under_execution", "refused")),
    # Refusal (art. 18(21)) and more information needed (art. 18(16)).
    ("acknowledged", "refused", APPLIED, ("refused",)),
    ("under_execution", "returned", APPLIED, ("returned",)),
    # The more information arrived and the requested side registered the request again.
    ("returned", "received", APPLIED, ("sent", "acknowledged")),
    # The register has no such move: a case under execution is not "acknowledged" again.
    ("under_execution", "received", NOT_ALLOWED, ()),
    ("partially_executed", "assigned", NOT_ALLOWED, ()),
    # Closed here (by the officer or an earlier status): never reopened.
    ("withdrawn", "under_execution", CLOSED, ()),
    ("executed", "refused", CLOSED, ()),
    ("refused", "received", CLOSED, ()),
    # Internal steps of the requested side are not sent; if they come, nothing moves.
    ("sent", "checked", UNKNOWN, ()),
    ("sent", "postponed", UNKNOWN, ()),
    ("sent", "<script>", UNKNOWN, ()),
])
def test_plan(case_status, reported, outcome, steps):
    assert plan(case_status, reported, newest=True) == status.Plan(outcome, steps)


@pytest.mark.parametrize("reported", ["received", "executed", "refused", "nonsense"])
def test_an_older_status_never_moves_the_case(reported):
    assert plan("sent", reported, newest=False).outcome == OLDER


def test_every_status_sent_back_is_mapped_onto_an_outgoing_status():
    from rogatory.exchange.services import STATUS_SENT_BACK

    assert set(status.OUTGOING_STATUS) == STATUS_SENT_BACK
    outgoing = set(workflow.statuses(workflow.OUTGOING))
    assert set(status.OUTGOING_STATUS.values()) <= outgoing
    assert outgoing - workflow.CLOSED >= status.PASS_THROUGH


def test_every_path_is_made_of_steps_the_workflow_has():
    for source in workflow.statuses(workflow.OUTGOING):
        for reported in status.OUTGOING_STATUS:
            steps = plan(source, reported, newest=True).steps
            walk = (source, *steps)
            assert all(workflow.find_step(workflow.OUTGOING, a, b)
                       for a, b in itertools.pairwise(walk))


def test_order_key_uses_the_sequence_then_the_creation_time():
    later = T0 + timedelta(seconds=1)
    assert status.order_key({"sequence": 3}, T0) > status.order_key({"sequence": 2}, later)
    assert status.order_key({}, later) > status.order_key({}, T0)
    # A sequence that is not a number counts as none.
    assert status.order_key({"sequence": "9"}, T0) == (0, T0)
    assert status.order_key({"sequence": True}, T0) == (0, T0)
