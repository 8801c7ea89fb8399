"""The secretariat curates the library here; every save refreshes the item's search
passages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from rogatory.library.models import CrimeType, Issue, Item, Provision, Tag
from rogatory.library.search.indexing import reindex_item

TAG_FIELDS = {"crime_types": Tag.Kind.CRIME_TYPE, "issues": Tag.Kind.ISSUE,
              "articles": Tag.Kind.ARTICLE}


class ItemForm(forms.ModelForm):
    crime_types = forms.MultipleChoiceField(label=_("Crime types"), required=False,
                                            choices=CrimeType.choices,
                                            widget=forms.CheckboxSelectMultiple)
    issues = forms.MultipleChoiceField(label=_("Cross-cutting issues"), required=False,
                                       choices=Issue.choices,
                                       widget=forms.CheckboxSelectMultiple)
    articles = forms.CharField(label=_("UNTOC articles"), required=False,
                               help_text=_("Article numbers, separated by commas: 13, 16, 18."))

    class Meta:
        model = Item
        exclude = ["content_hash"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["crime_types"] = self.instance.crime_types
            self.initial["issues"] = self.instance.issues
            self.initial["articles"] = ", ".join(self.instance.articles)

    def clean_articles(self) -> list[str]:
        values = [v.strip() for v in self.cleaned_data["articles"].split(",") if v.strip()]
        bad = [v for v in values if len(v) > 10 or not v[:1].isdigit()]
        if bad:
            raise forms.ValidationError(_("Not an article number: %(value)s")
                                        % {"value": ", ".join(bad)})
        return values


class ProvisionInline(admin.StackedInline):
    model = Provision
    extra = 0
    fields = ["order", "number", "heading", "division", "text"]


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    form = ItemForm
    inlines = [ProvisionInline]
    list_display = ["title", "kind", "state", "language", "date", "restricted"]
    list_filter = ["kind", "language", "restricted"]
    search_fields = ["title", "symbol", "external_id"]
    autocomplete_fields = ["state", "cites"]
    readonly_fields = ["external_id"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        item = form.instance
        item.tags.all().delete()
        Tag.objects.bulk_create([Tag(item=item, kind=kind, value=value)
                                 for name, kind in TAG_FIELDS.items()
                                 for value in form.cleaned_data.get(name) or []])
        reindex_item(item)
