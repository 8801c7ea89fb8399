from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.directory.models import Authority, Contact, Designation, Link


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "part", "last_verified", "review_status"]
    list_filter = ["part", "review_status"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["state", "urgent_authority"]
    readonly_fields = ["version", "verified_by", "approved_by", "approved_at"]
    inlines = [DesignationInline, ContactInline, LinkInline]
