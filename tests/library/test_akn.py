"""Akoma Ntoso 3.0: import of act, bill, judgment and doc; unsafe XML refused; export of
any item (page, API, command) that imports back to the same content."""

import pytest
from django.core.management import CommandError, call_command

from rogatory.library import akn
from rogatory.library.models import Item
from rogatory.library.parsing import RecordInvalid
from rogatory.library.services import run_import
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db

NS = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'


def document(kind: str, body: str, country: str = "za", language: str = "eng",
             title: str = "Prevention of Organised Crime Act", name: str = "") -> bytes:
    name_attr = f' name="{name}"' if name else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso {NS}><{kind}{name_attr}><meta><identification source="#x">
  <FRBRWork><FRBRthis value="/akn/{country}/{kind}/1998/121/!main"/>
    <FRBRuri value="/akn/{country}/{kind}/1998/121"/><FRBRdate date="1998-12-09" name="x"/>
    <FRBRauthor href="#x"/><FRBRcountry value="{country}"/></FRBRWork>
  <FRBRExpression><FRBRthis value="/akn/{country}/{kind}/1998/121/{language}@/!main"/>
    <FRBRuri value="/akn/{country}/{kind}/1998/121/{language}@"/>
    <FRBRdate date="1998-12-09" name="x"/>
    <FRBRauthor href="#x"/><FRBRlanguage language="{language}"/></FRBRExpression>
  </identification>
  <classification source="#x">
    <keyword value="racketeering" showAs="racketeering" dictionary="#x"/></classification>
  </meta>
  <preface><p><docTitle>{title}</docTitle></p></preface>
  {body}</{kind}></akomaNtoso>""".encode()


ACT_BODY = """<body><chapter eId="chp_1"><num>Chapter 1</num><heading>Offences</heading>
  <section eId="sec_2"><num>2.</num><heading>Offences relating to racketeering</heading>
    <subsection eId="sec_2__subsec_1"><content><p>Any person who receives property derived
    from a pattern of racketeering activity is guilty of an offence.</p></content></subsection>
  </section>
  <section eId="sec_4"><num>4.</num><heading>Money laundering</heading>
    <content><p>Any person who knows that property is the proceeds of unlawful activities.</p>
    </content>
  </section></chapter></body>"""


def test_act_with_sections_becomes_legislation_with_provisions():
    data = akn.parse(document("act", ACT_BODY))
    assert (data.kind, data.state, data.language, str(data.date)) == (
        "legislation", "ZA", "en", "1998-12-09")
    assert data.title == "Prevention of Organised Crime Act"
    assert [(p.number, p.heading, p.division) for p in data.provisions] == [
        ("2.", "Offences relating to racketeering", "Chapter 1 Offences"),
        ("4.", "Money laundering", "Chapter 1 Offences")]
    assert "pattern of racketeering activity" in data.provisions[0].text
    assert data.fields["keywords"] == "racketeering"


def test_bill_judgment_and_doc():
    assert akn.parse(document("bill", ACT_BODY)).kind == "legislation"
    judgment = akn.parse(document("judgment", """<header><p><docTitle>S v Demo</docTitle>
        <courtType>Supreme Court of Appeal</courtType></p>
        <p><party refersTo="#s" as="#a">State</party>
        and <party refersTo="#d" as="#r">Demo</party></p></header><judgmentBody>
        <introduction><p>Appeal against conviction.</p></introduction>
        <background><p>The appellant laundered proceeds.</p></background>
        <motivation><p>The court considered section 4.</p></motivation>
        <decision><p>Appeal dismissed.</p></decision></judgmentBody>""").replace(
        b"<preface><p><docTitle>Prevention of Organised Crime Act</docTitle></p></preface>", b""))
    assert (judgment.kind, judgment.title) == ("case_law", "S v Demo")
    assert judgment.fields["court"] == "Supreme Court of Appeal"
    assert judgment.fields["parties"] == "State v. Demo"
    assert judgment.fields["facts"] == "The appellant laundered proceeds."
    assert judgment.fields["outcome"] == "Appeal dismissed."
    doc = akn.parse(document("doc", "<mainBody><p>Background paper text.</p></mainBody>",
                             country="un", title="Background paper", name="wg_document"))
    assert (doc.kind, doc.state, doc.text) == ("wg_document", None, "Background paper text.")


@pytest.mark.parametrize(("xml", "reason"), [
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
     b"<akomaNtoso>&lol2;</akomaNtoso>", "unsafe XML refused"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     b"<akomaNtoso>&xxe;</akomaNtoso>", "unsafe XML refused"),
    (b"<akomaNtoso", "not well-formed XML"),
    (b"<html/>", "not an Akoma Ntoso 3.0 document"),
    (document("act", ACT_BODY, language="deu"), "unsupported or missing FRBRlanguage"),
    (document("act", ACT_BODY, title=""), "missing title"),
])
def test_bad_or_unsafe_documents_are_refused(xml, reason):
    with pytest.raises(RecordInvalid, match=reason):
        akn.parse(xml)


def test_import_command_reports_bad_files_and_keeps_good_ones(tmp_path, capsys):
    (tmp_path / "good.xml").write_bytes(document("act", ACT_BODY))
    (tmp_path / "unknown-state.xml").write_bytes(document("act", ACT_BODY, country="qq"))
    (tmp_path / "bomb.xml").write_bytes(
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><akomaNtoso>&a;</akomaNtoso>')
    with pytest.raises(CommandError, match="2 item"):
        call_command("library", "import-akn", str(tmp_path), "--no-progress")
    err = capsys.readouterr().err
    assert "bomb.xml: unsafe XML refused" in err and "unknown State 'QQ'" in err
    assert list(Item.objects.values_list("title", flat=True)) == [
        "Prevention of Organised Crime Act"]
    # The same file again: unchanged, not duplicated.
    call_command("library", "import-akn", str(tmp_path / "good.xml"), "--no-progress")
    assert "1 unchanged" in capsys.readouterr().out
    assert Item.objects.count() == 1


def test_export_imports_back_to_the_same_content(library):
    for key in ("zh-extradition", "int-wg", "ar-extradition"):
        item = library[key]
        data = akn.parse(akn.export(item))
        assert (data.title, data.kind, data.language, data.state, data.date) == (
            item.title, item.kind, item.language, item.state_id, item.date)
        assert [(p.number, p.text, p.division) for p in data.provisions] == [
            (p.number, p.text, p.division) for p in item.provisions.all()]
        assert data.tags["articles"] == item.articles
        assert data.fields["symbol"] == item.symbol


def test_case_law_export_round_trip(db):
    run_import([(1, akn.parse(document("judgment", """<header><p><docTitle>S v Demo</docTitle>
        <courtType>High Court</courtType></p></header><judgmentBody><background><p>Facts.</p>
        </background><decision><p>Upheld.</p></decision></judgmentBody>""")), "j", "")])
    item = Item.objects.get()
    again = akn.parse(akn.export(item))
    assert (again.kind, again.fields["court"], again.fields["facts"],
            again.fields["outcome"]) == ("case_law", "High Court", "Facts.", "Upheld.")


def test_export_by_page_api_and_command(library, actors, tmp_path):
    item = library["zh-extradition"]
    page = client_for(None).get(f"/library/items/{item.pk}/akn.xml")
    assert page.status_code == 200 and page["Content-Type"].startswith("application/akn+xml")
    assert "中华人民共和国引渡法".encode() in page.content
    api = api_client_for(None).get(f"/api/v1/library/items/{item.pk}/akn/")
    assert api.status_code == 200 and b"<akomaNtoso" in api.content
    out = tmp_path / "out.xml"
    call_command("library", "export-akn", str(item.pk), "-o", str(out))
    assert akn.parse(out.read_bytes()).title == item.title
    restricted = library["restricted-guide"]
    assert client_for(None).get(f"/library/items/{restricted.pk}/akn.xml").status_code == 404
    assert api_client_for(None).get(
        f"/api/v1/library/items/{restricted.pk}/akn/").status_code == 404
    assert api_client_for(actors.practitioner).get(
        f"/api/v1/library/items/{restricted.pk}/akn/").status_code == 200
