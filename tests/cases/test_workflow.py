"""The workflow table: every allowed transition works, every other one is refused, and the
steps that need grounds or a note get them."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rogatory.cases import services, workflow
from rogatory.cases.models import Case, Transition
from tests.cases.conftest import make_case

ALL_PAIRS = [(direction, source, target)
             for direction in (workflow.OUTGOING, workflow.INCOMING)
             for source, target in itertools.permutations(workflow.statuses(direction), 2)]
ALLOWED = [(s.direction, s.source, s.target) for s in workflow.TRANSITIONS]
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_table_covers_both_workflows():
    assert workflow.allowed_targets("outgoing", "draft") == ["sent", "withdrawn"]
    assert set(workflow.allowed_targets("incoming", "received")) == {
        "checked", "returned", "refused"}
    assert workflow.allowed_targets("outgoing", "executed") == []
    assert "received" not in workflow.statuses("outgoing")
    assert "draft" not in workflow.statuses("incoming")


@pytest.mark.parametrize(("direction", "source", "target"), FORBIDDEN)
def test_forbidden_transitions_are_refused_by_the_table(direction, source, target):
    assert workflow.problems(direction, source, target, grounds=("18_21_a",),
                             note="x") == ["not_allowed"]


def _case_in(actors, direction: str, status: str) -> Case:
    case = make_case(actors, direction=direction,
                     status=status if direction == "outgoing" else "")
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("direction", "source", "target"), ALLOWED)
def test_every_allowed_transition_is_made_and_recorded(actors, direction, source, target):
    case = _case_in(actors, direction, source)
    updated = services.transition(case, actors.officer_a, target, note="because",
                                  grounds=("18_21_b",) if target == "refused" else ())
    assert updated.status == target and updated.version == case.version + 1
    record = Transition.objects.filter(case=case).last()
    assert (record.source, record.target, record.user) == (source, target, actors.officer_a)
    assert record.note == "because"
    assert updated.history.count() >= 2


@pytest.mark.django_db
@pytest.mark.parametrize(("direction", "source", "target"), FORBIDDEN[::7])
def test_forbidden_transition_changes_nothing(actors, direction, source, target):
    case = _case_in(actors, direction, source)
    with pytest.raises(ValidationError) as error:
        services.transition(case, actors.officer_a, target, note="x", grounds=("18_21_a",))
    assert "target" in error.value.message_dict
    case.refresh_from_db()
    assert case.status == source


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "kwargs", "field"), [
    ("refused", {}, "grounds"),
    ("refused", {"grounds": ("other",)}, "grounds_text"),
    ("refused", {"grounds": ("made_up",)}, "grounds"),
    ("returned", {}, "note"),
    ("postponed", {"note": "   "}, "note"),
])
def test_steps_that_need_grounds_or_a_note(actors, target, kwargs, field):
    case = _case_in(actors, "outgoing", "under_execution")
    with pytest.raises(ValidationError) as error:
        services.transition(case, actors.officer_a, target, **kwargs)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_refusal_records_grounds_and_days_to_outcome(actors):
    import datetime

    case = make_case(actors, direction="outgoing", status="sent",
                     sent_at=datetime.date(2026, 1, 10))
    case = services.transition(case, actors.officer_a, "refused",
                               on=datetime.date(2026, 3, 11),
                               grounds=("18_21_a", "other"), grounds_text="No translation.")
    assert case.refusal_grounds == ["18_21_a", "other"]
    assert case.closed_at == datetime.date(2026, 3, 11) and case.days_to_outcome == 60
    assert not case.is_open


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["officer_b", "practitioner", "focal_a", "secretariat"])
def test_only_officers_of_the_owning_authority_move_a_case(actors, actor):
    case = make_case(actors)
    with pytest.raises(PermissionDenied):
        services.transition(case, actors.by_name(actor), "checked")


@pytest.mark.django_db
def test_practitioner_of_the_authority_sees_but_does_not_move(actors):
    from tests.conftest import make_user

    member = make_user("member@a.test", "practitioner", "NL", actors.authority_a)
    case = make_case(actors)
    assert member.has_perm("cases.view_case", case)
    with pytest.raises(PermissionDenied):
        services.transition(case, member, "checked")


@pytest.mark.django_db
def test_stale_version_is_a_conflict(actors):
    from rogatory.core.concurrency import ConflictError

    case = make_case(actors)
    services.transition(case, actors.officer_a, "checked", expected_version=case.version)
    with pytest.raises(ConflictError):
        services.transition(case, actors.officer_a, "assigned", expected_version=case.version)
