"""Every completeness and correctness check of a request, in one place (no Django import).

A check reads the request (the spec of `schema.py`) and a `Context` (what the directory and the
legal-basis finder said) and returns `Issue`s: step, field, severity (`error` blocks the
document and sending, `warning` informs) and a message that says what to add. Messages are
marked with `gettext_noop`; `present_issue` in `checks.py` translates them where shown.

Three kinds of rules:
- essentials (tables `STEP_ESSENTIALS`, `ROW_ESSENTIALS`, `ITEM_ESSENTIALS`): a field that must
  be given, with the article that asks for it;
- conditional rules (`RULES`): small functions, each registered with its step, field, severity
  and message by the `rule` decorator;
- per-State rules (`state_rule("XX")`): modules in `writer/staterules/`, one per State, loaded
  on first use; adding one touches no other State.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rogatory.writer import articles, extradition
from rogatory.writer.schema import (
    ASSISTANCE_TYPES,
    E_EVIDENCE_TYPES,
    STEP_BY_SLUG,
    base_language,
    gettext_noop,
    present,
    steps_for,
)

ERROR = "error"
WARNING = "warning"
# Parameters that hold a message id (translated when shown) or a list of language codes.
TRANSLATED_PARAMS = ("what", "type", "section")
LANGUAGE_PARAMS = ("languages", "language")
CHANNEL_PARAMS = ("channels",)  # channel codes, shown by their labels

MISSING = gettext_noop("%(section)s: add %(what)s (%(article)s).")
MISSING_PLAIN = gettext_noop("%(section)s: add %(what)s.")
MISSING_ITEM = gettext_noop("Assistance item %(n)s (%(type)s): add %(what)s (%(article)s).")
MISSING_ROW = gettext_noop("%(section)s, row %(n)s: add %(what)s.")


@dataclass(frozen=True)
class Issue:
    step: str
    field: str
    severity: str
    message: str  # a message id; params are interpolated after translation
    params: dict = field(default_factory=dict, hash=False, compare=False)
    code: str = ""


@dataclass(frozen=True)
class Context:
    """What the other tools said. None means unknown (not asked, or no answer)."""

    route: dict | None = None  # directory.selectors.route(...) result
    # The urgent route of an extradition request that asks for provisional arrest (the
    # channel of that application); `route` is then the route of the formal request.
    arrest_route: dict | None = None
    basis: dict | None = None  # legalbasis.services.find_legal_basis(...) result
    today: dt.date = field(default_factory=dt.date.today)


# --- essentials: data ---------------------------------------------------------------------
# (field, severity, article); "" means no article to cite.
STEP_ESSENTIALS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "requesting": (("authority", ERROR, "art. 18(15)(a)"), ("reference", WARNING, ""),
                   ("date", WARNING, ""), ("signatory", WARNING, "")),
    "legal_basis": (("code", ERROR, ""), ("offence_category", WARNING, "")),
    "case": (("subject", ERROR, "art. 18(15)(b)"), ("nature", ERROR, "art. 18(15)(b)"),
             ("conducting_authority", ERROR, "art. 18(15)(b)")),
    "person_sought": (("name", ERROR, "art. 16"), ("nationality", ERROR, "art. 16"),
                      ("description", ERROR, "art. 16"), ("location", ERROR, "art. 16"),
                      ("birth_date", WARNING, "")),
    "extradition": (("purpose", ERROR, "art. 16"), ("warrant", ERROR, "art. 16"),
                    ("limitation", WARNING, "")),
}
# Rows of the repeating steps, by request kind.
ROW_ESSENTIALS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "mla": {
        "offences": (("name", ERROR), ("provision", ERROR), ("penalty", WARNING),
                     ("text", WARNING)),
        "persons": (("name", ERROR), ("nationality", WARNING), ("location", WARNING)),
        "contacts": (("name", ERROR), ("time_zone", WARNING)),
        "annexes": (("title", ERROR),),
    },
    "extradition": {
        "offences": (("name", ERROR), ("provision", ERROR), ("penalty", ERROR), ("text", ERROR)),
        "contacts": (("name", ERROR), ("time_zone", WARNING)),
        "annexes": (("title", ERROR),),
    },
}
# Each assistance type's own essentials (the purpose is essential for every type).
ITEM_ESSENTIALS: dict[str, tuple[tuple[str, str], ...]] = {
    "evidence": (("person", ERROR), ("capacity", ERROR), ("questions", ERROR)),
    "service": (("documents", ERROR), ("recipient", ERROR), ("recipient_address", ERROR),
                ("proof_of_service", WARNING)),
    "search_seizure": (("premises", ERROR), ("items", ERROR), ("grounds", ERROR),
                       ("domestic_order", WARNING)),
    "examination": (("object_or_site", ERROR), ("examination", ERROR)),
    "information": (("information", ERROR), ("holder", WARNING)),
    "records": (("record_type", ERROR), ("holder", ERROR), ("account_identifiers", ERROR),
                ("period_from", ERROR), ("period_to", ERROR), ("certification", WARNING)),
    "tracing": (("property", ERROR), ("link_to_offence", ERROR), ("known_locations", WARNING)),
    "freezing": (("property", ERROR), ("location", ERROR), ("link_to_offence", ERROR),
                 ("owner", WARNING), ("value", WARNING), ("order_reference", WARNING)),
    "confiscation": (("mode", ERROR), ("property", ERROR), ("facts_relied_upon", ERROR),
                     ("due_process", WARNING)),
    "return": (("property", ERROR), ("confiscation_reference", ERROR), ("disposal", ERROR)),
    "voluntary_appearance": (("person", ERROR), ("appearance", ERROR), ("expenses", WARNING)),
    "temporary_transfer": (("person", ERROR), ("place_of_detention", ERROR),
                           ("transfer_purpose", ERROR), ("custody", ERROR),
                           ("return_date", ERROR)),
    "videoconference": (("person", ERROR), ("capacity", ERROR), ("proposed_time", ERROR),
                        ("time_zone", ERROR), ("conducting_authority", ERROR),
                        ("technical_contact", WARNING)),
    "transfer_of_proceedings": (("suspect", ERROR), ("reasons", ERROR), ("case_file", ERROR),
                                ("status_of_proceedings", WARNING)),
    "jit": (("parties", ERROR), ("mandate", ERROR), ("leaders", ERROR), ("start_date", ERROR),
            ("end_date", ERROR), ("location", WARNING), ("costs", WARNING),
            ("evidence_use", WARNING)),
    "controlled_delivery": (("consignment", ERROR), ("route", ERROR), ("dates", ERROR),
                            ("operational_contact", ERROR), ("interception", WARNING)),
    "preservation": (("provider", ERROR), ("identifiers", ERROR), ("time_from", ERROR),
                     ("time_to", ERROR), ("time_zone", ERROR), ("data_categories", ERROR),
                     ("necessity", ERROR)),
    "subscriber": (("provider", ERROR), ("identifiers", ERROR), ("time_from", ERROR),
                   ("time_to", ERROR), ("time_zone", ERROR)),
    "stored_data": (("provider", ERROR), ("identifiers", ERROR), ("time_from", ERROR),
                    ("time_to", ERROR), ("time_zone", ERROR), ("data_categories", ERROR)),
    "realtime_traffic": (("provider", ERROR), ("identifiers", ERROR), ("start", ERROR),
                         ("duration_days", ERROR), ("time_zone", ERROR),
                         ("domestic_order", WARNING)),
    "other": (("description", ERROR),),
}


def _label(step_key: str, name: str) -> str:
    step = next(s for s in STEP_BY_SLUG.values() if s.data_key == step_key)
    return next(f.label for f in step.fields if f.name == name)


def _item_label(kind: str, name: str) -> str:
    return next(f.label for f in ASSISTANCE_TYPES[kind].all_fields if f.name == name)


def _essentials(spec: dict) -> Iterator[Issue]:
    kind = spec.get("kind", "mla")
    for step in steps_for(kind):
        key = step.data_key
        data = spec.get(key) or ({} if not step.repeat else [])
        for name, severity, article in STEP_ESSENTIALS.get(key, ()):
            if not present(data.get(name)):
                yield Issue(step.slug, f"{key}.{name}", severity,
                            MISSING if article else MISSING_PLAIN,
                            {"what": _label(key, name), "article": article,
                             "section": step.title}, "essential")
        for name, severity in ROW_ESSENTIALS.get(kind, {}).get(key, ()):
            for index, row in enumerate(data):
                if not present(row.get(name)):
                    yield Issue(step.slug, f"{key}.{index}.{name}", severity, MISSING_ROW,
                                {"what": _label(key, name), "n": index + 1,
                                 "section": step.title}, "essential")
    if kind == "mla":
        for index, item in enumerate(items(spec)):
            yield from _item_essentials(index, item)


def _item_essentials(index: int, item: dict) -> Iterator[Issue]:
    kind = item.get("type")
    if kind not in ASSISTANCE_TYPES:
        return
    article = ASSISTANCE_TYPES[kind].article
    wanted = (*ITEM_ESSENTIALS.get(kind, ()), ("purpose", ERROR))
    for name, severity in wanted:
        if not present(item.get(name)):
            cite = "art. 18(15)(f)" if name == "purpose" else article
            yield Issue("assistance", f"assistance.{index}.{name}", severity, MISSING_ITEM,
                        {"n": index + 1, "type": ASSISTANCE_TYPES[kind].label,
                         "what": _item_label(kind, name), "article": cite}, "essential")


# --- conditional rules: small functions -----------------------------------------------------

Finder = Callable[[dict, Context], Iterable[dict]]


@dataclass(frozen=True)
class Rule:
    code: str
    step: str
    field: str  # "{n0}" (the row or item index) and other {params} are filled in
    severity: str
    message: str
    find: Finder  # yields the message's params, once per problem found
    kinds: tuple[str, ...] = ("mla", "extradition")


RULES: list[Rule] = []


def rule(code: str, step: str, field_path: str, severity: str, message: str,
         kinds: tuple[str, ...] = ("mla", "extradition")) -> Callable[[Finder], Finder]:
    def register(find: Finder) -> Finder:
        RULES.append(Rule(code, step, field_path, severity, message, find, kinds))
        return find

    return register


def items(spec: dict) -> list[dict]:
    return [item for item in spec.get("assistance") or [] if isinstance(item, dict)]


def _typed(spec: dict, *kinds: str) -> Iterator[tuple[int, dict]]:
    for index, item in enumerate(items(spec)):
        if item.get("type") in kinds:
            yield index, item


def _item_params(index: int, item: dict, **extra) -> dict:
    return {"n0": index, "n": index + 1, "type": ASSISTANCE_TYPES[item["type"]].label, **extra}


def _requirements(ctx: Context) -> dict:
    return (ctx.route or {}).get("requirements") or {}


def _coercive(spec: dict) -> bool:
    return any(ASSISTANCE_TYPES[item["type"]].coercive for item in items(spec)
               if item.get("type") in ASSISTANCE_TYPES)


def _annex_kinds(spec: dict) -> set[str]:
    return {row.get("kind") for row in spec.get("annexes") or [] if isinstance(row, dict)}


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _datetime(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _once(condition: bool, **params) -> list[dict]:
    return [params] if condition else []


# Requested State and addressee ------------------------------------------------------------

@rule("state.missing", "state", "requested_state", ERROR,
      gettext_noop("Choose the requested State."))
def _no_state(spec, ctx):
    return _once(not spec.get("requested_state"))


@rule("state.no_authority", "state", "state.addressee", WARNING,
      gettext_noop("The directory knows no receiving authority for this request: the addressee "
                   "is unknown. Confirm it with the requested State and write it in."))
def _no_route(spec, ctx):
    return _once(bool(spec.get("requested_state")) and ctx.route is None
                 and not present((spec.get("state") or {}).get("addressee")))


@rule("state.unverified", "state", "state.addressee", WARNING,
      gettext_noop("The directory entry of the receiving authority has never been verified: "
                   "confirm the address and requirements before sending."))
def _unverified(spec, ctx):
    return _once(ctx.route is not None and not ctx.route.get("last_verified"))


@rule("state.stale", "state", "state.addressee", WARNING,
      gettext_noop("The directory entry of the receiving authority was last verified on "
                   "%(date)s and is out of date: confirm the address and requirements before "
                   "sending."))
def _stale(spec, ctx):
    route = ctx.route or {}
    return _once(bool(route.get("stale")) and bool(route.get("last_verified")),
                 date=route.get("last_verified"))


@rule("state.language", "state", "language", WARNING,
      gettext_noop("The requested State accepts requests in %(languages)s, not in "
                   "%(language)s: write the request in one of those languages or annex a "
                   "translation."))
def _language(spec, ctx):
    accepted = [code.lower() for code in (ctx.route or {}).get("languages") or []]
    language = spec.get("language") or "en"
    return _once(bool(accepted) and base_language(language) not in accepted,
                 languages=accepted, language=[language])


@rule("state.languages_unknown", "state", "language", WARNING,
      gettext_noop("The languages the requested State accepts are unknown: ask its central "
                   "authority before sending."))
def _languages_unknown(spec, ctx):
    return _once(ctx.route is not None and not ctx.route.get("languages"))


@rule("state.channel_missing", "state", "state.channel", WARNING,
      gettext_noop("Choose the channel of transmission."))
def _channel_missing(spec, ctx):
    return _once(not present((spec.get("state") or {}).get("channel")))


@rule("state.channel", "state", "state.channel", WARNING,
      gettext_noop("The requested State receives this request through %(channels)s, not the "
                   "channel chosen: choose one of those."))
def _channel(spec, ctx):
    channels = (ctx.route or {}).get("channels") or []
    chosen = (spec.get("state") or {}).get("channel")
    return _once(bool(channels) and bool(chosen) and chosen not in channels,
                 channels=list(channels))


@rule("state.certified_translation", "state", "state.translation_certified", WARNING,
      gettext_noop("The requested State requires a certified translation: annex it (annex of "
                   "the kind \"certified translation\") or confirm it will follow."))
def _certified(spec, ctx):
    given = (spec.get("state") or {}).get("translation_certified") is True
    return _once((ctx.route or {}).get("certified_translation") is True and not given
                 and "translation" not in _annex_kinds(spec))


@rule("state.original", "state", "state.channel", WARNING,
      gettext_noop("The requested State requires the signed original: send it through the "
                   "channel of transmission, in addition to any advance copy."))
def _original(spec, ctx):
    return _once((ctx.route or {}).get("original_required") is True)


@rule("state.urgent_procedure", "urgency", "urgency.urgent", WARNING,
      gettext_noop("Urgent requests to this State follow its urgent procedure: %(procedure)s"))
def _urgent_procedure(spec, ctx):
    procedure = (ctx.route or {}).get("urgent_procedure")
    urgent = (spec.get("urgency") or {}).get("urgent") is True
    return _once(urgent and bool(procedure), procedure=procedure)


# Legal basis ----------------------------------------------------------------------------

def _candidate(spec: dict, ctx: Context) -> dict | None:
    code = (spec.get("legal_basis") or {}).get("code")
    for candidate in (ctx.basis or {}).get("candidates") or []:
        if (candidate.get("instrument") or {}).get("code") == code:
            return candidate
    return None


def confirm_texts(candidate: dict | None) -> list[str]:
    """The conditions the finder asks to confirm, as text (strings or {"text": ...})."""
    texts = []
    for item in (candidate or {}).get("confirm") or []:
        text = item.get("text") if isinstance(item, dict) else item
        if text:
            texts.append(str(text))
    return texts


@rule("basis.unknown", "basis", "legal_basis.code", WARNING,
      gettext_noop("The legal-basis finder gave no answer for these States and this offence: "
                   "the legal basis is unverified."))
def _basis_unknown(spec, ctx):
    return _once(bool(spec.get("requested_state")) and ctx.basis is None)


@rule("basis.unavailable", "basis", "legal_basis.code", ERROR,
      gettext_noop("%(basis)s is not available between these States for this request: "
                   "%(reason)s Choose another legal basis."))
def _basis_unavailable(spec, ctx):
    candidate = _candidate(spec, ctx)
    if not candidate or candidate.get("verdict") != "unavailable":
        return []
    reasons = " ".join(reason.get("text", "") for reason in candidate.get("reasons") or [])
    return [{"basis": candidate["instrument"].get("name") or candidate["instrument"]["code"],
             "reason": reasons}]


@rule("basis.conditional", "basis", "legal_basis.code", WARNING,
      gettext_noop("%(basis)s is available on conditions you must confirm: %(conditions)s"))
def _basis_conditional(spec, ctx):
    candidate = _candidate(spec, ctx)
    if not candidate or candidate.get("verdict") != "conditional":
        return []
    return [{"basis": candidate["instrument"].get("name") or candidate["instrument"]["code"],
             "conditions": "; ".join(confirm_texts(candidate))}]


@rule("basis.unassessed", "basis", "legal_basis.code", WARNING,
      gettext_noop("The finder could not say whether the basis chosen is available between "
                   "these States: check it before sending."))
def _basis_unassessed(spec, ctx):
    code = (spec.get("legal_basis") or {}).get("code")
    if ctx.basis is None or not code or code in ("reciprocity", "domestic_law"):
        return []
    candidate = _candidate(spec, ctx)
    return _once(candidate is None or candidate.get("verdict") == "unknown")


@rule("basis.applies", "basis", "legal_basis.applies", WARNING,
      gettext_noop("State the facts that make %(basis)s apply, so that the requested State reads "
                   "them in the request: %(conditions)s"))
def _basis_applies(spec, ctx):
    basis = spec.get("legal_basis") or {}
    candidate = _candidate(spec, ctx)
    conditions = confirm_texts(candidate)
    scope = articles.cite(basis.get("code"), articles.SCOPE) if spec.get("kind") == "mla" else None
    if present(basis.get("applies")) or not (conditions or scope):
        return []
    name = ((candidate or {}).get("instrument") or {}).get("name") or basis.get("code")
    return [{"basis": name, "conditions": "; ".join(conditions) or scope.article}]


# The verdicts under which the finder says a basis can apply (conditional: on what it lists).
HOLDS = ("available", "conditional")


def eu_instrument(code: str | None) -> bool:
    """An instrument of EU law (European arrest warrant, European Investigation Order, ...):
    the finder's codes of EU law start with "EU-"."""
    return str(code or "").startswith("EU-")


