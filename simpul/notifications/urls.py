from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("keluar/", views.outbox, name="outbox"),
    path("keluar/<int:pk>/kirim-ulang/", views.outbox_resend, name="outbox_resend"),
]
