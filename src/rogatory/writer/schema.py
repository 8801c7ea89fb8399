"""The shape of a request: steps, their fields, the assistance types and their fields.

Plain Python (no Django): the pages build their forms from it, the API and the
`render-request` command validate request bodies with it, the checks (`rules.py`) name its
fields and the document builder prints them. Labels are marked with `gettext_noop` and
translated where they are shown.

A request ("spec") is a JSON object:
    {"kind": "mla" | "extradition", "title", "language", "requesting_state", "requested_state",
     "<step>": {field: value, ...} for the single steps,
     "offences"/"persons"/"contacts"/"annexes": [{field: value}, ...],
     "assistance": [{"type": "<assistance type>", field: value, ...}, ...]}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a message for translation; it is translated where it is shown."""
    return message


KINDS = {"mla": gettext_noop("Request for mutual legal assistance"),
         "extradition": gettext_noop("Request for extradition")}
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
LANGUAGE_ALIASES = {"zh": "zh-hans", "zh_hans": "zh-hans", "zh-cn": "zh-hans", "zh_cn": "zh-hans"}

# The contract's codes (rogatory.legalbasis.engine.OFFENCE_CATEGORIES, COOPERATION_TYPES).
OFFENCE_CATEGORIES = (
    ("participation_in_ocg", gettext_noop("Participation in an organized criminal group")),
    ("money_laundering", gettext_noop("Money laundering")),
    ("corruption", gettext_noop("Corruption")),
    ("obstruction_of_justice", gettext_noop("Obstruction of justice")),
    ("trafficking_in_persons", gettext_noop("Trafficking in persons")),
    ("smuggling_of_migrants", gettext_noop("Smuggling of migrants")),
    ("firearms_trafficking", gettext_noop("Illicit trafficking in firearms")),
    ("drug_trafficking", gettext_noop("Drug trafficking")),
    ("cybercrime", gettext_noop("Cybercrime")),
    ("other_serious_crime", gettext_noop("Other serious crime")),
)
BASIS_CODES = ("UNTOC", "UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIR", "UNCAC", "VIENNA-1988",
               "BUDAPEST", "BUDAPEST-P2", "ETS-024", "ETS-030", "reciprocity", "domestic_law")
CHANNELS = (
    ("central_authority", gettext_noop("Central authority to central authority")),
    ("diplomatic", gettext_noop("Diplomatic channel")),
    ("interpol", gettext_noop("INTERPOL")),
    ("email", gettext_noop("E-mail")),
    ("secure_platform", gettext_noop("Secure platform")),
    ("network_24_7", gettext_noop("24/7 network (Budapest Convention art. 35)")),
)
NATURES = (
    ("investigation", gettext_noop("Investigation")),
    ("prosecution", gettext_noop("Prosecution")),
    ("judicial_proceedings", gettext_noop("Judicial proceedings")),
)
YES_NO = (("yes", gettext_noop("Yes")), ("no", gettext_noop("No")))


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, datetime, bool, choice, email, int, state
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[Field, ...] = ()
    repeat: bool = False  # a list of rows (offences, persons, contacts, annexes)
    kinds: tuple[str, ...] = ("mla", "extradition")
    key: str = ""  # where the step keeps its data in the spec; defaults to the slug

    @property
    def data_key(self) -> str:
        return self.key or self.slug


def F(name: str, label: str, kind: str = "text", **extra) -> Field:
    return Field(name, label, kind, **extra)


# A hint for the form only: as part of the label it was printed into documents' tables.
TIME_ZONE_HELP = gettext_noop("For example UTC+01:00.")
PURPOSE = F("purpose", gettext_noop("Purpose for which the assistance is sought"), "textarea")
DESCRIPTION = F("description", gettext_noop("Description of the assistance sought"), "textarea")
PRESERVATION_REFERENCE = F(
    "preservation_reference",
    gettext_noop("Reference and date of the earlier preservation request"),
    help=gettext_noop("Links this request to data already preserved."))
