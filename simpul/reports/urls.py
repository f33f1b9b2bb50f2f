from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("periode/<int:cycle_pk>/", views.cycle_reports, name="cycle"),
    path("periode/<int:cycle_pk>/buat/", views.request_report, name="request"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/unduh/", views.download, name="download"),
    path("<int:pk>/buat-ulang/", views.rebuild, name="rebuild"),
]
