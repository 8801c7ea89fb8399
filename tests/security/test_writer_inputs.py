"""The request writer's inputs added for the basis chosen and electronic evidence
(`legal_basis.applies`, `legal_basis.article_use|article_confidentiality|article_urgency`,
the preservation item's `necessity`, the confiscation item's `due_process`, the document
parameter `document=provisional_arrest`) and for handing a draft over (the comment, the
authority chosen, the version, on the pages and the API): wrong types are refused whole by
the API, hostile text is shown escaped on the pages and reaches the documents only as literal
text."""

import pytest

from rogatory.core.documents import FSI, LRM, PDI
from rogatory.writer import document, rules
from tests.conftest import api_client_for, client_for
from tests.writer.conftest import basis_result, example, route_result
from tests.writer.test_api import URL, create
from tests.writer.test_documents import docx_text, pdf_text

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HANDLER = '<img src=x onerror="alert(1)">'
HOSTILE = f"{SCRIPT} {HANDLER} javascript:alert(1) ); }} @import url(http://x/)"
BASIS_FIELDS = ("applies", "article_use", "article_confidentiality", "article_urgency")


@pytest.mark.parametrize("name", BASIS_FIELDS)
@pytest.mark.parametrize("value", [7, ["x"], {"a": 1}, True])
def test_api_refuses_wrong_types_in_the_new_basis_fields(actors, name, value):
    spec = example("mla-preservation")
    spec["legal_basis"][name] = value
    response = api_client_for(actors.officer_a).post(URL, spec, format="json")
    assert response.status_code == 400 and f"legal_basis.{name}" in str(response.json())


@pytest.mark.parametrize(("name", "field"), [("mla-preservation", "necessity"),
                                            ("mla-confiscation", "due_process")])
@pytest.mark.parametrize("value", [7, ["x"], False])
def test_api_refuses_a_wrong_type_in_the_new_item_fields(actors, name, field, value):
    spec = example(name)
    spec["assistance"][0][field] = value
    response = api_client_for(actors.officer_a).post(URL, spec, format="json")
    assert response.status_code == 400 and f"assistance.0.{field}" in str(response.json())


def test_hostile_due_process_is_literal_in_the_document():
    spec = example("mla-confiscation")
    spec["assistance"][0]["due_process"] = HOSTILE
    built = document.build(spec, rules.Context(route=route_result()), "en")
    text, parsed = docx_text(document.render(built, "docx"))
    assert HOSTILE in text and "<script>" not in parsed.element.xml


def test_hostile_text_in_the_new_fields_is_escaped_on_the_pages(actors):
    spec = example("mla-preservation")
    spec["assistance"][0]["necessity"] = HOSTILE
    legal_basis = {**spec["legal_basis"], **dict.fromkeys(BASIS_FIELDS, HOSTILE)}
    body = create(actors.officer_a, "mla-preservation", legal_basis=legal_basis,
                  assistance=spec["assistance"])
    client = client_for(actors.officer_a)
    for path in ("basis/", "assistance/0/", "review/"):
        response = client.get(f"/requests/{body['id']}/{path}")
        page = response.content.decode()
        assert response.status_code == 200 and SCRIPT not in page and HANDLER not in page
        assert path == "review/" or "&lt;script&gt;" in page


def test_hostile_text_in_the_new_fields_is_literal_in_the_documents():
    spec = example("mla-preservation")
    spec["legal_basis"].update({"code": "BILATERAL-X", **dict.fromkeys(BASIS_FIELDS, HOSTILE)})
    spec["assistance"][0]["necessity"] = HOSTILE
    spec["confidentiality"]["required"] = True
    built = document.build(spec, rules.Context(route=route_result(),
                                               basis=basis_result(code="BILATERAL-X")), "ar")
    text, parsed = docx_text(document.render(built, "docx"))
    # an Arabic document marks each left-to-right run with LRM (core.documents.bidi_runs), also
    # inside the payload: the characters between the marks are still the payload, literally
    assert unmarked(text).count(SCRIPT) >= 4  # applies, necessity and two cited articles
    assert "<script>" not in parsed.element.xml
    pages, _reader = pdf_text(document.render(built, "pdf"))
    assert SCRIPT in unmarked("".join(pages).replace("\n", ""))


def unmarked(text: str) -> str:
    """The text without the bidi marks and isolates the documents add."""
    return text.translate(dict.fromkeys(map(ord, FSI + PDI + LRM)))


