"""Facet values with their labels, in the reader's language."""

from collections import Counter

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rogatory.library.models import CrimeType, Issue, Kind, Language
from rogatory.library.search.service import INTERNATIONAL
from rogatory.states.models import State

FACET_LABELS = {
    "country": gettext_lazy("State"),
    "type": gettext_lazy("Type"),
    "language": gettext_lazy("Language"),
    "crime_type": gettext_lazy("Crime type"),
    "issue": gettext_lazy("Cross-cutting issue"),
    "article": gettext_lazy("UNTOC article"),
    "year": gettext_lazy("Year"),
}
MAX_OPTIONS = 15


def article_label(number: str) -> str:
    return _("UNTOC art. %(number)s") % {"number": number}


def value_label(facet: str, value: str, states: dict[str, State] | None = None) -> str:
    choices = {"type": Kind, "language": Language, "crime_type": CrimeType, "issue": Issue}
    if facet == "country":
        if value == INTERNATIONAL:
            return _("International")
        state = (states or {}).get(value) or State.objects.filter(pk=value).first()
        return state.name(get_language()) if state else value
    if facet == "article":
        return article_label(value)
    if facet in choices:
        try:
            return str(choices[facet](value).label)
        except ValueError:
            return value
    return value


def labelled(facets: dict[str, Counter], selected: dict[str, str]) -> list[dict]:
    """[{name, label, options: [{value, label, count, selected}]}], most frequent first
    (years newest first); a selected value is always listed."""
    states = State.objects.in_bulk([v for v in facets.get("country", {}) if v != INTERNATIONAL])
    result = []
    for name, label in FACET_LABELS.items():
        counts = facets.get(name) or Counter()
        if name == "year":
            values = sorted(counts, reverse=True)[:MAX_OPTIONS]
        else:
            values = [value for value, _count in counts.most_common(MAX_OPTIONS)]
        if selected.get(name) and selected[name] not in values:
            values.append(selected[name])
        options = [{"value": value, "label": value_label(name, value, states),
                    "count": counts.get(value, 0), "selected": selected.get(name) == value}
                   for value in values]
        if options:
            result.append({"name": name, "label": str(label), "options": options})
    return result
