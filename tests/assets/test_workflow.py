import pytest

from rogatory.assets import workflow as w


@pytest.mark.parametrize(("source", "target"), [
    (w.IDENTIFIED, w.TRACED), (w.IDENTIFIED, w.FROZEN), (w.TRACED, w.FROZEN),
    (w.FROZEN, w.CONFISCATION_ORDERED), (w.CONFISCATION_ORDERED, w.ORDER_EXECUTED),
    (w.ORDER_EXECUTED, w.REALISED), (w.REALISED, w.DISPOSED), (w.FROZEN, w.RELEASED),
])
def test_allowed_steps(source, target):
    assert target in w.allowed_targets(source)


@pytest.mark.parametrize(("source", "target"), [
    (w.IDENTIFIED, w.REALISED), (w.FROZEN, w.REALISED), (w.FROZEN, w.DISPOSED),
    (w.REALISED, w.FROZEN), (w.REALISED, w.RELEASED), (w.DISPOSED, w.FROZEN),
    (w.RELEASED, w.FROZEN), (w.TRACED, w.IDENTIFIED),
])
def test_forbidden_steps(source, target):
    assert w.problems(source, target, reference="x", ordered_by="requested",
                      amount_given=True, settled=True, note="x") == ["not_allowed"]


def test_each_step_says_what_it_needs():
    assert w.problems(w.TRACED, w.FROZEN) == ["reference_required"]
    assert w.problems(w.TRACED, w.FROZEN, reference="Order 1") == []
    assert set(w.problems(w.FROZEN, w.CONFISCATION_ORDERED, reference="J")) == {
        "ordered_by_required"}
    assert w.problems(w.FROZEN, w.CONFISCATION_ORDERED, reference="J",
                      ordered_by="nobody") == ["ordered_by_required"]
    assert w.problems(w.ORDER_EXECUTED, w.REALISED) == ["amount_required"]
    assert w.problems(w.REALISED, w.DISPOSED) == ["not_settled"]
    assert w.problems(w.FROZEN, w.RELEASED, note="  ") == ["note_required"]


def test_closed_stages_lead_nowhere():
    for stage in w.CLOSED:
        assert w.allowed_targets(stage) == []
    assert set(w.STAGES) >= {s.target for s in w.TRANSITIONS}
