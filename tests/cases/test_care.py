"""Issue 18, "small things that show care": the due date of an urgent incoming request, cases
with an overdue action under "Overdue only", a status field that preselects nothing, and
grounds of refusal only for a refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rogatory.cases import deadlines, selectors, services
from rogatory.cases.forms import TransitionForm
from rogatory.cases.models import Case
from tests.cases.conftest import days, make_case

START = datetime.date(2026, 2, 2)


# --- the rule (pure): UNTOC art. 18(24) ---------------------------------------------------

def test_an_urgent_incoming_request_is_due_after_the_configured_days():
    assert deadlines.due_by_rule("mla", START, urgent_incoming=True, urgent_days=21) == (
        START + days(21), deadlines.URGENT_INCOMING)
    assert deadlines.due_by_rule("mla", START) == (None, "")
    assert deadlines.due_by_rule("mla", None, urgent_incoming=True) == (None, "")


def test_the_earliest_rule_wins():
    preservation = deadlines.due_by_rule("e_evidence_preservation", START,
                                         urgent_incoming=True, urgent_days=10)
    assert preservation == (START + days(10), deadlines.URGENT_INCOMING)
    assert deadlines.due_by_rule("e_evidence_preservation", START, urgent_incoming=True,
                                 urgent_days=120) == (START + days(90), "preservation_expiry")


# --- registering and editing cases ----------------------------------------------------------

@pytest.mark.django_db
def test_an_urgent_incoming_case_gets_its_due_date_by_rule(actors, settings):
    settings.ROGATORY_URGENT_DUE_DAYS = 15
    urgent = make_case(actors, urgent=True, sent_at=START)
    assert urgent.due_date == START + days(15) and urgent.due_rule == "urgent_incoming"
    plain = make_case(actors, sent_at=START)
    assert plain.due_date is None
    outgoing = make_case(actors, direction="outgoing", status="sent", urgent=True,
                         sent_at=START)
    assert outgoing.due_date is None  # the rule binds the requested State
    by_hand = make_case(actors, urgent=True, sent_at=START, due_date=START + days(3))
    assert by_hand.due_date == START + days(3) and by_hand.due_rule == ""


@pytest.mark.django_db
def test_marking_a_case_urgent_sets_its_due_date(actors, settings):
    settings.ROGATORY_URGENT_DUE_DAYS = 30
    case = make_case(actors, sent_at=START)
    case = services.update_case(case, actors.officer_a, case.version, {"urgent": True})
    assert case.due_date == START + days(30) and case.due_rule == "urgent_incoming"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [
    ("en", "urgent incoming request (UNTOC art. 18(24))"),
    ("fr", "demande reçue urgente"),
])
def test_the_case_page_names_the_rule_that_set_the_due_date(actors, language, label):
    case = make_case(actors, urgent=True, sent_at=START)
    client = Client()
    client.force_login(actors.officer_a)
    html = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in html and "urgent_incoming" not in html


# --- overdue actions ------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_case_with_an_overdue_action_is_overdue(actors):
    today = datetime.date(2026, 5, 1)
    late = make_case(actors, title="Late action")
    services.add_action(late, actors.officer_a, "Call the prosecutor", today - days(2))
    done = make_case(actors, title="Done action")
    action = services.add_action(done, actors.officer_a, "Done", today - days(2))
    action.done_at = today - days(3)
    action.save()
    future = make_case(actors, title="Future action")
    services.add_action(future, actors.officer_a, "Later", today + days(2))
    found = selectors.filter_cases(Case.objects.all(), selectors.CaseFilters(overdue=True),
                                   on=today)
    assert [case.title for case in found] == ["Late action"]


@pytest.mark.django_db
def test_overdue_only_on_the_page_lists_a_case_with_an_overdue_action(actors):
    case = make_case(actors, title="Needs chasing")
    services.add_action(case, actors.officer_a, "Chase", selectors.today() - days(1))
    client = Client()
    client.force_login(actors.officer_a)
    html = client.get("/cases/", {"overdue": "on"}).content.decode()
    assert case.reference in html


# --- the status form ------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_status_field_preselects_no_transition(actors):
    case = make_case(actors)
    form = TransitionForm(case=case)
    assert form.fields["target"].choices[0][0] == ""
    html = str(form["target"])
    assert 'value="" selected' in html and 'value="checked" selected' not in html
    posted = TransitionForm({"version": case.version}, case=case)
    assert not posted.is_valid() and "target" in posted.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("grounds", "text"), [(("18_21_a",), ""), ((), "Because."),
                                               (("other",), "No.")])
def test_grounds_of_refusal_are_refused_for_another_move(actors, grounds, text):
    case = make_case(actors)
    with pytest.raises(ValidationError) as raised:
        services.transition(case, actors.officer_a, "checked", grounds=grounds,
                            grounds_text=text)
    assert set(raised.value.message_dict) & {"grounds", "grounds_text"}
    case.refresh_from_db()
    assert case.status == "received" and case.refusal_grounds in ([], None)


@pytest.mark.django_db
def test_a_refusal_still_takes_its_grounds(actors):
    case = make_case(actors)
    case = services.transition(case, actors.officer_a, "refused", grounds=("18_21_a",))
    assert case.status == "refused" and case.refusal_grounds == ["18_21_a"]
