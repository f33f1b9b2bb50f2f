from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("<slug:short_code>/", views.public_page, name="agency"),
]
