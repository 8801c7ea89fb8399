"""From a request (spec) to the structured document of `rogatory.core.documents`.

The fixed text of the request is translated into the document's language (gettext with that
language active); the drafter's own text is kept as written. The requested State is named by
its UN formal name.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rogatory.core.documents import Document, ItemList, Paragraph, Section, Table
from rogatory.states.models import Instrument, State, babel_locale
from rogatory.writer import articles, extradition, rules
from rogatory.writer.schema import (
    ANNEX_KINDS,
    ASSISTANCE_TYPES,
    CHANNELS,
    KINDS,
    STEP_BY_SLUG,
    Field,
    present,
)

INSTRUMENTS = {
    "UNTOC": gettext_noop("the United Nations Convention against Transnational Organized Crime"),
    "UNTOC-TIP": gettext_noop("the Protocol to Prevent, Suppress and Punish Trafficking in "
                              "Persons, Especially Women and Children, supplementing the "
                              "United Nations Convention against Transnational Organized "
                              "Crime"),
    "UNTOC-SOM": gettext_noop("the Protocol against the Smuggling of Migrants by Land, Sea "
                              "and Air, supplementing the United Nations Convention against "
                              "Transnational Organized Crime"),
    "UNTOC-FIR": gettext_noop("the Protocol against the Illicit Manufacturing of and "
                              "Trafficking in Firearms, Their Parts and Components and "
                              "Ammunition, supplementing the United Nations Convention "
                              "against Transnational Organized Crime"),
    "UNCAC": gettext_noop("the United Nations Convention against Corruption"),
    "VIENNA-1988": gettext_noop("the United Nations Convention against Illicit Traffic in "
                                "Narcotic Drugs and Psychotropic Substances of 1988"),
    "BUDAPEST": gettext_noop("the Convention on Cybercrime"),
    "reciprocity": gettext_noop("reciprocity"),
    "domestic_law": gettext_noop("the domestic law of the requested State"),
}


def state_name(alpha2: str | None, language: str, formal: bool = True) -> str:
    """The State's UN formal name (or CLDR name); works without a database too."""
    if not alpha2:
        return _("the requested State")
    try:
        state = State.objects.filter(alpha2=alpha2.upper()).first()
    except DatabaseError:
        state = None
    if state is None:
        return babel_locale(language).territories.get(alpha2.upper(), alpha2.upper())
    return state.formal_name(language) if formal else state.name(language)


def basis_name(code: str | None, basis: dict | None) -> str:
    """The instrument's whole official title in the active language: the catalogue's (with
    its article) for the instruments above, else the title recorded for the instrument
    (`states.Instrument.names`), else the finder's name, else the code."""
    if not code:
        return _("a legal basis still to be stated")
    if code in INSTRUMENTS:
        return _(INSTRUMENTS[code])
    try:
        instrument = Instrument.objects.filter(code=code).first()
    except DatabaseError:
        instrument = None
    if instrument is not None:
        return instrument.title(translation.get_language())
    for candidate in (basis or {}).get("candidates") or []:
        instrument = candidate.get("instrument") or {}
        if instrument.get("code") == code and instrument.get("name"):
            return instrument["name"]
    return code


