"""The legal-basis finder over the database: load the facts once, ask the engine, and give
the answer as the JSON the API returns (the contract other apps rely on)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.legalbasis import engine
from rogatory.legalbasis.engine import (
    Candidate,
    Fact,
    FactBook,
    Finding,
    Instrument,
    Membership,
    Message,
)
from rogatory.legalbasis.labels import NON_TREATY_LABELS, SOURCE_KIND_LABELS
from rogatory.states.choices import choosable_states
from rogatory.states.models import Instrument as InstrumentModel
from rogatory.states.models import Membership as MembershipModel
from rogatory.states.models import Organisation, StateFact, TreatyFact, babel_locale


def _instrument(model: InstrumentModel) -> Instrument:
    return Instrument(model.code, model.name, model.kind, frozenset(model.scope),
                      frozenset(model.offences), tuple(model.parties), model.adopted,
                      model.in_force, model.source, model.open_to,
                      tuple(sorted(model.names.items())))


def load_book(states: tuple[str, ...] | None = None) -> FactBook:
    """Instruments, facts, facts of national law and memberships in six queries: of the
    given States, or of all (memberships always of all: a list is read as complete)."""
    facts = TreatyFact.objects.values_list("state_id", "instrument__code", "fact", "value",
                                           "source", "as_of", "source_kind")
    state_facts = StateFact.objects.values_list("state_id", "fact", "value", "source",
                                                "as_of", "source_kind")
    if states is not None:
        facts, state_facts = facts.filter(state__in=states), state_facts.filter(
            state__in=states)
    members = MembershipModel.objects.values_list("state_id", "organisation__code", "joined",
                                                  "left", "source", "source_kind", "as_of")
    # Only States that can be requesting or requested (UN Members, observer States, parties
    # to an instrument): no Antarctica, no territory.
    codes = frozenset(choosable_states().values_list("alpha2", flat=True))
    return FactBook.from_facts(
        (_instrument(i) for i in InstrumentModel.objects.all()), (Fact(*row) for row in facts),
        codes, (Fact(state, "", fact, value, source, as_of, kind)
                for state, fact, value, source, as_of, kind in state_facts),
        (Membership(*row) for row in members),
        {o.code: o.names for o in Organisation.objects.all()})


def evaluate(requesting: str, requested: str, cooperation_type: str, offence: str,
             on: dt.date | None = None) -> tuple[Finding, FactBook]:
    requesting, requested = requesting.upper(), requested.upper()
    book = load_book((requesting, requested))
    on = on or timezone.localdate()
    return engine.evaluate(book, requesting, requested, cooperation_type, offence, on), book


def find_legal_basis(requesting: str, requested: str, cooperation_type: str, offence: str,
                     on: dt.date | None = None) -> dict:
    """The answer as JSON-ready data; ValueError for an unknown State, type or offence."""
    return as_json(*evaluate(requesting, requested, cooperation_type, offence, on))


def translate(msg: Message, book: FactBook | None = None) -> str:
    """The message in the reader's language, States, instruments and organisations named
    in it rather than coded."""
    locale = babel_locale()
    names = {"state": locale.territories}
    if book is not None:
        names["instrument"] = {code: i.title(locale.language)
                               for code, i in book.instruments.items()}
        names["organisation"] = {code: o.get(locale.language) or o.get("en", code)
                                 for code, o in book.organisations.items()}
    params = {key: names.get(key, {}).get(value, value) for key, value in msg.params}
    return _(msg.text) % params if params else _(msg.text)


def as_json(finding: Finding, book: FactBook) -> dict:
    """The contract's keys, plus (added, never renamed): per candidate `applicable`,
    `conditions` (what to confirm, with a stable key for programs) and `sources` (the
    strength and age of each decisive fact); per fact `source_kind` and `age_days`."""
    on = finding.on
    return {
        "requesting": finding.requesting, "requested": finding.requested,
        "type": finding.cooperation_type, "offence": finding.offence,
        "date": on.isoformat(),
        "candidates": [_candidate_json(candidate, on, book)
                       for candidate in finding.candidates],
        "recommended": _instrument_json(finding.recommended) if finding.recommended else None,
        "practical": practical_facts(book, finding.requested, finding.cooperation_type),
    }


def _candidate_json(candidate: Candidate, on: dt.date, book: FactBook) -> dict:
    return {
        "instrument": _instrument_json(candidate.instrument),
        "verdict": candidate.verdict,
        "applicable": candidate.applicable,
        "summary": translate(summary.message, book) if (summary := _summary(candidate)) else "",
        "reasons": [{"article": reason.article, "text": translate(reason.message, book),
                     "facts": [_reason_fact(fact, on) for fact in reason.facts]}
                    for reason in candidate.reasons],
        "confirm": [translate(item, book) for item in candidate.confirm],
        "conditions": [{"key": item.key, "text": translate(item, book)}
                       for item in candidate.confirm],
        "sources": [{**_reason_fact(fact, on), "strength": _strength(fact)}
                    for fact in candidate.facts if fact.state],
    }


def _summary(candidate: Candidate) -> engine.Reason | None:
    """The one reason that decides the verdict: the first of the part as bad as the whole."""
    for part in candidate.parts:
        if part.verdict == candidate.verdict and part.reasons:
            return part.reasons[0]
    return next(iter(candidate.reasons), None)


def _reason_fact(fact: Fact, on: dt.date) -> dict:
    data = fact.as_dict()
    data["age_days"] = (on - fact.as_of).days if fact.as_of else None
    return data


def _strength(fact: Fact) -> str:
    return str(SOURCE_KIND_LABELS.get(fact.source_kind, SOURCE_KIND_LABELS[""]))


def _instrument_json(instrument: Instrument) -> dict:
    data = instrument.as_dict()
    if instrument.kind == engine.NON_TREATY:  # not a treaty: named in the reader's language
        data["name"] = str(NON_TREATY_LABELS[instrument.code])
    else:  # the official title in the reader's language, where it is recorded
        data["name"] = instrument.title(babel_locale().language)
    return data


def _fact_json(fact: Fact | None, value: object = None) -> dict | None:
    if fact is None:
        return None
    return {"value": fact.value if value is None else value, "source": fact.source,
            "as_of": fact.as_of.isoformat() if fact.as_of else None,
            "instrument": fact.instrument}


def practical_facts(book: FactBook, requested: str, cooperation_type: str) -> dict:
    """What a practitioner needs to send the request: from the requested State's treaty
    notifications today. The directory's routing (channels, authority) can be merged here."""
    found = engine.practical(book, requested)
    languages = found["languages"]
    return {
        "central_authority": _fact_json(found["central_authority"]),
        "languages": _fact_json(languages, languages.value.split("|") if languages else None),
        "channels": None,
    }
