"""The knowledge library: items (legislation, case law, treaties, bibliography, strategies and
guides, Working Group documents), the provisions of legislation, and the passages the search
indexes (one per item, for its title and summary, and one per provision)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    LEGISLATION = "legislation", _("Legislation")
    CASE_LAW = "case_law", _("Case law")
    TREATY = "treaty", _("Treaty")
    BIBLIOGRAPHY = "bibliography", _("Bibliography")
    STRATEGY = "strategy", _("Strategy or guide")
    WG_DOCUMENT = "wg_document", _("Working Group document")


class Language(models.TextChoices):
    """The six UN languages (codes as the search analysis uses them)."""

    AR = "ar", _("Arabic")
    ZH = "zh", _("Chinese")
    EN = "en", _("English")
    FR = "fr", _("French")
    RU = "ru", _("Russian")
    ES = "es", _("Spanish")


class CrimeType(models.TextChoices):
    CORRUPTION = "corruption", _("Corruption")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    DRUG_OFFENCES = "drug_offences", _("Drug offences")
    MONEY_LAUNDERING = "money_laundering", _("Money laundering")
    OBSTRUCTION = "obstruction_of_justice", _("Obstruction of justice")
    PARTICIPATION = "participation_in_ocg", _("Participation in an organized criminal group")
    SMUGGLING = "smuggling_of_migrants", _("Smuggling of migrants")
    TRAFFICKING = "trafficking_in_persons", _("Trafficking in persons")
    FIREARMS = "firearms", _("Firearms")
    CULTURAL_PROPERTY = "cultural_property", _("Cultural property")
    WILDLIFE = "wildlife_forest_crime", _("Wildlife and forest crime")
    PIRACY = "piracy", _("Piracy")
    TERRORISM = "terrorism", _("Terrorism")
    OTHER = "other", _("Other serious crime")


class Issue(models.TextChoices):
    """Cross-cutting issues."""

    COOPERATION = "international_cooperation", _("International cooperation")
    EXTRADITION = "extradition", _("Extradition")
    MLA = "mutual_legal_assistance", _("Mutual legal assistance")
    CONFISCATION = "confiscation", _("Confiscation")
    WITNESS_PROTECTION = "witness_protection", _("Witness protection")
    ELECTRONIC_EVIDENCE = "electronic_evidence", _("Electronic evidence")
    JURISDICTION = "jurisdiction", _("Jurisdiction")
    LEGAL_PERSONS = "liability_of_legal_persons", _("Liability of legal persons")
    INVESTIGATIVE_TECHNIQUES = "special_investigative_techniques", \
        _("Special investigative techniques")
    VICTIMS = "victims", _("Assistance to and protection of victims")


class Item(models.Model):
    """One document of the library. Public unless restricted to officials."""

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="library_items", verbose_name=_("State"),
                              help_text=_("Empty for international instruments and documents."))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("full text"), blank=True,
                            help_text=_("For items without provisions."))
    category = models.CharField(_("category"), max_length=300, blank=True)
    restricted = models.BooleanField(_("restricted to officials"), default=False)
    source = models.CharField(_("source"), max_length=500, blank=True,
                              help_text=_("URL, document symbol or citation."))
    as_of = models.DateField(_("as of"), null=True, blank=True)
    # Case law.
    court = models.CharField(_("court"), max_length=300, blank=True)
    parties = models.CharField(_("parties (as published)"), max_length=500, blank=True)
    facts = models.TextField(_("summary of facts"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    law_applied = models.TextField(_("law applied"), blank=True)
    # Bibliography.
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    # Working Group documents.
    symbol = models.CharField(_("UN document symbol"), max_length=100, blank=True,
                              db_index=True)
    session = models.CharField(_("session"), max_length=100, blank=True)
    agenda_items = models.TextField(_("agenda items"), blank=True,
                                    help_text=_("One agenda item per line."))
    cites = models.ManyToManyField("self", symmetrical=False, blank=True,
                                   related_name="cited_by", verbose_name=_("cites"))
    # Imports: where the item came from and what its content was, for resumable re-imports.
    external_id = models.CharField(_("external identifier"), max_length=300, unique=True,
                                   null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("library item")
        verbose_name_plural = _("library items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item", args=[self.pk])

    def tag_values(self, kind: str) -> list[str]:
        return [tag.value for tag in self.tags.all() if tag.kind == kind]

    @property
    def crime_types(self) -> list[str]:
        return self.tag_values(Tag.Kind.CRIME_TYPE)

    @property
    def issues(self) -> list[str]:
        return self.tag_values(Tag.Kind.ISSUE)

    @property
    def articles(self) -> list[str]:
        return sorted(self.tag_values(Tag.Kind.ARTICLE), key=article_sort_key)

    @property
    def agenda_list(self) -> list[str]:
        return [line.strip() for line in self.agenda_items.splitlines() if line.strip()]


def article_sort_key(value: str) -> tuple[int, str]:
    digits = "".join(char for char in value if char.isdigit())
    return (int(digits) if digits else 10_000, value)


class Tag(models.Model):
    """The crime types, cross-cutting issues and UNTOC articles (numbers) of an item."""

    class Kind(models.TextChoices):
        CRIME_TYPE = "crime_type", _("crime type")
        ISSUE = "issue", _("cross-cutting issue")
        ARTICLE = "article", _("UNTOC article")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind", "value"],
                                               name="library_tag_unique")]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Provision(models.Model):
    """An article or section of legislation: the unit a practitioner cites."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="provisions")
    order = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=100, blank=True)
    division = models.CharField(_("part, chapter or section"), max_length=500, blank=True)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "order"],
                                               name="library_provision_order")]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self) -> str:
        return " ".join(part for part in (self.number, self.heading) if part) or str(self.order)

    @property
    def anchor(self) -> str:
        return f"p{self.order}"

    def get_absolute_url(self) -> str:
        return f"{self.item.get_absolute_url()}#{self.anchor}"


class Passage(models.Model):
    """What the search indexes: an item's title-level record or one of its provisions,
    with the item's facets copied in (so that filters need no join) and the analysed
    tokens of its title and body. The full-text index (an FTS5 table on SQLite, a tsvector
    column on PostgreSQL) is kept in step with this table by database triggers."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="passages")
    provision = models.OneToOneField(Provision, on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="passage")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    state = models.ForeignKey("states.State", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", db_constraint=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    restricted = models.BooleanField(default=False)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["language"]), models.Index(fields=["kind"]),
                   models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.provision_id or '-'}"
