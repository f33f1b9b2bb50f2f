from django.urls import path

from simpul.api import views

app_name = "api"
urlpatterns = [
    path("score", views.score, name="score"),
    path("plan", views.plan, name="plan"),
    path("openapi.json", views.openapi, name="openapi"),
]
