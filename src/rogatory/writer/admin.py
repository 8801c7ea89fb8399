from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.writer.models import RequestDraft, ReviewEvent


class ReviewEventInline(admin.TabularInline):
    """The hand-over's timeline, read only: it is a record, not something to edit."""

    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["kind", "actor", "authority", "comment", "created"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RequestDraft)
class RequestDraftAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "author", "requested_state", "status", "updated"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["version", "created", "updated", "sent_at", "case_id"]
    raw_id_fields = ["author", "authority", "review_authority", "requesting_state",
                     "requested_state"]
    filter_horizontal = ["shared_with"]
    inlines = [ReviewEventInline]
