"""The request writer with the real legal-basis finder, directory routing and case register."""

import pytest

from rogatory.cases.models import Case
from rogatory.directory.models import Authority
from tests.conftest import api_client_for
from tests.writer.test_api import URL, create

pytestmark = [pytest.mark.django_db, pytest.mark.real_integrations]


@pytest.fixture
def french_central_authority(actors) -> Authority:
    authority = actors.authority_b
    authority.functions, authority.languages = ["mla", "e_evidence"], ["fr"]
    authority.channels = ["central_authority"]
    authority.save()
    return authority


def test_writer_uses_the_real_finder_and_route_and_registers_a_case(actors,
                                                                    french_central_authority):
    # The OAS convention binds neither the Netherlands nor France: the real finder cannot
    # propose it, so choosing it needs a reason.
    body = create(actors.officer_a, legal_basis={"code": "OAS-A-55",
                                                 "offence_category": "money_laundering"})
    client = api_client_for(actors.officer_a)
    report = client.get(f"{URL}{body['id']}/check").json()
    messages = " ".join(issue["message"] for issue in report["issues"])
    # The real route: France's authority accepts French only, the example is in English.
    assert "French" in messages or "français" in messages
    assert report["complete"] is False and "state why" in messages
    draft = client.get(f"{URL}{body['id']}/").json()
    basis = {**draft["legal_basis"], "override_reason": "Both States have agreed to apply it."}
    response = client.patch(f"{URL}{body['id']}/", {"legal_basis": basis,
                                                    "version": draft["version"]}, format="json")
    assert response.status_code == 200, response.json()
    report = client.get(f"{URL}{body['id']}/check").json()
    assert report["complete"] is True, report["issues"]
    response = client.post(f"{URL}{body['id']}/send", {"version": response.json()["version"]},
                           format="json")
    assert response.status_code == 200, response.json()
    case = Case.objects.get(authority=actors.authority_a)
    assert case.counterpart_state_id == "FR" and case.direction == "outgoing"