def _recommended(ctx: Context) -> dict:
    return (ctx.basis or {}).get("recommended") or {}


@rule("basis.override_reason", "basis", "legal_basis.override_reason", ERROR,
      gettext_noop("You chose another basis than the one proposed (%(recommended)s): state "
                   "why."))
def _override(spec, ctx):
    """A reason is asked only where the choice is not one the finder says can apply, or where
    EU law governs (the drafter must say why a convention-based request is made at all)."""
    basis = spec.get("legal_basis") or {}
    recommended = _recommended(ctx)
    chosen = basis.get("code")
    if (not recommended.get("code") or not present(chosen) or chosen == recommended["code"]
            or present(basis.get("override_reason"))):
        return []
    candidate = _candidate(spec, ctx)
    holds = candidate is not None and candidate.get("verdict") in HOLDS
    return _once(eu_instrument(recommended["code"]) or not holds,
                 recommended=recommended.get("name") or recommended["code"])


@rule("basis.eu_governs", "requesting", "requested_state", WARNING,
      gettext_noop("Between these States %(instrument)s governs (EU law): it has its own form, "
                   "set by EU law, which this writer does not prepare. Prepare a request under "
                   "another basis only if you state why (Legal basis step)."))
def _eu_governs(spec, ctx):
    recommended = _recommended(ctx)
    return _once(eu_instrument(recommended.get("code")),
                 instrument=recommended.get("name") or recommended.get("code"))