class Builder:
    """Builds the document of one request in one language (call inside the language)."""

    def __init__(self, spec: dict, ctx: rules.Context, language: str):
        self.spec = spec
        self.ctx = ctx
        self.language = language
        self.locale = babel_locale(language)
        self.number = 0
        self.basis = spec.get("legal_basis") or {}
        self.code = self.basis.get("code")
        self.kind = spec.get("kind") or "mla"

    # values ------------------------------------------------------------------------------
    def value(self, field: Field, raw) -> str:
        if field.kind == "bool":
            return _("Yes") if raw else _("No")
        if field.kind == "choice":
            return _(dict(field.choices).get(raw, str(raw)))
        if field.kind == "state":
            # An ISO code is printed as the State's name, never as the code.
            code = str(raw).strip()
            return state_name(code, self.language, formal=False) if (
                len(code) == 2 and code.isalpha()) else code
        if field.kind == "date":
            try:
                return format_date(dt.date.fromisoformat(raw), "long", locale=self.locale)
            except ValueError:
                return str(raw)
        if field.kind == "datetime":
            try:
                moment = dt.datetime.fromisoformat(raw)
                return format_datetime(moment, "medium", locale=self.locale, tzinfo=None)
            except ValueError:
                return str(raw)
        return str(raw)

    def fields(self, data: dict, fields: tuple[Field, ...]) -> list[Paragraph]:
        return [Paragraph(_("%(label)s: %(value)s") % {
            "label": _(field.label), "value": self.value(field, data[field.name])})
            for field in fields if present(data.get(field.name))]

    def cited(self, text: str, purpose: str) -> str:
        """The fixed sentence `text` (no final stop), with the article of the chosen basis on
        `purpose` where it has one."""
        citation = articles.cite(self.code, purpose, self.basis)
        if citation is None:
            return _("%(text)s.") % {"text": text}
        where = _("%(article)s of %(instrument)s") % {
            "article": citation.article, "instrument": basis_name(citation.instrument,
                                                                  self.ctx.basis)}
        return _("%(text)s (%(citation)s).") % {"text": text, "citation": where}

    def section(self, title: str) -> Section:
        self.number += 1
        return Section(f"{self.number}. {title}")

    @property
    def requesting_authority(self) -> str:
        given = (self.spec.get("requesting") or {}).get("authority")
        return given or _("the competent authority")

    @property
    def addressee(self) -> str:
        route = self.ctx.route or {}
        authority = route.get("authority") or {}
        if self.language == "en" and authority.get("name_en"):
            return authority["name_en"]
        name = authority.get("name") or (self.spec.get("state") or {}).get("addressee")
        return name or _("the competent authorities")

    # the document ------------------------------------------------------------------------
    def build(self, watermark: str = "") -> Document:
        spec = self.spec
        requesting = spec.get("requesting") or {}
        requested = state_name(spec.get("requested_state"), self.language)
        own_state = state_name(spec.get("requesting_state"), self.language)
        code = (spec.get("legal_basis") or {}).get("code")
        doc = Document(
            title=_(KINDS.get(spec.get("kind"), KINDS["mla"])),
            language=self.language,
            reference=requesting.get("reference") or spec.get("title") or "",
            page_template=_("Page {page} of {pages}"),
            watermark=watermark,
        )
        doc.preamble = [
            Paragraph(_("From: %(authority)s, %(state)s") % {
                "authority": self.requesting_authority, "state": own_state}),
            Paragraph(_("To: %(authority)s, %(state)s") % {
                "authority": self.addressee, "state": requested}),
        ]
        if requesting.get("reference"):
            doc.preamble.append(Paragraph(_("Reference: %(reference)s") % {
                "reference": requesting["reference"]}))
        # The authorities' names follow a noun ("the requesting authority, X"), so that the
        # sentence reads correctly in every language whatever the name (no article to agree,
        # no contraction: French « à l'autorité requise, … », Arabic « للسلطة متلقية الطلب »).
        opening = _(
            "The requesting authority, %(authority)s (%(requesting)s), presents its compliments "
            "to the requested authority, %(addressee)s (%(requested)s), and has the honour to "
            "request the extradition of the person sought named below, on the basis of "
            "%(basis)s.") if self.kind == "extradition" else _(
            "The requesting authority, %(authority)s (%(requesting)s), presents its compliments "
            "to the requested authority, %(addressee)s (%(requested)s), and has the honour to "
            "request assistance in the criminal matter described below, on the basis of "
            "%(basis)s.")
        doc.preamble.append(Paragraph(opening % {
            "authority": self.requesting_authority, "requesting": own_state,
            "addressee": self.addressee, "requested": requested,
            "basis": basis_name(code, self.ctx.basis)}))
        if self.kind == "extradition":
            doc.preamble += self.extradition_channel()
        doc.sections = [self.basis_section(code), self.case_section(), self.offences_section()]
        if spec.get("kind") == "extradition":
            doc.sections += self.extradition_sections()
        else:
            doc.sections += [self.persons_section(), self.assistance_section(),
                             self.procedures_section()]
        doc.sections += [self.confidentiality_section(), self.urgency_section()]
        if spec.get("kind") != "extradition":
            doc.sections += [self.use_section(), self.undertakings_section()]
        doc.sections += [self.contacts_section(), self.annexes_section()]
        doc.closing = self.closing()
        return doc

    def basis_section(self, code: str | None) -> Section:
        section = self.section(_("Legal basis"))
        section.add(Paragraph(_("This request is made under %(basis)s.") % {
            "basis": basis_name(code, self.ctx.basis)}))
        if code == "reciprocity":
            section.add(Paragraph(_(
                "The requesting State undertakes to execute, in accordance with its law, a "
                "request of the same kind from the requested State (reciprocity).")))
        applies = self.basis.get("applies")
        if not present(applies):
            return section
        if self.kind == "mla" and articles.cite(code, articles.SCOPE):
            section.add(Paragraph(self.cited(_(
                "The requesting State has reasonable grounds to suspect that the offence is "
                "transnational in nature, including that victims, witnesses, proceeds, "
                "instrumentalities or evidence of it are located in the requested State, and "
                "that it involves an organized criminal group, on the following facts"),
                articles.SCOPE)))
        else:
            section.add(Paragraph(_("The following facts make this basis apply:")))
        section.add(Paragraph(applies))
        return section

    def case_section(self) -> Section:
        case = self.spec.get("case") or {}
        section = self.section(_("Subject matter and nature of the proceedings"))
        fields = STEP_BY_SLUG["case"].fields
        shown = [f for f in fields if f.name in ("subject", "nature", "conducting_authority",
                                                 "case_number")]
        section.blocks += self.fields(case, tuple(shown))
        if present(case.get("facts")):
            section.subsections.append(Section(_("Summary of the facts"),
                                               [Paragraph(case["facts"])], level=2))
        if present(case.get("dual_criminality")):
            section.subsections.append(Section(_("Dual criminality"),
                                               [Paragraph(case["dual_criminality"])], level=2))
        return section

    def offences_section(self) -> Section:
        rows = self.spec.get("offences") or []
        section = self.section(_("Offences and applicable law"))
        if not rows:
            return section.add(Paragraph(_("No offence is stated.")))
        section.add(Table([_("Offence"), _("Provision (law and article)"), _("Maximum penalty")],
                          [[row.get("name", ""), row.get("provision", ""),
                            row.get("penalty", "")] for row in rows]))
        for row in rows:
            if present(row.get("text")):
                section.add(Paragraph(row.get("provision") or row.get("name", ""), bold=True))
                section.add(Paragraph(row["text"], style="quote"))
        return section

    def persons_section(self) -> Section:
        rows = self.spec.get("persons") or []
        section = self.section(_("Persons and entities concerned"))
        if not rows:
            return section.add(Paragraph(_("No person is identified at this stage.")))
        fields = STEP_BY_SLUG["persons"].fields
        section.add(Table([_(f.label) for f in fields],
                          [[self.value(f, row[f.name]) if present(row.get(f.name)) else ""
                            for f in fields] for row in rows]))
        return section

    def assistance_section(self) -> Section:
        section = self.section(_("Assistance requested"))
        for index, item in enumerate(rules.items(self.spec), start=1):
            kind = ASSISTANCE_TYPES.get(item.get("type"))
            if kind is None:
                continue
            article = articles.type_article(kind.article, self.code)
            title = f"{self.number}.{index} {_(kind.label)}" + (f" ({article})" if article else "")
            blocks = self.fields(item, kind.all_fields)
            if item.get("type") == "confiscation":
                blocks.append(Paragraph(self.cited(_(
                    "The requesting State asks that the rights of bona fide third parties be "
                    "respected"), articles.THIRD_PARTIES)))
            if item.get("type") == "preservation" and item.get("mla_to_follow") is True:
                blocks.append(Paragraph(self.cited(_(
                    "The requesting State will submit a request for mutual assistance for the "
                    "search or similar access, seizure or similar securing, or disclosure of the "
                    "preserved data"), articles.PRESERVATION_FOLLOW_UP)))
            section.subsections.append(Section(title, blocks, level=2))
        if not section.subsections:
            section.add(Paragraph(_("No assistance is stated yet.")))
        return section

    def extradition_sections(self) -> list[Section]:
        person = self.section(_("Person sought"))
        person.blocks += self.fields(self.spec.get("person_sought") or {},
                                     STEP_BY_SLUG["person_sought"].fields)
        request = self.section(_("Extradition requested"))
        data = self.spec.get("extradition") or {}
        surrender = {
            "prosecution": _("The requesting State requests the surrender of the person sought "
                             "for prosecution"),
            "enforcement": _("The requesting State requests the surrender of the person sought "
                             "for the enforcement of a sentence"),
        }.get(data.get("purpose"), _("The requesting State requests the surrender of the person "
                                      "sought"))
        request.add(Paragraph(self.cited(surrender, articles.EXTRADITION), bold=True))
        request.blocks += self.fields(data, tuple(
            f for f in STEP_BY_SLUG["extradition"].fields if f.name != "evidence"))
        request.add(Paragraph(_(
            "The requesting State undertakes that the person surrendered will not be proceeded "
            "against, sentenced or detained for any offence committed before the surrender other "
            "than those for which extradition is granted, nor surrendered to a third State, "
            "without the consent of the requested State (rule of speciality).")))
        return [person, request, self.supporting_documents_section()]

    def channel_label(self, code: str) -> str:
        return _(dict(CHANNELS).get(code, code))

    def extradition_channel(self) -> list[Paragraph]:
        """The channel the directory gives for extradition (diplomatic unless the requested
        State says otherwise, `extradition.request_channel`), which is not necessarily that of
        mutual legal assistance."""
        channel = extradition.request_channel((self.ctx.route or {}).get("channels"))
        return [Paragraph(_("Channel of transmission: %(channel)s") % {
                    "channel": self.channel_label(channel)}, bold=True),
                Paragraph(_("This request travels through the channel the requested State gives "
                            "for extradition, which may differ from the channel of its central "
                            "authority for mutual legal assistance."), style="small")]

    def supporting_documents_section(self) -> Section:
        """The documents and the authentication the requested State's directory entry asks
        for, and the statement of the evidence where it requires one (art. 16(7))."""
        section = self.section(_("Supporting documents"))
        requirements = (self.ctx.route or {}).get("requirements")
        asked = extradition.required_documents(requirements)
        if "documentation" in asked:
            section.add(Paragraph(_("Documents the requested State asks for: %(documents)s") % {
                "documents": asked["documentation"]}))
        if "authentication" in asked:
            section.add(Paragraph(_(
                "The supporting documents are authenticated as the requested State requires: "
                "%(authentication)s") % {"authentication": asked["authentication"]}))
        if not asked:
            section.add(Paragraph(_("The supporting documents are listed in the annexes.")))
        evidence = (self.spec.get("extradition") or {}).get("evidence")
        if extradition.evidence_statement_required(requirements) or present(evidence):
            section.subsections.append(Section(_("Statement of the evidence"), [Paragraph(
                evidence if present(evidence) else _("(to be completed)"))], level=2))
        return section

    def procedures_section(self) -> Section:
        data = self.spec.get("procedures") or {}
        section = self.section(_("Procedures to follow"))
        if not present(data.get("procedures")):
            return section.add(Paragraph(_("No particular procedure is requested.")))
        section.add(Paragraph(data["procedures"]))
        if present(data.get("reasons")):
            section.add(Paragraph(data["reasons"]))
        return section

    def confidentiality_section(self) -> Section:
        data = self.spec.get("confidentiality") or {}
        section = self.section(_("Confidentiality"))
        if data.get("required") is True:
            text = _("The requesting authority asks that this request and its content be kept "
                     "confidential, except to the extent necessary to execute it, and that it be "
                     "informed promptly if the requested State cannot comply")
            # Confidentiality of MLA (art. 18(20) and the like); an extradition request cites
            # none: the extradition articles have no such paragraph.
            section.add(Paragraph(self.cited(text, articles.CONFIDENTIALITY)
                                  if self.kind == "mla" else _("%(text)s.") % {"text": text}))
            if present(data.get("reasons")):
                section.add(Paragraph(data["reasons"]))
        else:
            section.add(Paragraph(_("No confidentiality is requested.")))
        return section

    def urgency_section(self) -> Section:
        data = self.spec.get("urgency") or {}
        section = self.section(_("Urgency"))
        if data.get("urgent") is True:
            text = _("This request is urgent")
            section.add(Paragraph(self.cited(text, articles.URGENCY) if self.kind == "mla"
                                  else _("%(text)s.") % {"text": text}, bold=True))
        if present(data.get("deadline")):
            deadline = self.value(Field("deadline", "", "date"), data["deadline"])
            section.add(Paragraph(_("The requesting authority asks that the request be executed "
                                    "by %(date)s.") % {"date": deadline}))
        if present(data.get("reasons")):
            section.add(Paragraph(data["reasons"]))
        if not section.blocks:
            section.add(Paragraph(_("The request is not urgent.")))
        return section

    def use_section(self) -> Section:
        data = self.spec.get("use") or {}
        section = self.section(_("Use of the evidence"))
        if data.get("accepted") is True:
            section.add(Paragraph(self.cited(_(
                "The requesting State undertakes not to transmit or use the information or "
                "evidence furnished for investigations, prosecutions or proceedings other than "
                "those stated in this request without the prior consent of the requested State"),
                articles.USE)))
        if present(data.get("other_uses")):
            section.add(Paragraph(_("Consent is sought now for the following other uses:")))
            section.add(Paragraph(data["other_uses"]))
        if not section.blocks:
            section.add(Paragraph(_("No undertaking on the use of the evidence is given.")))
        return section

    def undertakings_section(self) -> Section:
        """Costs (UNTOC art. 18(28) and the like), return of originals and the competence of
        the requesting authority: what a central authority otherwise writes back to ask."""
        section = self.section(_("Costs, originals and competence"))
        if articles.cite(self.code, articles.COSTS):
            section.add(Paragraph(self.cited(_(
                "The ordinary costs of executing this request are borne by the requested State, "
                "unless the States concerned agree otherwise"), articles.COSTS)))
        section.add(Paragraph(_(
            "The requesting authority asks to be consulted before any expense of a substantial "
            "or extraordinary nature is incurred.")))
        section.add(Paragraph(_(
            "Original documents and objects furnished will be returned to the requested State "
            "as soon as they are no longer needed, if it so asks.")))
        section.add(Paragraph(_(
            "The requesting authority, %(authority)s, is competent under the law of the "
            "requesting State (%(state)s) to make this request in the proceedings described.") % {
            "authority": self.requesting_authority,
            "state": state_name(self.spec.get("requesting_state"), self.language)}))
        return section

    def contacts_section(self) -> Section:
        rows = self.spec.get("contacts") or []
        section = self.section(_("Contacts for follow-up"))
        if not rows:
            return section.add(Paragraph(_("No contact is given.")))
        fields = STEP_BY_SLUG["contacts"].fields
        section.add(Table([_(f.label) for f in fields],
                          [[self.cell(f, row.get(f.name)) for f in fields] for row in rows]))
        return section

    @staticmethod
    def cell(field: Field, raw) -> str:
        """A contact's value; a telephone number is never broken across lines (no-break
        spaces), so that it is not misdialled from a narrow column."""
        text = str(raw or "")
        return text.replace(" ", "\u00a0") if field.name in ("phone", "fax") else text

    def annexes_section(self) -> Section:
        rows = self.spec.get("annexes") or []
        section = self.section(_("Annexes"))
        if not rows:
            return section.add(Paragraph(_("No annex.")))
        kinds = dict(ANNEX_KINDS)
        section.add(Table([_("No."), _("Title"), _("Kind"), _("Pages")],
                          [[str(number), row.get("title", ""),
                            _(kinds[row["kind"]]) if row.get("kind") in kinds else "",
                            str(row.get("pages") or "")]
                           for number, row in enumerate(rows, start=1)]))
        return section

    def closing(self) -> list:
        requesting = self.spec.get("requesting") or {}
        blocks = [Paragraph(_(
            "The requesting authority, %(authority)s, avails itself of this opportunity to renew "
            "to the requested authority, %(addressee)s, the assurances of its highest "
            "consideration.") % {
            "authority": self.requesting_authority, "addressee": self.addressee})]
        place = str(requesting.get("place") or "")
        date = self.value(Field("date", "", "date"), requesting["date"]) if present(
            requesting.get("date")) else ""
        place_date = _("%(place)s, %(date)s") % {"place": place, "date": date} if (
            place and date) else place or date
        if place_date:
            blocks.append(Paragraph(place_date))
        blocks.append(Paragraph(requesting.get("signatory") or _("(signature)"),
                                style="signature"))
        return blocks

    # provisional arrest (UNTOC art. 16(9)) ----------------------------------------------------
    def arrest_channel(self) -> str:
        """The channel of the urgent route for extradition (`extradition.arrest_channel`:
        INTERPOL where listed)."""
        route = self.ctx.arrest_route or self.ctx.route or {}
        return self.channel_label(extradition.arrest_channel(route.get("channels")))

    def provisional_arrest(self, watermark: str = "") -> Document:
        requesting = self.spec.get("requesting") or {}
        data = self.spec.get("extradition") or {}
        own_state = state_name(self.spec.get("requesting_state"), self.language)
        requested = state_name(self.spec.get("requested_state"), self.language)
        doc = Document(title=_("Request for provisional arrest"), language=self.language,
                       reference=requesting.get("reference") or self.spec.get("title") or "",
                       page_template=_("Page {page} of {pages}"), watermark=watermark,
                       subtitle=_("URGENT"))
        doc.preamble = [
            Paragraph(_("From: %(authority)s, %(state)s") % {
                "authority": self.requesting_authority, "state": own_state}),
            Paragraph(_("To: %(authority)s, %(state)s") % {
                "authority": self.addressee, "state": requested}),
            Paragraph(_("Channel of transmission: %(channel)s") % {
                "channel": self.arrest_channel()}, bold=True),
            Paragraph(self.cited(_(
                "The requesting authority, %(authority)s (%(requesting)s), requests, as a matter "
                "of urgency, the provisional arrest of the person sought named below, pending the "
                "submission of the request for extradition") % {
                    "authority": self.requesting_authority, "requesting": own_state},
                articles.PROVISIONAL_ARREST)),
        ]
        person = self.section(_("Person sought"))
        person.blocks += self.fields(self.spec.get("person_sought") or {},
                                     STEP_BY_SLUG["person_sought"].fields)
        offences = self.offences_section()
        warrant = self.section(_("Warrant or judgment"))
        fields = {f.name: f for f in STEP_BY_SLUG["extradition"].fields}
        warrant.blocks += self.fields(data, tuple(fields[name] for name in (
            "purpose", "warrant", "sentence", "limitation")))
        urgency = self.section(_("Urgency"))
        urgency.blocks += self.fields(data, (fields["arrest_urgency"],))
        undertaking = self.section(_("Undertaking"))
        undertaking.add(Paragraph(_(
            "The requesting State undertakes to submit the formal request for extradition, with "
            "its supporting documents, within the time limit set by the law of the requested "
            "State or the applicable treaty, counted from the provisional arrest.")))
        doc.sections = [person, offences, warrant, urgency, undertaking, self.contacts_section()]
        doc.closing = self.closing()
        return doc

    # the JIT agreement ---------------------------------------------------------------------
    def jit_agreement(self, item: dict, watermark: str = "") -> Document:
        fields = {f.name: f for f in ASSISTANCE_TYPES["jit"].all_fields}
        requesting = self.spec.get("requesting") or {}
        doc = Document(title=_("Agreement on the setting up of a joint investigation team"),
                       language=self.language,
                       reference=requesting.get("reference") or self.spec.get("title") or "",
                       page_template=_("Page {page} of {pages}"), watermark=watermark,
                       subtitle=_("Under article 19 of the United Nations Convention against "
                                  "Transnational Organized Crime"))
        articles = (
            ("parties", _("Parties to the agreement")),
            ("mandate", _("Purpose of the joint investigation team")),
            ("start_date", _("Period covered by the agreement")),
            ("location", _("States in which the team will operate")),
            ("leaders", _("Leaders of the team")),
            ("members", _("Members of the team")),
            ("evidence_use", _("Information and evidence")),
            ("costs", _("Costs")),
        )
        for number, (name, title) in enumerate(articles, start=1):
            section = Section(_("Article %(n)s. %(title)s") % {"n": number, "title": title})
            if name == "start_date":
                section.blocks += self.fields(item, (fields["start_date"], fields["end_date"]))
            elif present(item.get(name)):
                section.add(Paragraph(str(item[name])))
            else:
                section.add(Paragraph(_("To be agreed."), italic=True))
            doc.sections.append(section)
        doc.sections.append(Section(
            _("Article %(n)s. %(title)s") % {"n": len(articles) + 1,
                                             "title": _("Sovereignty and applicable law")},
            [Paragraph(_("The team acts in accordance with the law of the State in which it "
                         "operates, whose sovereignty is fully respected (article 19 of the "
                         "Convention)."))]))
        doc.closing = [Paragraph(_("Signatures"), bold=True),
                       Table([_("Party"), _("Name and function"), _("Date"), _("Signature")],
                             [[line.strip(), "", "", ""] for line in
                              str(item.get("parties") or "").splitlines() if line.strip()]
                             or [["", "", "", ""], ["", "", "", ""]]),
                       ItemList([_("Done in as many originals as there are parties.")])]
        return doc


