import functools
import re

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale for a Django language code ("zh-hans" -> zh_Hans)."""
    return _parse_locale((language or get_language() or "en").replace("-", "_"))


@functools.lru_cache(maxsize=64)
def _parse_locale(code: str) -> Locale:
    """Parsing a CLDR locale is costly; a page listing 250 States needs it once, not 250 times."""
    try:
        return Locale.parse(code.replace("_hans", "_Hans"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


# UNTERM writes after a short name the article it takes in running text ("Bahamas (les)",
# "Netherlands (the)"); lists and pickers print the name without it.
_UNTERM_ARTICLE = re.compile(r"\s*\((?:the|l'|l’|le|la|les|el|los|las)\)$")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State of the United Nations")
    OBSERVER = "observer", _("Non-member observer State")
    OTHER = "other", _("Other ISO 3166-1 entry")


class State(models.Model):
    """A State or other ISO 3166-1 entity, named as the UN names it (UNTERM, six languages);
    CLDR (Babel) names the entities UNTERM does not list, and any other language."""

    alpha2 = models.CharField(_("ISO alpha-2"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    # UN formal names ("the Kingdom of the Netherlands"), by language, from UNTERM.
    formal_names = models.JSONField(default=dict, blank=True)
    short_names = models.JSONField(default=dict, blank=True)
    un_status = models.CharField(_("status at the United Nations"), max_length=10,
                                 choices=UNStatus.choices, default=UNStatus.OTHER)
    un_status_source = models.CharField(_("source of the UN status"), max_length=500,
                                        blank=True)
    un_status_as_of = models.DateField(_("UN status as of"), null=True, blank=True)

    class Meta:
        ordering = ["alpha2"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The UN short name in the language ("Democratic Republic of the Congo", not CLDR's
        "Congo - Kinshasa"); CLDR's name only where UNTERM has none."""
        locale = babel_locale(language)
        short = self.short_names.get(locale.language)
        if short:
            return _UNTERM_ARTICLE.sub("", short)
        return locale.territories.get(self.alpha2, self.alpha2)

    def formal_name(self, language: str | None = None) -> str:
        """The UN formal name for a letter of request, falling back to the short name."""
        key = babel_locale(language).language
        return self.formal_names.get(key) or self.name(language)


class SourceKind(models.TextChoices):
    """How much a source weighs (the finder's decision rule ranks them)."""

    DEPOSITARY = "depositary", _("depositary")
    OFFICIAL_NATIONAL = "official_national", _("official national source")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organisation")
    SECONDARY = "secondary", _("secondary source")


class InstrumentKind(models.TextChoices):
    MULTILATERAL = "multilateral", _("multilateral")
    REGIONAL = "regional", _("regional")
    BILATERAL = "bilateral", _("bilateral")


