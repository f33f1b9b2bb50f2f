from django.contrib import admin

from .models import Agency, Membership, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_code", "category", "province", "time_zone", "is_active")
    list_filter = ("category", "time_zone", "is_active")
    search_fields = ("name", "short_code", "province")
    inlines = [UnitInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "unit", "helix", "is_active")
    list_filter = ("role", "helix", "is_active")
    search_fields = ("user__email", "user__full_name", "agency__name")
    autocomplete_fields = ("user", "agency", "unit")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "agency", "is_active")
    search_fields = ("name", "short_name", "agency__name")
