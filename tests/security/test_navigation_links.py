"""Issue #17: no link of the site's navigation leads a user to a refusal. For each role (the
public, a practitioner, the officers, the focal points, the secretariat) every link of the
header's navigation, as the home page shows it to that role, answers without 403, 404 or a
server error (a redirect, such as the register's to its statistics, is fine)."""

import lxml.html
import pytest

from tests.conftest import ROLES, client_for
from tests.security.test_authorization_matrix import _fast_world, world  # noqa: F401

pytestmark = pytest.mark.django_db

REFUSED = (403, 404)


def navigation_links(html: str) -> list[str]:
    doc = lxml.html.document_fromstring(html)
    return [href for href in doc.xpath("//header//nav//a/@href") if href.startswith("/")]


@pytest.mark.parametrize("role", ROLES)
def test_no_navigation_link_is_refused(actors, world, role):  # noqa: F811
    client = client_for(actors.by_name(role))
    client.raise_request_exception = False
    home = client.get("/")
    assert home.status_code == 200
    links = navigation_links(home.content.decode())
    assert len(links) >= 5, links  # the tools' navigation was found
    bad = {}
    for link in links:
        status = client.get(link).status_code
        if status in REFUSED or status >= 500:
            bad[link] = status
    assert not bad, f"{role}: navigation links refused: {bad}"


def test_the_writer_is_offered_only_to_those_who_may_write(actors):
    for role in ROLES:
        links = navigation_links(client_for(actors.by_name(role)).get("/").content.decode())
        assert ("/requests/" in links) == (role in ("practitioner", "officer_a", "officer_b"))


def test_the_exchange_inbox_is_offered_only_to_officers_of_an_authority(actors):
    for role in ROLES:
        links = navigation_links(client_for(actors.by_name(role)).get("/").content.decode())
        assert ("/exchange/inbox/" in links) == (role in ("officer_a", "officer_b")), role
