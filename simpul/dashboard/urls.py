from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("pimpinan/", views.leader, name="leader"),
    path("pengaturan/", views.settings_page, name="settings"),
]