@rule("basis.eu_form", "basis", "legal_basis.code", ERROR,
      gettext_noop("%(basis)s is made on the EU's own form, which this writer does not "
                   "prepare: fill in that form, or choose a convention and state why."))
def _eu_form(spec, ctx):
    code = (spec.get("legal_basis") or {}).get("code")
    candidate = _candidate(spec, ctx) or {}
    return _once(eu_instrument(code),
                 basis=(candidate.get("instrument") or {}).get("name") or code)


# The case -------------------------------------------------------------------------------

@rule("case.facts", "case", "case.facts", ERROR,
      gettext_noop("Add the summary of the facts (art. 18(15)(c))."))
def _facts(spec, ctx):
    only_service = bool(items(spec)) and all(i.get("type") == "service" for i in items(spec))
    exempt = spec.get("kind") == "mla" and only_service
    return _once(not exempt and not present((spec.get("case") or {}).get("facts")))


@rule("case.dual_criminality", "case", "case.dual_criminality", ERROR,
      gettext_noop("The requested State requires dual criminality for coercive measures: "
                   "explain why the conduct is an offence under the law of both States."))
def _dual_criminality(spec, ctx):
    required = _requirements(ctx).get("dual_criminality") is True and _coercive(spec)
    return _once(spec.get("kind") == "mla" and required
                 and not present((spec.get("case") or {}).get("dual_criminality")))


