"""Forms built from `schema.py`: one per step, one per assistance type, formsets for rows."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rogatory.states import choices
from rogatory.writer import schema


def form_field(spec_field: schema.Field) -> forms.Field:
    common = {"label": _(spec_field.label), "required": False,
              "help_text": _(spec_field.help) if spec_field.help else ""}
    kind = spec_field.kind
    if kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20000,
                               **common)
    if kind == "email":
        return forms.EmailField(**common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"},
                                                      format="%Y-%m-%d"), **common)
    if kind == "datetime":
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **common)
    if kind == "bool":
        return forms.NullBooleanField(widget=forms.NullBooleanSelect, **common)
    if kind == "int":
        return forms.IntegerField(min_value=0, **common)
    if kind == "choice":
        choices = [("", "—"), *((code, _(label)) for code, label in spec_field.choices)]
        return forms.ChoiceField(choices=choices, **common)
    return forms.CharField(max_length=2000, **common)


def to_spec_value(value):
    """A cleaned form value as JSON for the spec (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class SpecForm(forms.Form):
    """A form whose cleaned data becomes one object of the spec (empty values left out)."""

    spec_fields: tuple[schema.Field, ...] = ()

    def spec_data(self) -> dict:
        names = {f.name for f in self.spec_fields}
        return {name: to_spec_value(value) for name, value in self.cleaned_data.items()
                if name in names and value not in (None, "")}


def form_class(fields: tuple[schema.Field, ...], base: type[SpecForm] = SpecForm) -> type:
    attrs = {f.name: form_field(f) for f in fields}
    attrs["spec_fields"] = fields
    return type("StepForm", (base,), attrs)


class RowForm(SpecForm):
    def has_content(self) -> bool:
        return bool(self.spec_data())


def row_formset(step: schema.Step, data=None, rows: list | None = None):
    formset_class = forms.formset_factory(form_class(step.fields, RowForm), extra=1,
                                          can_delete=True)
    return formset_class(data=data, initial=rows or [], prefix=step.slug)


def rows_of(formset) -> list[dict]:
    return [form.spec_data() for form in formset.forms
            if form.is_valid() and form.has_content()
            and not form.cleaned_data.get("DELETE")]


def state_choices() -> list[tuple[str, str]]:
    return [("", "—"), *choices.state_choices()]


class NewDraftForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of request"),
                             choices=[(code, gettext_lazy(label))
                                      for code, label in schema.KINDS.items()])
    title = forms.CharField(label=gettext_lazy("Title (for you and your colleagues)"),
                            max_length=200)


class TitleForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (for you and your colleagues)"),
                            max_length=200)


class StateChoiceForm(forms.Form):
    requested_state = forms.ChoiceField(label=gettext_lazy("Requested State"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language of the request"),
                                 choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_state"].choices = state_choices()


class AddItemForm(forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Kind of assistance"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(code, f"{_(kind.label)} ({kind.article})")
                                       for code, kind in schema.ASSISTANCE_TYPES.items()]


class BasisForm(SpecForm):
    """The legal-basis step: the code is chosen among the finder's candidates and the others."""

    def __init__(self, *args, candidates: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        known = dict(candidates)
        others = [(code, code) for code in schema.BASIS_CODES if code not in known]
        self.fields["code"] = forms.ChoiceField(
            label=_("Legal basis chosen"), required=False,
            choices=[("", "—"), *candidates, *others])


class ShareForm(forms.Form):
    colleagues = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Share with these colleagues of your authority"), required=False,
        queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = queryset


class DocumentForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"),
                               choices=[("pdf", "PDF"), ("docx", "DOCX (Word)")])
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    draft = forms.BooleanField(label=gettext_lazy("Produce it even with errors, marked as a "
                                                  "draft"), required=False)


COMMENT_MAX = 5000


class SubmitForm(forms.Form):
    """Hand the draft to one of the central authorities `review_authorities` offers."""

    authority = forms.TypedChoiceField(label=gettext_lazy("Central authority to review it"),
                                       coerce=int)
    comment = forms.CharField(label=gettext_lazy("Note for the reviewing officer"),
                              required=False, max_length=COMMENT_MAX, widget=forms.Textarea(
                                  attrs={"rows": 3}))

    def __init__(self, *args, authorities: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {authority.pk: authority for authority in authorities}
        self.fields["authority"].choices = [(a.pk, str(a)) for a in authorities]

    def chosen(self):
        return self.authorities[self.cleaned_data["authority"]]


class CommentForm(forms.Form):
    """The officer's answer: a return says what to change; an acceptance may say nothing."""

    comment = forms.CharField(label=gettext_lazy("Comment"), required=False,
                              max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if self.required and not comment:
            raise forms.ValidationError(_("Say what the author should change."))
        return comment
