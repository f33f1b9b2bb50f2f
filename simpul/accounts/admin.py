from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import LoginFailure, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Simpul", {"fields": ("full_name", "job_title", "phone")}),
    )
    list_display = ("username", "email", "full_name", "is_staff", "is_active")
    search_fields = ("username", "email", "full_name")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip_address", "at")
