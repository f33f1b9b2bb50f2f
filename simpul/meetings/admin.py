from django.contrib import admin

from .models import AgendaItem, Attendance, Decision, Invitation, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["indicator"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "starts_at", "minutes_status"]
    list_filter = ["kind", "minutes_status", "agency"]
    search_fields = ["title"]
    raw_id_fields = ["series", "chair", "evidence"]
    inlines = [AgendaInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "membership", "rsvp", "reminded_on"]
    raw_id_fields = ["meeting", "membership"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "name", "organisation", "helix", "checked_in_at"]
    raw_id_fields = ["meeting", "membership"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "item", "unit", "due_date", "action"]
    raw_id_fields = ["item", "action"]
