from django.contrib import admin

from .matching import normalise
from .models import AgencyLink, PublishedResult


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "category", "province", "index", "predicate", "flag"]
    list_filter = ["year", "category", "predicate"]
    search_fields = ["name", "province"]


@admin.register(AgencyLink)
class AgencyLinkAdmin(admin.ModelAdmin):
    """The manual override: staff pick the published name an agency is matched by."""

    list_display = ["agency", "name", "category", "linked_by", "linked_at"]
    raw_id_fields = ["agency", "linked_by"]

    def save_model(self, request, obj, form, change):
        obj.key = normalise(obj.name)
        super().save_model(request, obj, form, change)