@rule("case.dual_criminality_extradition", "case", "case.dual_criminality", ERROR,
      gettext_noop("Explain why the conduct is an offence under the law of both States "
                   "(art. 16(1))."), kinds=("extradition",))
def _dual_criminality_extradition(spec, ctx):
    return _once(not present((spec.get("case") or {}).get("dual_criminality")))


@rule("offences.none", "offences", "offences", ERROR,
      gettext_noop("Add at least one offence, with its provision and penalty."))
def _no_offences(spec, ctx):
    return _once(not spec.get("offences"))


# Persons -------------------------------------------------------------------------------

@rule("persons.none", "persons", "persons", WARNING,
      gettext_noop("Where possible, give the identity, location and nationality of the persons "
                   "concerned (art. 18(15)(e))."), kinds=("mla",))
def _no_persons(spec, ctx):
    return _once(not spec.get("persons"))


@rule("person_sought.national", "person_sought", "person_sought.nationality", WARNING,
      gettext_noop("The person sought is a national of the requested State, which may refuse "
                   "to extradite its own nationals (art. 16(10)): consider asking it to "
                   "prosecute instead, or offer the return of the person to serve the "
                   "sentence (art. 16(11))."), kinds=("extradition",))
def _own_national(spec, ctx):
    nationality = str((spec.get("person_sought") or {}).get("nationality") or "").upper()
    return _once(bool(nationality) and nationality == spec.get("requested_state"))