E_COMMON = (
    F("provider", gettext_noop("Service provider or holder of the data")),
    F("identifiers", gettext_noop("Identifiers of the data (accounts, e-mail addresses, "
                                  "IP addresses, telephone numbers, domains)"), "textarea"),
    F("time_from", gettext_noop("Start of the time range"), "datetime"),
    F("time_to", gettext_noop("End of the time range"), "datetime"),
    F("time_zone", gettext_noop("Time zone of the time range"), help=TIME_ZONE_HELP),
)
CAPACITIES = (("witness", gettext_noop("Witness")), ("suspect", gettext_noop("Suspect")),
              ("victim", gettext_noop("Victim")), ("expert", gettext_noop("Expert")))
RECORD_TYPES = (("bank", gettext_noop("Bank records")),
                ("financial", gettext_noop("Other financial records")),
                ("corporate", gettext_noop("Corporate records")),
                ("business", gettext_noop("Business records")),
                ("government", gettext_noop("Government records")))
CERTIFICATION = (("originals", gettext_noop("Originals")),
                 ("certified_copies", gettext_noop("Certified copies")))
CONFISCATION_MODES = (
    ("order", gettext_noop("Submit to the competent authorities to obtain a confiscation order "
                           "(art. 13(1)(a))")),
    ("effect", gettext_noop("Give effect to a confiscation order issued by the requesting State "
                            "(art. 13(1)(b))")),
)
DISPOSALS = (("return_to_state", gettext_noop("Return to the requesting State")),
             ("return_to_owners", gettext_noop("Return to prior legitimate owners")),
             ("compensation", gettext_noop("Compensation of victims")),
             ("sharing", gettext_noop("Sharing (art. 14(3)(b))")))


@dataclass(frozen=True)
class AssistanceType:
    code: str
    label: str
    article: str
    fields: tuple[Field, ...]
    coercive: bool = False  # needs dual criminality where the requested State insists on it
    case_kind: str = "mla"  # the case register's kind when the request is sent
    route: str = "mla"  # the directory's routing assistance type
    cooperation: str = "mla"  # the legal-basis finder's cooperation type

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return (*self.fields, PURPOSE, DESCRIPTION)


def _types(*types: AssistanceType) -> dict[str, AssistanceType]:
    return {item.code: item for item in types}


