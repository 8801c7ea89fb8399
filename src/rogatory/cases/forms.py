
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rogatory.accounts.models import Role, User
from rogatory.cases import workflow
from rogatory.cases.models import (
    COMMON_INSTRUMENTS,
    NON_TREATY_BASES,
    AuthoritySettings,
    Case,
    CaseAction,
    CaseLink,
    Correspondence,
    Direction,
    Kind,
    Offence,
    RefusalGround,
    Status,
)
from rogatory.core.labels import instrument_label
from rogatory.states.choices import state_choices
from rogatory.states.models import State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def legal_basis_choices() -> list[tuple[str, str]]:
    return [("", _("not recorded")),
            *((code, instrument_label(code)) for code in COMMON_INSTRUMENTS),
            *NON_TREATY_BASES.items()]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseForm(forms.ModelForm):
    """Register (or edit) a case by hand. The version rides along in a hidden field."""

    counterpart_state = forms.ChoiceField(label=_("Counterpart State"))
    legal_basis = forms.ChoiceField(label=_("Legal basis used"), required=False)
    offences = forms.MultipleChoiceField(label=_("Offences"), choices=Offence.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["kind", "title", "counterpart_state", "counterpart_authority_name",
                  "counterpart_reference", "legal_basis", "offences", "urgent",
                  "confidentiality", "summary", "sent_at", "due_date", "responsible"]
        widgets = {"sent_at": DATE, "due_date": DATE,
                   "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, authority_id: int, direction: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        self.fields["counterpart_state"].choices = [("", "—"), *state_choices()]
        self.fields["legal_basis"].choices = legal_basis_choices()
        if self.instance.pk:
            self.initial["counterpart_state"] = self.instance.counterpart_state_id
            self.fields["version"].initial = self.instance.version
            if self.instance.legal_basis not in dict(legal_basis_choices()):
                self.fields["legal_basis"].choices += [(self.instance.legal_basis,
                                                        self.instance.legal_basis)]
        self.fields["responsible"].queryset = User.objects.filter(
            authority_id=authority_id, role=Role.OFFICER, is_active=True)
        self.fields["sent_at"].label = (_("Received on") if direction == Direction.INCOMING
                                        else _("Sent on"))
        self.fields["due_date"].help_text = _("Leave empty to let the rules set it (a "
                                              "preservation expires after 90 days).")

    def clean_counterpart_state(self) -> State:
        return State.objects.get(pk=self.cleaned_data["counterpart_state"])


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    grounds = forms.MultipleChoiceField(label=_("Grounds of refusal"),
                                        choices=RefusalGround.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    grounds_text = forms.CharField(label=_("Grounds of refusal explained"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        # No move chosen in advance: the officer picks one (the field is required).
        self.fields["target"].choices = [("", _("Choose the new status"))] + [
            (code, labels[code]) for code in workflow.allowed_targets(case.direction, case.status)]
        self.fields["version"].initial = case.version


class ActionForm(forms.ModelForm):
    class Meta:
        model = CaseAction
        fields = ["title", "due_date", "assigned_to"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = User.objects.filter(
            authority_id=case.authority_id, role=Role.OFFICER, is_active=True)


class CorrespondenceForm(forms.ModelForm):
    class Meta:
        model = Correspondence
        fields = ["way", "type", "on", "party", "subject", "summary"]
        widgets = {"on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the other case"), max_length=60)
    type = forms.ChoiceField(label=pgettext_lazy("relation between cases", "Link"),
                             choices=CaseLink.Type.choices)


class ShareForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class SettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AuthoritySettings
        fields = ["reference_pattern"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or title"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("", _("all")), *Direction.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all")), *Status.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("all")), *Kind.choices])
    counterpart = forms.ChoiceField(label=_("Counterpart State"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = [("", _("all")), *state_choices()]


class DateRangeForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("start of a period", "From"),
                                required=False, widget=DATE)
    date_to = forms.DateField(label=pgettext_lazy("end of a period", "To"), required=False,
                              widget=DATE)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, with_state: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_state:
            self.fields["state"].choices = [("", _("all")), *state_choices()]
        else:
            del self.fields["state"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