@pytest.mark.parametrize("value", ["provisional_arrest", "PROVISIONAL_ARREST", "../x", SCRIPT,
                                   "provisional_arrest\x00", ""])
def test_the_document_parameter_is_a_closed_choice(actors, value):
    """`document=` on the page and the API: only the exact value asks for the provisional-arrest
    request; anything else is the request itself; nobody else's draft answers."""
    body = create(actors.officer_a, "extradition")
    api = api_client_for(actors.officer_a)
    query = {"document": value, "format": "docx", "language": "en", "draft": "1"}
    response = api.get(f"{URL}{body['id']}/document", query)
    if "\x00" in value:  # refused before any view (core.middleware.RefuseNulInQueryMiddleware)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    arrest = "provisional-arrest" in response["Content-Disposition"]
    assert arrest == (value == "provisional_arrest")
    page = client_for(actors.officer_a).get(f"/requests/{body['id']}/document/",
                                            {**query, "draft": "on"})
    assert page.status_code == 200
    for other in (actors.officer_b, actors.practitioner):
        assert api_client_for(other).get(f"{URL}{body['id']}/document", query
                                         ).status_code == 404
        assert client_for(other).get(f"/requests/{body['id']}/document/", query
                                     ).status_code == 404


# --- handing a draft over: the comment, the authority chosen, the version -----------------

@pytest.mark.parametrize("body", [
    {"version": 1, "authority": "A"}, {"version": 1, "authority": -1},
    {"version": 1, "authority": 10**30}, {"version": 1, "authority": [1]},
    {"version": 1, "comment": ["x"]}, {"version": 1, "comment": {"a": 1}},
    {"version": 1, "comment": "x" * 5001}, {"version": "one"}, {"version": [1]}, [1, 2],
])
def test_the_hand_over_api_refuses_bad_input_whole(actors, monkeypatch, body):
    from rogatory.writer import integrations

    monkeypatch.setattr(integrations, "route", lambda *args, **kwargs: route_result())
    draft = create(actors.practitioner, "mla-e-evidence")
    response = api_client_for(actors.practitioner).post(f"{URL}{draft['id']}/submit/", body,
                                                        format="json")
    assert response.status_code == 400, response.content
    assert api_client_for(actors.practitioner).get(f"{URL}{draft['id']}/").json()[
        "status"] == "draft"


@pytest.mark.parametrize("field", ["authority", "version", "return-comment", "comment"])
@pytest.mark.parametrize("value", [SCRIPT, "99999999999999999999999", "-1", "x" * 20_000,
                                   "1\x00"])
def test_the_hand_over_forms_take_hostile_values(actors, monkeypatch, field, value):
    from rogatory.writer import integrations, services
    from rogatory.writer.models import RequestDraft

    monkeypatch.setattr(integrations, "route", lambda *args, **kwargs: route_result())

    def fresh() -> RequestDraft:
        return RequestDraft.objects.get(pk=create(actors.practitioner, "mla-e-evidence")["id"])

    draft = fresh()
    good = {"version": "1", "authority": str(actors.authority_a.pk)}
    response = client_for(actors.practitioner).post(f"/requests/{draft.pk}/submit/",
                                                    {**good, field: value})
    assert response.status_code == 302
    for path in ("return/", "accept/"):
        handed = services.submit_for_review(fresh(), 1, actors.practitioner)
        response = client_for(actors.officer_a).post(
            f"/requests/{handed.pk}/{path}", {"version": "2", "return-comment": "ok",
                                              field: value}, follow=True)
        assert response.status_code == 200 and SCRIPT not in response.content.decode()


def test_a_hostile_comment_is_shown_escaped_in_the_timeline(actors, monkeypatch):
    from rogatory.writer import integrations, services
    from rogatory.writer.models import RequestDraft

    monkeypatch.setattr(integrations, "route", lambda *args, **kwargs: route_result())
    draft = RequestDraft.objects.get(pk=create(actors.practitioner, "mla-e-evidence")["id"])
    draft = services.submit_for_review(draft, 1, actors.practitioner, comment=HOSTILE)
    services.return_draft(draft, 2, actors.officer_a, HOSTILE)
    page = client_for(actors.practitioner).get(f"/requests/{draft.pk}/review/").content.decode()
    assert SCRIPT not in page and HANDLER not in page and page.count("&lt;script&gt;") >= 2
    body = api_client_for(actors.practitioner).get(f"{URL}{draft.pk}/").json()
    assert [event["comment"] for event in body["timeline"]] == [HOSTILE.strip()] * 2