@rule("person_sought.photo", "person_sought", "person_sought.photo_annexed", WARNING,
      gettext_noop("Annex a photograph or fingerprints of the person sought, if available."),
      kinds=("extradition",))
def _photo(spec, ctx):
    return _once((spec.get("person_sought") or {}).get("photo_annexed") is not True)


# Extradition ---------------------------------------------------------------------------

@rule("extradition.sentence", "extradition", "extradition.sentence", ERROR,
      gettext_noop("Add the sentence imposed and the part remaining to be served."),
      kinds=("extradition",))
def _sentence(spec, ctx):
    data = spec.get("extradition") or {}
    return _once(data.get("purpose") == "enforcement" and not present(data.get("sentence")))


@rule("extradition.assurances", "extradition", "extradition.assurances", WARNING,
      gettext_noop("An offence carries the death penalty or life imprisonment: state the "
                   "assurances the requesting State gives."), kinds=("extradition",))
def _assurances(spec, ctx):
    data = spec.get("extradition") or {}
    return _once(data.get("severe_penalty") is True and not present(data.get("assurances"))
                 and _requirements(ctx).get("assurances") is not True)


@rule("extradition.assurances_required", "extradition", "extradition.assurances", ERROR,
      gettext_noop("The requested State requires assurances (%(notes)s): state them."),
      kinds=("extradition",))
def _assurances_required(spec, ctx):
    data = spec.get("extradition") or {}
    return _once(_requirements(ctx).get("assurances") is True
                 and not present(data.get("assurances")),
                 notes=_requirements(ctx).get("notes") or "")


