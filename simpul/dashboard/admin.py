from django.contrib import admin

from .models import DashboardSettings


@admin.register(DashboardSettings)
class DashboardSettingsAdmin(admin.ModelAdmin):
    list_display = ("agency", "target_index", "public_page", "updated_at")
    list_filter = ("public_page",)
