from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.accounts.models import ApiToken, AuthEvent, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["email", "full_name", "role", "state", "authority", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "role", "state", "authority", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    autocomplete_fields = ["state", "authority"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used"]
    readonly_fields = ["user", "name", "prefix", "created", "last_used"]


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "email", "ip"]
    list_filter = ["kind"]
    search_fields = ["email"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
