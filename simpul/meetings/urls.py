from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("hadir/", views.self_check_in, name="self_check_in"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/undang/", views.invite, name="invite"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/rapat.ics", views.calendar_file, name="ics"),
    path("<int:pk>/presensi/", views.check_in, name="check_in"),
    path("<int:pk>/tamu/", views.add_guest, name="guest"),
    path("<int:pk>/notulen/", views.save_minutes, name="minutes"),
    path("<int:pk>/notulen/status/<str:to>/", views.move_minutes, name="move_minutes"),
    path("<int:pk>/notulen/komentar/", views.comment, name="comment"),
    path("<int:pk>/notulen.pdf", views.minutes_document, name="pdf"),
    path("<int:pk>/ekspor/", views.export, name="export"),
    path("<int:pk>/agenda/", views.add_agenda, name="agenda"),
    path("<int:pk>/agenda/<int:item>/keputusan/", views.add_decision, name="decision"),
    path("<int:pk>/keputusan/<int:decision>/aksi/", views.decision_to_action, name="to_action"),
    path("<int:pk>/foto/", views.add_photo, name="photo_add"),
    path("<int:pk>/foto/<int:photo>/", views.photo, name="photo"),
]
