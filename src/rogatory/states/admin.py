"""The secretariat curates treaty facts here (and through the importers); every change is
kept in the history. Permissions come from rogatory.permissions.states."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.states.models import (
    Article,
    Instrument,
    Membership,
    Organisation,
    State,
    StateFact,
    TreatyFact,
)


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["alpha2", "alpha3", "numeric", "__str__", "un_status"]
    list_filter = ["un_status"]
    search_fields = ["alpha2", "alpha3"]
    ordering = ["alpha2"]
    readonly_fields = ["alpha2", "alpha3", "numeric"]

    def has_add_permission(self, request) -> bool:
        return False  # ISO 3166-1 is reference data, loaded by load-reference

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "adopted", "in_force"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(TreatyFact)
class TreatyFactAdmin(SimpleHistoryAdmin):
    list_display = ["state", "instrument", "fact", "value", "source_kind", "as_of"]
    list_filter = ["fact", "source_kind", "instrument"]
    search_fields = ["state__alpha2", "instrument__code", "value", "source"]
    list_select_related = ["instrument"]
    autocomplete_fields = ["state"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["instrument", "number", "title"]
    list_filter = ["instrument"]


@admin.register(StateFact)
class StateFactAdmin(SimpleHistoryAdmin):
    list_display = ["state", "fact", "value", "source_kind", "as_of"]
    list_filter = ["fact", "source_kind"]
    search_fields = ["state__alpha2", "source"]
    autocomplete_fields = ["state"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "source"]
    search_fields = ["code"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "state", "joined", "left", "source_kind", "as_of"]
    list_filter = ["organisation"]
    search_fields = ["state__alpha2"]
    autocomplete_fields = ["state"]
