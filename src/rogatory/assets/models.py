"""Asset recovery: assets linked to cases, their stages (UNTOC arts. 12-13), the claims of
victims and legitimate owners, the sharing arrangement between States and the transfers
made (art. 14). Every model keeps its history; amounts are Decimals with an ISO 4217 code."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from rogatory.assets import sharing, workflow
from rogatory.core.concurrency import Versioned

AMOUNT = {"max_digits": 24, "decimal_places": 4, "validators": [MinValueValidator(Decimal(0))]}


def validate_currency(code: str) -> None:
    if code and not sharing.is_currency(code):
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code."),
                              params={"code": code})


def currency_field(label, blank: bool = True) -> models.CharField:
    return models.CharField(label, max_length=3, blank=blank, validators=[validate_currency])


def check_precision(errors: dict, field: str, amount: Decimal | None, currency: str) -> None:
    """An amount may not be finer than its currency's minor unit (no hidden rounding)."""
    if amount is None:
        return
    if not currency:
        errors[field] = _("Give the currency of this amount.")
    elif sharing.is_currency(currency) and (sharing.places_of(amount)
                                            > sharing.minor_units(currency)):
        errors[field] = _("%(currency)s has %(places)s decimal places at most.") % {
            "currency": currency, "places": sharing.minor_units(currency)}


class AssetType(models.TextChoices):
    BANK_ACCOUNT = "bank_account", _("bank account")
    REAL_ESTATE = "real_estate", _("real estate")
    VEHICLE = "vehicle", _("vehicle")
    VIRTUAL_ASSET = "virtual_asset", _("virtual asset")
    BUSINESS = "business", _("business")
    OTHER = "other", _("other")


class Stage(models.TextChoices):
    IDENTIFIED = workflow.IDENTIFIED, _("identified")
    TRACED = workflow.TRACED, _("traced")
    FROZEN = workflow.FROZEN, _("frozen or seized")
    CONFISCATION_ORDERED = workflow.CONFISCATION_ORDERED, _("confiscation ordered")
    ORDER_EXECUTED = workflow.ORDER_EXECUTED, _("confiscation order given effect")
    REALISED = workflow.REALISED, _("realised")
    DISPOSED = workflow.DISPOSED, _("disposed")
    RELEASED = workflow.RELEASED, _("released")


class OrderedBy(models.TextChoices):
    REQUESTING = "requesting", _("the requesting State (art. 13(1)(b))")
    REQUESTED = "requested", _("the requested State (art. 13(1)(a))")


