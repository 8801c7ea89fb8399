from django.contrib import admin

from rogatory.states.models import State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["alpha2", "alpha3", "numeric", "__str__"]
    search_fields = ["alpha2", "alpha3"]
    ordering = ["alpha2"]
