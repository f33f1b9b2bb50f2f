from django.contrib import admin

from .models import (
    Consent,
    ForumSettings,
    Invitation,
    ModerationLog,
    PartnerApplication,
    Post,
    Report,
    Thread,
)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "status", "opening_state", "last_activity_at"]
    list_filter = ["kind", "status", "agency"]
    raw_id_fields = ["indicator", "cycle", "group", "created_by", "closed_by"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "kind", "author", "state", "created_at"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["thread", "parent", "author", "action"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["at", "agency", "actor", "act", "reason"]
    list_filter = ["act", "agency"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit log is never edited

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(ForumSettings)
admin.site.register(Report)
admin.site.register(Consent)
admin.site.register(Invitation)
admin.site.register(PartnerApplication)