class Instrument(models.Model):
    """A treaty a request can rest on, with the cooperation types and offences it covers."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=InstrumentKind.choices)
    # Cooperation types (rogatory.legalbasis.engine.COOPERATION_TYPES) it covers.
    scope = models.JSONField(_("cooperation types covered"), default=list)
    # Offence categories it is limited to; empty means every offence.
    offences = models.JSONField(_("offences covered"), default=list, blank=True)
    # Alpha-2 codes of the two parties of a bilateral treaty.
    parties = models.JSONField(_("parties"), default=list, blank=True)
    adopted = models.DateField(_("adopted"), null=True, blank=True)
    in_force = models.DateField(_("in force"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    # Official titles by language code (en, fr, es, ru, ar, zh); `name` is the English one.
    names = models.JSONField(_("official titles"), default=dict, blank=True)
    # Organisation code (Organisation.code) whose members alone may join; blank: any State.
    open_to = models.CharField(_("open only to members of"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def title(self, language: str | None = None) -> str:
        """The official title in the language, or the English name where none is known."""
        return self.names.get(babel_locale(language).language) or self.name


class FactKind(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    CONSENT = "consent", _("consent to be bound")
    ENTRY_INTO_FORCE = "entry_into_force", _("entry into force")
    EXTRADITION_BASIS = "extradition_basis", _("takes the Convention as legal basis for "
                                                 "extradition")
    EXTRADITION_REQUIRES_TREATY = "extradition_requires_treaty", _(
        "makes extradition conditional on a treaty")
    CENTRAL_AUTHORITY = "central_authority", _("central authority")
    LANGUAGES = "languages", _("acceptable languages")
    NOT_BOUND_35_2 = "not_bound_35_2", _("not bound by the dispute-settlement clause")
    # A complete depositary table of date `as_of` does not list the State (value "yes").
    NOT_PARTY = "not_party", _("not a party")
    # Value: the provision whose use is conditional on reciprocity, e.g. "46" or "44(6)".
    RECIPROCITY_CONDITION = "reciprocity_condition", _("applies it on condition of "
                                                       "reciprocity")
    DUAL_CRIMINALITY_REQUIRED = "dual_criminality_required", _("requires dual criminality")
    # Of a bilateral treaty, as its source states it on `as_of`: TREATY_STATUSES.
    TREATY_STATUS = "treaty_status", _("status of the treaty")


TREATY_STATUSES = ("in_force", "signed_not_in_force", "terminated")
# How the words of fact values read on a page ("ratification 2002-10-29", "yes", "in_force").
VALUE_WORDS = {
    "yes": _("yes"), "no": _("no"), "in_force": _("in force"),
    "signed_not_in_force": _("signed, not in force"), "terminated": _("terminated"),
    "ratification": _("ratification"), "accession": _("accession"),
    "acceptance": _("acceptance"), "approval": _("approval"), "succession": _("succession"),
    "formal_confirmation": _("formal confirmation"),
    "unspecified": _("consent (kind not stated)"),
}


def display_value(value: str) -> str:
    """A fact's value in the reader's language: its known words translated, the rest (dates,
    names, provisions) as recorded."""
    word, space, rest = value.partition(" ")
    return f"{VALUE_WORDS[word]}{space}{rest}" if word in VALUE_WORDS else value


class TreatyFact(models.Model):
    """One fact about one State and one instrument, with where it comes from and its date.

    A fact that is not recorded is unknown; `value` is never left empty to mean "no".
    """

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="treaty_facts",
                              verbose_name=_("State"))
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE,
                                   related_name="facts", verbose_name=_("instrument"))
    fact = models.CharField(_("fact"), max_length=30, choices=FactKind.choices)
    value = models.CharField(_("value"), max_length=1000)
    source = models.CharField(_("source"), max_length=500)
    source_kind = models.CharField(_("kind of source"), max_length=20,
                                   choices=SourceKind.choices, default=SourceKind.SECONDARY)
    as_of = models.DateField(_("as of"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "instrument__code", "fact", "-as_of"]
        # Conflicting sources are separate rows, shown side by side; one row per source.
        constraints = [models.UniqueConstraint(fields=["state", "instrument", "fact", "source"],
                                               name="one_fact_per_source")]
        verbose_name = _("treaty fact")
        verbose_name_plural = _("treaty facts")

    def __str__(self) -> str:
        return f"{self.state_id} {self.instrument.code} {self.fact}: {self.value}"

    def display_value(self) -> str:
        return display_value(self.value)

    def clean(self) -> None:
        """The value must fit the fact, as in the importer (the admin uses this)."""
        from rogatory.core.importing import RowInvalid
        from rogatory.states.services import parse_fact_value

        try:
            self.value = parse_fact_value(self.fact, self.value)
        except RowInvalid as error:
            raise ValidationError({"value": str(error)}) from error


class Article(models.Model):
    """An article of an instrument, with its title in the languages known for sure."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE,
                                   related_name="articles", verbose_name=_("instrument"))
    number = models.PositiveSmallIntegerField(_("number"))
    titles = models.JSONField(_("titles"), default=dict)

    class Meta:
        ordering = ["instrument__code", "number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"],
                                               name="one_article_number")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"{self.instrument.code} art. {self.number}"

    def title(self, language: str | None = None) -> str:
        key = babel_locale(language).language
        return self.titles.get(key) or self.titles.get("en", "")


class StateFactKind(models.TextChoices):
    """Facts about a State's own law, not about an instrument."""

    EXTRADITES_WITHOUT_TREATY = "extradites_without_treaty", _("extradites without a treaty")
    EXTRADITION_REQUIRES_TREATY = "extradition_requires_treaty", _(
        "its law allows extradition only under a treaty")


class StateFact(models.Model):
    """One fact about a State's national law (yes/no), with its source and date."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="state_facts",
                              verbose_name=_("State"))
    fact = models.CharField(_("fact"), max_length=30, choices=StateFactKind.choices)
    value = models.CharField(_("value"), max_length=3)
    source = models.CharField(_("source"), max_length=500)
    source_kind = models.CharField(_("kind of source"), max_length=20,
                                   choices=SourceKind.choices)
    as_of = models.DateField(_("as of"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "fact", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["state", "fact", "source"],
                                               name="one_state_fact_per_source")]
        verbose_name = _("fact of national law")
        verbose_name_plural = _("facts of national law")

    def __str__(self) -> str:
        return f"{self.state_id} {self.fact}: {self.value}"

    def display_value(self) -> str:
        return display_value(self.value)


class Organisation(models.Model):
    """An intergovernmental organisation whose members alone may join some instruments."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    names = models.JSONField(_("names"), default=dict)
    source = models.CharField(_("source"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.code

    def name(self, language: str | None = None) -> str:
        return self.names.get(babel_locale(language).language) or self.names.get("en", self.code)


class Membership(models.Model):
    """A State's membership of an organisation, from `joined` until `left` (either unknown
    when empty), as its source states it on `as_of`."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name=_("State"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships",
                                     verbose_name=_("organisation"))
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    source_kind = models.CharField(_("kind of source"), max_length=20,
                                   choices=SourceKind.choices)
    as_of = models.DateField(_("as of"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__code", "state"]
        constraints = [models.UniqueConstraint(fields=["state", "organisation", "source"],
                                               name="one_membership_per_source")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.state_id} in {self.organisation.code}"