@rule("extradition.arrest_urgency", "extradition", "extradition.arrest_urgency", ERROR,
      gettext_noop("Explain why provisional arrest is urgent."), kinds=("extradition",))
def _arrest_urgency(spec, ctx):
    data = spec.get("extradition") or {}
    return _once(data.get("provisional_arrest") is True and not present(data.get("arrest_urgency")))


@rule("extradition.arrest_channel", "extradition", "extradition.provisional_arrest", WARNING,
      gettext_noop("The directory does not list INTERPOL as a channel of the requested State: "
                   "confirm how it receives requests for provisional arrest."),
      kinds=("extradition",))
def _arrest_channel(spec, ctx):
    channels = (ctx.arrest_route or ctx.route or {}).get("channels") or []
    arrest = (spec.get("extradition") or {}).get("provisional_arrest") is True
    return _once(arrest and bool(channels) and "interpol" not in channels)


@rule("extradition.evidence", "extradition", "extradition.evidence", ERROR,
      gettext_noop("The requested State requires a statement of the evidence for extradition "
                   "(art. 16(7)): summarise the evidence against the person sought."),
      kinds=("extradition",))
def _evidence_statement(spec, ctx):
    required = extradition.evidence_statement_required(_requirements(ctx))
    return _once(required and not present((spec.get("extradition") or {}).get("evidence")))


# Assistance sought ---------------------------------------------------------------------

@rule("assistance.none", "assistance", "assistance", ERROR,
      gettext_noop("Add at least one item of assistance sought (art. 18(15)(d))."), kinds=("mla",))
def _no_items(spec, ctx):
    return _once(not items(spec))


@rule("evidence.rights", "assistance", "assistance.{n0}.rights_notice", WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): a suspect is heard: state the rights and "
                   "cautions to be given."), kinds=("mla",))
def _suspect_rights(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "evidence", "videoconference")
            if item.get("capacity") == "suspect" and not present(item.get("rights_notice"))]


@rule("confiscation.order_copy", "assistance", "assistance.{n0}.order_copy", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): to give effect to an order, add the "
                   "legally admissible copy of the order and say how far it is to be executed "
                   "(art. 13(3)(b))."), kinds=("mla",))
def _confiscation_order(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "confiscation")
            if item.get("mode") == "effect"
            and not (present(item.get("order_copy")) and present(item.get("order_extent")))]


@rule("confiscation.order_annex", "annexes", "annexes", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): annex the confiscation order (an annex of "
                   "the kind \"order, warrant or judgment\")."), kinds=("mla",))
def _confiscation_annex(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "confiscation")
            if item.get("mode") == "effect" and "order" not in _annex_kinds(spec)]


@rule("confiscation.final", "assistance", "assistance.{n0}.order_final", WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): confirm that the order is final and "
                   "enforceable, or explain its status."), kinds=("mla",))
def _confiscation_final(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "confiscation")
            if item.get("mode") == "effect" and item.get("order_final") is not True]


@rule("return.owners", "assistance", "assistance.{n0}.owners", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): name the victims or prior legitimate "
                   "owners and their claim (art. 14(2))."), kinds=("mla",))
def _return_owners(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "return")
            if item.get("disposal") in ("return_to_owners", "compensation")
            and not present(item.get("owners"))]


@rule("return.sharing", "assistance", "assistance.{n0}.sharing_proposal", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): give the proposed sharing and its basis "
                   "(art. 14(3)(b))."), kinds=("mla",))
def _return_sharing(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "return")
            if item.get("disposal") == "sharing" and not present(item.get("sharing_proposal"))]


@rule("transfer.consent", "assistance", "assistance.{n0}.consent", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): a detained person may be transferred only "
                   "with free and informed consent (art. 18(10)(a)): confirm it."), kinds=("mla",))
def _transfer_consent(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "temporary_transfer")
            if item.get("consent") is not True]


@rule("items.time_range", "assistance", "assistance.{n0}.{end}", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): the end of the time range is before its "
                   "start."), kinds=("mla",))
def _time_range(spec, ctx):
    found = []
    for i, item in _typed(spec, "preservation", "subscriber", "stored_data"):
        start, end = _datetime(item.get("time_from")), _datetime(item.get("time_to"))
        if start and end and end < start:
            found.append(_item_params(i, item, end="time_to"))
    for i, item in _typed(spec, "records", "jit"):
        names = ("period_from", "period_to") if item["type"] == "records" else (
            "start_date", "end_date")
        start, end = _date(item.get(names[0])), _date(item.get(names[1]))
        if start and end and end < start:
            found.append(_item_params(i, item, end=names[1]))
    return found


@rule("e_evidence.preservation_link", "assistance", "assistance.{n0}.preservation_reference",
      WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): if the data was preserved on an earlier "
                   "request, give its reference and date so that the provider links the two."),
      kinds=("mla",))
def _preservation_link(spec, ctx):
    preserved_here = any(True for _ in _typed(spec, "preservation"))
    return [_item_params(i, item) for i, item in _typed(spec, "subscriber", "stored_data")
            if not preserved_here and not present(item.get("preservation_reference"))]


