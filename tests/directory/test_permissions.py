"""Who may see and change what, pages and API alike: the public never sees a contact or
part 2; a focal point keeps its own State's entries only; the secretariat keeps all."""

import pytest

from rogatory.directory.models import Authority
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db
OFFICIALS = [role for role in ROLES if role != "anonymous"]
SECRETS = ["Anna Secret-Contact", "anna@a.test", "+31 70 370 7911", "Bernard Private",
           "INTERPOL NCB", "Desk Officer Hidden"]


def test_public_list_shows_part_1_and_functions_but_no_contact(client, directory):
    html = client.get("/directory/").content.decode()
    assert "Centrale autoriteit A" in html and "Autorité centrale B" in html
    assert "Mutual legal assistance" in html  # the function is public
    for secret in SECRETS:
        assert secret not in html


def test_public_detail_shows_existence_and_function_only(client, directory):
    response = client.get(f"/directory/{directory['a'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Centrale autoriteit A" in html and "Extradition" in html
    for secret in [*SECRETS, "Call the duty officer first", "Europe/Amsterdam"]:
        assert secret not in html


def test_public_cannot_open_part_2_or_exports(client, directory):
    for url in [f"/directory/{directory['ncb'].pk}/", "/directory/export.csv",
                "/directory/export.pdf",
                f"/directory/contacts/{directory['a'].contacts.first().pk}.vcf",
                "/directory/route/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_public_api_is_refused(directory):
    anonymous = api_client_for(None)
    assert anonymous.get("/api/v1/authorities/").status_code == 401
    assert anonymous.get(f"/api/v1/authorities/{directory['a'].pk}/").status_code == 401
    assert anonymous.get("/api/v1/directory/route/?state=NL&assistance=mla").status_code == 401


@pytest.mark.parametrize("actor", OFFICIALS)
def test_officials_see_contacts_and_part_2(actors, directory, actor):
    client = client_for(actors.by_name(actor))
    html = client.get("/directory/").content.decode()
    assert "INTERPOL NCB Den Haag" in html
    html = client.get(f"/directory/{directory['a'].pk}/").content.decode()
    assert "Anna Secret-Contact" in html and "+31 70 370 7911" in html
    assert client.get(f"/directory/{directory['ncb'].pk}/").status_code == 200
    data = api_client_for(actors.by_name(actor)).get("/api/v1/authorities/").json()
    assert data["count"] == 3
    assert any(c["name"] == "Anna Secret-Contact" for r in data["results"] for c in r["contacts"])


@pytest.mark.parametrize(("actor", "target", "status"), [
    ("anonymous", "a", 302), ("practitioner", "a", 403), ("officer_a", "a", 403),
    ("focal_a", "a", 200), ("focal_a", "b", 403), ("focal_b", "a", 403), ("focal_b", "b", 200),
    ("secretariat", "a", 200), ("secretariat", "b", 200),
])
def test_edit_page(actors, directory, actor, target, status):
    url = f"/directory/{directory[target].pk}/edit/"
    assert client_for(actors.by_name(actor)).get(url).status_code == status


@pytest.mark.parametrize(("actor", "target", "status"), [
    ("practitioner", "a", 403), ("officer_a", "a", 403), ("focal_a", "a", 200),
    ("focal_a", "b", 403), ("focal_b", "a", 403), ("secretariat", "b", 200),
])
def test_api_patch(actors, directory, actor, target, status):
    authority = directory[target]
    response = api_client_for(actors.by_name(actor)).patch(
        f"/api/v1/authorities/{authority.pk}/", {"name_en": "Changed"}, format="json",
        HTTP_IF_MATCH=f'"{authority.version}"')
    assert response.status_code == status
    changed = Authority.objects.get(pk=authority.pk).name_en == "Changed"
    assert changed is (status == 200)


def test_api_patch_unknown_id_is_404(actors, directory):
    response = api_client_for(actors.focal_a).patch("/api/v1/authorities/99999/",
                                                    {"name_en": "x"}, format="json",
                                                    HTTP_IF_MATCH='"1"')
    assert response.status_code == 404


def _form_data(authority: Authority, **changes) -> dict:
    data = {"state": authority.state_id, "part": authority.part, "name": authority.name,
            "name_en": authority.name_en, "version": authority.version,
            "functions": authority.functions, "channels": authority.channels,
            "urgent_channels": authority.urgent_channels,
            "languages": ", ".join(authority.languages), "certified_translation": "unknown",
            "original_required": "unknown", "dual_criminality": "unknown",
            "use_limitation": "unknown", "reciprocity": "unknown",
            "court_order_for_coercive_measures": "unknown",
            "confidentiality_on_request": "unknown"}
    saved = authority.pk is not None
    for kind in ("contacts", "designations", "links"):
        children = list(getattr(authority, kind).all()) if saved else []
        data |= {f"{kind}-TOTAL_FORMS": len(children), f"{kind}-INITIAL_FORMS": len(children),
                 f"{kind}-MIN_NUM_FORMS": 0, f"{kind}-MAX_NUM_FORMS": 1000}
        for index, child in enumerate(children):
            data[f"{kind}-{index}-id"] = child.pk
            data[f"{kind}-{index}-authority"] = authority.pk
            for name in {"contacts": ["name", "title", "email", "fax"],
                         "designations": ["basis", "instrument", "source"],
                         "links": ["kind", "title", "url"]}[kind]:
                data[f"{kind}-{index}-{name}"] = getattr(child, name)
            if kind == "contacts":
                data[f"{kind}-{index}-phones"] = ", ".join(child.phones)
    return data | changes


def test_focal_point_edits_own_entry_by_page(actors, directory):
    authority = directory["a"]
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/",
                                               _form_data(authority, name_en="Edited by A"))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Authority.objects.get(pk=authority.pk)
    assert saved.name_en == "Edited by A" and saved.version == authority.version + 1
    assert saved.review_status == "pending"
    assert saved.contacts.get().name == "Anna Secret-Contact"  # children kept


def test_focal_point_is_refused_other_states_entry_by_page(actors, directory):
    authority = directory["b"]
    response = client_for(actors.focal_a).post(f"/directory/{authority.pk}/edit/",
                                               _form_data(authority, name_en="Hijacked"))
    assert response.status_code == 403
    assert Authority.objects.get(pk=authority.pk).name_en != "Hijacked"


def test_focal_point_cannot_create_for_another_state(actors, directory):
    client = client_for(actors.focal_a)
    data = _form_data(Authority(state_id="FR", name="Fake FR authority"))
    response = client.post("/directory/new/", data)
    assert response.status_code == 200  # form error: FR is not among its States
    assert not Authority.objects.filter(name="Fake FR authority").exists()
    response = client.post("/directory/new/", _form_data(Authority(state_id="NL",
                                                                   name="New NL authority")))
    assert response.status_code == 302
    assert Authority.objects.get(name="New NL authority").review_status == "pending"


def test_api_create_scoped_to_own_state(actors, directory):
    client = api_client_for(actors.focal_a)
    response = client.post("/api/v1/authorities/", {"state": "FR", "name": "X"}, format="json")
    assert response.status_code == 400 and "state" in response.json()["error"]["fields"]
    response = client.post("/api/v1/authorities/", {
        "state": "NL", "name": "Financial Intelligence Unit NL", "part": 2,
        "functions": ["financial_intelligence"], "languages": ["NL"],
        "contacts": [{"name": "Kees", "phones": ["+31 70 370 7911"]}]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["languages"] == ["nl"] and body["contacts"][0]["phones"] == ["+31703707911"]
    assert response["ETag"] == '"1"'
    assert api_client_for(actors.officer_a).post(
        "/api/v1/authorities/", {"state": "NL", "name": "Y"}, format="json").status_code == 403


@pytest.mark.parametrize(("actor", "target", "status"), [
    ("focal_a", "a", 200), ("focal_a", "b", 403), ("secretariat", "b", 200),
    ("officer_a", "a", 403), ("anonymous", "a", 302),
])
def test_history_page(actors, directory, actor, target, status):
    url = f"/directory/{directory[target].pk}/history/"
    assert client_for(actors.by_name(actor)).get(url).status_code == status


@pytest.mark.parametrize(("actor", "status"), [
    ("focal_a", 403), ("officer_a", 403), ("secretariat", 302)])
def test_only_secretariat_approves(actors, directory, actor, status):
    authority = directory["a"]
    response = client_for(actors.by_name(actor)).post(
        f"/directory/{authority.pk}/approve/", {"version": authority.version})
    assert response.status_code == status
    approved = Authority.objects.get(pk=authority.pk).review_status == "approved"
    assert approved is (status == 302)


def test_api_approve_only_secretariat(actors, directory):
    url = f"/api/v1/authorities/{directory['a'].pk}/approve/"
    version = directory["a"].version
    assert api_client_for(actors.focal_a).post(url, {"version": version}).status_code == 403
    response = api_client_for(actors.secretariat).post(url, {"version": version})
    assert response.status_code == 200 and response.json()["review_status"] == "approved"


@pytest.mark.parametrize(("language", "netherlands"), [
    ("fr", "Pays-Bas"), ("zh-hans", "荷兰"), ("ar", "هولندا"), ("ru", "Нидерланды")])
def test_search_results_in_the_readers_language(actors, directory, language, netherlands):
    html = client_for(actors.practitioner).get(
        "/directory/?function=mla&language=nl", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert netherlands in html and "Centrale autoriteit A" in html
    assert "Autorité centrale B" not in html
