"""Competent national authorities: who receives a request, in which language, through which
channel, with which requirements. Every fact records its source and the date it was true;
unknown (None) is never shown as "no"."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from rogatory.core.concurrency import Versioned
from rogatory.directory import validators

STALE_AFTER = datetime.timedelta(days=365)


class Function(models.TextChoices):
    """What an authority does. The first five are the contract's routing assistance types."""

    MLA = "mla", _("Mutual legal assistance")
    EXTRADITION = "extradition", _("Extradition")
    TRANSFER_OF_SENTENCED_PERSONS = "transfer_of_sentenced_persons", _(
        "Transfer of sentenced persons")
    ASSET_RECOVERY = "asset_recovery", _("Asset recovery and confiscation")
    E_EVIDENCE = "e_evidence", _("Cybercrime and electronic evidence (24/7)")
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings", _("Transfer of criminal proceedings")
    LAW_ENFORCEMENT = "law_enforcement", _("Police and law-enforcement cooperation")
    FINANCIAL_INTELLIGENCE = "financial_intelligence", _("Financial intelligence")
    ILLICIT_TRAFFIC_BY_SEA = "illicit_traffic_by_sea", _(
        "Illicit drug traffic by sea (1988 Convention art. 17)")
    MIGRANT_SMUGGLING_BY_SEA = "migrant_smuggling_by_sea", _("Smuggling of migrants by sea")
    FIREARMS = "firearms", _("Firearms")
    TRAFFICKING_IN_PERSONS = "trafficking_in_persons", _("Trafficking in persons")
    CULTURAL_PROPERTY = "cultural_property", _("Cultural property")
    TERRORISM = "terrorism", _("Terrorism")
    PROSECUTORS_NETWORK = "prosecutors_network", _("Prosecutors' network contact point")
    LIAISON = "liaison", _("Liaison officers")


class Channel(models.TextChoices):
    CENTRAL_AUTHORITY = "central_authority", _("Directly between central authorities")
    DIPLOMATIC = "diplomatic", _("Diplomatic channels")
    INTERPOL = "interpol", _("INTERPOL")
    EMAIL = "email", _("E-mail")
    SECURE_PLATFORM = "secure_platform", _("Secure platform")


class Basis(models.TextChoices):
    """The legal provision a designation rests on (a fixed list; instrument codes follow
    CONTRACTS.md so that other apps can join on them)."""

    UNTOC_18_13 = "untoc_18_13", _(
        "UNTOC art. 18(13): central authority for mutual legal assistance")
    UNTOC_16 = "untoc_16", _("UNTOC art. 16: extradition")
    UNCAC_46_13 = "uncac_46_13", _(
        "UNCAC art. 46(13): central authority for mutual legal assistance")
    VIENNA_7_8 = "vienna_7_8", _("1988 Convention art. 7(8): mutual legal assistance")
    VIENNA_17_7 = "vienna_17_7", _("1988 Convention art. 17(7): illicit traffic by sea")
    SOM_8_6 = "som_8_6", _("Smuggling of Migrants Protocol art. 8(6): smuggling by sea")
    FIR_13_2 = "fir_13_2", _("Firearms Protocol art. 13(2): point of contact")
    BUDAPEST_27_2 = "budapest_27_2", _("Budapest Convention art. 27(2): mutual assistance")
    BUDAPEST_35 = "budapest_35", _("Budapest Convention art. 35: 24/7 network")
    BILATERAL_TREATY = "bilateral_treaty", _("Bilateral treaty")
    DOMESTIC_LAW = "domestic_law", _("Domestic law")


# basis -> (instrument code per CONTRACTS.md, or None when the user names it, function served)
BASIS_INSTRUMENT: dict[str, tuple[str | None, str]] = {
    Basis.UNTOC_18_13: ("UNTOC", Function.MLA),
    Basis.UNTOC_16: ("UNTOC", Function.EXTRADITION),
    Basis.UNCAC_46_13: ("UNCAC", Function.MLA),
    Basis.VIENNA_7_8: ("VIENNA-1988", Function.MLA),
    Basis.VIENNA_17_7: ("VIENNA-1988", Function.ILLICIT_TRAFFIC_BY_SEA),
    Basis.SOM_8_6: ("UNTOC-SOM", Function.MIGRANT_SMUGGLING_BY_SEA),
    Basis.FIR_13_2: ("UNTOC-FIR", Function.FIREARMS),
    Basis.BUDAPEST_27_2: ("BUDAPEST", Function.MLA),
    Basis.BUDAPEST_35: ("BUDAPEST", Function.E_EVIDENCE),
    Basis.BILATERAL_TREATY: (None, ""),
    Basis.DOMESTIC_LAW: ("domestic_law", ""),
}

# The structured legal requirements: (field name, contract key). Each is yes / no / unknown.
REQUIREMENT_FLAGS = [
    ("dual_criminality", _("Dual criminality required")),
    ("use_limitation", _("Use limitation (speciality) applies")),
    ("reciprocity", _("Reciprocity required")),
    ("court_order_for_coercive_measures", _("Court order needed for coercive measures")),
    ("confidentiality_on_request", _("Confidentiality kept on request")),
    ("evidence_statement", _("Statement of the evidence required for extradition")),
]


class ReviewStatus(models.TextChoices):
    APPROVED = "approved", _("Approved by the secretariat")
    PENDING = "pending", _("Changed, awaiting the secretariat's review")


