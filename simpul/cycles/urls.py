from django.urls import path

from . import item_views, views

app_name = "cycles"

urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("buka/", views.cycle_open, name="open"),
    path("tugas/", views.my_tasks, name="tasks"),
    path("<int:pk>/", views.cycle_detail, name="detail"),
    path("<int:pk>/tahap/", views.cycle_advance, name="advance"),
    path("<int:pk>/kunci/", views.cycle_lock, name="lock"),
    path("<int:pk>/buka-kunci/", views.cycle_unlock, name="unlock"),
    path("<int:pk>/berita-acara.pdf", views.berita_acara, name="berita_acara"),
    path("<int:pk>/penugasan/", views.assign, name="assign"),
    path("<int:pk>/hasil-resmi/", views.official_import, name="official_import"),
    path("<int:pk>/perbandingan/", views.comparison, name="comparison"),
    path("jawaban/<int:pk>/", views.answer_detail, name="answer"),
    path("jawaban/<int:pk>/ajukan/", views.answer_submit, name="submit"),
    path("jawaban/<int:pk>/tarik/", views.answer_withdraw, name="withdraw"),
    path("jawaban/<int:pk>/perbaikan/", views.answer_request_changes, name="request_changes"),
    path("jawaban/<int:pk>/terima/", views.answer_accept, name="accept"),
    path("jawaban/<int:pk>/nilai-tahap/", views.answer_stage_level, name="stage_level"),
    path("jawaban/<int:pk>/data-dukung/", views.answer_link_evidence, name="link_evidence"),
    path(
        "jawaban/<int:pk>/data-dukung/<int:link_pk>/lepas/",
        views.answer_unlink_evidence,
        name="unlink_evidence",
    ),
    path("<int:pk>/putusan-butir/", item_views.item_verdict_import, name="item_import"),
    path("<int:pk>/perbandingan-butir/", item_views.item_comparison, name="item_comparison"),
    path("jawaban/<int:pk>/butir/siap/", item_views.item_ready, name="item_ready"),
    path("jawaban/<int:pk>/butir/putusan/", item_views.item_review, name="item_review"),
    path("jawaban/<int:pk>/butir/data-dukung/", item_views.item_link, name="item_link"),
    path(
        "jawaban/<int:pk>/butir/data-dukung/<int:link_pk>/lepas/",
        item_views.item_unlink,
        name="item_unlink",
    ),
    path(
        "jawaban/<int:pk>/saran/<int:suggestion_pk>/terima/",
        item_views.accept_suggestion,
        name="accept_suggestion",
    ),
    path(
        "jawaban/<int:pk>/saran/<int:suggestion_pk>/tolak/",
        item_views.reject_suggestion,
        name="reject_suggestion",
    ),
    path("jawaban/<int:pk>/nilai-asesor/", item_views.stage_value, name="stage_value"),
    path("jawaban/<int:pk>/skor-indeks-lain/", item_views.external_score, name="external_score"),
]
