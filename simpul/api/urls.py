from django.urls import path

from simpul.api import views

app_name = "api"
urlpatterns = [
    path("score", views.ScoreView.as_view(), name="score"),
    path("plan", views.PlanView.as_view(), name="plan"),
    path("openapi.json", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