class Asset(Versioned):
    cases = models.ManyToManyField("cases.Case", related_name="assets", verbose_name=_("cases"))
    description = models.CharField(_("description"), max_length=300)
    type = models.CharField(_("type"), max_length=20, choices=AssetType.choices)
    location_state = models.ForeignKey("states.State", on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("State where it is"))
    holder = models.CharField(_("holder or institution"), max_length=300, blank=True)
    identifiers = models.TextField(_("identifiers"), blank=True, help_text=_(
        "Account number (IBAN), land registry entry, registration or chassis number, wallet "
        "address, company number."))
    estimated_value = models.DecimalField(_("estimated value"), null=True, blank=True, **AMOUNT)
    estimate_currency = currency_field(_("currency of the estimate"))
    estimated_on = models.DateField(_("date of the estimate"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices,
                             default=Stage.IDENTIFIED, editable=False)
    stage_on = models.DateField(_("stage reached on"), null=True, blank=True, editable=False)
    ordered_by = models.CharField(_("confiscation ordered by"), max_length=20, blank=True,
                                  choices=OrderedBy.choices, editable=False)
    realised_amount = models.DecimalField(_("amount realised"), null=True, blank=True,
                                          editable=False, **AMOUNT)
    realised_currency = currency_field(_("currency realised"))
    realised_on = models.DateField(_("realised on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[cases])

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [models.Index(fields=["stage"], name="assets_stage")]

    def __str__(self) -> str:
        return self.description

    @property
    def is_closed(self) -> bool:
        return self.stage in workflow.CLOSED

    @property
    def realised(self) -> sharing.Money | None:
        if self.realised_amount is None:
            return None
        return sharing.Money(self.realised_amount, self.realised_currency)

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        check_precision(errors, "estimated_value", self.estimated_value, self.estimate_currency)
        check_precision(errors, "realised_amount", self.realised_amount, self.realised_currency)
        if errors:
            raise ValidationError(errors)


class StageEvent(models.Model):
    """One step of an asset's workflow, dated, with the request or order that produced it."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    target = models.CharField(_("stage"), max_length=30, choices=Stage.choices)
    on = models.DateField(_("date"))
    reference = models.CharField(_("request or order reference"), max_length=200, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("case"))
    ordered_by = models.CharField(_("ordered by"), max_length=20, blank=True,
                                  choices=OrderedBy.choices)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]  # the order the workflow went, whatever dates were given
        verbose_name = _("stage reached")
        verbose_name_plural = _("stages reached")
        indexes = [models.Index(fields=["target", "on"], name="assets_event_target_on")]

    def __str__(self) -> str:
        return f"{self.asset_id}: {self.source} → {self.target}"


class Claim(Versioned):
    """A claim of a victim or legitimate owner (art. 14(2)); what is awarded comes first."""

    class Kind(models.TextChoices):
        VICTIM = "victim", _("victim")
        OWNER = "legitimate_owner", _("legitimate owner")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="claims")
    claimant = models.CharField(_("claimant"), max_length=300)
    kind = models.CharField(_("kind of claimant"), max_length=20, choices=Kind.choices)
    basis = models.TextField(_("basis of the claim"), blank=True)
    amount_claimed = models.DecimalField(_("amount claimed"), null=True, blank=True, **AMOUNT)
    currency = currency_field(_("currency"), blank=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING)
    amount_awarded = models.DecimalField(_("amount to be returned"), null=True, blank=True,
                                         **AMOUNT)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.claimant

    @property
    def key(self) -> str:
        return f"claim:{self.pk}"

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        check_precision(errors, "amount_claimed", self.amount_claimed, self.currency)
        check_precision(errors, "amount_awarded", self.amount_awarded, self.currency)
        if self.status == self.Status.ACCEPTED and self.amount_awarded is None:
            errors["amount_awarded"] = _("An accepted claim needs the amount to be returned.")
        if self.status != self.Status.ACCEPTED and self.amount_awarded:
            errors["amount_awarded"] = _("Only an accepted claim has an amount to be returned.")
        if errors:
            raise ValidationError(errors)


class SharingArrangement(Versioned):
    """The terms on which the States dispose of the realised value (ECOSOC 2005/14 model)."""

    class Basis(models.TextChoices):
        BILATERAL = "bilateral_agreement", _("bilateral agreement")
        TREATY = "treaty_provision", _("treaty provision")
        CASE_BY_CASE = "case_by_case", _("case-by-case arrangement")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")

    asset = models.OneToOneField(Asset, on_delete=models.CASCADE, related_name="arrangement")
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=Basis.choices)
    basis_reference = models.CharField(
        _("agreement or provision"), max_length=300, blank=True,
        help_text=_("e.g. UNTOC art. 14(3)(b), or the title and date of the agreement."))
    holding_state = models.ForeignKey("states.State", on_delete=models.PROTECT,
                                      related_name="+",
                                      verbose_name=_("State holding the proceeds"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PROPOSED)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sharing arrangement")
        verbose_name_plural = _("sharing arrangements")

    def __str__(self) -> str:
        return f"{self.asset_id}: {self.get_legal_basis_display()}"


class DeductibleCost(models.Model):
    """A cost of the requested State deducted before sharing (never shared itself)."""

    arrangement = models.ForeignKey(SharingArrangement, on_delete=models.CASCADE,
                                    related_name="costs")
    description = models.CharField(_("cost"), max_length=300)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = currency_field(_("currency"), blank=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("deductible cost")
        verbose_name_plural = _("deductible costs")

    def __str__(self) -> str:
        return self.description


class Share(models.Model):
    """The part of the distributable amount that goes to a State, the UN fund
    (art. 14(3)(a)) or an intergovernmental body."""

    class Recipient(models.TextChoices):
        STATE = "state", _("State")
        UN_FUND = "un_fund", _("United Nations fund (art. 14(3)(a))")
        BODY = "body", _("intergovernmental body")

    arrangement = models.ForeignKey(SharingArrangement, on_delete=models.CASCADE,
                                    related_name="shares")
    recipient = models.CharField(_("recipient"), max_length=20, choices=Recipient.choices)
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("State"))
    body = models.CharField(_("intergovernmental body"), max_length=300, blank=True)
    percent = models.DecimalField(_("share in percent"), max_digits=7, decimal_places=4)
    contribution = models.CharField(_("contribution to the recovery"), max_length=300,
                                    blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = pgettext_lazy("part of the assets", "share")
        verbose_name_plural = pgettext_lazy("part of the assets", "shares")

    def __str__(self) -> str:
        return f"{self.key} {self.percent}%"

    @property
    def key(self) -> str:
        """A stable label for the arithmetic: one share per recipient."""
        if self.recipient == self.Recipient.STATE:
            return f"state:{self.state_id}"
        if self.recipient == self.Recipient.BODY:
            return f"body:{self.body.strip().casefold()}"
        return "un_fund"

    def display(self, language: str | None = None) -> str:
        if self.recipient == self.Recipient.STATE and self.state_id:
            return self.state.name(language)
        if self.recipient == self.Recipient.BODY:
            return self.body
        return str(self.Recipient.UN_FUND.label)


class Transfer(models.Model):
    """Money actually paid out: a return to a claimant or a share to its recipient."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="transfers")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="transfers")
    share = models.ForeignKey(Share, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="transfers")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = currency_field(_("currency"), blank=False)
    made_on = models.DateField(_("date of transfer"))
    reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [models.CheckConstraint(
            condition=(models.Q(claim__isnull=False, share__isnull=True)
                       | models.Q(claim__isnull=True, share__isnull=False)),
            name="assets_transfer_one_recipient")]
        indexes = [models.Index(fields=["made_on"], name="assets_transfer_on")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} {self.made_on}"
