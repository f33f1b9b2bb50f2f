from django.contrib import admin

from .models import DigestItem, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "whatsapp"]
    list_filter = ["kind", "delivery"]


@admin.register(DigestItem)
class DigestItemAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "subject", "created_at", "sent_at"]
    list_filter = ["kind"]
