"""Same permissions as the case register, in pages and API alike; the API's shapes."""

import datetime
from decimal import Decimal

import pytest

from rogatory.assets import services
from rogatory.assets.models import Asset, SharingArrangement
from rogatory.cases import services as case_services
from tests.assets.conftest import realise
from tests.conftest import ROLES, api_client_for, client_for

pytestmark = pytest.mark.django_db

# Who sees the asset of authority A's case: only its members (the practitioner of the
# fixtures belongs to no authority). Focal points and the secretariat: statistics only.
PAGE = {"anonymous": 302, "practitioner": 404, "officer_a": 200, "officer_b": 404,
        "focal_a": 403, "focal_b": 403, "secretariat": 403}
API = {"anonymous": 403, "practitioner": 404, "officer_a": 200, "officer_b": 404,
       "focal_a": 403, "focal_b": 403, "secretariat": 403}


@pytest.mark.parametrize("role", ROLES)
def test_asset_page_and_api_follow_the_case_register(actors, frozen_asset, role):
    user = actors.by_name(role)
    assert client_for(user).get(f"/assets/{frozen_asset.pk}/").status_code == PAGE[role]
    response = api_client_for(user).get(f"/api/v1/assets/{frozen_asset.pk}/")
    assert response.status_code in ((401, 403) if API[role] == 403 else (API[role],))


@pytest.mark.parametrize("path", ["arrangement/", "proposal/?language=en&format=docx",
                                  "edit/"])
def test_other_authority_gets_404_on_every_page(actors, frozen_asset, path):
    assert client_for(actors.officer_b).get(
        f"/assets/{frozen_asset.pk}/{path}").status_code == 404


def test_other_authority_gets_404_on_every_api_write(actors, frozen_asset):
    api = api_client_for(actors.officer_b)
    pk = frozen_asset.pk
    assert api.post(f"/api/v1/assets/{pk}/transition/", {"to": "released", "note": "x"},
                    format="json").status_code == 404
    assert api.patch(f"/api/v1/assets/{pk}/", {"holder": "x"}, format="json",
                     HTTP_IF_MATCH='"2"').status_code == 404
    assert api.post(f"/api/v1/assets/{pk}/claims/", {"claimant": "x", "kind": "victim",
                                                     "currency": "CHF"},
                    format="json").status_code == 404
    assert api.put(f"/api/v1/assets/{pk}/arrangement/", {}, format="json").status_code == 404
    assert api.post(f"/api/v1/assets/{pk}/transfers/", {}, format="json").status_code == 404
    assert Asset.objects.get(pk=pk).stage == "frozen"


def test_list_shows_only_visible_assets(actors, frozen_asset):
    assert api_client_for(actors.officer_a).get("/api/v1/assets/").json()["count"] == 1
    assert api_client_for(actors.officer_b).get("/api/v1/assets/").json()["count"] == 0
    html = client_for(actors.officer_b).get("/assets/").content.decode()
    assert "Account at a fictional bank" not in html


def test_a_shared_case_shares_its_assets_to_read_not_to_change(actors, case_a, frozen_asset):
    case_services.share_case(case_a, actors.officer_b, actors.officer_a)
    assert client_for(actors.officer_b).get(f"/assets/{frozen_asset.pk}/").status_code == 200
    response = api_client_for(actors.officer_b).post(
        f"/api/v1/assets/{frozen_asset.pk}/transition/", {"to": "released", "note": "x"},
        format="json")
    assert response.status_code == 403


def test_secretariat_sees_statistics_not_assets(actors, frozen_asset):
    client = client_for(actors.secretariat)
    assert client.get("/assets/").status_code == 302
    html = client.get("/assets/report/").content.decode()
    assert "Account at a fictional bank" not in html and "<img class=\"chart\"" in html
    body = api_client_for(actors.secretariat).get("/api/v1/stats/assets/").json()
    assert body["scope"] == "all" and body["assets"] == 1 and body["counts"]["frozen"] == 1
    assert body["amounts"] == [{"currency": "CHF", "frozen_estimated": "1000000.00",
                                "realised": "0.00", "returned": "0.00", "shared": "0.00",
                                "to_un_fund": "0.00"}]
    assert api_client_for(actors.secretariat).get("/api/v1/assets/").status_code == 403
    # The other authority's own statistics do not count A's asset.
    assert api_client_for(actors.officer_b).get("/api/v1/stats/assets/").json()["assets"] == 0
    assert api_client_for(actors.focal_a).get("/api/v1/stats/assets/").json()["assets"] == 1
    assert api_client_for(None).get("/api/v1/stats/assets/").status_code in (401, 403)


