from babel.numbers import get_currency_name
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rogatory.assets import sharing, workflow
from rogatory.assets.models import (
    Asset,
    AssetType,
    Claim,
    OrderedBy,
    Share,
    SharingArrangement,
    Stage,
)
from rogatory.cases.models import Case
from rogatory.states.choices import state_choices
from rogatory.states.models import State, babel_locale

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = {"max_digits": 24, "decimal_places": 4, "min_value": 0}


def currency_choices() -> list[tuple[str, str]]:
    """The ISO 4217 codes in use today with their name in the current language (CLDR
    through Babel)."""
    locale = babel_locale(get_language())
    return [(code, f"{code} — {get_currency_name(code, locale=locale)}")
            for code in sorted(sharing.CURRENT_CURRENCIES)]


class StateField(forms.ChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable: read when the form is shown, in the reader's language.
        self.choices = lambda: [("", "—"), *state_choices()]

    def clean(self, value) -> State | None:
        code = super().clean(value)
        return State.objects.get(pk=code) if code else None


class CurrencyField(forms.ChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = lambda: [("", "—"), *currency_choices()]


class SideForm:
    """A form shown beside others on the asset page: its own id prefix, so no two fields
    of the page share an id (labels stay tied to the right field)."""

    id_prefix = "side"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AssetForm(forms.ModelForm):
    cases = forms.ModelMultipleChoiceField(label=_("Cases"), queryset=Case.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    location_state = StateField(label=_("State where it is"))
    estimate_currency = CurrencyField(label=_("Currency of the estimate"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Asset
        fields = ["cases", "description", "type", "location_state", "holder", "identifiers",
                  "estimated_value", "estimate_currency", "estimated_on"]
        widgets = {"estimated_on": DATE, "identifiers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cases is None:
            del self.fields["cases"]
        else:
            self.fields["cases"].queryset = cases
        if self.instance.pk:
            self.initial["location_state"] = self.instance.location_state_id
            self.fields["version"].initial = self.instance.version


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Next stage"))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reference = forms.CharField(label=_("Request or order reference"), max_length=200,
                                required=False)
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none(), required=False)
    ordered_by = forms.ChoiceField(label=_("Confiscation ordered by"), required=False,
                                   choices=[("", "—"), *OrderedBy.choices])
    amount = forms.DecimalField(label=_("Amount realised"), required=False, **AMOUNT)
    currency = CurrencyField(label=_("Currency realised"), required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, asset: Asset, cases, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["to"].choices = [(code, labels[code])
                                     for code in workflow.allowed_targets(asset.stage)]
        self.fields["case"].queryset = cases
        self.fields["version"].initial = asset.version
        if asset.estimate_currency:
            self.fields["currency"].initial = asset.estimate_currency


class LinkCaseForm(SideForm, forms.Form):
    id_prefix = "link"
    reference = forms.CharField(label=_("Reference of the case"), max_length=60)


class ClaimForm(SideForm, forms.ModelForm):
    id_prefix = "claim"
    currency = CurrencyField(label=_("Currency"))

    class Meta:
        model = Claim
        fields = ["claimant", "kind", "basis", "amount_claimed", "currency", "status",
                  "amount_awarded", "decided_on"]
        widgets = {"decided_on": DATE, "basis": forms.Textarea(attrs={"rows": 2})}


class DecideClaimForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=Claim.Status.choices)
    amount_awarded = forms.DecimalField(label=_("Amount to be returned"), required=False,
                                        **AMOUNT)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ArrangementForm(forms.ModelForm):
    holding_state = StateField(label=_("State holding the proceeds"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SharingArrangement
        fields = ["legal_basis", "basis_reference", "holding_state", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["holding_state"] = self.instance.holding_state_id
            self.fields["version"].initial = self.instance.version


class CostForm(forms.Form):
    description = forms.CharField(label=_("Cost"), max_length=300)
    amount = forms.DecimalField(label=_("Amount"), **AMOUNT)
    currency = CurrencyField(label=_("Currency"))

    def __init__(self, *args, default_currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The field's own initial (not the form's): an untouched row still counts as empty.
        self.fields["currency"].initial = default_currency


class ShareForm(forms.Form):
    # A blank first choice: an untouched row stays empty and is skipped.
    recipient = forms.ChoiceField(label=_("Recipient"),
                                  choices=[("", "—"), *Share.Recipient.choices])
    state = StateField(label=_("State"), required=False)
    body = forms.CharField(label=_("Intergovernmental body"), max_length=300, required=False)
    percent = forms.DecimalField(label=_("Share in percent"), max_digits=7, decimal_places=4,
                                 min_value=0, max_value=100)
    contribution = forms.CharField(label=_("Contribution to the recovery"), max_length=300,
                                   required=False)


CostFormSet = forms.formset_factory(CostForm, extra=2)
ShareFormSet = forms.formset_factory(ShareForm, extra=3)


class AgreeForm(SideForm, forms.Form):
    id_prefix = "agree"
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransferForm(SideForm, forms.Form):
    id_prefix = "transfer"
    recipient = forms.ChoiceField(label=_("To"))
    amount = forms.DecimalField(label=_("Amount"), **AMOUNT)
    made_on = forms.DateField(label=_("Date of transfer"), widget=DATE, required=False)
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False)

    def __init__(self, *args, recipients: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipients


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Description"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False,
                              choices=[("", _("all")), *Stage.choices])
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("all")), *AssetType.choices])


def language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class ProposalForm(SideForm, forms.Form):
    id_prefix = "proposal"
    language = forms.ChoiceField(label=_("Language"))
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
