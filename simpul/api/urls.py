from django.urls import path

from simpul.api import data_views, views

app_name = "api"
urlpatterns = [
    path("score", views.ScoreView.as_view(), name="score"),
    path("plan", views.PlanView.as_view(), name="plan"),
    path("openapi.json", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("frameworks", data_views.FrameworkList.as_view(), name="frameworks"),
    path("cycles", data_views.CycleList.as_view(), name="cycles"),
    path("cycles/<int:pk>", data_views.CycleDetail.as_view(), name="cycle"),
]