def test_report_period_and_csv(actors, frozen_asset):
    client = client_for(actors.focal_a)
    csv = client.get("/assets/report/?format=csv&date_from=2025-01-01&date_to=2025-12-31")
    text = csv.content.decode("utf-8-sig")
    assert "frozen or seized,,1" in text and "CHF,1000000.00" in text
    later = client.get("/assets/report/?format=csv&date_from=2026-01-01").content.decode()
    assert "frozen or seized,,0" in later


def test_transition_api_checks_the_table_the_data_and_the_version(actors, frozen_asset):
    api = api_client_for(actors.officer_a)
    url = f"/api/v1/assets/{frozen_asset.pk}/transition/"
    forbidden = api.post(url, {"to": "realised", "amount": "1", "currency": "CHF"},
                         format="json")
    assert forbidden.status_code == 400 and "to" in forbidden.json()["error"]["fields"]
    incomplete = api.post(url, {"to": "confiscation_ordered"}, format="json")
    assert set(incomplete.json()["error"]["fields"]) == {"reference", "ordered_by"}
    stale = api.post(url, {"to": "confiscation_ordered", "reference": "J",
                           "ordered_by": "requested"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    done = api.post(url, {"to": "confiscation_ordered", "reference": "J",
                          "ordered_by": "requested", "on": "2025-03-01"}, format="json",
                    HTTP_IF_MATCH=f'"{frozen_asset.version}"')
    assert done.status_code == 200
    body = done.json()
    assert body["stage"] == "confiscation_ordered" and body["ordered_by"] == "requested"
    assert body["allowed_transitions"] == ["order_executed", "released"]
    assert done["ETag"] == f'"{body["version"]}"'


def test_patch_needs_the_current_version(actors, frozen_asset):
    api = api_client_for(actors.officer_a)
    url = f"/api/v1/assets/{frozen_asset.pk}/"
    assert api.patch(url, {"holder": "X"}, format="json").status_code == 428
    assert api.patch(url, {"holder": "X"}, format="json",
                     HTTP_IF_MATCH='"1"').status_code == 409
    ok = api.patch(url, {"holder": "X"}, format="json",
                   HTTP_IF_MATCH=f'"{frozen_asset.version}"')
    assert ok.status_code == 200 and ok.json()["holder"] == "X"
    bad = api.patch(url, {"estimate_currency": "EURO", "version": ok.json()["version"]},
                    format="json")
    assert bad.status_code == 400


def test_create_through_the_api(actors, case_a):
    api = api_client_for(actors.officer_a)
    body = {"cases": [case_a.pk], "description": "Villa", "type": "real_estate",
            "location_state": "ES", "estimated_value": "750000.00", "estimate_currency": "EUR"}
    created = api.post("/api/v1/assets/", body, format="json")
    assert created.status_code == 201 and created.json()["stage"] == "identified"
    assert api_client_for(actors.officer_b).post("/api/v1/assets/", body,
                                                 format="json").status_code == 400
    too_precise = api.post("/api/v1/assets/", {**body, "estimated_value": "1.001"},
                           format="json")
    assert too_precise.status_code == 400
    assert Asset.objects.count() == 1


def test_sharing_through_the_api(actors, frozen_asset):
    asset = realise(frozen_asset, actors.officer_a, "100.00")
    api = api_client_for(actors.officer_a)
    url = f"/api/v1/assets/{asset.pk}/arrangement/"
    terms = {"legal_basis": "case_by_case", "holding_state": "CH",
             "costs": [{"description": "Costs", "amount": "0.01", "currency": "CHF"}],
             "shares": [{"recipient": "state", "state": "CH", "percent": "33.3333"},
                        {"recipient": "state", "state": "NL", "percent": "33.3333"},
                        {"recipient": "body", "body": "Regional body", "percent": "33.3333"}]}
    refused = api.put(url, terms, format="json")
    assert refused.status_code == 400 and not SharingArrangement.objects.exists()
    terms["shares"][2]["percent"] = "33.3334"
    assert api.put(url, terms, format="json").status_code == 200
    detail = api.get(f"/api/v1/assets/{asset.pk}/").json()
    steps = detail["disposal"]["steps"]
    assert [s["code"] for s in steps] == ["realised", "cost", "distributable", "share",
                                          "share", "share"]
    assert sum(Decimal(s["amount"]) for s in steps if s["code"] == "share") == Decimal("99.99")
    assert api.put(url, terms, format="json").status_code == 428  # replacing needs a version
    agree = api.post(f"{url}agree/", {"version": 1}, format="json")
    assert agree.status_code == 200 and agree.json()["status"] == "agreed"
    paid = api.post(f"/api/v1/assets/{asset.pk}/transfers/",
                    {"to": "state:NL", "amount": "33.33", "made_on": "2025-06-01"},
                    format="json")
    assert paid.status_code == 201
    over = api.post(f"/api/v1/assets/{asset.pk}/transfers/", {"to": "state:NL",
                                                              "amount": "0.01"}, format="json")
    assert over.status_code == 400


def test_pages_create_and_refuse_bad_terms_whole(actors, case_a):
    client = client_for(actors.officer_a)
    response = client.post("/assets/new/", {
        "cases": [case_a.pk], "description": "Yacht", "type": "vehicle",
        "location_state": "FR", "estimated_value": "500000", "estimate_currency": "EUR"})
    asset = Asset.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assets/{asset.pk}/"
    form = {"legal_basis": "bilateral_agreement", "holding_state": "FR", "basis_reference": "",
            "notes": "", "costs-TOTAL_FORMS": "1", "costs-INITIAL_FORMS": "0",
            "costs-0-description": "Storage", "costs-0-amount": "1000", "costs-0-currency": "EUR",
            "shares-TOTAL_FORMS": "2", "shares-INITIAL_FORMS": "0",
            "shares-0-recipient": "state", "shares-0-state": "FR", "shares-0-percent": "50",
            "shares-1-recipient": "state", "shares-1-state": "NL", "shares-1-percent": "40"}
    refused = client.post(f"/assets/{asset.pk}/arrangement/", form)
    assert refused.status_code == 400 and "exactly 100" in refused.content.decode()
    assert not SharingArrangement.objects.exists()
    form["shares-1-percent"] = "50"
    assert client.post(f"/assets/{asset.pk}/arrangement/", form).status_code == 302
    html = client.get(f"/assets/{asset.pk}/").content.decode()
    assert "Computed on the estimated value" in html and "249\u202f500.00 EUR" in html


def test_transition_page_shows_errors_and_moves_on(actors, frozen_asset):
    client = client_for(actors.officer_a)
    url = f"/assets/{frozen_asset.pk}/transition/"
    bad = client.post(url, {"to": "confiscation_ordered", "version": frozen_asset.version})
    assert bad.status_code == 400
    ok = client.post(url, {"to": "confiscation_ordered", "reference": "J", "ordered_by":
                           "requesting", "on": "2025-03-01", "version": frozen_asset.version})
    assert ok.status_code == 302
    assert Asset.objects.get(pk=frozen_asset.pk).stage == "confiscation_ordered"


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_proposal_docx_in_six_languages(actors, frozen_asset, language):
    asset = realise(frozen_asset, actors.officer_a)
    response = client_for(actors.officer_a).get(
        f"/assets/{asset.pk}/proposal/?language={language}&format=docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert f"-{language}.docx" in response["Content-Disposition"]


def test_proposal_pdf_holds_the_calculation(actors, frozen_asset):
    from io import BytesIO

    from pypdf import PdfReader

    asset = realise(frozen_asset, actors.officer_a, "1000.00")
    services.save_arrangement(asset, actors.officer_a, legal_basis="case_by_case",
                              holding_state=asset.location_state, shares=[
                                  services.ShareTerm("state", Decimal(100),
                                                     asset.location_state)])
    response = client_for(actors.officer_a).get(
        f"/assets/{asset.pk}/proposal/?language=fr&format=pdf")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert response.content.startswith(b"%PDF") and "1 000.00 CHF" in text.replace("\u202f",
                                                                                    " ")


def test_demo_skips_politely_then_loads_once(actors, frozen_asset):
    from rogatory.assets import demo

    lines: list[str] = []
    demo.load(lines.append)
    assert "skipped" in lines[0]
    from rogatory.directory.models import Authority

    Authority.objects.filter(pk=actors.authority_a.pk).update(part=Authority.Part.CENTRAL)
    case_services.register_case(
        authority=actors.authority_a, created_by=actors.officer_a, direction="outgoing",
        kind="confiscation", counterpart_state="CH", title="Demo case 6 (demo)",
        status="sent", sent_at=datetime.date(2025, 1, 1))
    demo.load(lines.append)
    demo.load(lines.append)
    demo_asset = Asset.objects.get(description=demo.DESCRIPTION)
    assert demo_asset.stage == "realised" and demo_asset.arrangement.status == "agreed"