class Authority(Versioned):
    """A competent national authority (part 1: central authorities; part 2: others)."""

    class Part(models.IntegerChoices):
        CENTRAL = 1, _("Part 1: central authority")
        OTHER = 2, _("Part 2: other competent authority or channel")

    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="authorities",
                              verbose_name=_("State"))
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, default=Part.CENTRAL)
    name = models.CharField(_("name in the State's language"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    functions = models.JSONField(_("functions"), default=list, blank=True,
                                 validators=[validators.choice_list(Function)])
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general telephone"), max_length=40, blank=True,
                             validators=[validators.validate_phone])
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True,
                                 validators=[validators.validate_time_zone])
    languages = models.JSONField(_("languages accepted for requests"), default=list, blank=True,
                                 validators=[validators.validate_languages])
    certified_translation = models.BooleanField(_("translation must be certified"), null=True,
                                                blank=True)
    channels = models.JSONField(_("channels of transmission accepted"), default=list, blank=True,
                                validators=[validators.choice_list(Channel)])
    original_required = models.BooleanField(_("signed original must follow"), null=True,
                                            blank=True)
    urgent_procedure = models.TextField(_("what it does for urgent requests"), blank=True)
    urgent_channels = models.JSONField(_("channels accepted for urgent requests"), default=list,
                                       blank=True, validators=[validators.choice_list(Channel)])
    urgent_authority = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("urgent requests go to"),
        help_text=_("For example the INTERPOL National Central Bureau of the same State."))
    dual_criminality = models.BooleanField(_("dual criminality required"), null=True, blank=True)
    use_limitation = models.BooleanField(_("use limitation (speciality) applies"), null=True,
                                         blank=True)
    reciprocity = models.BooleanField(_("reciprocity required"), null=True, blank=True)
    court_order_for_coercive_measures = models.BooleanField(
        _("court order needed for coercive measures"), null=True, blank=True)
    confidentiality_on_request = models.BooleanField(_("confidentiality kept on request"),
                                                     null=True, blank=True)
    # Extradition: what a common-law State asks to see (a prima facie case, a record of the
    # case) and how the supporting documents must be authenticated. UNTOC art. 16(7) leaves
    # both to the requested State's law or treaties; the writer prints them (writer.extradition).
    evidence_statement = models.BooleanField(
        _("statement of the evidence required for extradition"), null=True, blank=True,
        help_text=_("A summary of the evidence showing a case to answer (prima facie case, "
                    "record of the case), as many common-law States require."))
    authentication = models.TextField(
        _("authentication of documents"), blank=True,
        help_text=_("How supporting documents must be authenticated: signature and seal, "
                    "certification, apostille or legalisation."))
    documentation = models.TextField(_("special documentation per type of assistance"),
                                     blank=True)
    requirements_notes = models.TextField(_("other legal requirements"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True,
                              help_text=_("URL, document symbol or notification."))
    as_of = models.DateField(_("as of"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("verified by"))
    review_status = models.CharField(_("review"), max_length=10, choices=ReviewStatus.choices,
                                     default=ReviewStatus.PENDING)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state_id", "part", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self) -> str:
        return self.name_en or self.name

    def clean(self) -> None:
        super().clean()
        if self.urgent_authority_id and (self.urgent_authority_id == self.pk
                                         or self.urgent_authority.state_id != self.state_id):
            raise ValidationError({"urgent_authority": _(
                "Choose another authority of the same State.")})

    @property
    def is_stale(self) -> bool:
        """Not verified within twelve months (never verified counts as stale)."""
        return self.last_verified is None or (
            timezone.localdate() - self.last_verified > STALE_AFTER)

    def requirements(self) -> dict:
        data = {name: getattr(self, name) for name, _label in REQUIREMENT_FLAGS}
        data["documentation"] = self.documentation
        data["authentication"] = self.authentication
        data["notes"] = self.requirements_notes
        return data

    def function_labels(self) -> list[str]:
        return [str(Function(code).label) for code in self.functions if code in Function.values]

    def channel_labels(self) -> list[str]:
        return [str(Channel(code).label) for code in self.channels if code in Channel.values]


class Contact(models.Model):
    """A contact person (or desk) of an authority: restricted to signed-in officials."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="contacts",
                                  verbose_name=_("authority"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    phones = models.JSONField(_("telephones"), default=list, blank=True,
                              validators=[validators.validate_phone_list])
    email = models.EmailField(_("e-mail"), blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True,
                           validators=[validators.validate_phone])
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority_id", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Designation(models.Model):
    """Under which provision an authority was designated, with its source and date."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE,
                                  related_name="designations", verbose_name=_("authority"))
    basis = models.CharField(_("designated under"), max_length=20, choices=Basis.choices)
    instrument = models.CharField(
        _("instrument code"), max_length=40, blank=True,
        help_text=_("Filled in from the provision; name the treaty for a bilateral treaty."))
    source = models.CharField(_("source"), max_length=500, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority_id", "basis"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")

    def __str__(self) -> str:
        return self.get_basis_display()

    def clean(self) -> None:
        super().clean()
        code = BASIS_INSTRUMENT.get(self.basis, (None, ""))[0]
        if code:
            self.instrument = code
        elif self.basis and not self.instrument:
            raise ValidationError({"instrument": _("Name the bilateral treaty.")})


class Link(models.Model):
    """National legislation, guides and templates."""

    class Kind(models.TextChoices):
        LEGISLATION = "legislation", _("Legislation")
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template or model form")
        OTHER = "other", _("Other")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="links",
                                  verbose_name=_("authority"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address (URL)"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority_id", "kind", "title"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title
