from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("periode/<int:pk>/simulasi/", views.simulate, name="simulate"),
    path("periode/<int:pk>/skenario/", views.scenario_save, name="scenario_save"),
    path("skenario/", views.scenario_list, name="scenarios"),
    path("skenario/banding/", views.scenario_compare, name="compare"),
    path("skenario/<int:pk>/hapus/", views.scenario_delete, name="scenario_delete"),
    path("perencana/", views.planner, name="planner"),
    path("perencana/jadikan-aksi/", views.plan_to_actions, name="plan_to_actions"),
    path("perencana-butir/", views.item_planner, name="item_planner"),
    path("perencana-butir/jadikan-aksi/", views.item_plan_to_actions, name="item_plan_to_actions"),
    path("upaya/<slug:code>/", views.efforts, name="efforts"),
    path("upaya/<slug:code>/bawaan/", views.efforts_reset, name="efforts_reset"),
    path("aksi/", views.action_list, name="actions"),
    path("aksi/per-indikator/", views.action_by_indicator, name="actions_by_indicator"),
    path("aksi/lewat-tenggat/", views.action_overdue, name="actions_overdue"),
    path("aksi/linimasa/", views.action_timeline, name="actions_timeline"),
    path("aksi/baru/", views.action_create, name="action_new"),
    path("aksi/<int:pk>/", views.action_detail, name="action"),
    path("aksi/<int:pk>/ubah/", views.action_edit, name="action_edit"),
    path("aksi/<int:pk>/hapus/", views.action_delete, name="action_delete"),
]
