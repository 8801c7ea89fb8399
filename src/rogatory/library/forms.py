from django import forms
from django.utils.translation import gettext_lazy as _

from rogatory.library.models import Kind, Language

ANY = [("", _("Any"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=300,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_('Words are all required; put a phrase in "quotes".'))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + Kind.choices)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=ANY + Language.choices)
    expand = forms.ChoiceField(
        label=_("Core terms in the other languages"), required=False,
        choices=[("1", _("Also search them")), ("0", _("Do not search them"))])
    page = forms.IntegerField(required=False, min_value=1, max_value=500,
                              widget=forms.HiddenInput)
