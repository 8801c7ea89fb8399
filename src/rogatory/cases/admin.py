"""Only the register settings are in the admin. Case content is deliberately absent: the
admin is for the secretariat, which sees statistics, never a case (see permissions/cases.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.cases.models import AuthoritySettings


@admin.register(AuthoritySettings)
class AuthoritySettingsAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "reference_pattern"]
    raw_id_fields = ["authority"]
