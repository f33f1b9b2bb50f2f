from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("cari/", views.search, name="search"),
    path("<slug:code>/", views.framework_detail, name="detail"),
    path("<slug:code>/indikator/<str:indicator>/", views.indicator_detail, name="indicator"),
]
