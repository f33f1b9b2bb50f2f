from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.new_thread, name="new"),
    path("utas/<int:pk>/", views.thread_detail, name="thread"),
    path("utas/<int:pk>/balas/", views.reply, name="reply"),
    path("utas/<int:pk>/ikuti/", views.follow, name="follow"),
    path("utas/<int:pk>/tutup/", views.close, name="close"),
    path("utas/<int:pk>/publikasi/", views.publish, name="publish"),
    path("tulisan/<int:pk>/dukung/", views.endorse, name="endorse"),
    path("tulisan/<int:pk>/laporkan/", views.report, name="report"),
    path("tulisan/<int:pk>/moderasi/", views.moderate, name="moderate"),
    path("tulisan/<int:pk>/terima/", views.accept, name="accept"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("moderasi/", views.moderation, name="moderation"),
    path("moderasi/pengaturan/", views.settings_update, name="settings"),
    path("moderasi/undangan/", views.invite, name="invite"),
    path("moderasi/undangan/<int:pk>/cabut/", views.revoke_invitation, name="revoke_invitation"),
    path("moderasi/pendaftaran/<int:pk>/", views.decide, name="decide"),
    path("gabung/<str:token>/", views.join, name="join"),
    path("daftar/<slug:code>/", views.register, name="register"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("tata-tertib/", views.conduct, name="conduct"),
    path("privasi/", views.privacy, name="privacy"),
    path("data-saya/", views.my_data, name="my_data"),
    path("data-saya/unduh/", views.my_data_export, name="my_data_export"),
    path("data-saya/hapus/", views.my_data_delete, name="my_data_delete"),
    path("partisipasi/", views.figures, name="figures"),
    path("partisipasi.csv", views.figures_csv, name="figures_csv"),
]
