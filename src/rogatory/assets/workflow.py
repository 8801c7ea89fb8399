"""The stages of an asset, as data: which stage may follow which, and what each step needs.
Plain Python (no Django): the table is the one place to read or change the workflow.

identified → traced → frozen or seized (art. 13(2)) → confiscation order, made by the
requesting or the requested State (art. 13(1)(a) and (b)) → order given effect → realised
(the amount actually obtained) → disposed (returned, shared, retained: art. 14). An asset may
be released at any point before it is realised (freeze lifted, order refused or quashed).
"""

from dataclasses import dataclass

IDENTIFIED = "identified"
TRACED = "traced"
FROZEN = "frozen"
CONFISCATION_ORDERED = "confiscation_ordered"
ORDER_EXECUTED = "order_executed"
REALISED = "realised"
DISPOSED = "disposed"
RELEASED = "released"

STAGES = (IDENTIFIED, TRACED, FROZEN, CONFISCATION_ORDERED, ORDER_EXECUTED, REALISED,
          DISPOSED, RELEASED)
INITIAL = IDENTIFIED
CLOSED = frozenset({DISPOSED, RELEASED})
# Who made the confiscation order (art. 13(1)(a): the requested State's own order;
# art. 13(1)(b): an order of the requesting State, given effect by the requested State).
ORDERED_BY = ("requesting", "requested")

# What a step needs besides permission.
NEEDS_REFERENCE = "reference"   # the request or order that produced the stage
NEEDS_ORDERED_BY = "ordered_by"  # which State made the confiscation order
NEEDS_AMOUNT = "amount"          # the amount and currency actually realised
NEEDS_SETTLED = "settled"        # every return and share transferred
NEEDS_NOTE = "note"              # why (a release)


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    needs: frozenset[str] = frozenset()


NEEDS = {
    FROZEN: frozenset({NEEDS_REFERENCE}),
    CONFISCATION_ORDERED: frozenset({NEEDS_REFERENCE, NEEDS_ORDERED_BY}),
    ORDER_EXECUTED: frozenset({NEEDS_REFERENCE}),
    REALISED: frozenset({NEEDS_AMOUNT}),
    DISPOSED: frozenset({NEEDS_SETTLED}),
    RELEASED: frozenset({NEEDS_NOTE}),
}
ROWS = [
    (IDENTIFIED, (TRACED, FROZEN, RELEASED)),
    (TRACED, (FROZEN, RELEASED)),
    (FROZEN, (CONFISCATION_ORDERED, RELEASED)),
    (CONFISCATION_ORDERED, (ORDER_EXECUTED, RELEASED)),
    (ORDER_EXECUTED, (REALISED, RELEASED)),
    (REALISED, (DISPOSED,)),
]
TRANSITIONS: tuple[Step, ...] = tuple(Step(source, target, NEEDS.get(target, frozenset()))
                                      for source, targets in ROWS for target in targets)
_BY_KEY = {(step.source, step.target): step for step in TRANSITIONS}


def allowed_targets(stage: str) -> list[str]:
    return [step.target for step in TRANSITIONS if step.source == stage]


def find_step(source: str, target: str) -> Step | None:
    return _BY_KEY.get((source, target))


def reached(stage: str, target: str) -> bool:
    """Whether an asset in `stage` has gone through `target` (released assets excepted)."""
    order = STAGES.index
    return stage != RELEASED and target != RELEASED and order(stage) >= order(target)


def problems(source: str, target: str, *, reference: str = "", ordered_by: str = "",
             amount_given: bool = False, settled: bool = False, note: str = "") -> list[str]:
    """Why this move may not be made (empty when it may). Codes, not sentences."""
    step = find_step(source, target)
    if step is None:
        return ["not_allowed"]
    checks = {
        NEEDS_REFERENCE: ("reference_required", bool(reference.strip())),
        NEEDS_ORDERED_BY: ("ordered_by_required", ordered_by in ORDERED_BY),
        NEEDS_AMOUNT: ("amount_required", amount_given),
        NEEDS_SETTLED: ("not_settled", settled),
        NEEDS_NOTE: ("note_required", bool(note.strip())),
    }
    return [checks[need][0] for need in sorted(step.needs) if not checks[need][1]]
