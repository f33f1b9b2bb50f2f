from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "kind", "status", "progress", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["agency", "cycle", "created_by"]
