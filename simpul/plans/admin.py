from django.contrib import admin

from .models import Action, ActionReminder, EffortProfile, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "cycle", "source", "created_by", "created_at"]
    list_filter = ["source"]
    search_fields = ["name", "agency__name"]
    raw_id_fields = ["agency", "cycle", "created_by"]


@admin.register(EffortProfile)
class EffortProfileAdmin(admin.ModelAdmin):
    list_display = ["agency", "framework", "unit", "updated_at"]
    raw_id_fields = ["agency", "framework", "updated_by"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["indicator", "agency", "target_level", "unit", "status", "progress", "due_date"]
    list_filter = ["status", "source"]
    search_fields = ["agency__name", "indicator__code", "indicator__name"]
    raw_id_fields = ["agency", "cycle", "indicator", "unit", "pic", "created_by", "updated_by"]
    filter_horizontal = ["evidence"]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    """What was sent, when and to whom: readable here, never editable."""

    list_display = ["action", "kind", "sent_on", "due_date"]
    list_filter = ["kind"]
    raw_id_fields = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