ASSISTANCE_TYPES = _types(
    AssistanceType("evidence", gettext_noop("Taking evidence or statements"), "art. 18(3)(a)", (
        F("person", gettext_noop("Person to be heard")),
        F("capacity", gettext_noop("Capacity in which the person is heard"), "choice",
          choices=CAPACITIES),
        F("questions", gettext_noop("Questions to be asked"), "textarea"),
        F("rights_notice", gettext_noop("Rights and cautions to be given to the person"),
          "textarea"),
        F("presence", gettext_noop("Officials of the requesting State asking to be present"),
          "textarea"),
        F("oath", gettext_noop("Testimony under oath"), "bool"),
    )),
    AssistanceType("service", gettext_noop("Service of judicial documents"), "art. 18(3)(b)", (
        F("documents", gettext_noop("Documents to be served"), "textarea"),
        F("recipient", gettext_noop("Person to be served")),
        F("recipient_address", gettext_noop("Address for service"), "textarea"),
        F("proof_of_service", gettext_noop("Proof of service required"), "textarea"),
        F("appearance_date", gettext_noop("Date of any appearance the documents summon to"),
          "date"),
    )),
    AssistanceType("search_seizure", gettext_noop("Search and seizure"), "art. 18(3)(c)", (
        F("premises", gettext_noop("Premises or persons to be searched (address, description)"),
          "textarea"),
        F("items", gettext_noop("Items to be seized"), "textarea"),
        F("grounds", gettext_noop("Grounds to believe the items are there and relevant"),
          "textarea"),
        F("domestic_order", gettext_noop("Order of the requesting State's judicial authority"),
          help=gettext_noop("Reference of the order, annexed.")),
    ), coercive=True),
    AssistanceType("examination", gettext_noop("Examining objects and sites"), "art. 18(3)(c)", (
        F("object_or_site", gettext_noop("Object or site to be examined"), "textarea"),
        F("examination", gettext_noop("Examination sought and method"), "textarea"),
    )),
    AssistanceType("information", gettext_noop("Information, evidentiary items and expert "
                                               "evaluations"), "art. 18(3)(e)", (
        F("information", gettext_noop("Information, items or evaluation sought"), "textarea"),
        F("holder", gettext_noop("Who holds it, if known")),
    )),
    AssistanceType("records", gettext_noop("Originals or certified copies of documents and "
                                           "records"), "art. 18(3)(f)", (
        F("record_type", gettext_noop("Kind of records"), "choice", choices=RECORD_TYPES),
        F("holder", gettext_noop("Institution holding the records")),
        F("account_identifiers", gettext_noop("Accounts, companies or identifiers concerned"),
          "textarea"),
        F("period_from", gettext_noop("Period from"), "date"),
        F("period_to", gettext_noop("Period to"), "date"),
        F("certification", gettext_noop("Originals or certified copies"), "choice",
          choices=CERTIFICATION),
    ), coercive=True),
    AssistanceType("tracing", gettext_noop("Identifying or tracing proceeds of crime, property "
                                           "and instrumentalities"), "art. 18(3)(g)", (
        F("property", gettext_noop("Proceeds, property or instrumentalities sought"), "textarea"),
        F("link_to_offence", gettext_noop("Link between the property and the offence"),
          "textarea"),
        F("known_locations", gettext_noop("Known or suspected locations"), "textarea"),
    ), route="asset_recovery"),
    AssistanceType("freezing", gettext_noop("Freezing or seizure of property"),
                   "art. 12(2), 13(2)", (
        F("property", gettext_noop("Property to be frozen or seized"), "textarea"),
        F("location", gettext_noop("Where the property is (bank, account, registry, address)"),
          "textarea"),
        F("owner", gettext_noop("Owner or holder of the property")),
        F("value", gettext_noop("Estimated value and currency")),
        F("link_to_offence", gettext_noop("Link between the property and the offence"),
          "textarea"),
        F("order_reference", gettext_noop("Freezing or seizure order of the requesting State")),
    ), coercive=True, route="asset_recovery", cooperation="confiscation"),
    AssistanceType("confiscation", gettext_noop("Confiscation"), "art. 13", (
        F("mode", gettext_noop("What the requested State is asked to do"), "choice",
          choices=CONFISCATION_MODES),
        F("property", gettext_noop("Description of the property to be confiscated"), "textarea"),
        F("facts_relied_upon", gettext_noop("Statement of the facts relied upon"), "textarea"),
        F("order_copy", gettext_noop("Legally admissible copy of the confiscation order "
                                     "(annex reference)")),
        F("order_extent", gettext_noop("Extent to which execution of the order is requested"),
          "textarea"),
        F("order_final", gettext_noop("The order is final and enforceable"), "bool"),
        F("due_process", gettext_noop("How the owner and any third party were notified and could "
                                      "be heard (due process)"), "textarea"),
    ), coercive=True, case_kind="confiscation", route="asset_recovery",
        cooperation="confiscation"),
    AssistanceType("return", gettext_noop("Return or sharing of confiscated property"), "art. 14", (
        F("property", gettext_noop("Confiscated property concerned"), "textarea"),
        F("confiscation_reference", gettext_noop("Confiscation order or earlier request")),
        F("disposal", gettext_noop("Disposal requested"), "choice", choices=DISPOSALS),
        F("owners", gettext_noop("Victims or prior legitimate owners and their claim"),
          "textarea"),
        F("sharing_proposal", gettext_noop("Proposed sharing and its basis"), "textarea"),
    ), case_kind="confiscation", route="asset_recovery", cooperation="confiscation"),
    AssistanceType("voluntary_appearance", gettext_noop("Facilitating the voluntary appearance of "
                                                        "persons in the requesting State"),
                   "art. 18(3)(h)", (
        F("person", gettext_noop("Person invited to appear")),
        F("appearance", gettext_noop("Date, place and proceedings of the appearance"),
          "textarea"),
        F("expenses", gettext_noop("Expenses and allowances paid"), "textarea"),
        F("safe_conduct", gettext_noop("Safe conduct granted (art. 18(27))"), "bool"),
    )),
    AssistanceType("temporary_transfer", gettext_noop("Temporary transfer of a detained person"),
                   "art. 18(10)-(12)", (
        F("person", gettext_noop("Detained person")),
        F("place_of_detention", gettext_noop("Place of detention")),
        F("consent", gettext_noop("The person has freely given informed consent "
                                  "(art. 18(10)(a))"), "bool"),
        F("transfer_purpose", gettext_noop("Identification, testimony or other assistance "
                                           "required"), "textarea"),
        F("custody", gettext_noop("Custody arrangements in the requesting State "
                                  "(art. 18(11)(a))"), "textarea"),
        F("return_date", gettext_noop("Date by which the person will be returned "
                                      "(art. 18(11)(b))"), "date"),
    ), case_kind="mla"),
    AssistanceType("videoconference", gettext_noop("Hearing by videoconference"), "art. 18(18)", (
        F("person", gettext_noop("Person to be heard")),
        F("capacity", gettext_noop("Capacity in which the person is heard"), "choice",
          choices=CAPACITIES),
        F("proposed_time", gettext_noop("Proposed date and time"), "datetime"),
        F("time_zone", gettext_noop("Time zone of the proposed time")),
        F("conducting_authority", gettext_noop("Judicial authority conducting the hearing")),
        F("technical_contact", gettext_noop("Technical contact for the connection")),
        F("interpretation", gettext_noop("Interpretation needed (languages)")),
    )),
    AssistanceType("transfer_of_proceedings", gettext_noop("Transfer of criminal proceedings"),
                   "art. 21", (
        F("suspect", gettext_noop("Person against whom proceedings are to be transferred")),
        F("reasons", gettext_noop("Why the transfer serves the proper administration of "
                                  "justice"), "textarea"),
        F("case_file", gettext_noop("Case file and evidence transmitted (annex reference)"),
          "textarea"),
        F("status_of_proceedings", gettext_noop("Stage reached in the requesting State"),
          "textarea"),
    ), case_kind="transfer_of_proceedings", cooperation="transfer_of_proceedings"),
    AssistanceType("jit", gettext_noop("Setting up a joint investigation team"), "art. 19", (
        F("parties", gettext_noop("Parties (States and competent authorities)"), "textarea"),
        F("mandate", gettext_noop("Purpose and mandate of the team"), "textarea"),
        F("leaders", gettext_noop("Leaders of the team"), "textarea"),
        F("members", gettext_noop("Members and participants"), "textarea"),
        F("start_date", gettext_noop("Start of the team's term"), "date"),
        F("end_date", gettext_noop("End of the team's term"), "date"),
        F("location", gettext_noop("Where the team operates"), "textarea"),
        F("costs", gettext_noop("Costs and their sharing"), "textarea"),
        F("evidence_use", gettext_noop("Use of information and evidence gathered"), "textarea"),
    ), case_kind="jit", cooperation="joint_investigation"),
    AssistanceType("controlled_delivery", gettext_noop("Controlled delivery"), "art. 20", (
        F("consignment", gettext_noop("Consignment (nature, quantity, packaging)"), "textarea"),
        F("route", gettext_noop("Route: origin, transit and destination"), "textarea"),
        F("dates", gettext_noop("Expected dates"), "textarea"),
        F("transport", gettext_noop("Means of transport and identifiers"), "textarea"),
        F("interception", gettext_noop("Interception and replacement of the goods allowed"),
          "choice", choices=YES_NO),
        F("operational_contact", gettext_noop("Operational contact reachable at all hours")),
    ), case_kind="mla"),
    AssistanceType("preservation", gettext_noop("Expedited preservation of stored computer data"),
                   "Budapest art. 29", (
        *E_COMMON,
        F("data_categories", gettext_noop("Categories of data to be preserved"), "textarea"),
        F("necessity", gettext_noop("Why preservation is necessary (Budapest art. 29(2)(e))"),
          "textarea"),
        F("mla_to_follow", gettext_noop("A request for the production of the data will follow"),
          "bool"),
        F("preservation_days", gettext_noop("Preservation period requested (days)"), "int"),
    ), case_kind="e_evidence_preservation", route="e_evidence"),
    AssistanceType("subscriber", gettext_noop("Subscriber information"),
                   "Budapest art. 31; UNTOC art. 18(3)(e)", (
        *E_COMMON, PRESERVATION_REFERENCE,
    ), route="e_evidence"),
    AssistanceType("stored_data", gettext_noop("Stored traffic and content data"),
                   "Budapest art. 31; UNTOC art. 18(3)", (
        *E_COMMON, PRESERVATION_REFERENCE,
        F("data_categories", gettext_noop("Traffic data, content data or both"), "textarea"),
    ), coercive=True, route="e_evidence"),
    AssistanceType("realtime_traffic", gettext_noop("Real-time collection of traffic data"),
                   "Budapest art. 33", (
        F("provider", gettext_noop("Service provider or holder of the data")),
        F("identifiers", gettext_noop("Identifiers of the data (accounts, e-mail addresses, "
                                      "IP addresses, telephone numbers, domains)"), "textarea"),
        F("start", gettext_noop("Start of the collection"), "datetime"),
        F("duration_days", gettext_noop("Duration of the collection (days)"), "int"),
        F("time_zone", gettext_noop("Time zone of the time range"), help=TIME_ZONE_HELP),
        F("domestic_order", gettext_noop("Order of the requesting State's judicial authority"),
          help=gettext_noop("Reference of the order, annexed.")),
    ), coercive=True, route="e_evidence"),
    AssistanceType("other", gettext_noop("Other assistance not contrary to the requested State's "
                                         "law"), "art. 18(3)(i)", ()),
)
E_EVIDENCE_TYPES = ("preservation", "subscriber", "stored_data", "realtime_traffic")

