"""Reminders with a frozen clock: who gets which e-mail when, and never twice."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from rogatory.cases import services
from rogatory.cases.models import CaseLink, Reminder
from tests.cases.conftest import make_case
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
MADE = datetime.date(2026, 1, 1)          # preservation made; expires on 1 April 2026
EXPIRY = MADE + datetime.timedelta(days=90)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6),
                                                         tzinfo=datetime.UTC), tick=False)


def run() -> list[str]:
    mail.outbox.clear()
    call_command("send-reminders")
    return [(m.to[0], m.subject) for m in mail.outbox]


@pytest.fixture
def preservation(actors):
    return make_case(actors, kind="e_evidence_preservation", direction="outgoing",
                     status="sent", sent_at=MADE, counterpart_state="US")


def test_stages_before_on_and_after_the_due_date(actors, preservation):
    ref = preservation.reference
    with at(EXPIRY - datetime.timedelta(days=8)):
        assert run() == []
    with at(EXPIRY - datetime.timedelta(days=7)):
        assert run() == [("officer@a.test", f"[Rogatory] {ref}: due on 2026-04-01")]
        assert "lapses on the due date" in mail.outbox[0].body
        assert f"/cases/{preservation.pk}/" in mail.outbox[0].body
    with at(EXPIRY - datetime.timedelta(days=3)):
        assert run() == []                       # the "upcoming" stage was already sent
    with at(EXPIRY):
        assert run() == [("officer@a.test", f"[Rogatory] {ref}: due today")]
        assert run() == []                       # cron running twice a day: no duplicate
    with at(EXPIRY + datetime.timedelta(days=1)):
        assert run() == [("officer@a.test", f"[Rogatory] {ref}: overdue since 2026-04-01")]
    with at(EXPIRY + datetime.timedelta(days=7)):
        assert len(run()) == 1
    with at(EXPIRY + datetime.timedelta(days=20)):
        assert run() == []
    assert Reminder.objects.count() == 4


def test_a_moved_due_date_is_reminded_again(actors, preservation):
    with at(EXPIRY - datetime.timedelta(days=7)):
        assert len(run()) == 1
        extended = services.extend_preservation(preservation, actors.officer_a,
                                                preservation.version)
        assert run() == []
    with at(extended.due_date - datetime.timedelta(days=7)):
        assert len(run()) == 1


def test_closed_cases_and_done_actions_are_not_reminded(actors, preservation):
    case = make_case(actors, due_date=datetime.date(2026, 2, 10))
    action = services.add_action(case, actors.officer_a, "Hear the witness",
                                 datetime.date(2026, 2, 10), assigned_to=actors.officer_a)
    services.transition(preservation, actors.officer_a, "withdrawn", on=MADE)
    with at(datetime.date(2026, 2, 10)):
        assert len(run()) == 2                   # the case and its action, both due today
        services.complete_action(action, actors.officer_a, action.version)
    with at(datetime.date(2026, 2, 11)):
        sent = run()
    assert sent == [("officer@a.test", f"[Rogatory] {case.reference}: overdue since "
                                       "2026-02-10")]


def test_actions_remind_the_person_assigned(actors):
    colleague = make_user("colleague@a.test", "officer", "NL", actors.authority_a)
    case = make_case(actors)
    services.add_action(case, actors.officer_a, "Send the bank records",
                        datetime.date(2026, 3, 1), assigned_to=colleague)
    with at(datetime.date(2026, 2, 22)):
        sent = run()
    assert sent == [("colleague@a.test", f"[Rogatory] {case.reference}: due on 2026-03-01")]
    assert "Send the bank records" in mail.outbox[0].body


def test_dashboard_lists_due_overdue_and_lapsing_preservation(actors, preservation):
    overdue = make_case(actors, title="Late one", due_date=datetime.date(2026, 3, 1))
    with at(EXPIRY - datetime.timedelta(days=10)):
        html = client_for(actors.officer_a).get("/").content.decode()
        assert "Case deadlines" in html
        assert overdue.reference in html and 'class="overdue"' in html
        assert preservation.reference in html and "without a follow-up" in html
        follow_up = make_case(actors, direction="outgoing", status="sent", kind="mla")
        services.link_cases(preservation, follow_up, CaseLink.Type.FOLLOW_UP,
                            actors.officer_a)
        html = client_for(actors.officer_a).get("/").content.decode()
        assert "without a follow-up" not in html
        other = client_for(actors.officer_b).get("/").content.decode()
        assert overdue.reference not in other and preservation.reference not in other
        assert "Case deadlines" not in client_for(actors.secretariat).get("/").content.decode()