@rule("e_evidence.mla_to_follow", "assistance", "assistance.{n0}.mla_to_follow", ERROR,
      gettext_noop("Assistance item %(n)s (%(type)s): state that a request for the production "
                   "of the data will follow (Budapest Convention art. 29(2)(f))."),
      kinds=("mla",))
def _mla_to_follow(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, "preservation")
            if item.get("mla_to_follow") is not True]


@rule("confiscation.consistency", "assistance", "assistance.{n0}.mode", WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): giving effect to a confiscation order "
                   "(art. 13(1)(b)) does not fit proceedings still at the investigation stage: "
                   "make the purpose, the nature of the proceedings and the order attached agree."),
      kinds=("mla",))
def _confiscation_consistency(spec, ctx):
    investigating = (spec.get("case") or {}).get("nature") == "investigation"
    return [_item_params(i, item) for i, item in _typed(spec, "confiscation")
            if investigating and item.get("mode") == "effect"]


@rule("e_evidence.preservation_basis", "basis", "legal_basis.code", ERROR,
      gettext_noop("%(basis)s gives no obligation to preserve computer data: rest the "
                   "preservation on the Budapest Convention (art. 29), its Second Protocol, the "
                   "United Nations Convention against Cybercrime where it is in force for both "
                   "States, or the requested State's domestic law."), kinds=("mla",))
def _preservation_basis(spec, ctx):
    code = (spec.get("legal_basis") or {}).get("code")
    preserving = any(True for _ in _typed(spec, "preservation"))
    candidate = _candidate(spec, ctx) or {}
    return _once(preserving and present(code) and not articles.provides_preservation(code),
                 basis=(candidate.get("instrument") or {}).get("name") or code)


@rule("e_evidence.network", "state", "state.channel", WARNING,
      gettext_noop("The requested State lists a 24/7 point of contact for electronic evidence "
                   "(%(authority)s): send the preservation request through the 24/7 network "
                   "(Budapest Convention art. 35)."), kinds=("mla",))
def _network(spec, ctx):
    route = ctx.route or {}
    contact = (route.get("authority") or {}).get("name_en") or (
        route.get("authority") or {}).get("name")
    preserving = any(True for _ in _typed(spec, "preservation"))
    chosen = (spec.get("state") or {}).get("channel")
    return _once(preserving and route.get("assistance") == "e_evidence" and bool(contact)
                 and chosen != "network_24_7", authority=contact)


@rule("e_evidence.preservation_urgent", "urgency", "urgency.urgent", WARNING,
      gettext_noop("Preservation is asked because the data may be lost: mark the request "
                   "urgent."), kinds=("mla",))
def _preservation_urgent(spec, ctx):
    preserving = any(True for _ in _typed(spec, "preservation"))
    return _once(preserving and (spec.get("urgency") or {}).get("urgent") is not True)


# A subscriber request names sessions; a longer range is a trawl most providers refuse.
SESSION_RANGE = dt.timedelta(days=7)


@rule("e_evidence.sessions", "assistance", "assistance.{n0}.time_from", WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): name the specific sessions (IP address, "
                   "port, date, time and time zone) rather than a range of weeks or months."),
      kinds=("mla",))
def _subscriber_sessions(spec, ctx):
    found = []
    for i, item in _typed(spec, "subscriber"):
        start, end = _datetime(item.get("time_from")), _datetime(item.get("time_to"))
        if start and end and end - start > SESSION_RANGE:
            found.append(_item_params(i, item))
    return found


@rule("e_evidence.time_zone", "assistance", "assistance.{n0}.time_zone", WARNING,
      gettext_noop("Assistance item %(n)s (%(type)s): write the time zone as an offset from UTC "
                   "(e.g. UTC+01:00) so that dynamic IP addresses can be matched."),
      kinds=("mla",))
def _time_zone_format(spec, ctx):
    return [_item_params(i, item) for i, item in _typed(spec, *E_EVIDENCE_TYPES,
                                                        "videoconference")
            if present(item.get("time_zone")) and not _utc_offset(item["time_zone"])]


def _utc_offset(text: str) -> bool:
    text = text.strip().upper()
    return text in ("UTC", "GMT", "Z") or (text[:3] in ("UTC", "GMT") and text[3:4] in "+-"
                                          and text[4:5].isdigit())


# Procedures, confidentiality, urgency, use, contacts -------------------------------------

@rule("procedures.reasons", "procedures", "procedures.reasons", WARNING,
      gettext_noop("Say why the procedures you ask for are needed (art. 18(17))."),
      kinds=("mla",))
def _procedure_reasons(spec, ctx):
    data = spec.get("procedures") or {}
    return _once(present(data.get("procedures")) and not present(data.get("reasons")))


