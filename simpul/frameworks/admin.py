from django.contrib import admin

from .models import Framework, FrameworkMapping, Indicator


class ReadOnlyAdmin(admin.ModelAdmin):
    """Frameworks are immutable once imported: change them by importing a new version."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "status", "imported_at")
    exclude = ("document",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("framework", "number", "code", "name", "weight")
    list_filter = ("framework",)
    search_fields = ("code", "name")


@admin.register(FrameworkMapping)
class FrameworkMappingAdmin(ReadOnlyAdmin):
    list_display = ("code", "source", "target", "status", "imported_at")
    exclude = ("document",)
