"""Issue #14, finding 8: sharing a case by e-mail told an unknown address ("No user with this
e-mail address") from an account whose role may not receive it, so an officer could find which
addresses have accounts and which are secretariat or focal points. One answer for all."""

import re

import pytest

from rogatory.accounts.models import Role
from tests.cases.conftest import make_case
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

ADDRESS = "probe-address@x.test"


def refusal(client, case, email: str) -> tuple[int, str]:
    """The answer, with what differs by itself (the address typed, the CSRF token) masked."""
    response = client.post(f"/cases/{case.pk}/shares/", {"email": email})
    page = response.content.decode().replace(email, ADDRESS)
    return response.status_code, re.sub(r'value="[A-Za-z0-9]{64}"', 'value="csrf"', page)


def test_unknown_address_and_unreceiving_accounts_get_one_answer(actors):
    case = make_case(actors)
    inactive = make_user("gone@a.test", Role.OFFICER, "NL", actors.authority_a)
    inactive.is_active = False
    inactive.save()
    client = client_for(actors.officer_a)
    answers = {email: refusal(client, case, email) for email in [
        "nobody@x.test", "secretariat@un.test", "focal@b.test", "FOCAL@A.TEST", "gone@a.test"]}
    first = answers["nobody@x.test"]
    assert first[0] == 400 and "cannot be shared with this address" in first[1]
    assert all(answer == first for answer in answers.values()), [
        email for email, answer in answers.items() if answer != first]
    assert not case.shares.exists()
