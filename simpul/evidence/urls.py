from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("unggah/", views.upload, name="upload"),
    path("unggah/sesi/", views.upload_session_start, name="upload_session_start"),
    path("unggah/sesi/<int:pk>/", views.upload_session, name="upload_session"),
    path("tautan/", views.register_link, name="register_link"),
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/revisi/", views.add_revision, name="add_revision"),
    path("<int:pk>/tautkan/", views.link, name="link"),
    path("tautan-jawaban/<int:pk>/lepas/", views.unlink, name="unlink"),
    path("revisi/<int:pk>/unduh/", views.download, name="download"),
    path("paket/<int:pk>/", views.package, name="package"),
]
