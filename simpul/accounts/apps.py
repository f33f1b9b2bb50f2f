from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "simpul.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib import admin

        from .two_factor.views import admin_login

        # The admin's own password form would skip the code step: everyone signs in here.
        admin.site.login = admin_login
