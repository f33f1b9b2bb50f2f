from django.urls import path

from . import views

app_name = "national"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("tautan/", views.link, name="link"),
    path("tautan/hapus/", views.unlink, name="unlink"),
    path("semua/", views.national_table, name="table"),
]
