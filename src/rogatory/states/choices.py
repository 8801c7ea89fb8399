"""The one list of States a person may pick as requesting or requested State, for every form.

Only UN Member States, the non-member observer States, and other entities that are parties to
an instrument the platform knows (the Cook Islands and Niue to UNTOC or UNCAC, say): no
Antarctica, no territory. Named by their UN short name in the reader's language and sorted by
that language's collation.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from rogatory.core.collation import collated
from rogatory.states.models import FactKind, State, TreatyFact, UNStatus


def choosable_states() -> QuerySet[State]:
    parties = TreatyFact.objects.filter(fact=FactKind.CONSENT).values("state")
    return State.objects.filter(Q(un_status__in=[UNStatus.MEMBER, UNStatus.OBSERVER])
                                | Q(pk__in=parties))


def named(states, language: str | None = None) -> list[tuple[str, str]]:
    """(code, UN short name) pairs of the given States, in the language's collation."""
    language = language or get_language() or "en"
    return collated(((state.pk, state.name(language)) for state in states),
                    lambda pair: pair[1], language)


def state_choices(language: str | None = None) -> list[tuple[str, str]]:
    return named(choosable_states(), language)


class StateIterator(forms.models.ModelChoiceIterator):
    """Options in the reader's collation rather than the queryset's (code) order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = get_language() or "en"
        for state in collated(self.queryset, lambda s: s.name(language), language):
            yield self.choice(state)


class StateModelChoiceField(forms.ModelChoiceField):
    """A State picker over `choosable_states()` (or a narrower queryset), collated."""

    iterator = StateIterator

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else choosable_states(), **kwargs)

    def label_from_instance(self, obj: State) -> str:
        return obj.name()
