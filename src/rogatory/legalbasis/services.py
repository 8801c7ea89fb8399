"""The legal-basis finder over the database: load the facts once, ask the engine, and give
the answer as the JSON the API returns (the contract other apps rely on)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.legalbasis import engine
from rogatory.legalbasis.engine import Fact, FactBook, Finding, Instrument, Message
from rogatory.legalbasis.labels import NON_TREATY_LABELS
from rogatory.states.models import Instrument as InstrumentModel
from rogatory.states.models import State, TreatyFact, babel_locale


def _instrument(model: InstrumentModel) -> Instrument:
    return Instrument(model.code, model.name, model.kind, frozenset(model.scope),
                      frozenset(model.offences), tuple(model.parties), model.adopted,
                      model.in_force, model.source)


def load_book(states: tuple[str, ...] | None = None) -> FactBook:
    """Instruments and facts in three queries: of the given States, or of all."""
    facts = TreatyFact.objects.values_list("state_id", "instrument__code", "fact", "value",
                                           "source", "as_of")
    if states is not None:
        facts = facts.filter(state__in=states)
    codes = frozenset(State.objects.values_list("alpha2", flat=True))
    return FactBook.from_facts((_instrument(i) for i in InstrumentModel.objects.all()),
                               (Fact(*row) for row in facts), codes)


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


def translate(msg: Message) -> str:
    names = babel_locale().territories
    params = {key: names.get(value, value) if key == "state" else value
              for key, value in msg.params}
    return _(msg.text) % params if params else _(msg.text)


def as_json(finding: Finding, book: FactBook) -> dict:
    return {
        "requesting": finding.requesting, "requested": finding.requested,
        "type": finding.cooperation_type, "offence": finding.offence,
        "date": finding.on.isoformat(),
        "candidates": [{
            "instrument": _instrument_json(candidate.instrument),
            "verdict": candidate.verdict,
            "reasons": [{"article": reason.article, "text": translate(reason.message),
                         "facts": [fact.as_dict() for fact in reason.facts]}
                        for reason in candidate.reasons],
            "confirm": [translate(item) for item in candidate.confirm],
        } for candidate in finding.candidates],
        "recommended": _instrument_json(finding.recommended) if finding.recommended else None,
        "practical": practical_facts(book, finding.requested, finding.cooperation_type),
    }


def _instrument_json(instrument: Instrument) -> dict:
    data = instrument.as_dict()
    if instrument.kind == engine.NON_TREATY:  # not a treaty: named in the reader's language
        data["name"] = str(NON_TREATY_LABELS[instrument.code])
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
