from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("kotak-masuk/<int:pk>/buka/", views.inbox_open, name="inbox_open"),
    path("kotak-masuk/tandai-dibaca/", views.inbox_read_all, name="inbox_read_all"),
    path("keluar/", views.outbox, name="outbox"),
    path("keluar/<int:pk>/kirim-ulang/", views.outbox_resend, name="outbox_resend"),
]
