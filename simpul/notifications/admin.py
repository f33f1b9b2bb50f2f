from django.contrib import admin

from .models import DigestItem, NotificationPreference, OutboxMessage


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "whatsapp"]
    list_filter = ["kind", "delivery"]


@admin.register(DigestItem)
class DigestItemAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "subject", "created_at", "sent_at"]
    list_filter = ["kind"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "subject", "status", "attempts"]
    list_filter = ["status", "channel"]
    readonly_fields = ["attempts", "claimed_until", "sent_at", "last_error"]