ANNEX_KINDS = (("order", gettext_noop("Order, warrant or judgment")),
               ("provisions", gettext_noop("Text of legal provisions")),
               ("translation", gettext_noop("Certified translation")),
               ("evidence", gettext_noop("Evidence or documents")),
               ("photo", gettext_noop("Photograph or fingerprints")),
               ("other", gettext_noop("Other")))

BASIS_ARTICLE_HELP = gettext_noop("Only for a regional or bilateral treaty: the writer cites "
                                   "the articles of the UN conventions and the Budapest "
                                   "Convention itself. Leave empty to cite none.")

STEPS = (
    Step("requesting", gettext_noop("Requesting authority and reference"), (
        F("authority", gettext_noop("Requesting authority")),
        F("reference", gettext_noop("Your reference")),
        F("place", gettext_noop("Place of signature")),
        F("date", gettext_noop("Date of the request"), "date"),
        F("signatory", gettext_noop("Name and function of the signatory")),
    )),
    Step("state", gettext_noop("Requested State and addressee"), (
        F("addressee", gettext_noop("Addressee (if the directory knows none)")),
        F("channel", gettext_noop("Channel of transmission"), "choice", choices=CHANNELS),
        F("translation_certified", gettext_noop("A certified translation is annexed or will "
                                                "follow"), "bool"),
    )),
    Step("basis", gettext_noop("Legal basis"), (
        F("offence_category", gettext_noop("Main offence category"), "choice",
          choices=OFFENCE_CATEGORIES),
        F("code", gettext_noop("Legal basis chosen")),
        F("override_reason", gettext_noop("Why you chose another basis than the one proposed"),
          "textarea"),
        F("applies", gettext_noop("Facts that make the basis apply (what the finder asks you to "
                                  "confirm): written into the request"), "textarea"),
        F("article_use", gettext_noop("Article of the treaty on the use of evidence"),
          help=BASIS_ARTICLE_HELP),
        F("article_confidentiality", gettext_noop("Article of the treaty on confidentiality"),
          help=BASIS_ARTICLE_HELP),
        F("article_urgency", gettext_noop("Article of the treaty on urgent requests"),
          help=BASIS_ARTICLE_HELP),
    ), key="legal_basis"),
    Step("case", gettext_noop("The case"), (
        F("subject", gettext_noop("Subject matter of the case")),
        F("nature", gettext_noop("Nature of the case"), "choice", choices=NATURES),
        F("conducting_authority", gettext_noop("Name and function of the authority conducting "
                                               "it")),
        F("case_number", gettext_noop("Case number")),
        F("facts", gettext_noop("Summary of the facts"), "textarea"),
        F("dual_criminality", gettext_noop("Why the conduct is an offence in both States"),
          "textarea"),
    )),
    Step("offences", gettext_noop("Offences"), (
        F("name", gettext_noop("Offence")),
        F("category", gettext_noop("Category"), "choice", choices=OFFENCE_CATEGORIES),
        F("provision", gettext_noop("Provision (law and article)")),
        F("text", gettext_noop("Text of the provision"), "textarea"),
        F("penalty", gettext_noop("Maximum penalty")),
    ), repeat=True),
    Step("persons", gettext_noop("Persons and entities concerned"), (
        F("name", gettext_noop("Name")),
        F("role", gettext_noop("Role in the case")),
        F("birth_date", gettext_noop("Date of birth or registration"), "date"),
        F("nationality", gettext_noop("Nationality or State of registration"), "state"),
        F("identity_document", gettext_noop("Identity document or registration number")),
        F("location", gettext_noop("Address or location")),
    ), repeat=True, kinds=("mla",)),
    Step("person_sought", gettext_noop("Person sought"), (
        F("name", gettext_noop("Name")),
        F("aliases", gettext_noop("Other names used")),
        F("birth_date", gettext_noop("Date of birth"), "date"),
        F("birth_place", gettext_noop("Place of birth")),
        F("nationality", gettext_noop("Nationality"), "state",
          help=gettext_noop("ISO code, for example FR.")),
        F("description", gettext_noop("Physical description"), "textarea"),
        F("identity_document", gettext_noop("Identity document or registration number")),
        F("location", gettext_noop("Known or presumed location")),
        F("photo_annexed", gettext_noop("Photograph or fingerprints annexed"), "bool"),
    ), kinds=("extradition",)),
    Step("extradition", gettext_noop("Warrant, law and assurances"), (
        F("purpose", gettext_noop("Extradition for"), "choice", choices=(
            ("prosecution", gettext_noop("Prosecution")),
            ("enforcement", gettext_noop("Enforcement of a sentence")))),
        F("warrant", gettext_noop("Arrest warrant or judgment (issuing authority, date, "
                                  "reference)"), "textarea"),
        F("sentence", gettext_noop("Sentence imposed and remaining to be served"), "textarea"),
        F("limitation", gettext_noop("Limitation period and why it has not expired"),
          "textarea"),
        F("evidence", gettext_noop("Statement of the evidence (where the requested State "
                                   "requires it)"), "textarea"),
        F("severe_penalty", gettext_noop("An offence carries the death penalty or life "
                                         "imprisonment in the requesting State"), "bool"),
        F("assurances", gettext_noop("Assurances given"), "textarea"),
        F("provisional_arrest", gettext_noop("Provisional arrest requested as a matter of "
                                             "urgency"), "bool"),
        F("arrest_urgency", gettext_noop("Why provisional arrest is urgent"), "textarea"),
    ), kinds=("extradition",)),
    Step("assistance", gettext_noop("Assistance sought"), (), kinds=("mla",)),
    Step("procedures", gettext_noop("Procedures to follow"), (
        F("procedures", gettext_noop("Procedures the requested State is asked to follow"),
          "textarea"),
        F("reasons", gettext_noop("Why these procedures are needed"), "textarea"),
    ), kinds=("mla",)),
    Step("confidentiality", gettext_noop("Confidentiality"), (
        # No article in the labels: the document cites the one of the basis chosen (UNTOC
        # 18(20), UNCAC 46(20), ...) and none in an extradition request.
        F("required", gettext_noop("Keep the request and its content confidential"), "bool"),
        F("reasons", gettext_noop("Why confidentiality is needed"), "textarea"),
    )),
    Step("urgency", gettext_noop("Urgency and deadlines"), (
        F("urgent", gettext_noop("The request is urgent"), "bool"),
        F("deadline", gettext_noop("Execute by"), "date"),
        F("reasons", gettext_noop("Reasons for the urgency or deadline"),
          "textarea"),
    )),
    Step("use", gettext_noop("Use limitations"), (
        F("accepted", gettext_noop("The requesting State undertakes to use the evidence only for "
                                   "the proceedings stated (art. 18(19))"), "bool"),
        F("other_uses", gettext_noop("Other proceedings for which consent is sought now"),
          "textarea"),
    ), kinds=("mla",)),
    Step("contacts", gettext_noop("Contacts for follow-up"), (
        F("name", gettext_noop("Name")),
        F("function", gettext_noop("Function")),
        F("email", gettext_noop("E-mail"), "email"),
        F("phone", gettext_noop("Telephone")),
        F("languages", gettext_noop("Languages spoken")),
        F("time_zone", gettext_noop("Time zone"), help=TIME_ZONE_HELP),
    ), repeat=True),
    Step("annexes", gettext_noop("Annexes"), (
        F("title", gettext_noop("Title")),
        F("kind", gettext_noop("Kind"), "choice", choices=ANNEX_KINDS),
        F("pages", gettext_noop("Pages"), "int"),
    ), repeat=True),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(kind: str) -> tuple[Step, ...]:
    return tuple(step for step in STEPS if kind in step.kinds)


def step_for_key(key: str) -> Step | None:
    return next((step for step in STEPS if step.data_key == key), None)


def normalise_language(language: str | None) -> str | None:
    """"zh", "zh_Hans", "ZH-hans" -> "zh-hans"; None for a language that is not a UN one."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-")
    code = LANGUAGE_ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def base_language(language: str) -> str:
    return language.split("-")[0]


# --- structural validation (types and choices, not completeness: that is rules.py) -----------

def _value_error(spec_field: Field, value) -> str | None:
    if value in (None, ""):
        return None
    kind = spec_field.kind
    if kind in ("text", "textarea", "email", "state"):
        return None if isinstance(value, str) else gettext_noop("Expected text.")
    if kind == "bool":
        return None if isinstance(value, bool) else gettext_noop("Expected true or false.")
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else gettext_noop("Expected a whole number.")
    if kind == "choice":
        return None if value in {code for code, _label in spec_field.choices} else gettext_noop(
            "Not one of the choices.")
    parser = dt.date.fromisoformat if kind == "date" else dt.datetime.fromisoformat
    try:
        parser(value)
    except (TypeError, ValueError):
        return gettext_noop("Expected a date as YYYY-MM-DD.") if kind == "date" else gettext_noop(
            "Expected a date and time as YYYY-MM-DDTHH:MM.")
    return None


def _validate_object(data, fields: tuple[Field, ...], path: str, errors: dict,
                     extra: tuple[str, ...] = ()) -> None:
    if not isinstance(data, dict):
        errors[path] = gettext_noop("Expected an object.")
        return
    known = {item.name: item for item in fields}
    for name, value in data.items():
        where = f"{path}.{name}"
        if name in extra:
            continue
        if name not in known:
            errors[where] = gettext_noop("Unknown field.")
            continue
        message = _value_error(known[name], value)
        if message:
            errors[where] = message


TOP_LEVEL = ("kind", "title", "language", "requesting_state", "requested_state", "version",
             "shared_with")


def validate_spec(spec) -> dict[str, str]:
    """Structural errors by path ("assistance.0.type": "..."); empty when the shape is right."""
    errors: dict[str, str] = {}
    if not isinstance(spec, dict):
        return {"": gettext_noop("Expected an object.")}
    if spec.get("kind") not in KINDS:
        errors["kind"] = gettext_noop("Expected \"mla\" or \"extradition\".")
    if "language" in spec and normalise_language(spec.get("language")) is None:
        errors["language"] = gettext_noop("Not one of the six UN languages.")
    for name in ("title", "requesting_state", "requested_state"):
        if spec.get(name) is not None and not isinstance(spec.get(name), str):
            errors[name] = gettext_noop("Expected text.")
    steps = {step.data_key: step for step in STEPS if step.slug != "assistance"}
    for key, value in spec.items():
        if key in TOP_LEVEL:
            continue
        if key == "assistance":
            _validate_assistance(value, errors)
        elif key in steps and steps[key].repeat:
            if not isinstance(value, list):
                errors[key] = gettext_noop("Expected a list.")
                continue
            for index, row in enumerate(value):
                _validate_object(row, steps[key].fields, f"{key}.{index}", errors)
        elif key in steps:
            _validate_object(value, steps[key].fields, key, errors)
        else:
            errors[key] = gettext_noop("Unknown field.")
    return errors


def _validate_assistance(items, errors: dict) -> None:
    if not isinstance(items, list):
        errors["assistance"] = gettext_noop("Expected a list.")
        return
    for index, item in enumerate(items):
        path = f"assistance.{index}"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in ASSISTANCE_TYPES:
            errors[f"{path}.type"] = gettext_noop("Unknown assistance type.")
            continue
        _validate_object(item, ASSISTANCE_TYPES[kind].all_fields, path, errors, extra=("type",))


def present(value) -> bool:
    """A value the drafter has given (False is an answer; empty text is not)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}
