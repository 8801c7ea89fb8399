from django import forms
from django.utils.translation import gettext_lazy as _

from rogatory.legalbasis.labels import COOPERATION_TYPE_LABELS, OFFENCE_LABELS
from rogatory.states.choices import state_choices


class FinderForm(forms.Form):
    requesting = forms.ChoiceField(label=_("Requesting State"))
    requested = forms.ChoiceField(label=_("Requested State"))
    type = forms.ChoiceField(label=_("Type of cooperation"),
                             choices=list(COOPERATION_TYPE_LABELS.items()))
    offence = forms.ChoiceField(label=_("Offence"), choices=list(OFFENCE_LABELS.items()))
    date = forms.DateField(label=_("Date"), required=False,
                           help_text=_("YYYY-MM-DD; leave empty for today."),
                           widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *state_choices()]
        self.fields["requesting"].choices = choices
        self.fields["requested"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        if data.get("requesting") and data.get("requesting") == data.get("requested"):
            self.add_error("requested", _("The requesting and requested States must differ."))
        return data
