"""Users have a preferred language (default: the one they sign in with; editable on the
profile) and the e-mails written to them are in it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from rogatory.accounts.models import User
from tests.cases.conftest import make_case
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_language_defaults_to_the_one_used_at_sign_in(actors):
    user = actors.officer_a
    assert user.preferred_language == "" and user.email_language == "en"
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    user.refresh_from_db()
    assert user.preferred_language == "ar"
    Client(HTTP_ACCEPT_LANGUAGE="ru").post("/accounts/login/", {"login": user.email,
                                                                "password": PASSWORD})
    user.refresh_from_db()
    assert user.preferred_language == "ar"  # chosen once: kept


def test_the_profile_edits_the_preferred_language(actors):
    client = Client()
    client.force_login(actors.practitioner)
    page = client.get("/users/me/").content.decode()
    assert 'name="preferred_language"' in page
    response = client.post("/users/me/", {"full_name": "P", "preferred_language": "zh-hans"})
    assert response.status_code == 302
    assert User.objects.get(pk=actors.practitioner.pk).preferred_language == "zh-hans"
    bad = client.post("/users/me/", {"full_name": "P", "preferred_language": "xx"})
    assert bad.status_code == 200
    assert User.objects.get(pk=actors.practitioner.pk).preferred_language == "zh-hans"


@pytest.mark.parametrize(("language", "subject"), [
    ("fr", "échéance aujourd'hui"), ("ar", "مستحق اليوم"), ("", "due today")])
def test_reminders_are_written_in_the_recipients_language(actors, settings, language,
                                                          subject):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=actors.officer_a.pk).update(preferred_language=language)
    due = datetime.date(2026, 4, 1)
    case = make_case(actors, due_date=due)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 6, tzinfo=datetime.UTC),
                             tick=False):
        call_command("send-reminders")
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject and subject in mail.outbox[0].subject


@pytest.mark.parametrize(("language", "words"), [
    ("fr", "a partagé l'affaire"), ("ar", "شارك"), ("", "shared case")])
def test_a_shared_case_is_announced_in_the_recipients_language(actors, settings, language,
                                                               words):
    from rogatory.cases import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=actors.practitioner.pk).update(preferred_language=language)
    case = make_case(actors)
    services.share_case(case, User.objects.get(pk=actors.practitioner.pk), actors.officer_a)
    services.share_case(case, User.objects.get(pk=actors.practitioner.pk), actors.officer_a)
    assert len(mail.outbox) == 1  # shared once: told once
    message = mail.outbox[0]
    assert message.to == [actors.practitioner.email] and case.reference in message.subject
    assert words in message.body and f"/cases/{case.pk}/" in message.body
