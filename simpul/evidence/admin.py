from django.contrib import admin

from .models import Evidence, EvidenceLink, EvidenceRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    """For platform staff to inspect; every change goes through the app and its actions
    (which keep files, revisions and the search index consistent)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    # A platform holds hundreds of thousands of documents: no COUNT(*) over all of them on
    # every filtered page, and pages of 50.
    show_full_result_count = False
    list_per_page = 50


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "document_type", "number", "issued_on", "created_at")
    list_filter = ("document_type", "agency")
    search_fields = ("title", "number")


@admin.register(EvidenceRevision)
class EvidenceRevisionAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "number", "original_name", "size", "extraction_status")
    list_filter = ("extraction_status",)
    search_fields = ("sha256", "original_name")
    exclude = ("text",)
    list_select_related = ("evidence",)

    def get_queryset(self, request):
        # The extracted text of a scanned file can be megabytes: never read it for a list.
        return super().get_queryset(request).defer("text")


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "answer", "level", "purpose", "created_at")
