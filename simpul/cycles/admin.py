from django.contrib import admin

from .models import Answer, AnswerEvent, Cycle, CycleEvent


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "year",
        "framework",
        "stage",
        "include_visit",
        "self_assessment_locked_at",
    ]
    list_filter = ["stage", "framework"]
    search_fields = ["agency__name"]
    raw_id_fields = ["previous"]
    readonly_fields = ["self_assessment_snapshot", "self_assessment_locked_at", "created_at"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["cycle", "indicator", "status", "self_level", "internal_level", "final_level"]
    list_filter = ["status", "cycle__year"]
    search_fields = ["cycle__agency__name", "indicator__code", "indicator__name"]
    raw_id_fields = ["cycle", "indicator", "pic", "previous", "updated_by"]
    filter_horizontal = ["units"]


@admin.register(AnswerEvent)
class AnswerEventAdmin(admin.ModelAdmin):
    """History is evidence of who did what: readable here, never editable."""

    list_display = ["answer", "kind", "actor", "at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CycleEvent)
class CycleEventAdmin(AnswerEventAdmin):
    list_display = ["cycle", "kind", "actor", "at"]
