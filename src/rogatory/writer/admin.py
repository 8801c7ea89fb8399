from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.writer.models import RequestDraft


@admin.register(RequestDraft)
class RequestDraftAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "author", "requested_state", "status", "updated"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["version", "created", "updated", "sent_at", "case_id"]
    raw_id_fields = ["author", "authority", "requesting_state", "requested_state"]
    filter_horizontal = ["shared_with"]