def build(spec: dict, ctx: rules.Context, language: str, watermark: str = "") -> Document:
    with translation.override(language):
        return Builder(spec, ctx, language).build(_(watermark) if watermark else "")


def build_jit(spec: dict, ctx: rules.Context, language: str, index: int,
              watermark: str = "") -> Document:
    item = rules.items(spec)[index]
    if item.get("type") != "jit":
        raise ValueError("not a joint investigation team item")
    with translation.override(language):
        return Builder(spec, ctx, language).jit_agreement(item, _(watermark) if watermark else "")


def build_provisional_arrest(spec: dict, ctx: rules.Context, language: str,
                             watermark: str = "") -> Document:
    """The urgent request for provisional arrest of an extradition request that asks for it
    (UNTOC art. 16(9)); ValueError for any other request."""
    if not asks_provisional_arrest(spec):
        raise ValueError("not an extradition request asking for provisional arrest")
    with translation.override(language):
        return Builder(spec, ctx, language).provisional_arrest(_(watermark) if watermark else "")


def asks_provisional_arrest(spec: dict) -> bool:
    return (spec.get("kind") == "extradition"
            and (spec.get("extradition") or {}).get("provisional_arrest") is True)


DRAFT_MARK = gettext_noop("DRAFT - INCOMPLETE")

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(doc: Document, fmt: str) -> bytes:
    from rogatory.core.documents import render_docx, render_pdf

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: docx or pdf")
    return render_docx(doc) if fmt == "docx" else render_pdf(doc)