# Each of the three rules below is registered twice: with the MLA article for an MLA request,
# without it for an extradition request (art. 18(20) and 18(24) are MLA; art. 16 has none).
@rule("confidentiality.unanswered", "confidentiality", "confidentiality.required", WARNING,
      gettext_noop("Say whether the request must be kept confidential (art. 18(20))."),
      kinds=("mla",))
@rule("confidentiality.unanswered", "confidentiality", "confidentiality.required", WARNING,
      gettext_noop("Say whether the request must be kept confidential."),
      kinds=("extradition",))
def _confidentiality(spec, ctx):
    return _once((spec.get("confidentiality") or {}).get("required") is None)


@rule("confidentiality.reasons", "confidentiality", "confidentiality.reasons", WARNING,
      gettext_noop("Say why confidentiality is needed, so that the requested State can tell "
                   "you promptly if it cannot comply (art. 18(20))."), kinds=("mla",))
@rule("confidentiality.reasons", "confidentiality", "confidentiality.reasons", WARNING,
      gettext_noop("Say why confidentiality is needed, so that the requested State can tell "
                   "you promptly if it cannot comply."), kinds=("extradition",))
def _confidentiality_reasons(spec, ctx):
    data = spec.get("confidentiality") or {}
    return _once(data.get("required") is True and not present(data.get("reasons")))


@rule("urgency.reasons", "urgency", "urgency.reasons", ERROR,
      gettext_noop("Give the reasons for the urgency or the deadline (art. 18(24))."),
      kinds=("mla",))
@rule("urgency.reasons", "urgency", "urgency.reasons", ERROR,
      gettext_noop("Give the reasons for the urgency or the deadline."), kinds=("extradition",))
def _urgency_reasons(spec, ctx):
    data = spec.get("urgency") or {}
    pressing = data.get("urgent") is True or present(data.get("deadline"))
    return _once(pressing and not present(data.get("reasons")))


@rule("urgency.past", "urgency", "urgency.deadline", ERROR,
      gettext_noop("The deadline %(date)s has passed: give a date in the future."))
def _deadline_past(spec, ctx):
    deadline = _date((spec.get("urgency") or {}).get("deadline"))
    return _once(deadline is not None and deadline < ctx.today, date=str(deadline))


@rule("use.unanswered", "use", "use.accepted", WARNING,
      gettext_noop("Say whether the requesting State undertakes to use the evidence only for "
                   "the proceedings stated (art. 18(19))."), kinds=("mla",))
def _use(spec, ctx):
    return _once((spec.get("use") or {}).get("accepted") is None)


@rule("contacts.none", "contacts", "contacts", ERROR,
      gettext_noop("Add a contact for follow-up, with e-mail or telephone and time zone."))
def _no_contacts(spec, ctx):
    return _once(not spec.get("contacts"))


@rule("contacts.reach", "contacts", "contacts.{n0}.email", ERROR,
      gettext_noop("Row %(n)s: add an e-mail address or a telephone number."))
def _contact_reach(spec, ctx):
    return [{"n0": i, "n": i + 1} for i, row in enumerate(spec.get("contacts") or [])
            if not present(row.get("email")) and not present(row.get("phone"))]


# --- per-State rules ------------------------------------------------------------------------

StateRule = Callable[[dict, Context], Iterable[Issue]]
STATE_RULES: dict[str, list[StateRule]] = {}
_state_rules_loaded = False


def state_rule(alpha2: str) -> Callable[[StateRule], StateRule]:
    """Register a check that applies only to requests to the State `alpha2`."""

    def register(check: StateRule) -> StateRule:
        STATE_RULES.setdefault(alpha2.upper(), []).append(check)
        return check

    return register


def _load_state_rules() -> None:
    global _state_rules_loaded
    if _state_rules_loaded:
        return
    from rogatory.writer import staterules

    for module in pkgutil.iter_modules(staterules.__path__):
        importlib.import_module(f"{staterules.__name__}.{module.name}")
    _state_rules_loaded = True


# --- running them all -----------------------------------------------------------------------

def check(spec: dict, ctx: Context | None = None) -> list[Issue]:
    """Every issue of the request, errors first, in step order."""
    ctx = ctx or Context()
    kind = spec.get("kind", "mla")
    found = list(_essentials(spec))
    for item in RULES:
        if kind not in item.kinds:
            continue
        for params in item.find(spec, ctx):
            path = item.field.format(**{"n0": 0, **params})
            found.append(Issue(item.step, path, item.severity, item.message, params, item.code))
    _load_state_rules()
    for state_check in STATE_RULES.get(str(spec.get("requested_state") or "").upper(), []):
        found.extend(state_check(spec, ctx))
    order = {step.slug: index for index, step in enumerate(steps_for(kind))}
    order["state"] = order.get("state", 0)
    return sorted(found, key=lambda i: (i.severity != ERROR, order.get(i.step, 99)))


def complete(issues: Iterable[Issue]) -> bool:
    return not any(issue.severity == ERROR for issue in issues)


def by_step(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.step, []).append(issue)
    return grouped
