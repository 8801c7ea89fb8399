"""The secretariat edits questionnaires here: draft versions only (a published version is
read-only; make a new draft from the questionnaires page). Assessments are read-only here:
States fill them in the application."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rogatory.assessment.models import (
    Answer,
    Assessment,
    Chapter,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)


class FrozenWhenPublishedMixin:
    """No change or deletion of anything that belongs to a published version."""

    def _published(self, obj) -> bool:
        if obj is None:
            return False
        version = obj if isinstance(obj, QuestionnaireVersion) else obj.owning_version()
        return version.is_published

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._published(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._published(obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ["code", "instrument", "__str__"]
    search_fields = ["code", "instrument"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["order", "key", "articles", "title"]
    show_change_link = True


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(FrozenWhenPublishedMixin, SimpleHistoryAdmin):
    list_display = ["questionnaire", "number", "status", "published_at"]
    list_filter = ["questionnaire", "status"]
    readonly_fields = ["status", "published_at"]
    inlines = [ChapterInline]

    def get_inlines(self, request, obj):
        return [] if obj is not None and obj.is_published else self.inlines


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "code", "article", "provision", "type", "mandatory", "text",
              "guidance", "choices", "thresholds"]
    show_change_link = True


@admin.register(Chapter)
class ChapterAdmin(FrozenWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["__str__", "version", "order", "articles"]
    list_filter = ["version__questionnaire", "version"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["code", "__str__", "type", "mandatory", "chapter"]
    list_filter = ["chapter__version", "type"]
    search_fields = ["code", "article"]
    autocomplete_fields = ["library_items"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["state", "questionnaire_version", "status", "published", "submitted_at"]
    list_filter = ["status", "published", "questionnaire_version"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "question", "value", "updated_by", "updated"]
    list_filter = ["assessment__state"]
