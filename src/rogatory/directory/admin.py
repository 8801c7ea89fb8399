from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.directory.models import Authority


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "part"]
    list_filter = ["part"]
    search_fields = ["name", "name_en"]
