from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rogatory.core.labels import instrument_label
from rogatory.directory import validators
from rogatory.directory.models import (
    BASIS_INSTRUMENT,
    Authority,
    Channel,
    Contact,
    Designation,
    Function,
    Link,
)
from rogatory.permissions.predicates import is_secretariat
from rogatory.states.choices import StateModelChoiceField, choosable_states
from rogatory.states.models import State


class ListField(forms.CharField):
    """A comma-separated list in one text box."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return validators.split_list(super().to_python(value) or "")

    def has_changed(self, initial, data) -> bool:
        # A blank extra row (initial None, data "") is unchanged, so formsets skip it.
        initial = initial if isinstance(initial, list) else self.to_python(initial or "")
        return initial != self.to_python(data)


class LanguagesField(ListField):
    def clean(self, value) -> list[str]:
        codes = [code.lower() for code in super().clean(value)]
        validators.validate_languages(codes)
        return codes


class PhonesField(ListField):
    def clean(self, value) -> list[str]:
        return [validators.normalise_phone(number) for number in super().clean(value)]


def _checkboxes(choices, label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)


TRI_STATE_FIELDS = ["certified_translation", "original_required", "dual_criminality",
                    "use_limitation", "reciprocity", "court_order_for_coercive_measures",
                    "confidentiality_on_request", "evidence_statement"]


class AuthorityForm(forms.ModelForm):
    """The entry itself. `version` is the version the editor saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    functions = _checkboxes(Function.choices, _("Functions"))
    channels = _checkboxes(Channel.choices, _("Channels of transmission accepted"))
    urgent_channels = _checkboxes(Channel.choices, _("Channels accepted for urgent requests"))
    languages = LanguagesField(label=_("Languages accepted for requests"), required=False,
                               help_text=_("ISO 639-1 codes separated by commas, e.g. nl, en."))

    class Meta:
        model = Authority
        fields = ["state", "part", "name", "name_en", "functions", "postal_address", "email",
                  "phone", "office_hours", "time_zone", "languages", "certified_translation",
                  "channels", "original_required", "urgent_procedure", "urgent_channels",
                  "urgent_authority", "dual_criminality", "use_limitation", "reciprocity",
                  "court_order_for_coercive_measures", "confidentiality_on_request",
                  "evidence_statement", "documentation", "authentication",
                  "requirements_notes", "source", "as_of"]
        field_classes = {"state": StateModelChoiceField}
        # Yes / no / unknown: unknown is a value of its own, never "no".
        widgets = {name: forms.NullBooleanSelect for name in TRI_STATE_FIELDS} | {
            "as_of": forms.DateInput(attrs={"type": "date"}),
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "urgent_procedure": forms.Textarea(attrs={"rows": 3}),
            "documentation": forms.Textarea(attrs={"rows": 3}),
            "authentication": forms.Textarea(attrs={"rows": 3}),
            "requirements_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_secretariat(user):
            self.fields["state"].queryset = choosable_states()
        else:
            self.fields["state"].queryset = State.objects.filter(pk=user.state_id)
            self.fields["state"].initial = user.state_id
        state = self.instance.state_id if self.instance.pk else user.state_id
        self.fields["urgent_authority"].queryset = (
            Authority.objects.filter(state=state).exclude(pk=self.instance.pk)
            if state else Authority.objects.none())
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return validators.normalise_phone(phone) if phone else ""

    def clean_state(self) -> State:
        state = self.cleaned_data["state"]
        if not is_secretariat(self.user) and state.pk != self.user.state_id:
            raise ValidationError(_("You may only keep your own State's entries."))
        return state

    def values(self) -> dict:
        """The model field values to save."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ContactForm(forms.ModelForm):
    phones = PhonesField(label=_("Telephones"), required=False,
                         help_text=_("International numbers, separated by commas."))

    class Meta:
        model = Contact
        fields = ["name", "title", "phones", "email", "fax"]

    def clean_fax(self) -> str:
        fax = self.cleaned_data["fax"]
        return validators.normalise_phone(fax) if fax else ""


class DesignationForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = ["basis", "instrument", "source", "as_of"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


class LinkForm(forms.ModelForm):
    url = forms.URLField(label=_("address (URL)"), max_length=500, assume_scheme="https")
    class Meta:
        model = Link
        fields = ["kind", "title", "url"]


ContactFormSet = inlineformset_factory(Authority, Contact, form=ContactForm, extra=1)
DesignationFormSet = inlineformset_factory(Authority, Designation, form=DesignationForm, extra=1)
LinkFormSet = inlineformset_factory(Authority, Link, form=LinkForm, extra=1)
FORMSETS = {"contacts": ContactFormSet, "designations": DesignationFormSet, "links": LinkFormSet}


def formset_items(formset) -> list[dict]:
    """The children a formset describes, as service items (deleted and blank forms dropped)."""
    items = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        item = {name: data[name] for name in form._meta.fields if name in data}
        item["id"] = data["id"].pk if data.get("id") else None
        items.append(item)
    return items


class FilterForm(forms.Form):
    """The search form of the directory (GET)."""

    state = forms.ChoiceField(label=_("State"), required=False)
    function = forms.ChoiceField(label=pgettext_lazy("of an authority", "Function"), required=False)
    instrument = forms.ChoiceField(label=_("Designated under"), required=False)
    language = forms.CharField(label=_("Language accepted (ISO 639-1)"), required=False,
                               max_length=2)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    part = forms.ChoiceField(label=_("Part"), required=False,
                             choices=[("", _("Any")), *Authority.Part.choices])
    stale = forms.BooleanField(label=_("Only stale entries"), required=False)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, states: list[tuple[str, str]], fields: tuple[str, ...],
                 **kwargs):
        """`fields`: the filters this reader may use (the others are left out of the form)."""
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["state"].choices = anything + states
        self.fields["function"].choices = anything + list(Function.choices)
        instruments = sorted({code for code, _f in BASIS_INSTRUMENT.values() if code})
        self.fields["instrument"].choices = anything + [(code, instrument_label(code))
                                                         for code in instruments]
        self.fields["channel"].choices = anything + list(Channel.choices)
        for name in set(self.fields) - set(fields):
            del self.fields[name]


class RouteForm(forms.Form):
    state = forms.ChoiceField(label=_("Requested State"))
    assistance = forms.ChoiceField(label=_("Type of assistance"), choices=Function.choices)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)

    def __init__(self, *args, states: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = states
