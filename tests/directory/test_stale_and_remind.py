"""Entries not verified for twelve months are stale; `rogatory directory-remind` e-mails each
focal point the list of its own State's stale entries."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from rogatory.directory import services
from rogatory.directory.models import Authority
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _verified_on(authority: Authority, day: datetime.date) -> None:
    Authority.objects.filter(pk=authority.pk).update(last_verified=day)


def test_stale_after_twelve_months(actors, directory):
    a = directory["a"]
    _verified_on(a, datetime.date(2025, 3, 1))
    with time_machine.travel(datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)):
        assert not Authority.objects.get(pk=a.pk).is_stale
    with time_machine.travel(datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)):
        assert Authority.objects.get(pk=a.pk).is_stale
    assert Authority(last_verified=None).is_stale  # never verified is not "current"


def test_stale_shown_on_pages(actors, directory):
    html = client_for(actors.officer_a).get(f"/directory/{directory['b'].pk}/").content.decode()
    assert "stale" in html
    html = client_for(actors.officer_a).get(f"/directory/{directory['a'].pk}/").content.decode()
    assert "stale: not verified" not in html


def test_remind_emails_each_focal_point_its_own_stale_entries(actors, directory):
    with time_machine.travel(datetime.datetime(2030, 6, 1, 9, tzinfo=datetime.UTC)):
        fresh = datetime.date(2030, 5, 1)
        _verified_on(directory["ncb"], fresh)
        _verified_on(directory["a"], datetime.date(2029, 1, 1))
        _verified_on(directory["b"], fresh)
        call_command("directory-remind", "--base-url", "https://rogatory.example")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["focal@a.test"]
    assert "Netherlands" in message.subject
    assert "Centrale autoriteit A" in message.body and "2029-01-01" in message.body
    assert f"https://rogatory.example/directory/{directory['a'].pk}/" in message.body
    assert "INTERPOL NCB" not in message.body and "Autorité centrale B" not in message.body


def test_remind_sends_nothing_when_all_current(actors, directory):
    for authority in directory.values():
        services.verify(authority, authority.version, actors.secretariat)
    call_command("directory-remind")
    assert mail.outbox == []


def test_search_page_filters_stale_and_dashboard_panels(actors, directory):
    html = client_for(actors.officer_a).get("/directory/?stale=on").content.decode()
    assert "Autorité centrale B" in html and "Centrale autoriteit A" not in html
    home = client_for(actors.focal_b).get("/").content.decode()
    assert "Autorité centrale B" in home  # its own stale entry
    assert "Autorité centrale B" not in client_for(actors.focal_a).get("/").content.decode()
    assert "awaiting review" in client_for(actors.secretariat).get("/").content.decode()


@pytest.mark.parametrize(("language", "subject"), [("fr", "Répertoire :"), ("ar", "الدليل:")])
def test_the_stale_reminder_is_written_in_the_focal_points_language(actors, directory,
                                                                     language, subject):
    from django.utils import translation

    from rogatory.accounts.models import User

    with translation.override(language):
        state = actors.focal_a.state.name()
    assert state != actors.focal_a.state.name()  # a name in that language, not English
    User.objects.filter(pk=actors.focal_a.pk).update(preferred_language=language)
    with time_machine.travel(datetime.datetime(2030, 6, 1, 9, tzinfo=datetime.UTC)):
        _verified_on(directory["a"], datetime.date(2029, 1, 1))
        call_command("directory-remind", "--base-url", "https://rogatory.example")
    message = mail.outbox[0]
    assert message.to == ["focal@a.test"]
    assert message.subject.startswith(subject) and state in message.subject
